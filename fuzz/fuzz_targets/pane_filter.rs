//! The `/` filter of a pane (text, regex, `!inverse`, `-l` label selector): any text parses
//! or is refused, and matching rows never panics. The first line is the filter; the second a
//! previous filter (for `narrows`); the rest names a pod and its labels.
#![no_main]

use kview::resources::{Labels, ObjKey, PodRow};
use kview::store::{Filter, LabelSelector};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut lines = text.splitn(4, '\n');
    let typed = lines.next().unwrap_or_default();
    let previous = lines.next().unwrap_or_default();
    let name = lines.next().unwrap_or("web-1");
    let label = lines.next().unwrap_or("app=web");
    let _ = LabelSelector::parse(typed);
    let Ok(filter) = Filter::parse(typed) else {
        return;
    };
    let (key, value) = label.split_once('=').unwrap_or((label, ""));
    let row = PodRow {
        key: ObjKey::new("default", name),
        status: name.into(),
        labels: Labels::from_pairs([(key, value)]),
        ..PodRow::default()
    };
    let _ = filter.matches(&row);
    if let Ok(previous) = Filter::parse(previous) {
        let _ = filter.narrows(&previous);
        let _ = filter.same_rule(&previous);
    }
});
