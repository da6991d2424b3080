//! Requests for side effects that `update` hands to the event loop.
//!
//! Owns the `Effect` type only. Must not perform anything: the app executes effects (start or
//! stop watches, call the API, open views) and reports back with messages.

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
    /// Fetch and show the live object's YAML.
    ShowYaml {
        kind: ResourceKind,
        key: ObjKey,
    },
    /// Fetch and show `kubectl describe`-like details with events.
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
    /// Change a deployment's replicas by `delta` (quick presses may be coalesced by the app).
    ScaleBy {
        key: ObjKey,
        delta: i32,
    },
    /// Start an ephemeral debug container in a pod.
    Debug {
        key: ObjKey,
    },
    /// Delete an object (the user confirmed).
    Delete {
        kind: ResourceKind,
        key: ObjKey,
    },
}
