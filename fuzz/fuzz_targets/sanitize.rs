//! The sanitizer on any bytes: never panics, never lets a control, ESC, DEL or bidi control
//! through, is idempotent, and truncation by display width never exceeds the width asked.
#![no_main]

use kview::sanitize::{display_width, sanitize};
use kview::ui::text::{truncate, width};
use libfuzzer_sys::fuzz_target;

fn is_forbidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{61c}' | '\u{200b}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}' | '\u{feff}'
        )
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let out = sanitize(&text);
    assert!(!out.chars().any(is_forbidden), "{text:?} -> {out:?}");
    let again = sanitize(&out);
    assert_eq!(again, out, "not idempotent on {text:?}");
    assert_eq!(width(&out), display_width(&out));
    let max = data.first().map_or(0, |b| usize::from(*b) % 40);
    let cut = truncate(&out, max);
    assert!(width(&cut) <= max, "{out:?} cut to {max}: {cut:?}");
});
