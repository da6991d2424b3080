//! Recovery files: the user's edited text, kept where it survives a failure (or kview being
//! killed) until the edit has been applied: `dirs::state_dir()/kview/recovery/` (else the
//! cache dir), private to the user (directory 0700, files 0600), written atomically.
//!
//! Owns where recovery files go and how they are written and removed. Must not decide when:
//! the edit session does.

use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

/// The directory recovery files go to, if the platform has a state (or cache) directory.
pub fn default_dir() -> Option<PathBuf> {
    dirs::state_dir()
        .or_else(dirs::cache_dir)
        .map(|d| d.join("kview").join("recovery"))
}

/// One edit's recovery file (created on the first save).
#[derive(Debug)]
pub struct RecoveryFile {
    path: PathBuf,
}

impl RecoveryFile {
    /// A recovery file in `dir` for the object `label` ("pod shop/web-1"), named after it and
    /// the time, so that edits never overwrite each other's text.
    pub fn new_in(dir: &Path, label: &str) -> Self {
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
        let now = jiff::Zoned::now().strftime("%Y%m%d-%H%M%S");
        let mut path = dir.join(format!("{stem}-{now}.yaml"));
        let mut n = 1;
        while path.exists() {
            n += 1;
            path = dir.join(format!("{stem}-{now}-{n}.yaml"));
        }
        Self { path }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes `text` (replacing what was kept before) so that the file is never half written.
    pub fn save(&self, text: &str) -> io::Result<()> {
        let dir = self.path.parent().unwrap_or_else(|| Path::new("."));
        private_dir(dir)?;
        let partial = self.path.with_extension("yaml.partial");
        let mut file = private_file(&partial)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        std::fs::rename(&partial, &self.path)
    }

    /// The edit was applied (or deliberately dropped): nothing to recover.
    pub fn remove(self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Creates `dir` (and its parents) readable by the user only.
pub(crate) fn private_dir(dir: &Path) -> io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// Creates (or truncates) a file readable by the user only.
pub(crate) fn private_file(path: &Path) -> io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let file = options.open(path)?;
    // A file that existed keeps its mode through `open`; make sure it is private.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saved_text_is_private_replaced_whole_and_removed() {
        let dir = tempfile::tempdir().unwrap();
        let recovery_dir = dir.path().join("state/kview/recovery");
        let file = RecoveryFile::new_in(&recovery_dir, "pod shop/web-1");
        let name = file
            .path()
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        assert!(
            name.starts_with("pod-shop-web-1-") && file.path().extension() == Some("yaml".as_ref()),
            "{name}"
        );
        file.save("first\n").unwrap();
        file.save("second\n").unwrap();
        assert_eq!(std::fs::read_to_string(file.path()).unwrap(), "second\n");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(file.path()), 0o600);
            assert_eq!(mode(&recovery_dir), 0o700);
        }
        let other = RecoveryFile::new_in(&recovery_dir, "pod shop/web-1");
        assert_ne!(other.path(), file.path(), "a second edit gets its own file");
        let path = file.path().to_path_buf();
        file.remove();
        assert!(!path.exists());
        assert_eq!(
            std::fs::read_dir(&recovery_dir).unwrap().count(),
            0,
            "no partial files left"
        );
    }
}
