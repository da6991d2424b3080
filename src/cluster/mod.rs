//! Everything that talks to the Kubernetes API server, and nothing else does. Knows nothing of
//! panes or UI state: it reports rows (`store::Delta`) and watch health as `Update` values, and
//! the outcome of the actions it runs (`actions`, `drain`, through `ops::Mutator`) as reports,
//! and log lines and stream states as `LogReport` values; `debug` adds debug containers and
//! opens exec/attach streams, which the app hands to the user's terminal; `shell_target` reads
//! what `x`/`a` can reach in a pod, `shell_open` opens their stream (the shell fallback).

pub mod actions;
pub mod connect;
pub mod debug;
pub mod debug_refusals;
mod diagnose;
pub mod drain;
mod lean;
pub mod list_mode;
pub mod log_tail;
pub mod logs;
pub mod object;
pub mod ops;
pub mod shell_open;
pub mod shell_target;
pub mod watch;

pub use actions::Mutation;
pub use connect::{Connection, connect};
pub use log_tail::LogTail;
pub use object::ObjectRef;
pub use ops::{Mutator, OpReport, OpStatus};
pub use watch::{Update, WatchHealth, WatchSet};
