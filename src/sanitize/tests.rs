//! Examples of the sanitizer's rules: what is escaped and what is left alone.

use std::borrow::Cow;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::*;

fn is_terminal_safe(s: &str) -> bool {
    !s.chars().any(needs_escape)
}

/// Columns the cell layout (ratatui) advances for `text`.
pub(super) fn laid_out_width(text: &str) -> usize {
    let mut buf = Buffer::empty(Rect::new(0, 0, 1000, 1));
    let (x, _) = buf.set_stringn(0, 0, text, 1000, Style::default());
    usize::from(x)
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
fn bidi_overrides_isolates_and_marks_are_shown_escaped() {
    assert_eq!(sanitize("abc\u{202e}fed"), "abc\\u{202e}fed");
    // The Trojan Source shapes: an override closed by a pop, an isolate closed by PDI.
    assert_eq!(
        sanitize("admin\u{202e}\u{2066}nimda\u{2069}\u{202c}"),
        "admin\\u{202e}\\u{2066}nimda\\u{2069}\\u{202c}"
    );
    for c in ['\u{202a}', '\u{202b}', '\u{202d}', '\u{2067}', '\u{2068}'] {
        assert_eq!(
            sanitize(&c.to_string()),
            format!("\\u{{{:x}}}", u32::from(c))
        );
    }
    assert_eq!(
        sanitize("a\u{200e}b\u{200f}c\u{61c}"),
        "a\\u{200e}b\\u{200f}c\\u{61c}"
    );
}

#[test]
fn right_to_left_text_itself_is_left_alone() {
    let hebrew = "שלום-עולם";
    let arabic = "مرحبا بالعالم";
    assert!(matches!(sanitize(hebrew), Cow::Borrowed(_)));
    assert!(matches!(sanitize(arabic), Cow::Borrowed(_)));
    // Lam-alef is one ligature glyph to a shaper, two cells to a terminal and to the layout.
    assert_eq!(display_width("لا"), 2);
    assert_eq!(laid_out_width("لا"), 2);
}

#[test]
fn invisible_characters_are_shown_escaped() {
    assert_eq!(sanitize("admin\u{200b}"), "admin\\u{200b}");
    assert_eq!(sanitize("\u{feff}bom"), "\\u{feff}bom");
    assert_eq!(sanitize("soft\u{ad}hyphen"), "soft\\u{ad}hyphen");
    assert_eq!(sanitize("a\u{2060}b"), "a\\u{2060}b");
    assert_eq!(
        sanitize("hidden\u{e0041}\u{e0042}"),
        "hidden\\u{e0041}\\u{e0042}"
    );
    assert_eq!(sanitize("\u{3164}"), "\\u{3164}");
    assert_eq!(sanitize("line\u{2028}break"), "line\\u{2028}break");
}

#[test]
fn ambiguous_emoji_clusters_are_taken_apart() {
    // A family: 2 columns as a cluster, 6 as code points; the joiners are shown.
    assert_eq!(
        sanitize("👨\u{200d}👩\u{200d}👧"),
        "👨\\u{200d}👩\\u{200d}👧"
    );
    assert_eq!(sanitize("❤\u{fe0f}"), "❤\\u{fe0f}");
    assert_eq!(sanitize("ok 👍\u{1f3fd}"), "ok 👍\\u{1f3fd}");
}

#[test]
fn clusters_that_agree_are_left_alone() {
    for s in [
        "cafe\u{301}",              // combining accent
        "\u{1100}\u{1161}\u{11a8}", // Hangul jamo
        "🇺🇸",                       // a flag
        "می\u{200c}خواهم",          // Persian zero-width non-joiner
        "☺\u{fe0e}",                // text presentation
        "✅ done 🚀",
    ] {
        assert_eq!(sanitize(s), s);
    }
}

#[test]
fn halfwidth_sound_marks_are_shown_escaped() {
    assert_eq!(sanitize("ｶ\u{ff9e}"), "ｶ\\u{ff9e}");
}

#[test]
fn every_control_character_is_neutralised() {
    let all: String = (0u32..=0x9f).filter_map(char::from_u32).collect();
    assert!(is_terminal_safe(&sanitize(&all)));
}

#[test]
fn sanitized_text_is_laid_out_as_wide_as_display_width_says() {
    for s in [
        "web-日本語-🚀",
        "👨\u{200d}👩\u{200d}👧 family",
        "❤\u{fe0f}❤\u{fe0f}",
        "ｶ\u{ff9e}ｷ\u{ff9f}",
        "لا إله",
        "e\u{301}\u{302}\u{303}",
        "\u{1b}[31m\u{202e}x",
        "🇺🇸🇩",
    ] {
        let out = sanitize(s);
        assert_eq!(display_width(&out), laid_out_width(&out), "{out:?}");
    }
}
