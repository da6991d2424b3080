//! Keymaps: per section (global, table, pods, deployments, nodes, logs, yaml, describe,
//! review, dialog, connecting), key → action.
//!
//! Owns reading keymap YAML (unknown actions, unknown keys, duplicate keys in a section and
//! unknown fields are errors naming the entry and line), `extends` between keymaps, user
//! overlays entry by entry (`no_op` unbinds), and looking keys up. Must not read files: callers
//! hand in the YAML text.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};

use super::ConfigError;
use super::action::Action;
use super::key::KeyChord;
use super::sources::{
    BuiltinSource, Builtins, Catalog, Resolved, Source, find, lineage_of, resolve_chain,
};

/// Where a key is pressed; a pane looks in its own section, then `table`, then `global`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Section {
    Global,
    Table,
    Pods,
    Deployments,
    Nodes,
    Logs,
    Yaml,
    Describe,
    /// The diff shown before an edit is applied.
    Review,
    /// The journal of applied edits (`:history`).
    History,
    Dialog,
    /// The screen shown while kview waits for a cluster it cannot reach yet.
    Connecting,
}

impl Section {
    pub const ALL: [Self; 12] = [
        Self::Global,
        Self::Table,
        Self::Pods,
        Self::Deployments,
        Self::Nodes,
        Self::Logs,
        Self::Yaml,
        Self::Describe,
        Self::Review,
        Self::History,
        Self::Dialog,
        Self::Connecting,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Self::Global => "global",
            Self::Table => "table",
            Self::Pods => "pods",
            Self::Deployments => "deployments",
            Self::Nodes => "nodes",
            Self::Logs => "logs",
            Self::Yaml => "yaml",
            Self::Describe => "describe",
            Self::Review => "review",
            Self::History => "history",
            Self::Dialog => "dialog",
            Self::Connecting => "connecting",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// The active key bindings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Keymap {
    sections: [Vec<(KeyChord, Action)>; 12],
}

/// The keymaps built into the binary, by name.
pub const BUILTIN_KEYMAPS: &[BuiltinSource] = &[
    BuiltinSource {
        name: "default",
        yaml: include_str!("../../keymaps/default.yaml"),
    },
    BuiltinSource {
        name: "vim",
        yaml: include_str!("../../keymaps/vim.yaml"),
    },
    BuiltinSource {
        name: "emacs",
        yaml: include_str!("../../keymaps/emacs.yaml"),
    },
];

/// The built-in keymaps as a catalog.
pub const BUILTIN_KEYMAP_CATALOG: Builtins = Builtins {
    kind: "keymap",
    files: BUILTIN_KEYMAPS,
};

impl Keymap {
    /// A built-in keymap (`default`, `vim`, `emacs`), resolved through its `extends`.
    pub fn builtin(name: &str) -> Result<Self, ConfigError> {
        Self::load(name, &BUILTIN_KEYMAP_CATALOG).map(|r| r.value)
    }

    /// A user keymap file (`source` names it in errors) on top of the built-in it `extends`
    /// (`default` when it names none); entries it does not mention come from that keymap.
    pub fn from_user_yaml(source: &str, yaml: &str) -> Result<Self, ConfigError> {
        let first = Source::user("keymap", source, source.into(), yaml.to_owned());
        let chain = resolve_chain(first, &BUILTIN_KEYMAP_CATALOG, parse_file)?;
        Ok(Self::from_chain(chain))
    }

    /// The keymap `name` from `catalog` (the user's files shadow the built-in ones), with the
    /// files it was built from.
    pub fn load(name: &str, catalog: &dyn Catalog) -> Result<Resolved<Self>, ConfigError> {
        let chain = resolve_chain(find(catalog, name)?, catalog, parse_file)?;
        let files = lineage_of(&chain);
        Ok(Resolved {
            value: Self::from_chain(chain),
            files,
        })
    }

    /// Applies files from the base-most to the user's.
    fn from_chain(chain: Vec<(Source, KeymapFile)>) -> Self {
        let mut keymap = Self::default();
        for (_, file) in chain {
            for section in Section::ALL {
                for &(chord, action) in &file.sections[section.index()] {
                    keymap.bind(section, chord, action);
                }
            }
        }
        for bindings in &mut keymap.sections {
            bindings.retain(|(_, action)| *action != Action::NoOp);
        }
        keymap
    }

    fn bind(&mut self, section: Section, chord: KeyChord, action: Action) {
        let bindings = &mut self.sections[section.index()];
        match bindings.iter_mut().find(|(c, _)| *c == chord) {
            Some(entry) => entry.1 = action,
            None => bindings.push((chord, action)),
        }
    }

