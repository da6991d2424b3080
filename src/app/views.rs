//! Effects of the YAML and describe views: fetching the object (and following it while a
//! describe view is open), copying a text to the clipboard with OSC 52 (which works over SSH
//! and inside tmux with passthrough), and saving a text to a file.
//!
//! Owns these side effects; results go back as messages. Must not decide what is shown.

use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

use base64::Engine as _;
use tokio::task::JoinHandle;

use crate::cluster::object::{self, ObjectRef};
use crate::cluster::ops::error_text;
use crate::editor::recovery::{private_dir, private_file};
use crate::resources::{ObjKey, ResourceKind};
use crate::state::{Msg, ToastLevel};

/// Where a task's messages go.
pub(super) type MsgSink = std::sync::Arc<dyn Fn(Msg) + Send + Sync>;

/// Fetches the object for the YAML view.
pub(super) fn fetch_yaml(client: &kube::Client, kind: ResourceKind, key: ObjKey, send: MsgSink) {
    let client = client.clone();
    tokio::spawn(async move {
        let target = ObjectRef::new(kind, &key);
        let result = object::get(&client, &target)
            .await
            .map_err(|e| error_text(&e));
        send(Msg::ObjectFetched { kind, key, result });
    });
}

/// Fetches the object for an edit; the answer goes to `send`.
pub(super) fn fetch_for_edit(
    client: &kube::Client,
    kind: ResourceKind,
    key: ObjKey,
    send: impl FnOnce(ResourceKind, ObjKey, Result<serde_json::Value, String>) + Send + 'static,
) {
    let client = client.clone();
    tokio::spawn(async move {
        let target = ObjectRef::new(kind, &key);
        let result = object::get(&client, &target)
            .await
            .map_err(|e| error_text(&e));
        send(kind, key, result);
    });
}

/// The task keeping the open describe view fresh, if any.
#[derive(Default)]
pub(super) struct DescribeFollower(Option<JoinHandle<()>>);

impl DescribeFollower {
    pub fn start(&mut self, client: &kube::Client, kind: ResourceKind, key: ObjKey, send: MsgSink) {
        self.stop();
        let client = client.clone();
        self.0 = Some(tokio::spawn(async move {
            let target = ObjectRef::new(kind, &key);
            object::follow_describe(client, target, move |result| {
                send(Msg::Described {
                    kind,
                    key: key.clone(),
                    result,
                });
            })
            .await;
        }));
    }

    pub fn stop(&mut self) {
        if let Some(task) = self.0.take() {
            task.abort();
        }
    }
}

impl Drop for DescribeFollower {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Puts `text` on the terminal's clipboard (OSC 52).
pub(super) fn copy(text: &str) -> Msg {
    let encoded = base64::engine::general_purpose::STANDARD.encode(text);
    let mut out = io::stdout();
    let result = write!(out, "\u{1b}]52;c;{encoded}\u{7}").and_then(|()| out.flush());
    match result {
        Ok(()) => Msg::Toast {
            level: ToastLevel::Info,
            text: format!(
                "copied {} lines to the clipboard (OSC 52)",
                text.lines().count()
            ),
        },
        Err(e) => Msg::Toast {
            level: ToastLevel::Error,
            text: format!("cannot copy: {e}"),
        },
    }
}

/// Writes `text` as `file_name` in the current directory (else the state directory), never
/// over an existing file, readable by the user only (the text may hold Secret values).
pub(super) fn save(file_name: &str, text: &str) -> Msg {
    let mut dirs: Vec<PathBuf> = std::env::current_dir().into_iter().collect();
    if let Some(state) = dirs::state_dir().or_else(dirs::cache_dir) {
        dirs.push(state.join("kview").join("saved"));
    }
    let mut last_error = None;
    for dir in dirs {
        match save_in(&dir, file_name, text) {
            Ok(path) => {
                return Msg::Toast {
                    level: ToastLevel::Info,
                    text: format!("saved to {}", path.display()),
                };
            }
            Err(e) => last_error = Some(e),
        }
    }
    Msg::Toast {
        level: ToastLevel::Error,
        text: format!(
            "cannot save {file_name}: {}",
            last_error.map_or_else(|| "no directory to save in".to_owned(), |e| e.to_string())
        ),
    }
}

fn save_in(dir: &Path, file_name: &str, text: &str) -> io::Result<PathBuf> {
    private_dir(dir)?;
    let (stem, extension) = file_name.rsplit_once('.').unwrap_or((file_name, "txt"));
    let mut path = dir.join(file_name);
    let mut n = 1;
    while path.exists() {
        n += 1;
        path = dir.join(format!("{stem}-{n}.{extension}"));
    }
    let mut file = private_file(&path)?;
    file.write_all(text.as_bytes())?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saving_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let first = save_in(dir.path(), "pod-shop-web.yaml", "a").unwrap();
        let second = save_in(dir.path(), "pod-shop-web.yaml", "b").unwrap();
        assert_eq!(first.file_name().unwrap(), "pod-shop-web.yaml");
        assert_eq!(second.file_name().unwrap(), "pod-shop-web-2.yaml");
        assert_eq!(std::fs::read_to_string(first).unwrap(), "a");
    }
}
