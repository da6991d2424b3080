//! Wall-clock helpers for timestamps written into simulated objects (RFC 3339, seconds).

pub fn now_unix() -> i64 {
    jiff::Timestamp::now().as_second()
}

pub fn rfc3339(unix: i64) -> String {
    jiff::Timestamp::from_second(unix).map_or_else(
        |_| "1970-01-01T00:00:00Z".to_string(),
        |t| t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
    )
}

pub fn now() -> String {
    rfc3339(now_unix())
}

pub fn parse_unix(s: &str) -> Option<i64> {
    s.parse::<jiff::Timestamp>()
        .ok()
        .map(jiff::Timestamp::as_second)
}
