//! Makes cluster-provided text safe to put on a terminal.
//!
//! Owns the one rule every name, label, message and log line obeys before it reaches a cell:
//! control characters (C0, DEL, C1) and the escape sequences they start are shown escaped,
//! never executed. Bidirectional-override characters are escaped too, so a name cannot
//! visually reorder the table around it.
//!
//! Must not truncate, pad or otherwise lay out text; widths are the ui's business.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Returns `s` with every character that a terminal would interpret shown as a visible escape.
///
/// ESC becomes `\e`, newline `\n`, tab `\t`, carriage return `\r`, NUL `\0`, other C0 and DEL
/// `\xNN`, C1 and bidi controls `\u{NN}`. A string without such characters is borrowed as is.
pub fn sanitize(s: &str) -> Cow<'_, str> {
    let Some(first) = s.find(needs_escape) else {
        return Cow::Borrowed(s);
    };
    let mut out = String::with_capacity(s.len() + 8);
    out.push_str(&s[..first]);
    for c in s[first..].chars() {
        push_escaped(&mut out, c);
    }
    Cow::Owned(out)
}

fn needs_escape(c: char) -> bool {
    c.is_control() || is_bidi_control(c)
}

/// Characters that reorder the text displayed around them (Trojan Source style spoofing).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn push_escaped(out: &mut String, c: char) {
    match c {
        '\u{1b}' => out.push_str("\\e"),
        '\n' => out.push_str("\\n"),
        '\t' => out.push_str("\\t"),
        '\r' => out.push_str("\\r"),
        '\0' => out.push_str("\\0"),
        '\u{0}'..='\u{1f}' | '\u{7f}' => {
            let _ = write!(out, "\\x{:02x}", u32::from(c));
        }
        c if needs_escape(c) => {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        }
        c => out.push(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_terminal_safe(s: &str) -> bool {
        !s.chars().any(needs_escape)
    }

    #[test]
    fn plain_text_is_borrowed_unchanged() {
        let s = "nginx-7c5ddbdf54-x8k2p ünïcødé 日本語";
        assert!(matches!(sanitize(s), Cow::Borrowed(b) if b == s));
    }

    #[test]
    fn osc_window_title_write_is_shown_escaped() {
        let s = "pod\u{1b}]0;pwned\u{7}";
        assert_eq!(sanitize(s), "pod\\e]0;pwned\\x07");
    }

    #[test]
    fn osc52_clipboard_write_is_shown_escaped() {
        let s = "\u{1b}]52;c;Y3VybCBldmlsIHwgc2g=\u{1b}\\";
        let out = sanitize(s);
        assert_eq!(out, "\\e]52;c;Y3VybCBldmlsIHwgc2g=\\e\\");
        assert!(is_terminal_safe(&out));
    }

    #[test]
    fn bell_is_shown_escaped() {
        assert_eq!(sanitize("ding\u{7}dong"), "ding\\x07dong");
    }

    #[test]
    fn screen_clear_and_cursor_moves_are_shown_escaped() {
        let s = "\u{1b}[2J\u{1b}[H\u{1b}[31mred";
        assert_eq!(sanitize(s), "\\e[2J\\e[H\\e[31mred");
    }

    #[test]
    fn c1_csi_and_del_are_shown_escaped() {
        assert_eq!(sanitize("a\u{9b}2Jb\u{7f}"), "a\\u{9b}2Jb\\x7f");
        assert_eq!(sanitize("\u{9d}0;t\u{9c}"), "\\u{9d}0;t\\u{9c}");
    }

    #[test]
    fn newlines_tabs_and_returns_are_shown_escaped() {
        assert_eq!(sanitize("a\nb\tc\rd\0"), "a\\nb\\tc\\rd\\0");
    }

    #[test]
    fn bidi_overrides_are_shown_escaped() {
        assert_eq!(sanitize("abc\u{202e}fed"), "abc\\u{202e}fed");
    }

    #[test]
    fn every_control_character_is_neutralised() {
        let all: String = (0u32..=0x9f).filter_map(char::from_u32).collect();
        assert!(is_terminal_safe(&sanitize(&all)));
    }
}