    /// The action bound to `chord` in the first of `sections` that binds it.
    pub fn lookup(&self, sections: &[Section], chord: KeyChord) -> Option<Action> {
        sections.iter().find_map(|s| {
            self.sections[s.index()]
                .iter()
                .find(|(c, _)| *c == chord)
                .map(|(_, a)| *a)
        })
    }

    /// A section's bindings, in file order.
    pub fn bindings(&self, section: Section) -> &[(KeyChord, Action)] {
        &self.sections[section.index()]
    }

    /// The first key bound to `action` in `sections` whose chord is not shadowed by an
    /// earlier section, for footers ("<l> logs").
    pub fn key_for(&self, sections: &[Section], action: Action) -> Option<KeyChord> {
        sections.iter().find_map(|s| {
            self.sections[s.index()]
                .iter()
                .find(|(c, a)| *a == action && self.lookup(sections, *c) == Some(action))
                .map(|(c, _)| *c)
        })
    }
}

/// One keymap file as written.
#[derive(Debug, Default)]
pub(super) struct KeymapFile {
    pub(super) extends: Option<String>,
    sections: [Vec<(KeyChord, Action)>; 12],
}

impl super::sources::Extends for KeymapFile {
    fn extends(&self) -> Option<&str> {
        self.extends.as_deref()
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawKeymapFile {
    extends: Option<String>,
    #[serde(default)]
    global: Bindings,
    #[serde(default)]
    table: Bindings,
    #[serde(default)]
    pods: Bindings,
    #[serde(default)]
    deployments: Bindings,
    #[serde(default)]
    nodes: Bindings,
    #[serde(default)]
    logs: Bindings,
    #[serde(default)]
    yaml: Bindings,
    #[serde(default)]
    describe: Bindings,
    #[serde(default)]
    review: Bindings,
    #[serde(default)]
    history: Bindings,
    #[serde(default)]
    dialog: Bindings,
    #[serde(default)]
    connecting: Bindings,
}

fn parse_file(source: &Source) -> Result<KeymapFile, ConfigError> {
    let raw: RawKeymapFile = serde_yaml::from_str(&source.yaml)
        .map_err(|e| ConfigError::invalid(&source.to_string(), &e))?;
    Ok(KeymapFile {
        extends: raw.extends,
        sections: [
            raw.global.0,
            raw.table.0,
            raw.pods.0,
            raw.deployments.0,
            raw.nodes.0,
            raw.logs.0,
            raw.yaml.0,
            raw.describe.0,
            raw.review.0,
            raw.history.0,
            raw.dialog.0,
            raw.connecting.0,
        ],
    })
}

/// A section's `key: action` entries, in order, each key once.
#[derive(Debug, Default)]
struct Bindings(Vec<(KeyChord, Action)>);

impl<'de> Deserialize<'de> for Bindings {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(BindingsVisitor)
    }
}

struct BindingsVisitor;

impl<'de> Visitor<'de> for BindingsVisitor {
    type Value = Bindings;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a map of key: action")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Bindings, E> {
        Ok(Bindings::default())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Bindings, A::Error> {
        let mut seen: Vec<(KeyChord, String)> = Vec::new();
        let mut bindings = Vec::new();
        // Seeds check each key and value as it is read, so errors carry its line.
        while let Some((chord, name)) = map.next_key_seed(KeySeed { seen: &seen })? {
            let action = map.next_value_seed(ActionSeed { key: &name })?;
            bindings.push((chord, action));
            seen.push((chord, name));
        }
        Ok(Bindings(bindings))
    }
}

/// Reads a key name, refusing one already bound in the same section.
struct KeySeed<'a> {
    seen: &'a [(KeyChord, String)],
}

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = (KeyChord, String);

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        // Checking inside the visitor lets the YAML parser attach the key's own line.
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for KeySeed<'_> {
    type Value = (KeyChord, String);

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key name")
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<Self::Value, E> {
        let chord: KeyChord = name.parse().map_err(E::custom)?;
        if let Some((_, first)) = self.seen.iter().find(|(c, _)| *c == chord) {
            return Err(E::custom(format_args!(
                "duplicate key `{name}` (already bound as `{first}`)"
            )));
        }
        Ok((chord, name.to_owned()))
    }
}

/// Reads an action name for `key`.
struct ActionSeed<'a> {
    key: &'a str,
}

impl<'de> DeserializeSeed<'de> for ActionSeed<'_> {
    type Value = Action;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Action, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for ActionSeed<'_> {
    type Value = Action;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an action name")
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<Action, E> {
        Action::from_name(name).ok_or_else(|| {
            E::custom(format_args!(
                "unknown action `{name}` for key `{}`",
                self.key
            ))
        })
    }
}

#[cfg(test)]
#[path = "keymap_tests.rs"]
mod tests;
