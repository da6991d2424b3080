//! Grapheme clusters whose width is ambiguous are taken apart.
//!
//! Terminals measure text two ways: most add up the width of each code point (wcwidth), a few
//! measure whole grapheme clusters; the cell layout (ratatui) puts one cluster per cell with
//! the cluster's width. They agree on a cluster exactly when its width equals the sum of its
//! characters' widths. An emoji ZWJ sequence (`👨‍👩‍👧`: 2 columns as a cluster, 6 as code
//! points), an emoji presentation selector (`❤️`: 2 vs 1) or a skin-tone modifier (`👍🏽`: 2 vs
//! 4) does not; in those the joining characters (joiners, selectors, modifiers) are shown
//! escaped, which leaves clusters that every terminal draws the same.
//!
//! Owns only that pass; must not escape anything a cluster needs to be drawn right (combining
//! accents, Hangul jamo, flags all agree and stay).

use unicode_segmentation::UnicodeSegmentation as _;
use unicode_width::{UnicodeWidthChar as _, UnicodeWidthStr as _};

/// How much of a disagreeing cluster is escaped, tried in this order: first only what joins
/// or modifies (zero-width characters and skin tones, so a ZWJ family reads
/// `👨\u{200d}👩\u{200d}👧`), then everything after the first character, then the whole
/// cluster (a prepended mark can keep a cluster together whatever follows it).
#[derive(Clone, Copy, PartialEq)]
enum Split {
    Joiners,
    AfterFirst,
    Whole,
}

/// `text` (already free of controls and invisible characters) with every ambiguous cluster
/// taken apart, or `None` when every cluster already agrees.
pub(super) fn settle(text: &str) -> Option<String> {
    if text.is_ascii() {
        return None;
    }
    let mut current: Option<String> = None;
    for split in [Split::Joiners, Split::AfterFirst, Split::Whole] {
        let source = current.as_deref().unwrap_or(text);
        if source.graphemes(true).all(agrees) {
            return current;
        }
        let mut out = String::with_capacity(source.len() + 16);
        for cluster in source.graphemes(true) {
            if agrees(cluster) {
                out.push_str(cluster);
                continue;
            }
            for (i, c) in cluster.chars().enumerate() {
                let keep = match split {
                    Split::Joiners => i == 0 || !(c.width() == Some(0) || is_emoji_modifier(c)),
                    Split::AfterFirst => i == 0,
                    Split::Whole => false,
                };
                if keep {
                    out.push(c);
                } else {
                    super::push_escape(&mut out, c);
                }
            }
        }
        current = Some(out);
    }
    // Unreachable in practice (escaped clusters are ASCII); still, never loop and never
    // return a disagreeing cluster.
    let source = current.as_deref().unwrap_or(text);
    if source.graphemes(true).all(agrees) {
        return current;
    }
    let mut out = String::with_capacity(source.len() * 2);
    for c in source.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            super::push_escape(&mut out, c);
        }
    }
    Some(out)
}

/// Skin tones: two columns alone, none after an emoji they modify.
fn is_emoji_modifier(c: char) -> bool {
    matches!(c, '\u{1f3fb}'..='\u{1f3ff}')
}

/// Whether the cluster is as wide as its characters.
pub(super) fn agrees(cluster: &str) -> bool {
    cluster.len() == 1 || cluster.width() == chars_width(cluster)
}

/// The sum of the characters' widths.
pub(super) fn chars_width(text: &str) -> usize {
    text.chars().map(|c| c.width().unwrap_or(0)).sum()
}
