//! The log view's filter (`[-C N] [!]pattern`, `key=value`) and search: any text parses or is
//! refused, and matching a line never panics; search ranges are in bounds and on character
//! boundaries. The first line is the filter and search text, the rest the log line.
#![no_main]

use kview::state::logs::{LineFilter, LinePattern};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (typed, line) = text
        .split_once('\n')
        .unwrap_or((text, "level=error msg=boom"));
    if let Ok(Some(filter)) = LineFilter::parse(typed) {
        let _ = filter.matches(line);
    }
    if let Ok(Some(pattern)) = LinePattern::parse(typed) {
        let _ = pattern.is_match(line);
        for range in pattern.ranges(line) {
            assert!(range.start <= range.end && range.end <= line.len());
            assert!(line.is_char_boundary(range.start) && line.is_char_boundary(range.end));
        }
    }
});
