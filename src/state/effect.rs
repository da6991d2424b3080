//! Requests for side effects that `update` hands to the event loop.
//!
//! Owns the `Effect` type only. Must not perform anything: the app executes effects (start or
//! stop watches, call the API, open views) and reports back with messages.

use super::review::EditDecision;
use std::time::Duration;

use crate::cluster::debug::{DebugSpec, ShellKind};
use crate::cluster::logs::{LogOptions, LogTarget};
use crate::resources::{ObjKey, ResourceKind};

/// Something the app should do after an update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    Quit,
    /// Watch another namespace (`None`: all namespaces). The namespaced panes were cleared.
    SwitchNamespace(Option<String>),
    /// Connect to another kubeconfig context. Every pane was cleared.
    SwitchContext(String),
    /// Stream logs of a pod, or of all pods of a deployment, for the log view `view`
    /// (replacing the streams of any earlier view).
    StreamLogs {
        view: u64,
        target: LogTarget,
        options: LogOptions,
    },
    /// Stop the log streams (the view closed).
    StopLogs,
    /// Write a log buffer to `file_name` in kview's state directory.
    SaveLogs {
        file_name: String,
        text: String,
    },
    /// Fetch the live object for the YAML view (`Msg::ObjectFetched` answers).
    ShowYaml {
        kind: ResourceKind,
        key: ObjKey,
    },
    /// Fetch the object and its events for the describe view, again whenever they change,
    /// until `StopDescribe` (`Msg::Described` answers).
    Describe {
        kind: ResourceKind,
        key: ObjKey,
    },
    /// Fetch the object, edit it in $EDITOR, and apply it.
    Edit {
        kind: ResourceKind,
        key: ObjKey,
    },
    /// Set a deployment's replicas.
    Scale {
        key: ObjKey,
        replicas: i32,
    },
    /// Send `Msg::ScaleDue { key, seq }` after `after`: the end of a burst of `+`/`-` presses
    /// (the state decides whether press `seq` was the last one).
    ScaleSoon {
        key: ObjKey,
        seq: u64,
        after: Duration,
    },
    /// Rollout restart of a deployment (the user confirmed).
    Restart {
        key: ObjKey,
    },
    /// Mark a node unschedulable.
    Cordon {
        key: ObjKey,
    },
    /// Mark a node schedulable again.
    Uncordon {
        key: ObjKey,
    },
    /// Cordon a node and evict its pods (the user confirmed).
    Drain {
        key: ObjKey,
    },
    /// Start an ephemeral debug container in a pod, then attach to it.
    Debug(DebugSpec),
    /// Read the pod to choose the container for a shell or attach (`Msg::ShellTargets`
    /// answers).
    FindShellTargets {
        pod: ObjKey,
        kind: ShellKind,
    },
    /// Hand the terminal to a process in a container (`None`: the pod's first container).
    Shell {
        pod: ObjKey,
        container: Option<String>,
        kind: ShellKind,
    },
    /// Delete an object (the user confirmed).
    Delete {
        kind: ResourceKind,
        key: ObjKey,
    },
    /// Load the theme of this name (the user's files first) and draw with it.
    SwitchTheme(String),
    /// Load the keymap of this name and use it from the next key on.
    SwitchKeymap(String),
    /// The describe view closed: stop refreshing it.
    StopDescribe,
    /// Put a text on the clipboard (OSC 52).
    CopyText {
        text: String,
    },
    /// Write a text to a file named `file_name` (the app picks the directory).
    SaveText {
        file_name: String,
        text: String,
    },
    /// Read the journal of applied edits (`Msg::HistoryLoaded` answers).
    LoadHistory,
    /// Put back the version of an object before a journaled change (fetch it, show the diff
    /// for review, apply as an edit).
    Undo(Box<crate::journal::JournalEntry>),
    /// The user answered an edit's review.
    EditDecision {
        session: u64,
        decision: EditDecision,
    },
}
