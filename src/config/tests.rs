//! Every built-in theme and keymap: each resolves, each keymap binds every action and names
//! only actions and sections that exist; and `extends` resolution on its own.

use std::collections::BTreeSet;

use super::sources::{Builtins, Extends, find, resolve_chain};
use super::*;

#[test]
fn there_are_at_least_six_builtin_themes_and_each_resolves() {
    let names: Vec<&str> = BUILTIN_THEMES.iter().map(|b| b.name).collect();
    assert!(names.len() >= 6, "{names:?}");
    for expected in ["default", "light", "high-contrast"] {
        assert!(names.contains(&expected), "{expected}");
    }
    for builtin in BUILTIN_THEMES {
        let theme = Theme::builtin(builtin.name).unwrap();
        if builtin.name != "default" {
            assert_ne!(
                theme,
                Theme::builtin("default").unwrap(),
                "{} differs from default",
                builtin.name
            );
        }
    }
}

#[test]
fn every_builtin_keymap_binds_every_action() {
    assert!(BUILTIN_KEYMAPS.len() >= 3);
    for builtin in BUILTIN_KEYMAPS {
        let keymap = Keymap::builtin(builtin.name).unwrap();
        for action in Action::ALL {
            if *action == Action::NoOp {
                continue;
            }
            let bound = Section::ALL
                .iter()
                .any(|s| keymap.bindings(*s).iter().any(|(_, a)| a == action));
            assert!(bound, "{}: {} has no key", builtin.name, action.name());
        }
    }
}

/// Reads the YAML as plain data, so the check does not rely on the parser under test.
#[test]
fn every_builtin_binding_names_an_existing_section_key_and_action() {
    let sections: BTreeSet<&str> = Section::ALL.iter().map(|s| s.name()).collect();
    for builtin in BUILTIN_KEYMAPS {
        let doc: serde_yaml::Mapping = serde_yaml::from_str(builtin.yaml).unwrap();
        for (section, bindings) in doc {
            let section = section.as_str().unwrap();
            if section == "extends" {
                let parent = bindings.as_str().unwrap();
                assert!(
                    BUILTIN_KEYMAPS.iter().any(|b| b.name == parent),
                    "{}: extends {parent}",
                    builtin.name
                );
                continue;
            }
            assert!(sections.contains(section), "{}: {section}", builtin.name);
            let serde_yaml::Value::Mapping(bindings) = bindings else {
                panic!("{}: {section} is not a map", builtin.name);
            };
            for (key, action) in bindings {
                let key = key.as_str().unwrap();
                let action = action.as_str().unwrap();
                assert!(
                    key.parse::<KeyChord>().is_ok(),
                    "{}: {section}: key {key}",
                    builtin.name
                );
                assert!(
                    Action::from_name(action).is_some(),
                    "{}: {section}: {key}: {action}",
                    builtin.name
                );
            }
        }
    }
}

#[test]
fn every_builtin_theme_entry_names_an_existing_meaning() {
    for builtin in BUILTIN_THEMES {
        let doc: serde_yaml::Mapping = serde_yaml::from_str(builtin.yaml).unwrap();
        if let Some(serde_yaml::Value::Mapping(styles)) = doc.get("styles") {
            for (name, _) in styles {
                let name = name.as_str().unwrap();
                assert!(
                    Meaning::from_name(name).is_some(),
                    "{}: {name}",
                    builtin.name
                );
            }
        }
    }
    let default: serde_yaml::Mapping = serde_yaml::from_str(BUILTIN_THEMES[0].yaml).unwrap();
    let serde_yaml::Value::Mapping(styles) = &default["styles"] else {
        panic!("default has styles");
    };
    assert_eq!(
        styles.len(),
        Meaning::ALL.len(),
        "the default theme names every meaning itself"
    );
}

