//! Every input to the dashboard, as a value: keys, resizes, ticks, watch deltas, connection
//! changes and notices.
//!
//! Owns the `Msg` type only. Must not carry k8s-openapi objects (rows only) or do anything.

use ratatui::crossterm::event::KeyEvent;

use super::{ClusterStatus, Effect, PaneConnection, PaneId, ToastLevel};
use crate::cluster::OpStatus;
use crate::resources::{DeploymentRow, NodeRow, ObjKey, PodRow, ServiceRow};
use crate::store::Delta;

/// One input for `update`.
#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    Key(KeyEvent),
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
}
