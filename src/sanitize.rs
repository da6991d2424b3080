//! Makes cluster-provided text safe to put on a terminal, and predictable to lay out.
//!
//! Owns the one rule every name, label, message and log line obeys before it reaches a cell:
//! - control characters (C0, DEL, C1) and the escape sequences they start are shown escaped,
//!   never executed;
//! - bidirectional controls (embeddings, overrides, isolates and marks) are shown escaped, so
//!   a name cannot visually reorder the table around it ("Trojan Source");
//! - invisible characters (zero-width space, word joiner, BOM, soft hyphen, tag characters,
//!   Hangul fillers, line and paragraph separators, other default-ignorable code points) are
//!   shown escaped, so two different names never look the same;
//! - characters whose width terminals disagree on are made unambiguous: where a joiner,
//!   variation selector or modifier would make a cluster narrower or wider than its characters
//!   (an emoji ZWJ family, `❤` + VS16, a skin tone), the joining characters are shown escaped
//!   (see `layout`). After this, the width the ui lays out (the sum of the characters' widths)
//!   is what a terminal draws, whether it measures code points or grapheme clusters.
//!
//! Must not truncate, pad or otherwise lay out text; widths are the ui's business.

mod layout;
#[cfg(test)]
mod props;
#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::fmt::Write as _;

/// Returns `s` with every character that a terminal would interpret, hide or measure
/// ambiguously shown as a visible escape.
///
/// ESC becomes `\e`, newline `\n`, tab `\t`, carriage return `\r`, NUL `\0`, other C0 and DEL
/// `\xNN`, everything else `\u{NN}`. A string that needs nothing is borrowed as is.
pub fn sanitize(s: &str) -> Cow<'_, str> {
    if s.chars().all(is_plain) {
        return Cow::Borrowed(s);
    }
    let escaped = match s.find(needs_escape) {
        None => Cow::Borrowed(s),
        Some(first) => {
            let mut out = String::with_capacity(s.len() + 8);
            out.push_str(&s[..first]);
            for c in s[first..].chars() {
                push_char(&mut out, c);
            }
            Cow::Owned(out)
        }
    };
    match layout::settle(&escaped) {
        Some(settled) => Cow::Owned(settled),
        None => escaped,
    }
}

/// Columns `text` takes on the terminal: the sum of its characters' widths. For sanitized
/// text this is exactly what the cell layout uses and what a terminal draws (every cluster is
/// as wide as its characters); measuring whole strings instead would, for one, count an
/// Arabic lam-alef pair as the single column of its ligature, which terminals do not draw.
pub fn display_width(text: &str) -> usize {
    layout::chars_width(text)
}

/// Characters that can neither be interpreted nor join with a neighbour: text made only of
/// these is already safe and laid out character by character (the common case, kept fast).
fn is_plain(c: char) -> bool {
    matches!(c,
        ' '..='~'
        | '\u{a0}'..='\u{ac}'
        | '\u{ae}'..='\u{2ff}'
        | '\u{370}'..='\u{482}'
        | '\u{2010}'..='\u{2027}'
        | '\u{2030}'..='\u{205e}'
        | '\u{2190}'..='\u{2bff}'
        | '\u{3041}'..='\u{3096}'
        | '\u{30a1}'..='\u{30fa}'
        | '\u{4e00}'..='\u{9fff}'
        | '\u{ac00}'..='\u{d7a3}')
}

/// Characters shown escaped wherever they are.
fn needs_escape(c: char) -> bool {
    c.is_control() || is_bidi_control(c) || is_invisible(c) || is_halfwidth_sound_mark(c)
}

/// Characters that reorder the text displayed around them (Unicode's `Bidi_Control`).
fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
    )
}

/// Characters drawn as nothing (default-ignorable and format characters), except the
/// joiners and variation selectors that scripts and emoji need: those stay unless they make
/// the width ambiguous (`layout`).
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{ad}'
        | '\u{34f}'
        | '\u{600}'..='\u{605}'
        | '\u{6dd}'
        | '\u{70f}'
        | '\u{890}'..='\u{891}'
        | '\u{8e2}'
        | '\u{115f}'..='\u{1160}'
        | '\u{17b4}'..='\u{17b5}'
        | '\u{180b}'..='\u{180f}'
        | '\u{200b}'
        | '\u{2028}'..='\u{2029}'
        | '\u{2060}'..='\u{2065}'
        | '\u{206a}'..='\u{206f}'
        | '\u{3164}'
        | '\u{feff}'
        | '\u{ffa0}'
        | '\u{fff0}'..='\u{fffb}'
        | '\u{110bd}'
        | '\u{110cd}'
        | '\u{13430}'..='\u{1343f}'
        | '\u{1bca0}'..='\u{1bca3}'
        | '\u{1d173}'..='\u{1d17a}'
        | '\u{e0000}'..='\u{e00ff}'
        | '\u{e01f0}'..='\u{e0fff}')
}

/// Halfwidth katakana (semi-)voiced sound marks: terminals draw them one column wide, while
/// the cell layout (ratatui) counts them twice; escaped, they cannot misalign a row.
fn is_halfwidth_sound_mark(c: char) -> bool {
    matches!(c, '\u{ff9e}' | '\u{ff9f}')
}

/// Appends `c`, escaped when it needs to be.
fn push_char(out: &mut String, c: char) {
    if needs_escape(c) {
        push_escape(out, c);
    } else {
        out.push(c);
    }
}

/// Appends the visible escape of `c`.
fn push_escape(out: &mut String, c: char) {
    match c {
        '\u{1b}' => out.push_str("\\e"),
        '\n' => out.push_str("\\n"),
        '\t' => out.push_str("\\t"),
        '\r' => out.push_str("\\r"),
        '\0' => out.push_str("\\0"),
        '\u{0}'..='\u{1f}' | '\u{7f}' => {
            let _ = write!(out, "\\x{:02x}", u32::from(c));
        }
        c => {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        }
    }
}
