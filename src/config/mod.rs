//! Configuration as data: built-in themes and keymaps embedded in the binary, the user's own
//! files in the config directory laid over them entry by entry (`extends`), `config.yaml`
//! settings, and the terminal's color depth.
//!
//! Owns the error type, where files come from (`sources`, `user_dir`), parsing and merging
//! (`theme`, `keymap`, `settings`) and the effective configuration with the origin of each part
//! (`effective`). Reads files only from the config directory and never writes any; environment
//! variables are read once, by `ConfigEnv::from_process`. Must not know about the UI or state.

pub mod action;
pub mod color_depth;
pub mod effective;
pub mod key;
pub mod keymap;
pub mod meaning;
pub mod settings;
pub mod sources;
pub mod theme;
pub mod user_dir;

pub use action::Action;
pub use color_depth::ColorDepth;
pub use effective::{ConfigEnv, Effective, Library};
pub use key::KeyChord;
pub use keymap::{BUILTIN_KEYMAPS, Keymap, Section};
pub use settings::{ColorMode, Confirmation, ContextPolicy, Settings};
pub use sources::{BuiltinSource, Catalog, Origin, Resolved, Source};
pub use theme::{BUILTIN_THEMES, Meaning, Theme};

/// A configuration problem, worded for the user: it names the file, the entry, and the line
/// when the YAML parser knows it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    #[error("{source_name}: {message}")]
    Invalid {
        source_name: String,
        message: String,
    },
    #[error("no {kind} named `{name}` (available: {known})")]
    UnknownName {
        kind: &'static str,
        name: String,
        known: String,
    },
    #[error("{source_name}: extends unknown {kind} `{parent}` (available: {known})")]
    UnknownParent {
        source_name: String,
        kind: &'static str,
        parent: String,
        known: String,
    },
    #[error("{source_name}: `extends` goes round in a circle through `{parent}`")]
    ExtendsCycle { source_name: String, parent: String },
    #[error("cannot read {path}: {message}")]
    Read { path: String, message: String },
}

impl ConfigError {
    pub(crate) fn invalid(source_name: &str, error: &dyn std::fmt::Display) -> Self {
        Self::Invalid {
            source_name: source_name.to_owned(),
            message: error.to_string(),
        }
    }
}

#[cfg(test)]
mod tests;
