//! A user's keymap file: any text is read or refused with an error, never a panic.
#![no_main]

use kview::config::{Keymap, Section};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(keymap) = Keymap::from_user_yaml("fuzz.yaml", text) {
        let _ = keymap.bindings(Section::Global);
    }
});
