//! The edit journal: every change kview applied to an object (time, context, object, the diff
//! the user confirmed, and the object as it was before, which undo puts back), as JSON lines in
//! `dirs::state_dir()/kview/journal.jsonl` (else the cache dir), private to the user (directory
//! 0700, file 0600), appended to and kept to the last `MAX_ENTRIES`.
//!
//! Owns the entry type, the file's format and its bounds, and that no Secret value is ever
//! written. Must not decide when an entry is written (the edit session does) nor show anything.

use std::io::{self, BufRead as _, Write as _};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::manifest::yaml::{is_secret, without_secret_values};
use crate::resources::{ObjKey, ResourceKind};

/// How many entries the file keeps; older ones are dropped when it is rewritten.
pub const MAX_ENTRIES: usize = 500;

/// One applied change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournalEntry {
    pub time_unix: i64,
    /// The kubeconfig context the change was made in.
    pub context: String,
    /// The kind's plural, lower-case name ("pods").
    pub resource: String,
    /// Empty for cluster-scoped objects.
    #[serde(default)]
    pub namespace: String,
    pub name: String,
    /// The diff the user confirmed, as `diff -u` prints it, one line each.
    pub diff: Vec<String>,
    /// The object before the change (editable form); `None` when it may not be kept.
    #[serde(default)]
    pub previous: Option<Value>,
    /// Why this change cannot be undone, when it cannot.
    #[serde(default)]
    pub not_undoable: Option<String>,
}

impl JournalEntry {
    /// An entry for a change from `before` to the diff shown, with Secret values masked:
    /// the values of a Secret never reach the disk, so such a change cannot be undone.
    pub fn new(
        time_unix: i64,
        context: &str,
        kind: ResourceKind,
        key: &ObjKey,
        diff: Vec<String>,
        before: &Value,
    ) -> Self {
        let secret = is_secret(before);
        Self {
            time_unix,
            context: context.to_owned(),
            resource: kind.plural().to_owned(),
            namespace: key.namespace.to_string(),
            name: key.name.clone(),
            diff,
            previous: (!secret).then(|| before.clone()),
            not_undoable: secret.then(|| {
                "a Secret's values are not kept in the journal, so its change cannot be undone"
                    .to_owned()
            }),
        }
    }

    /// The kind, if kview still knows it.
    pub fn kind(&self) -> Option<ResourceKind> {
        [
            ResourceKind::Pod,
            ResourceKind::Deployment,
            ResourceKind::Service,
            ResourceKind::Node,
        ]
        .into_iter()
        .find(|k| k.plural() == self.resource)
    }

    pub fn key(&self) -> ObjKey {
        ObjKey {
            namespace: self.namespace.as_str().into(),
            name: self.name.clone(),
        }
    }

    /// "pod shop/web-1".
    pub fn label(&self) -> String {
        let kind = self.resource.strip_suffix('s').unwrap_or(&self.resource);
        if self.namespace.is_empty() {
            format!("{kind} {}", self.name)
        } else {
            format!("{kind} {}/{}", self.namespace, self.name)
        }
    }
}

/// The two sides of a change as they may be written down: a Secret's values masked.
pub fn masked_objects(before: &Value, after: &Value) -> (Value, Value) {
    (without_secret_values(before), without_secret_values(after))
}

/// What reading the journal found.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct JournalRead {
    /// Oldest first.
    pub entries: Vec<JournalEntry>,
    /// Lines that could not be read (skipped), by line number.
    pub skipped: Vec<usize>,
}

/// The journal file.
#[derive(Debug, Clone)]
pub struct Journal {
    path: PathBuf,
}

impl Journal {
    /// The journal in the user's state (or cache) directory, if the platform has one.
    pub fn default_location() -> Option<Self> {
        dirs::state_dir()
            .or_else(dirs::cache_dir)
            .map(|d| Self::at(d.join("kview").join("journal.jsonl")))
    }

