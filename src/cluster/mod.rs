//! Everything that talks to the Kubernetes API server, and nothing else does. Knows nothing of
//! panes or UI state: it reports rows (`store::Delta`) and watch health as `Update` values, and
//! log lines and stream states as `LogReport` values.

pub mod connect;
pub mod log_tail;
pub mod logs;
pub mod ops;
pub mod watch;

pub use connect::{Connection, connect};
pub use log_tail::LogTail;
pub use ops::{Mutator, OpReport, OpStatus};
pub use watch::{Update, WatchHealth, WatchSet};
