//! Configuration as data: built-in themes and keymaps embedded in the binary, and user files
//! laid over them entry by entry (`extends`).
//!
//! Owns the shared machinery (the error type, built-in lookup, following `extends`). Reading
//! user files from the config directory is the caller's job: every function here takes YAML
//! text and a name to show in errors, and does no I/O.

pub mod action;
pub mod key;
pub mod keymap;
pub mod theme;

pub use action::Action;
pub use key::KeyChord;
pub use keymap::{BUILTIN_KEYMAPS, Keymap, Section};
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
    #[error("no built-in {kind} named `{name}` (built-in: {known})")]
    UnknownBuiltin {
        kind: &'static str,
        name: String,
        known: String,
    },
    #[error("{source_name}: extends unknown {kind} `{parent}` (built-in: {known})")]
    UnknownParent {
        source_name: String,
        kind: &'static str,
        parent: String,
        known: String,
    },
    #[error("{source_name}: `extends` goes round in a circle through `{parent}`")]
    ExtendsCycle { source_name: String, parent: String },
}

impl ConfigError {
    pub(crate) fn invalid(source_name: &str, error: &dyn std::fmt::Display) -> Self {
        Self::Invalid {
            source_name: source_name.to_owned(),
            message: error.to_string(),
        }
    }
}

/// A theme or keymap shipped inside the binary.
#[derive(Debug, Clone, Copy)]
pub struct BuiltinSource {
    pub name: &'static str,
    pub yaml: &'static str,
}

/// A parsed config file that may name the one it extends.
pub(crate) trait Extends {
    fn extends(&self) -> Option<&str>;
}

/// Parses `name` (a user file when `user_yaml` is given, else a built-in) and every file it
/// extends; returns them base first. A user file without `extends` extends `default`.
pub(crate) fn resolve_chain<F: Extends>(
    kind: &'static str,
    name: &str,
    user_yaml: Option<&str>,
    builtins: &[BuiltinSource],
    parse: impl Fn(&str, &str) -> Result<F, ConfigError>,
) -> Result<Vec<F>, ConfigError> {
    let known = || {
        builtins
            .iter()
            .map(|b| b.name)
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut chain = Vec::new();
    let mut visited: Vec<String> = Vec::new();
    let (mut source_name, mut next) = if let Some(yaml) = user_yaml {
        let file = parse(name, yaml)?;
        let parent = file.extends().unwrap_or("default").to_owned();
        chain.push(file);
        (name.to_owned(), Some(parent))
    } else {
        if !builtins.iter().any(|b| b.name == name) {
            return Err(ConfigError::UnknownBuiltin {
                kind,
                name: name.to_owned(),
                known: known(),
            });
        }
        (format!("built-in {kind} `{name}`"), Some(name.to_owned()))
    };
    while let Some(parent) = next.take() {
        if visited.contains(&parent) {
            return Err(ConfigError::ExtendsCycle {
                source_name,
                parent,
            });
        }
        let Some(builtin) = builtins.iter().find(|b| b.name == parent) else {
            return Err(ConfigError::UnknownParent {
                source_name,
                kind,
                parent,
                known: known(),
            });
        };
        source_name = format!("built-in {kind} `{parent}`");
        let file = parse(&source_name, builtin.yaml)?;
        next = file.extends().map(str::to_owned);
        visited.push(parent);
        chain.push(file);
    }
    chain.reverse();
    Ok(chain)
}