    pub fn at(path: PathBuf) -> Self {
        Self { path }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Adds an entry at the end; past `MAX_ENTRIES` the file is rewritten with the newest.
    pub fn append(&self, entry: &JournalEntry) -> io::Result<()> {
        self.append_bounded(entry, MAX_ENTRIES)
    }

    fn append_bounded(&self, entry: &JournalEntry, max: usize) -> io::Result<()> {
        if let Some(dir) = self.path.parent() {
            private_dir(dir)?;
        }
        let mut line = serde_json::to_string(entry).map_err(io::Error::other)?;
        line.push('\n');
        let mut options = std::fs::OpenOptions::new();
        options.append(true).create(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(&self.path)?;
        file.write_all(line.as_bytes())?;
        file.sync_data()?;
        drop(file);
        let lines = self.lines()?;
        if lines.len() > max {
            self.rewrite(&lines[lines.len() - max..])?;
        }
        Ok(())
    }

    /// Every entry, oldest first; a line that does not parse is skipped and counted.
    pub fn read(&self) -> io::Result<JournalRead> {
        let lines = match self.lines() {
            Ok(lines) => lines,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(JournalRead::default()),
            Err(e) => return Err(e),
        };
        let mut read = JournalRead::default();
        for (i, line) in lines.iter().enumerate() {
            match serde_json::from_str(line) {
                Ok(entry) => read.entries.push(entry),
                Err(_) => read.skipped.push(i + 1),
            }
        }
        Ok(read)
    }

    fn lines(&self) -> io::Result<Vec<String>> {
        let file = std::fs::File::open(&self.path)?;
        let mut lines = Vec::new();
        for line in io::BufReader::new(file).lines() {
            let line = line?;
            if !line.trim().is_empty() {
                lines.push(line);
            }
        }
        Ok(lines)
    }

    /// Replaces the file whole (through a private temp file renamed over it).
    fn rewrite(&self, lines: &[String]) -> io::Result<()> {
        let tmp = self.path.with_extension("jsonl.tmp");
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(&tmp)?;
        for line in lines {
            file.write_all(line.as_bytes())?;
            file.write_all(b"\n")?;
        }
        file.sync_data()?;
        std::fs::rename(&tmp, &self.path)
    }
}

fn private_dir(dir: &Path) -> io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn entry(n: i64) -> JournalEntry {
        let key = ObjKey {
            namespace: "shop".into(),
            name: format!("web-{n}"),
        };
        let before = json!({"kind": "Pod", "metadata": {"name": key.name}});
        JournalEntry::new(
            n,
            "sim",
            ResourceKind::Pod,
            &key,
            vec!["+a".into()],
            &before,
        )
    }

    #[test]
    fn appended_entries_read_back_in_order_from_a_private_file() {
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::at(dir.path().join("kview/journal.jsonl"));
        assert_eq!(
            journal.read().unwrap(),
            JournalRead::default(),
            "no file yet"
        );
        journal.append(&entry(1)).unwrap();
        journal.append(&entry(2)).unwrap();
        let read = journal.read().unwrap();
        assert_eq!(read.entries, vec![entry(1), entry(2)]);
        assert!(read.skipped.is_empty());
        assert_eq!(read.entries[0].label(), "pod shop/web-1");
        assert_eq!(read.entries[0].kind(), Some(ResourceKind::Pod));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(journal.path()), 0o600);
            assert_eq!(mode(&dir.path().join("kview")), 0o700);
        }
    }

    #[test]
    fn the_file_keeps_only_the_newest_entries() {
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::at(dir.path().join("journal.jsonl"));
        for n in 0..8 {
            journal.append_bounded(&entry(n), 5).unwrap();
        }
        let times: Vec<i64> = journal
            .read()
            .unwrap()
            .entries
            .iter()
            .map(|e| e.time_unix)
            .collect();
        assert_eq!(times, vec![3, 4, 5, 6, 7]);
    }

    #[test]
    fn a_corrupt_line_is_skipped_and_counted() {
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::at(dir.path().join("journal.jsonl"));
        journal.append(&entry(1)).unwrap();
        let mut file = std::fs::OpenOptions::new()
            .append(true)
            .open(journal.path())
            .unwrap();
        file.write_all(b"{\"time_unix\": 2, trunc\n").unwrap();
        drop(file);
        journal.append(&entry(3)).unwrap();
        let read = journal.read().unwrap();
        assert_eq!(read.entries, vec![entry(1), entry(3)]);
        assert_eq!(read.skipped, vec![2]);
    }

    #[test]
    fn a_secret_change_keeps_no_value_and_cannot_be_undone() {
        let secret = json!({
            "kind": "Secret",
            "metadata": {"name": "db"},
            "data": {"password": "aHVudGVyMg=="},
            "stringData": {"token": "s3cr3t"},
        });
        let mut after = secret.clone();
        after["data"]["password"] = json!("bmV3cGFzcw==");
        let (before_shown, after_shown) = masked_objects(&secret, &after);
        let text = format!("{before_shown}{after_shown}");
        assert!(!text.contains("aHVudGVyMg==") && !text.contains("bmV3cGFzcw=="));
        assert!(!text.contains("s3cr3t"));
        let key = ObjKey {
            namespace: "shop".into(),
            name: "db".into(),
        };
        let e = JournalEntry::new(1, "sim", ResourceKind::Pod, &key, Vec::new(), &secret);
        assert_eq!(e.previous, None);
        assert!(e.not_undoable.unwrap().contains("Secret"));
        let line = serde_json::to_string(&entry(1)).unwrap();
        assert!(
            line.contains("\"previous\""),
            "other kinds keep the object: {line}"
        );
    }
}
