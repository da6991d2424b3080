//! Every input to the dashboard, as a value: keys, resizes, ticks, watch deltas, connection
//! changes and notices.
//!
//! Owns the `Msg` type only. Must not carry k8s-openapi objects (rows only) or do anything.

use ratatui::crossterm::event::KeyEvent;

use super::{ClusterStatus, PaneConnection, PaneId, ToastLevel};
use crate::cluster::OpStatus;
use crate::cluster::logs::LogReport;
use crate::resources::{DeploymentRow, NodeRow, PodRow, ServiceRow};
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
    /// A notice for the user.
    Toast {
        level: ToastLevel,
        text: String,
    },
    /// Lines or a stream state for the log view `view` (reports of closed views are ignored).
    Log {
        view: u64,
        report: LogReport,
    },
    /// The log buffer was saved (to this path) or could not be (why).
    LogsSaved(Result<String, String>),
}
