//! Where theme and keymap files come from, and following `extends` between them.
//!
//! Owns `Source` (one file's text and origin), the `Catalog` trait (the files available under
//! a name, the user's shadowing the built-in ones) and `resolve_chain`, which walks `extends`
//! from a file to its root with cycle and unknown-parent errors. Must not parse a file's
//! contents: each kind hands in its own parser.

use std::borrow::Cow;
use std::fmt;
use std::path::PathBuf;

use super::ConfigError;

/// A theme or keymap shipped inside the binary.
#[derive(Debug, Clone, Copy)]
pub struct BuiltinSource {
    pub name: &'static str,
    pub yaml: &'static str,
}

/// Where one file came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Embedded in the binary.
    Builtin,
    /// A file of the user's (or text handed in under a name, in tests).
    User(PathBuf),
}

/// One theme or keymap file: its name, where it came from, and its text.
#[derive(Debug, Clone)]
pub struct Source {
    /// `theme` or `keymap`, for messages.
    pub kind: &'static str,
    pub name: String,
    pub origin: Origin,
    pub yaml: Cow<'static, str>,
}

impl Source {
    pub fn builtin(kind: &'static str, builtin: &BuiltinSource) -> Self {
        Self {
            kind,
            name: builtin.name.to_owned(),
            origin: Origin::Builtin,
            yaml: Cow::Borrowed(builtin.yaml),
        }
    }

    pub fn user(kind: &'static str, name: &str, path: PathBuf, yaml: String) -> Self {
        Self {
            kind,
            name: name.to_owned(),
            origin: Origin::User(path),
            yaml: Cow::Owned(yaml),
        }
    }
}

impl fmt::Display for Source {
    /// What messages call the file: its path, or "built-in theme `nord`".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.origin {
            Origin::Builtin => write!(f, "built-in {} `{}`", self.kind, self.name),
            Origin::User(path) => write!(f, "{}", path.display()),
        }
    }
}

/// The files of one kind that a name can refer to.
pub trait Catalog {
    /// `theme` or `keymap`.
    fn kind(&self) -> &'static str;
    /// The files named `name`, the one that shadows the others first (the user's before the
    /// built-in one). Empty when there is none; an error when a file cannot be read.
    fn candidates(&self, name: &str) -> Result<Vec<Source>, ConfigError>;
    /// Every name available, for "did you mean" lists.
    fn names(&self) -> Vec<String>;
}

/// Only the built-in files.
pub struct Builtins {
    pub kind: &'static str,
    pub files: &'static [BuiltinSource],
}

impl Catalog for Builtins {
    fn kind(&self) -> &'static str {
        self.kind
    }

    fn candidates(&self, name: &str) -> Result<Vec<Source>, ConfigError> {
        Ok(self
            .files
            .iter()
            .filter(|b| b.name == name)
            .map(|b| Source::builtin(self.kind, b))
            .collect())
    }

    fn names(&self) -> Vec<String> {
        self.files.iter().map(|b| b.name.to_owned()).collect()
    }
}

/// A parsed file that may name the one it extends.
pub(crate) trait Extends {
    fn extends(&self) -> Option<&str>;
}

/// The first file named `name` in `catalog`, or an error listing what exists.
pub(crate) fn find(catalog: &dyn Catalog, name: &str) -> Result<Source, ConfigError> {
    catalog
        .candidates(name)?
        .into_iter()
        .next()
        .ok_or_else(|| ConfigError::UnknownName {
            kind: catalog.kind(),
            name: name.to_owned(),
            known: catalog.names().join(", "),
        })
}

/// Parses `first` and every file it extends; returns them base first, each with its source.
/// A user file without `extends` extends `default`; a built-in one without it is a root. A
/// parent is looked up past the files already in the chain, so a user's `default.yaml` may
/// extend the built-in `default` it shadows.
pub(crate) fn resolve_chain<F: Extends>(
    first: Source,
    catalog: &dyn Catalog,
    parse: impl Fn(&Source) -> Result<F, ConfigError>,
) -> Result<Vec<(Source, F)>, ConfigError> {
    let mut chain: Vec<(Source, F)> = Vec::new();
    let mut next = Some(first);
    while let Some(source) = next.take() {
        let file = parse(&source)?;
        let parent = match (file.extends(), &source.origin) {
            (Some(parent), _) => Some(parent.to_owned()),
            (None, Origin::User(_)) => Some("default".to_owned()),
            (None, Origin::Builtin) => None,
        };
        let in_chain = |s: &Source| {
            chain
                .iter()
                .map(|(c, _)| c)
                .chain(std::iter::once(&source))
                .any(|c| c.origin == s.origin && c.name == s.name)
        };
        if let Some(parent) = parent {
            let candidates = catalog.candidates(&parent)?;
            if candidates.is_empty() {
                return Err(ConfigError::UnknownParent {
                    source_name: source.to_string(),
                    kind: catalog.kind(),
                    parent,
                    known: catalog.names().join(", "),
                });
            }
            let Some(found) = candidates.into_iter().find(|c| !in_chain(c)) else {
                return Err(ConfigError::ExtendsCycle {
                    source_name: source.to_string(),
                    parent,
                });
            };
            next = Some(found);
        }
        chain.push((source, file));
    }
    chain.reverse();
    Ok(chain)
}

/// A theme or keymap with the files it was built from, the chosen one first.
#[derive(Debug, Clone)]
pub struct Resolved<T> {
    pub value: T,
    /// The file chosen, then the one it extends, and so on.
    pub files: Vec<String>,
}

impl<T> Resolved<T> {
    /// "~/.config/kview/themes/mine.yaml → built-in theme `nord` → built-in theme `default`"
    pub fn lineage(&self) -> String {
        self.files.join(" → ")
    }
}

/// The labels of a chain (base first) as `Resolved::files` lists them (chosen first).
pub(crate) fn lineage_of<F>(chain: &[(Source, F)]) -> Vec<String> {
    chain.iter().rev().map(|(s, _)| s.to_string()).collect()
}
