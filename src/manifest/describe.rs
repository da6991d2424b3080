//! `kubectl describe`-like text of an object and its events: aligned `Field:  value` lines,
//! sections indented beneath, and the events table, oldest first and newest last.
//!
//! Owns the document builder, what every kind shares (metadata, events) and the choice of
//! layout per kind; pods and the other kinds have their own files. Must not fetch anything:
//! the object and its events are handed in, with the time to count ages from.

use std::collections::BTreeMap;

use serde_json::Value;

use super::{at, describe_kinds, describe_pod, list, text};
use crate::resources::age;
use crate::sanitize::{display_width, sanitize};

/// The describe text of `obj`, with its `events` (any order) as of `now_unix`.
pub fn describe(obj: &Value, events: &[Value], now_unix: i64) -> Vec<String> {
    let mut doc = Doc::default();
    match text(obj, &["kind"]) {
        "Pod" => describe_pod::pod(&mut doc, obj, now_unix),
        "Deployment" => describe_kinds::deployment(&mut doc, obj),
        "Service" => describe_kinds::service(&mut doc, obj),
        "Node" => describe_kinds::node(&mut doc, obj),
        "Secret" => secret(&mut doc, obj),
        _ => generic(&mut doc, obj),
    }
    event_table(&mut doc, events, now_unix);
    doc.finish()
}

/// Rows of a describe text; fields at the same depth are aligned when finished.
#[derive(Debug, Default)]
pub(super) struct Doc {
    rows: Vec<DocRow>,
}

#[derive(Debug)]
enum DocRow {
    Field {
        indent: usize,
        label: String,
        value: String,
    },
    Text(String),
}

/// Widest label a value column aligns to; longer labels push only their own value.
const MAX_LABEL: usize = 28;

impl Doc {
    /// `Label:  value`; a value of several lines continues under the first.
    pub(super) fn field(&mut self, indent: usize, label: &str, value: impl Into<String>) {
        self.rows.push(DocRow::Field {
            indent,
            label: format!("{label}:"),
            value: value.into(),
        });
    }

    /// A heading (`Containers:`) with nothing after it.
    pub(super) fn heading(&mut self, indent: usize, label: &str) {
        self.field(indent, label, "");
    }

    /// A line as it is, indented.
    pub(super) fn text(&mut self, indent: usize, line: impl AsRef<str>) {
        self.rows.push(DocRow::Text(format!(
            "{}{}",
            " ".repeat(indent),
            line.as_ref()
        )));
    }

    /// `Labels:  a=b` with one entry per line, or `<none>`.
    pub(super) fn map(&mut self, indent: usize, label: &str, map: &Value) {
        self.field(indent, label, pairs(map, "=", "\n"));
    }

    /// `Annotations:  key: value` with one entry per line, or `<none>`.
    pub(super) fn annotations(&mut self, indent: usize, map: &Value) {
        self.field(indent, "Annotations", pairs(map, ": ", "\n"));
    }

    /// A table of rows with a header, columns separated by two spaces.
    pub(super) fn table(&mut self, indent: usize, header: &[&str], rows: &[Vec<String>]) {
        let mut widths: Vec<usize> = header.iter().map(|h| shown_width(h)).collect();
        for row in rows {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(shown_width(cell));
            }
        }
        let line = |cells: &[String]| {
            let mut out = String::new();
            for (i, cell) in cells.iter().enumerate() {
                out.push_str(cell);
                if i + 1 < cells.len() {
                    let pad = widths[i].saturating_sub(shown_width(cell)) + 2;
                    out.push_str(&" ".repeat(pad));
                }
            }
            out
        };
        let head: Vec<String> = header.iter().map(|h| (*h).to_owned()).collect();
        let rule: Vec<String> = header.iter().map(|h| "-".repeat(h.len())).collect();
        self.text(indent, line(&head));
        self.text(indent, line(&rule));
        for row in rows {
            self.text(indent, line(row));
        }
    }

    /// The lines, values aligned among the fields of each depth.
    pub(super) fn finish(self) -> Vec<String> {
        let mut widths: BTreeMap<usize, usize> = BTreeMap::new();
        for row in &self.rows {
            if let DocRow::Field {
                indent,
                label,
                value,
            } = row
                && !value.is_empty()
            {
                let w = widths.entry(*indent).or_default();
                *w = (*w).max(shown_width(label).min(MAX_LABEL));
            }
        }
        let mut out = Vec::new();
        for row in self.rows {
            match row {
                DocRow::Text(line) => out.push(line),
                DocRow::Field {
                    indent,
                    label,
                    value,
                } => {
                    let column = indent + widths.get(&indent).copied().unwrap_or(0) + 2;
                    let mut lines = value.lines();
                    let first = lines.next().unwrap_or_default();
                    let lead = format!("{}{label}", " ".repeat(indent));
                    if first.is_empty() {
                        out.push(lead);
                    } else {
                        let pad = column.saturating_sub(shown_width(&lead)).max(1);
                        out.push(format!("{lead}{}{first}", " ".repeat(pad)));
                    }
                    for more in lines {
                        out.push(format!("{}{more}", " ".repeat(column)));
                    }
                }
            }
        }
        out
    }
}