#[test]
fn vim_and_emacs_keymaps_speak_their_dialects() {
    let chord = |s: &str| s.parse::<KeyChord>().unwrap();
    let table = [Section::Pods, Section::Table, Section::Global];
    let vim = Keymap::builtin("vim").unwrap();
    assert_eq!(vim.lookup(&table, chord("ctrl-d")), Some(Action::PageDown));
    assert_eq!(vim.lookup(&table, chord("ctrl-u")), Some(Action::PageUp));
    assert_eq!(vim.lookup(&table, chord("x")), Some(Action::Delete));
    assert_eq!(vim.lookup(&table, chord("j")), Some(Action::MoveDown));
    let emacs = Keymap::builtin("emacs").unwrap();
    assert_eq!(
        emacs.lookup(&table, chord("ctrl-n")),
        Some(Action::MoveDown)
    );
    assert_eq!(emacs.lookup(&table, chord("alt-x")), Some(Action::Command));
    assert_eq!(emacs.lookup(&table, chord("alt->")), Some(Action::Bottom));
    assert_eq!(
        emacs.lookup(&[Section::Dialog], chord("ctrl-g")),
        Some(Action::Back)
    );
}

/// A file that names its parent and carries a word, to watch the order of a chain.
struct Word {
    extends: Option<String>,
    word: String,
}

impl Extends for Word {
    fn extends(&self) -> Option<&str> {
        self.extends.as_deref()
    }
}

fn parse_word(source: &Source) -> Result<Word, ConfigError> {
    let map: std::collections::BTreeMap<String, String> = serde_yaml::from_str(&source.yaml)
        .map_err(|e| ConfigError::invalid(&source.to_string(), &e))?;
    Ok(Word {
        extends: map.get("extends").cloned(),
        word: map.get("word").cloned().unwrap_or_default(),
    })
}

const WORDS: &[BuiltinSource] = &[
    BuiltinSource {
        name: "default",
        yaml: "word: root\n",
    },
    BuiltinSource {
        name: "middle",
        yaml: "extends: default\nword: middle\n",
    },
    BuiltinSource {
        name: "loop-a",
        yaml: "extends: loop-b\n",
    },
    BuiltinSource {
        name: "loop-b",
        yaml: "extends: loop-a\n",
    },
    BuiltinSource {
        name: "self",
        yaml: "extends: self\n",
    },
];

const CATALOG: Builtins = Builtins {
    kind: "word",
    files: WORDS,
};

#[test]
fn chains_run_base_first() {
    let chain = resolve_chain(find(&CATALOG, "middle").unwrap(), &CATALOG, parse_word).unwrap();
    let words: Vec<&str> = chain.iter().map(|(_, w)| w.word.as_str()).collect();
    assert_eq!(words, ["root", "middle"]);
    let user = Source::user("word", "mine", "mine.yaml".into(), "word: mine\n".into());
    let chain = resolve_chain(user, &CATALOG, parse_word).unwrap();
    let words: Vec<&str> = chain.iter().map(|(_, w)| w.word.as_str()).collect();
    assert_eq!(words, ["root", "mine"], "a user file extends default");
}

#[test]
fn cycles_and_unknown_names_are_errors() {
    for name in ["loop-a", "self"] {
        let e = resolve_chain(find(&CATALOG, name).unwrap(), &CATALOG, parse_word)
            .err()
            .unwrap();
        assert!(matches!(e, ConfigError::ExtendsCycle { .. }), "{e}");
        assert!(e.to_string().contains("goes round in a circle"), "{e}");
    }
    let e = find(&CATALOG, "nope").err().unwrap();
    assert_eq!(
        e.to_string(),
        "no word named `nope` (available: default, middle, loop-a, loop-b, self)"
    );
    let user = Source::user("word", "u", "u.yaml".into(), "extends: gone\n".into());
    let e = resolve_chain(user, &CATALOG, parse_word).err().unwrap();
    assert!(
        e.to_string()
            .starts_with("u.yaml: extends unknown word `gone` (available: default,"),
        "{e}"
    );
}
