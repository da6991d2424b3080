//! The `$EDITOR` round trip: the text to edit goes into a private temporary file (directory
//! 0700, file 0600, removed afterwards), the user's editor runs on it with the terminal handed
//! over, and the text comes back. Recovery files keep edited text safe until it is applied.
//!
//! Owns files and the editor process. Must not touch the terminal (the app suspends it around
//! `run`), check what the text means (`manifest::edit`) or talk to the API.

pub mod command;
pub mod recovery;

use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

pub use command::EditorCommand;
pub use recovery::RecoveryFile;

/// Why the editor could not be used; `Display` is what the user reads.
#[derive(Debug, thiserror::Error)]
pub enum EditorError {
    #[error("{0}")]
    Setting(#[from] command::BadEditor),
    #[error("cannot start the editor `{program}` (from {source_name}): {error}")]
    Start {
        program: String,
        source_name: &'static str,
        error: io::Error,
    },
    #[error("the editor `{program}` failed ({status})")]
    Failed { program: String, status: String },
    #[error("the file being edited: {0}")]
    File(io::Error),
}

/// The temporary file an object is edited in; its private directory goes when it is dropped.
#[derive(Debug)]
pub struct EditFile {
    dir: PathBuf,
    path: PathBuf,
}

impl EditFile {
    /// A new private file named after the object (`pod-shop-web-1.yaml`, so editors pick YAML
    /// highlighting) in a new private directory under the system's temporary directory.
    pub fn create(label: &str) -> io::Result<Self> {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("kview-edit-{}-{n}", std::process::id()));
        // A leftover directory of the same name is not trusted.
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        recovery::private_dir(&dir)?;
        let stem: String = label
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '.' {
                    c
                } else {
                    '-'
                }
            })
            .collect();
        let path = dir.join(format!("{stem}.yaml"));
        Ok(Self { dir, path })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn write(&self, text: &str) -> io::Result<()> {
        let mut file = recovery::private_file(&self.path)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()
    }

    /// The text as the editor left it (a missing file reads as empty: the user deleted it).
    pub fn read(&self) -> io::Result<String> {
        match std::fs::read(&self.path) {
            Ok(bytes) => Ok(String::from_utf8_lossy(&bytes).into_owned()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(String::new()),
            Err(e) => Err(e),
        }
    }
}

impl Drop for EditFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Runs the editor on `file` with the terminal's standard streams, and waits for it.
pub async fn run(editor: &EditorCommand, file: &Path) -> Result<(), EditorError> {
    let status = tokio::process::Command::new(&editor.program)
        .args(&editor.args)
        .arg(file)
        .kill_on_drop(true)
        .status()
        .await
        .map_err(|error| EditorError::Start {
            program: editor.program.clone(),
            source_name: editor.source,
            error,
        })?;
    if status.success() {
        Ok(())
    } else {
        Err(EditorError::Failed {
            program: editor.program.clone(),
            status: status.to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_editor_edits_a_private_file_that_goes_away() {
        let file = EditFile::create("pod shop/web-1").unwrap();
        assert!(file.path().ends_with("pod-shop-web-1.yaml"));
        file.write("replicas: 1\n").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(file.path()).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let editor = EditorCommand {
            program: "sed".into(),
            args: vec!["-i".into(), "s/1/3/".into()],
            source: "EDITOR",
        };
        run(&editor, file.path()).await.unwrap();
        assert_eq!(file.read().unwrap(), "replicas: 3\n");
        let dir = file.path().parent().unwrap().to_path_buf();
        drop(file);
        assert!(!dir.exists());
    }

    #[tokio::test]
    async fn a_missing_or_failing_editor_is_an_error_the_user_can_read() {
        let file = EditFile::create("x").unwrap();
        let missing = EditorCommand {
            program: "/nonexistent/editor".into(),
            args: vec![],
            source: "KUBE_EDITOR",
        };
        let err = run(&missing, file.path()).await.unwrap_err().to_string();
        assert!(
            err.starts_with("cannot start the editor `/nonexistent/editor` (from KUBE_EDITOR)"),
            "{err}"
        );
        let failing = EditorCommand {
            program: "false".into(),
            args: vec![],
            source: "EDITOR",
        };
        let err = run(&failing, file.path()).await.unwrap_err().to_string();
        assert!(err.contains("`false` failed"), "{err}");
    }
}
