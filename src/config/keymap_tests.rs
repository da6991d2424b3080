//! Keymap parsing, overlays and errors.

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
    let err = Keymap::from_user_yaml("mine.yaml", "extends: emax\n").unwrap_err();
    assert!(
        err.to_string().contains("extends unknown keymap `emax`"),
        "{err}"
    );
}
