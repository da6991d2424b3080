//! Small text helpers for drawing: display widths, truncation with an ellipsis, thousands
//! separators and wall-clock times.
//!
//! Owns nothing but pure functions. Must not sanitize (cells arrive sanitized) or style.

use std::borrow::Cow;

use unicode_segmentation::UnicodeSegmentation as _;

/// Columns a text takes on the terminal: the sum of its characters' widths, which for
/// sanitized text is what the cells take and what the terminal draws (see `sanitize`). Never
/// `UnicodeWidthStr::width` of a whole string: it counts ligatures (lam-alef) that neither
/// ratatui's cells nor terminals draw narrower.
pub fn width(text: &str) -> usize {
    crate::sanitize::display_width(text)
}

/// `text` cut to at most `max` columns, ending in "…" when cut. Cuts between grapheme
/// clusters, so a wide character is never split and an accent stays on its letter.
pub fn truncate(text: &str, max: usize) -> Cow<'_, str> {
    if width(text) <= max {
        return Cow::Borrowed(text);
    }
    if max == 0 {
        return Cow::Borrowed("");
    }
    let mut out = String::new();
    let mut used = 0;
    for cluster in text.graphemes(true) {
        let w = width(cluster);
        if used + w > max - 1 {
            break;
        }
        out.push_str(cluster);
        used += w;
    }
    out.push('…');
    Cow::Owned(out)
}

/// `1234567` → `1,234,567`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The wall-clock time `HH:MM:SS` of a unix time, in the zone `utc_offset_secs` from UTC.
pub fn clock(unix: i64, utc_offset_secs: i32) -> String {
    let seconds = (unix + i64::from(utc_offset_secs)).rem_euclid(86_400);
    format!(
        "{:02}:{:02}:{:02}",
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncation_respects_display_width() {
        assert_eq!(truncate("nginx", 10), "nginx");
        assert_eq!(truncate("nginx-deployment", 8), "nginx-d…");
        assert_eq!(truncate("日本語テキスト", 5), "日本…");
        assert_eq!(truncate("abc", 0), "");
    }

    #[test]
    fn truncation_never_splits_a_wide_character_or_a_cluster() {
        // 4 columns left for text: the third ideograph would need 2, so it goes whole.
        assert_eq!(truncate("日本語", 5), "日本…");
        assert_eq!(truncate("日本語", 4), "日…");
        assert_eq!(width(&truncate("日本語テキスト", 6)), 5);
        // An accent stays with its letter; the cut never leaves a bare combining mark.
        assert_eq!(
            truncate("e\u{301}e\u{301}e\u{301}", 3),
            "e\u{301}e\u{301}e\u{301}"
        );
        assert_eq!(
            truncate("e\u{301}e\u{301}e\u{301}x", 3),
            "e\u{301}e\u{301}…"
        );
        // Emoji are two columns; at one column left only the ellipsis fits.
        assert_eq!(truncate("🚀🚀", 3), "🚀…");
        assert_eq!(truncate("🚀🚀", 2), "…");
    }

    #[test]
    fn widths_count_each_character_like_the_cells_do() {
        assert_eq!(width("web"), 3);
        assert_eq!(width("日本"), 4);
        assert_eq!(width("e\u{301}"), 1);
        // Lam-alef: two cells, though a shaper draws one ligature.
        assert_eq!(width("\u{644}\u{627}"), 2);
        assert_eq!(width("\u{200c}"), 0);
    }

    #[test]
    fn numbers_and_clock_times() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(3_500), "3,500");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(clock(1_700_000_000, 0), "22:13:20");
        assert_eq!(clock(1_700_000_000, 3600), "23:13:20");
        assert_eq!(clock(1_700_000_000, 2 * 3600), "00:13:20");
    }
}
