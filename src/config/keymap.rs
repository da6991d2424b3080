//! Keymaps: per section (global, table, pods, deployments, nodes, logs, yaml, dialog), key →
//! action.
//!
//! Owns reading keymap YAML (unknown actions, unknown keys, duplicate keys in a section and
//! unknown fields are errors naming the entry and line), `extends` between keymaps, user
//! overlays entry by entry (`no_op` unbinds), and looking keys up. Must not read files: callers
//! hand in the YAML text.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};

use super::action::Action;
use super::key::KeyChord;
use super::{BuiltinSource, ConfigError, resolve_chain};

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
    Dialog,
}

impl Section {
    pub const ALL: [Self; 8] = [
        Self::Global,
        Self::Table,
        Self::Pods,
        Self::Deployments,
        Self::Nodes,
        Self::Logs,
        Self::Yaml,
        Self::Dialog,
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
            Self::Dialog => "dialog",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// The active key bindings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Keymap {
    sections: [Vec<(KeyChord, Action)>; 8],
}

/// The keymaps built into the binary, by name.
pub const BUILTIN_KEYMAPS: &[BuiltinSource] = &[BuiltinSource {
    name: "default",
    yaml: include_str!("../../keymaps/default.yaml"),
}];

impl Keymap {
    /// A built-in keymap (`default`, …), resolved through its `extends`.
    pub fn builtin(name: &str) -> Result<Self, ConfigError> {
        let chain = resolve_chain("keymap", name, None, BUILTIN_KEYMAPS, parse_file)?;
        Ok(Self::from_chain(chain))
    }

    /// A user keymap file (`source` names it in errors) on top of the built-in it `extends`
    /// (`default` when it names none); entries it does not mention come from that keymap.
    pub fn from_user_yaml(source: &str, yaml: &str) -> Result<Self, ConfigError> {
        let chain = resolve_chain("keymap", source, Some(yaml), BUILTIN_KEYMAPS, parse_file)?;
        Ok(Self::from_chain(chain))
    }

    /// Applies files from the base-most to the user's.
    fn from_chain(chain: Vec<KeymapFile>) -> Self {
        let mut keymap = Self::default();
        for file in chain {
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
    sections: [Vec<(KeyChord, Action)>; 8],
}

impl super::Extends for KeymapFile {
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
    dialog: Bindings,
}

fn parse_file(source: &str, yaml: &str) -> Result<KeymapFile, ConfigError> {
    let raw: RawKeymapFile =
        serde_yaml::from_str(yaml).map_err(|e| ConfigError::invalid(source, &e))?;
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
            raw.dialog.0,
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
mod tests {
    use ratatui::crossterm::event::{KeyCode, KeyModifiers};

    use super::*;

    fn chord(s: &str) -> KeyChord {
        s.parse().unwrap()
    }

    #[test]
    fn every_builtin_keymap_parses_and_resolves() {
        for builtin in BUILTIN_KEYMAPS {
            let keymap = Keymap::builtin(builtin.name).unwrap();
            assert!(
                !keymap.bindings(Section::Global).is_empty(),
                "{}",
                builtin.name
            );
        }
    }

    #[test]
    fn default_keymap_binds_the_design_keys() {
        let k = Keymap::builtin("default").unwrap();
        let pods = [Section::Pods, Section::Table, Section::Global];
        let deployments = [Section::Deployments, Section::Table, Section::Global];
        let expect = [
            ("j", Action::MoveDown),
            ("k", Action::MoveUp),
            ("down", Action::MoveDown),
            ("g", Action::Top),
            ("G", Action::Bottom),
            ("pgdn", Action::PageDown),
            ("tab", Action::NextPane),
            ("shift-tab", Action::PrevPane),
            ("enter", Action::Zoom),
            ("esc", Action::Back),
            ("/", Action::Filter),
            (":", Action::Command),
            ("?", Action::Help),
            ("l", Action::Logs),
            ("y", Action::Yaml),
            ("d", Action::Describe),
            ("e", Action::Edit),
            ("D", Action::Debug),
            ("ctrl-d", Action::Delete),
            ("q", Action::Quit),
        ];
        for (key, action) in expect {
            assert_eq!(k.lookup(&pods, chord(key)), Some(action), "{key}");
        }
        for (key, action) in [
            ("s", Action::Scale),
            ("+", Action::ScaleUp),
            ("-", Action::ScaleDown),
        ] {
            assert_eq!(k.lookup(&deployments, chord(key)), Some(action), "{key}");
        }
        assert_eq!(k.key_for(&pods, Action::Logs), Some(chord("l")));
    }

    #[test]
    fn every_action_but_no_op_and_confirm_is_bound_by_default() {
        let k = Keymap::builtin("default").unwrap();
        for action in Action::ALL {
            if *action == Action::NoOp {
                continue;
            }
            let bound = Section::ALL
                .iter()
                .any(|s| k.bindings(*s).iter().any(|(_, a)| a == action));
            assert!(bound, "{} has no key", action.name());
        }
    }

    #[test]
    fn user_keymap_overlays_entries_and_no_op_unbinds() {
        let yaml = "extends: default\ntable:\n  x: delete\n  ctrl-d: no_op\nglobal:\n  Q: quit\n";
        let k = Keymap::from_user_yaml("mine.yaml", yaml).unwrap();
        let table = [Section::Table, Section::Global];
        assert_eq!(k.lookup(&table, chord("x")), Some(Action::Delete));
        assert_eq!(k.lookup(&table, chord("ctrl-d")), None);
        assert_eq!(k.lookup(&table, chord("Q")), Some(Action::Quit));
        assert_eq!(
            k.lookup(&table, chord("j")),
            Some(Action::MoveDown),
            "inherited"
        );
        let ctrl_d = KeyChord::new(KeyCode::Char('d'), KeyModifiers::CONTROL);
        assert!(k.bindings(Section::Table).iter().all(|(c, _)| *c != ctrl_d));
    }

    #[test]
    fn unknown_action_names_the_entry_and_line() {
        let err = Keymap::from_user_yaml("mine.yaml", "table:\n  j: move_down\n  x: frobnicate\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("mine.yaml"), "{err}");
        assert!(
            err.contains("unknown action `frobnicate` for key `x`"),
            "{err}"
        );
        assert!(err.contains("line 3"), "{err}");
    }

    #[test]
    fn duplicate_key_in_a_section_is_an_error() {
        let err = Keymap::from_user_yaml("mine.yaml", "table:\n  G: bottom\n  shift-g: top\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("duplicate key `shift-g` (already bound as `G`)"),
            "{err}"
        );
        assert!(err.contains("line 3"), "{err}");
        let err = Keymap::from_user_yaml("mine.yaml", "table:\n  j: top\n  j: bottom\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("duplicate"), "{err}");
    }

    #[test]
    fn unknown_sections_keys_and_parents_are_errors() {
        let err = Keymap::from_user_yaml("mine.yaml", "tabel:\n  j: top\n").unwrap_err();
        assert!(err.to_string().contains("unknown field `tabel`"), "{err}");
        let err = Keymap::from_user_yaml("mine.yaml", "table:\n  hyper-j: top\n").unwrap_err();
        assert!(err.to_string().contains("unknown key `hyper-j`"), "{err}");
        let err = Keymap::from_user_yaml("mine.yaml", "extends: emacs\n").unwrap_err();
        assert!(
            err.to_string().contains("extends unknown keymap `emacs`"),
            "{err}"
        );
    }
}
