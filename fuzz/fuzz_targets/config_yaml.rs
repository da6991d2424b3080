//! The user's config.yaml: any text is read or refused with an error, never a panic.
#![no_main]

use kview::config::Settings;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(settings) = Settings::from_yaml("config.yaml", text) {
        let _ = settings.policy("prod", false);
    }
});
