//! Key chords as keymap files name them: `j`, `G`, `ctrl-d`, `shift-tab`, `enter`, `pgup`.
//!
//! Owns parsing, the canonical name shown in the footer and help, and the normalization of
//! terminal key events so that `G` matches whether or not the terminal reports Shift.
//! Must not know which action a key triggers.

use std::fmt;
use std::str::FromStr;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// One key with its modifiers, normalized.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeyChord {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

/// Why a key name could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown key `{0}` (use names like `j`, `G`, `ctrl-d`, `shift-tab`, `enter`, `pgup`)")]
pub struct KeyNameError(pub String);

const NAMED_KEYS: &[(&str, KeyCode)] = &[
    ("enter", KeyCode::Enter),
    ("esc", KeyCode::Esc),
    ("tab", KeyCode::Tab),
    ("backspace", KeyCode::Backspace),
    ("delete", KeyCode::Delete),
    ("insert", KeyCode::Insert),
    ("home", KeyCode::Home),
    ("end", KeyCode::End),
    ("pgup", KeyCode::PageUp),
    ("pgdn", KeyCode::PageDown),
    ("up", KeyCode::Up),
    ("down", KeyCode::Down),
    ("left", KeyCode::Left),
    ("right", KeyCode::Right),
    ("space", KeyCode::Char(' ')),
];

const ALIASES: &[(&str, &str)] = &[
    ("escape", "esc"),
    ("return", "enter"),
    ("del", "delete"),
    ("pageup", "pgup"),
    ("pagedown", "pgdn"),
    ("pgdown", "pgdn"),
];

impl KeyChord {
    pub const fn new(code: KeyCode, modifiers: KeyModifiers) -> Self {
        Self { code, modifiers }.normalized()
    }

    pub const fn plain(code: KeyCode) -> Self {
        Self::new(code, KeyModifiers::NONE)
    }

    /// The chord a terminal key event stands for.
    pub fn from_event(event: &KeyEvent) -> Self {
        Self::new(event.code, event.modifiers)
    }

    /// Shift is part of the character (`G`) or of the key (`BackTab`), never a modifier.
    const fn normalized(mut self) -> Self {
        let keep = KeyModifiers::CONTROL.union(KeyModifiers::ALT);
        self.modifiers = self.modifiers.intersection(keep);
        self
    }
}

impl FromStr for KeyChord {
    type Err = KeyNameError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let err = || KeyNameError(text.to_owned());
        let mut modifiers = KeyModifiers::NONE;
        let mut shift = false;
        let mut rest = text;
        loop {
            let lower = rest.to_ascii_lowercase();
            if rest.len() > 5 && lower.starts_with("ctrl-") {
                modifiers |= KeyModifiers::CONTROL;
                rest = &rest[5..];
            } else if rest.len() > 4 && lower.starts_with("alt-") {
                modifiers |= KeyModifiers::ALT;
                rest = &rest[4..];
            } else if rest.len() > 6 && lower.starts_with("shift-") {
                shift = true;
                rest = &rest[6..];
            } else {
                break;
            }
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) if shift => KeyCode::Char(c.to_ascii_uppercase()),
            (Some(c), None) => KeyCode::Char(c),
            _ => {
                let lower = rest.to_ascii_lowercase();
                let name = ALIASES
                    .iter()
                    .find(|(a, _)| *a == lower)
                    .map_or(lower.as_str(), |a| a.1);
                if let Some(n) = name.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()) {
                    if !(1..=24).contains(&n) {
                        return Err(err());
                    }
                    KeyCode::F(n)
                } else {
                    let code = NAMED_KEYS
                        .iter()
                        .find(|(n, _)| *n == name)
                        .ok_or_else(err)?
                        .1;
                    match code {
                        KeyCode::Tab if shift => KeyCode::BackTab,
                        _ if shift => return Err(err()),
                        code => code,
                    }
                }
            }
        };
        Ok(Self::new(code, modifiers))
    }
}

impl fmt::Display for KeyChord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.modifiers.contains(KeyModifiers::CONTROL) {
            f.write_str("ctrl-")?;
        }
        if self.modifiers.contains(KeyModifiers::ALT) {
            f.write_str("alt-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::BackTab => f.write_str("shift-tab"),
            KeyCode::F(n) => write!(f, "f{n}"),
            code => {
                let name = NAMED_KEYS
                    .iter()
                    .find(|(_, c)| *c == code)
                    .map_or("?", |(n, _)| n);
                f.write_str(name)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use ratatui::crossterm::event::KeyEvent;

    use super::*;

    fn chord(s: &str) -> KeyChord {
        s.parse().unwrap()
    }

    #[test]
    fn names_parse_to_the_keys_a_terminal_sends() {
        let shift_g = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(chord("G"), KeyChord::from_event(&shift_g));
        assert_eq!(chord("shift-g"), chord("G"));
        let back_tab = KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(chord("shift-tab"), KeyChord::from_event(&back_tab));
        let ctrl_d = KeyEvent::new(KeyCode::Char('d'), KeyModifiers::CONTROL);
        assert_eq!(chord("ctrl-d"), KeyChord::from_event(&ctrl_d));
        assert_eq!(chord("pgup"), KeyChord::plain(KeyCode::PageUp));
        assert_eq!(chord("PageDown"), KeyChord::plain(KeyCode::PageDown));
        assert_eq!(chord("-"), KeyChord::plain(KeyCode::Char('-')));
        assert_eq!(
            chord("ctrl--"),
            KeyChord::new(KeyCode::Char('-'), KeyModifiers::CONTROL)
        );
        assert_eq!(chord("f5"), KeyChord::plain(KeyCode::F(5)));
        assert_eq!(chord("space"), KeyChord::plain(KeyCode::Char(' ')));
    }

    #[test]
    fn canonical_names_round_trip() {
        for name in [
            "j",
            "G",
            "ctrl-d",
            "shift-tab",
            "enter",
            "esc",
            "pgup",
            "pgdn",
            "?",
            "/",
            "f1",
        ] {
            assert_eq!(chord(name).to_string(), name);
        }
    }

    #[test]
    fn unknown_names_are_rejected() {
        assert!("hyper-x".parse::<KeyChord>().is_err());
        assert!("enterr".parse::<KeyChord>().is_err());
        assert!("shift-enter".parse::<KeyChord>().is_err());
        assert!("f99".parse::<KeyChord>().is_err());
        assert!("".parse::<KeyChord>().is_err());
    }
}
