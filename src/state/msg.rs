//! Every input to the dashboard, as a value: keys, resizes, ticks, watch deltas, connection
//! changes and notices.
//!
//! Owns the `Msg` type only. Must not carry k8s-openapi objects (rows only) or do anything.
//! The one object a YAML or describe view shows arrives as plain JSON, fetched on demand.

use ratatui::crossterm::event::{KeyEvent, MouseEvent};

use serde_json::Value;

use super::review::EditReview;
use super::{ClusterStatus, Effect, PaneConnection, PaneId, ToastLevel};
use crate::cluster::OpStatus;
use crate::cluster::logs::LogReport;
use crate::config::ContextPolicy;
use crate::resources::{DeploymentRow, NodeRow, ObjKey, PodRow, ResourceKind, ServiceRow};
use crate::store::Delta;

/// One input for `update`.
#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    Key(KeyEvent),
    /// A click or wheel turn (only when mouse support is on).
    Mouse(MouseEvent),
    /// What the context now in use allows and asks (after start-up or a context switch).
    Policy(ContextPolicy),
    /// The terminal's new size in cells.
    Resize {
        width: u16,
        height: u16,
    },
    /// The clock moved on (ages, toasts expiring).
    Tick {
        now_unix: i64,
    },
    PodDelta(Delta<PodRow>),
    DeploymentDelta(Delta<DeploymentRow>),
    ServiceDelta(Delta<ServiceRow>),
    NodeDelta(Delta<NodeRow>),
    /// A pane's watch changed state (live, retrying, stale, forbidden…).
    Connection {
        pane: PaneId,
        state: PaneConnection,
    },
    /// The cluster connection as a whole, for the header.
    Cluster(ClusterStatus),
    /// The context and namespace actually in use (after start-up or a switch).
    Scope {
        context: String,
        namespace: Option<String>,
    },
    /// Progress or outcome of a mutation (scale, delete, apply, …), by operation id.
    Operation {
        id: u64,
        label: String,
        status: OpStatus,
    },
    /// The coalescing timer of `+`/`-` press `seq` on deployment `key` ran out.
    ScaleDue {
        key: ObjKey,
        seq: u64,
    },
    /// The app started `effect` (a mutation) as operation `id`; its reports follow.
    ActionStarted {
        id: u64,
        effect: Effect,
    },
    /// A notice for the user.
    Toast {
        level: ToastLevel,
        text: String,
    },
    /// The live object for the YAML view, or the API's message.
    ObjectFetched {
        kind: ResourceKind,
        key: ObjKey,
        result: Result<Value, String>,
    },
    /// The live object and its events for the describe view (again each time they change).
    Described {
        kind: ResourceKind,
        key: ObjKey,
        result: Result<(Value, Vec<Value>), String>,
    },
    /// An edit is ready to apply: show its diff and ask.
    EditReview(EditReview),
    /// An edit session is over (applied, cancelled or failed).
    EditEnded {
        session: u64,
    },
    /// An object was changed by kview (an edit was applied): views of it are out of date.
    ObjectChanged {
        kind: ResourceKind,
        key: ObjKey,
    },
    /// Lines or a stream state for the log view `view` (reports of closed views are ignored).
    Log {
        view: u64,
        report: LogReport,
    },
    /// The journal of applied edits, or why it could not be read.
    HistoryLoaded(Result<crate::journal::JournalRead, String>),
    /// The log buffer was saved (to this path) or could not be (why).
    LogsSaved(Result<String, String>),
    /// What a shell or attach can reach in `pod` (its containers, whether it runs), or why the
    /// pod could not be read.
    ShellTargets {
        pod: ObjKey,
        kind: crate::cluster::debug::ShellKind,
        result: Result<crate::cluster::shell_target::ShellTargets, String>,
    },
    /// The debug container `container` runs in `pod`: attach to it.
    DebugReady {
        pod: ObjKey,
        container: String,
    },
}
