//! Everything that talks to the Kubernetes API server, and nothing else does. Knows nothing of
//! panes or UI state: it reports rows (`store::Delta`) and watch health as `Update` values.

pub mod connect;
mod lean;
pub mod list_mode;
pub mod ops;
pub mod watch;

pub use connect::{Connection, connect};
pub use ops::{Mutator, OpReport, OpStatus};
pub use watch::{Update, WatchHealth, WatchSet};
