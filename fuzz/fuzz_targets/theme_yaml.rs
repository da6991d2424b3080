//! A user's theme file: any text is read or refused with an error, never a panic; a theme
//! that reads gives a style for every meaning.
#![no_main]

use kview::config::{Meaning, Theme};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(theme) = Theme::from_user_yaml("fuzz.yaml", text) {
        let _ = theme.style(Meaning::StatusFailed);
        let _ = theme.without_colors();
    }
});