/// Columns `text` takes once the view has sanitized it: an escape such as `\e` is two
/// columns, a wide character two, an accent none. Counting characters would misalign a table
/// as soon as a reason or a container name holds either.
fn shown_width(text: &str) -> usize {
    display_width(&sanitize(text))
}

/// `a=b` pairs of a string map, joined by `separator`; `<none>` when empty.
pub(super) fn pairs(map: &Value, between: &str, separator: &str) -> String {
    let Some(map) = map.as_object().filter(|m| !m.is_empty()) else {
        return "<none>".to_owned();
    };
    map.iter()
        .map(|(k, v)| format!("{k}{between}{}", v.as_str().unwrap_or_default()))
        .collect::<Vec<_>>()
        .join(separator)
}

/// A value or `<none>`.
pub(super) fn or_none(value: &str) -> String {
    if value.is_empty() {
        "<none>".to_owned()
    } else {
        value.to_owned()
    }
}

/// A number or string field as text (`""` when absent).
pub(super) fn scalar(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// An RFC 3339 API time as kubectl describe prints it: `Tue, 14 Nov 2023 22:13:20 +0000`.
pub(super) fn time(value: &Value) -> String {
    value
        .as_str()
        .and_then(|s| s.parse::<jiff::Timestamp>().ok())
        .map_or_else(
            || or_none(value.as_str().unwrap_or_default()),
            |t| t.strftime("%a, %d %b %Y %H:%M:%S +0000").to_string(),
        )
}

pub(super) fn unix(value: &Value) -> Option<i64> {
    value
        .as_str()
        .and_then(|s| s.parse::<jiff::Timestamp>().ok())
        .map(jiff::Timestamp::as_second)
}

/// Name, namespace, labels and annotations, as every kind starts.
pub(super) fn metadata(doc: &mut Doc, obj: &Value) {
    doc.field(0, "Name", text(obj, &["metadata", "name"]));
    let ns = text(obj, &["metadata", "namespace"]);
    if !ns.is_empty() {
        doc.field(0, "Namespace", ns);
    }
    doc.map(0, "Labels", at(obj, &["metadata", "labels"]));
    doc.annotations(0, at(obj, &["metadata", "annotations"]));
}

/// `Controlled By:  ReplicaSet/web-7c5dd`, when a controller owns the object.
pub(super) fn controlled_by(doc: &mut Doc, obj: &Value) {
    if let Some(owner) = list(obj, &["metadata", "ownerReferences"])
        .iter()
        .find(|o| o["controller"] == Value::Bool(true))
    {
        doc.field(
            0,
            "Controlled By",
            format!("{}/{}", text(owner, &["kind"]), text(owner, &["name"])),
        );
    }
}

fn generic(doc: &mut Doc, obj: &Value) {
    metadata(doc, obj);
    doc.field(0, "Kind", text(obj, &["kind"]));
    doc.field(
        0,
        "CreationTimestamp",
        time(at(obj, &["metadata", "creationTimestamp"])),
    );
    controlled_by(doc, obj);
}

/// A Secret shows the size of each value, never the value.
fn secret(doc: &mut Doc, obj: &Value) {
    metadata(doc, obj);
    doc.text(0, "");
    doc.field(0, "Type", text(obj, &["type"]));
    doc.text(0, "");
    doc.text(0, "Data");
    doc.text(0, "====");
    if let Some(data) = at(obj, &["data"]).as_object() {
        for (key, value) in data {
            let size = value.as_str().map_or(0, |v| {
                use base64::Engine as _;
                base64::engine::general_purpose::STANDARD
                    .decode(v)
                    .map_or(v.len(), |d| d.len())
            });
            doc.text(0, format!("{key}:  {size} bytes"));
        }
    }
}

/// The events table, oldest first, or `Events:  <none>`.
fn event_table(doc: &mut Doc, events: &[Value], now_unix: i64) {
    if events.is_empty() {
        doc.field(0, "Events", "<none>");
        return;
    }
    let when = |e: &Value| {
        ["lastTimestamp", "eventTime", "firstTimestamp"]
            .iter()
            .find_map(|f| unix(&e[*f]))
            .or_else(|| unix(at(e, &["metadata", "creationTimestamp"])))
            .unwrap_or(0)
    };
    let mut sorted: Vec<&Value> = events.iter().collect();
    sorted.sort_by_key(|e| when(e));
    let rows: Vec<Vec<String>> = sorted
        .iter()
        .map(|e| {
            let last = when(e);
            let count = e["count"].as_i64().unwrap_or(1);
            let first = unix(&e["firstTimestamp"]).unwrap_or(last);
            let age_text = if count > 1 {
                format!(
                    "{} (x{count} over {})",
                    age(last, now_unix),
                    age(first, now_unix)
                )
            } else {
                age(last, now_unix)
            };
            let from = [
                text(e, &["source", "component"]),
                text(e, &["reportingComponent"]),
            ]
            .into_iter()
            .find(|s| !s.is_empty())
            .unwrap_or_default();
            vec![
                text(e, &["type"]).to_owned(),
                text(e, &["reason"]).to_owned(),
                age_text,
                from.to_owned(),
                text(e, &["message"]).trim().replace('\n', " "),
            ]
        })
        .collect();
    doc.heading(0, "Events");
    doc.table(2, &["Type", "Reason", "Age", "From", "Message"], &rows);
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const NOW: i64 = 1_700_000_000;

    #[test]
    fn fields_align_per_depth_and_maps_continue_under_their_value() {
        let mut doc = Doc::default();
        doc.field(0, "Name", "web");
        doc.map(0, "Labels", &json!({"app": "web", "tier": "front"}));
        doc.heading(0, "Containers");
        doc.field(4, "Image", "nginx");
        doc.field(4, "Restart Count", "0");
        assert_eq!(
            doc.finish(),
            [
                "Name:    web",
                "Labels:  app=web",
                "         tier=front",
                "Containers:",
                "    Image:          nginx",
                "    Restart Count:  0",
            ]
        );
    }

    #[test]
    fn events_are_oldest_first_with_repeat_counts() {
        let event = |reason: &str, last: i64, count: i64, first: i64| {
            json!({
                "type": "Normal", "reason": reason, "count": count,
                "message": format!("{reason} happened"),
                "source": {"component": "kubelet"},
                "firstTimestamp": jiff::Timestamp::from_second(first).unwrap().to_string(),
                "lastTimestamp": jiff::Timestamp::from_second(last).unwrap().to_string(),
            })
        };
        let events = [
            event("Pulled", NOW - 30, 1, NOW - 30),
            event("BackOff", NOW - 10, 4, NOW - 600),
            event("Scheduled", NOW - 900, 1, NOW - 900),
        ];
        let obj = json!({"kind": "ConfigMap", "metadata": {"name": "c"}});
        let lines = describe(&obj, &events, NOW);
        let table: Vec<&String> = lines.iter().skip_while(|l| *l != "Events:").collect();
        assert_eq!(
            table[1].trim_end(),
            "  Type    Reason     Age                From     Message"
        );
        assert!(table[3].contains("Scheduled") && table[3].contains("15m"));
        assert!(table[4].contains("Pulled"));
        assert!(table[5].contains("BackOff") && table[5].contains("10s (x4 over 10m)"));
    }

    #[test]
    fn event_columns_align_by_shown_width_with_wide_and_escaped_reasons() {
        let event = |reason: &str, from: &str| {
            json!({
                "type": "Warning", "reason": reason, "count": 1, "message": "m",
                "source": {"component": from},
                "lastTimestamp": jiff::Timestamp::from_second(NOW - 5).unwrap().to_string(),
            })
        };
        let events = [
            event("拉取失败", "kubelet"),
            event("Bad\u{1b}[2J", "节点-控制器"),
            event("Plain", "x"),
        ];
        let obj = json!({"kind": "ConfigMap", "metadata": {"name": "c"}});
        let lines = describe(&obj, &events, NOW);
        let table: Vec<String> = lines
            .iter()
            .skip_while(|l| *l != "Events:")
            .skip(1)
            .map(|l| sanitize(l).into_owned())
            .collect();
        // Where the Age and Message columns start, in screen columns, on every line.
        let column_of = |line: &str, needle: &str| {
            let at = line.find(needle).unwrap();
            display_width(&line[..at])
        };
        let age = column_of(&table[0], "Age");
        let message = column_of(&table[0], "Message");
        for row in &table[2..] {
            assert_eq!(column_of(row, "5s"), age, "{table:#?}");
            assert_eq!(display_width(row.trim_end()) - 1, message, "{table:#?}");
        }
    }

    #[test]
    fn no_events_and_secrets_show_sizes_only() {
        let obj = json!({"kind": "Secret", "type": "Opaque", "metadata": {"name": "db", "namespace": "shop"}, "data": {"password": "aHVudGVyMg=="}});
        let lines = describe(&obj, &[], NOW);
        assert!(
            lines.iter().any(|l| l == "password:  7 bytes"),
            "{lines:#?}"
        );
        assert!(!lines.iter().any(|l| l.contains("aHVudGVy")));
        assert_eq!(
            lines.last().map(String::as_str),
            Some("Events:       <none>")
        );
    }
}
