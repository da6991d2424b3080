//! Structured (JSON) log lines: detection, the level, the compact one-line form
//! (`ERROR handled request path=/x status=500`), the pretty-printed form, and field lookup for
//! `key=value` filters.
//!
//! Owns reading JSON lines. Must not style: the ui colours the level it is given. Values come
//! out of JSON unescaped (a `\u001b` becomes a real ESC), so every text built here must be
//! sanitized again before it is drawn; `compact` and `pretty` do that.

use serde_json::{Map, Value};

use crate::sanitize::sanitize;

/// A log level, as far as colouring goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Error,
    Warn,
    Info,
    Debug,
}

impl Level {
    /// Reads the common spellings (`error`, `ERR`, `fatal`, `warning`, `trace`, …).
    pub fn parse(text: &str) -> Option<Self> {
        match text.to_ascii_lowercase().as_str() {
            "error" | "err" | "fatal" | "panic" | "critical" | "crit" | "alert" | "emerg" => {
                Some(Self::Error)
            }
            "warn" | "warning" => Some(Self::Warn),
            "info" | "notice" | "information" => Some(Self::Info),
            "debug" | "trace" | "verbose" => Some(Self::Debug),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Error => "ERROR",
            Self::Warn => "WARN",
            Self::Info => "INFO",
            Self::Debug => "DEBUG",
        }
    }
}

const LEVEL_KEYS: &[&str] = &["level", "lvl", "severity", "log.level", "loglevel"];
const MESSAGE_KEYS: &[&str] = &["msg", "message", "log"];

/// The object of a JSON log line, or `None` for any other line.
pub fn parse(text: &str) -> Option<Map<String, Value>> {
    let trimmed = text.trim();
    if !(trimmed.starts_with('{') && trimmed.ends_with('}')) {
        return None;
    }
    serde_json::from_str(trimmed).ok()
}

/// A value as a user reads it: strings without quotes, everything else as JSON.
fn value_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The value at `key`: a top-level key as written (`log.level`), else a dotted path into
/// nested objects (`http.status`).
pub fn field(object: &Map<String, Value>, key: &str) -> Option<String> {
    if let Some(v) = object.get(key) {
        return Some(value_text(v));
    }
    let mut parts = key.split('.');
    let mut current = object.get(parts.next()?)?;
    for part in parts {
        current = current.as_object()?.get(part)?;
    }
    Some(value_text(current))
}

pub fn level_of(object: &Map<String, Value>) -> Option<Level> {
    LEVEL_KEYS.iter().find_map(|k| {
        object
            .get(*k)
            .and_then(Value::as_str)
            .and_then(Level::parse)
    })
}

/// A JSON line on one line: level and message first, then the other fields as `key=value`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compact {
    pub level: Option<Level>,
    /// The message and fields, sanitized.
    pub text: String,
}

pub fn compact(object: &Map<String, Value>) -> Compact {
    let level_key = LEVEL_KEYS.iter().find(|k| {
        object
            .get(**k)
            .and_then(Value::as_str)
            .and_then(Level::parse)
            .is_some()
    });
    let message_key = MESSAGE_KEYS
        .iter()
        .find(|k| object.get(**k).is_some_and(Value::is_string));
    let mut text = String::new();
    if let Some(k) = message_key {
        text.push_str(&value_text(&object[*k]));
    }
    for (key, value) in object {
        if Some(&key.as_str()) == level_key || Some(&key.as_str()) == message_key {
            continue;
        }
        if !text.is_empty() {
            text.push(' ');
        }
        let value = value_text(value);
        if value.contains(' ') || value.is_empty() {
            text.push_str(&format!("{key}={value:?}"));
        } else {
            text.push_str(&format!("{key}={value}"));
        }
    }
    Compact {
        level: level_of(object),
        text: sanitize(&text).into_owned(),
    }
}

/// The object pretty-printed, one sanitized text per row.
pub fn pretty(object: &Map<String, Value>) -> Vec<String> {
    let text = serde_json::to_string_pretty(object).unwrap_or_default();
    text.lines().map(|l| sanitize(l).into_owned()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINE: &str = r#"{"ts":"2026-01-01T10:00:00Z","level":"error","msg":"handled request","path":"/api/v1/orders","status":503,"http":{"method":"GET"}}"#;

    #[test]
    fn json_lines_are_detected_and_others_are_not() {
        assert!(parse(LINE).is_some());
        assert!(parse("  {\"a\":1}  ").is_some());
        assert!(parse("plain text {not json}").is_none());
        assert!(parse("{broken").is_none());
        assert!(parse("[1,2]").is_none());
    }

    #[test]
    fn compact_puts_level_and_message_first() {
        let c = compact(&parse(LINE).unwrap());
        assert_eq!(c.level, Some(Level::Error));
        assert_eq!(
            c.text,
            r#"handled request http={"method":"GET"} path=/api/v1/orders status=503 ts=2026-01-01T10:00:00Z"#
        );
    }

    #[test]
    fn fields_are_found_by_key_and_by_dotted_path() {
        let o = parse(LINE).unwrap();
        assert_eq!(field(&o, "level").as_deref(), Some("error"));
        assert_eq!(field(&o, "status").as_deref(), Some("503"));
        assert_eq!(field(&o, "http.method").as_deref(), Some("GET"));
        assert_eq!(field(&o, "nope"), None);
        let dotted = parse(r#"{"log.level":"WARNING","message":"m"}"#).unwrap();
        assert_eq!(level_of(&dotted), Some(Level::Warn));
    }

    #[test]
    fn escapes_inside_json_strings_are_sanitized_again() {
        let o = parse(r#"{"msg":"\u001b]0;pwned\u0007 hi","level":"info"}"#).unwrap();
        let c = compact(&o);
        assert!(
            !c.text.contains('\u{1b}') && !c.text.contains('\u{7}'),
            "{}",
            c.text
        );
        assert!(c.text.contains("\\e]0;pwned"));
        assert!(pretty(&o).iter().all(|l| !l.contains('\u{1b}')));
    }
}
