//! The YAML view of an object: `metadata.managedFields` hidden unless asked for, and a
//! Secret's values masked unless asked for, then shown decoded.
//!
//! Owns what the view (and so copy and save) may reveal. Must not highlight or lay out text.

use base64::Engine as _;
use serde_json::{Map, Value};

use super::highlight::{self, Class};

/// What the YAML view shows beyond the plain object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct YamlOptions {
    /// Show `metadata.managedFields` (noise for most readers; hidden by default).
    pub show_managed_fields: bool,
    /// Show a Secret's values decoded instead of masked.
    pub reveal_secrets: bool,
}

/// The annotation `kubectl apply` keeps the last applied object in; on a Secret it holds the
/// values in clear.
const LAST_APPLIED: &str = "kubectl.kubernetes.io/last-applied-configuration";

/// Whether `obj` is a Secret, whose values the view masks.
pub fn is_secret(obj: &Value) -> bool {
    obj.get("kind").and_then(Value::as_str) == Some("Secret")
}

/// The object as the YAML view shows it.
pub fn view_text(obj: &Value, options: YamlOptions) -> String {
    let mut shown = obj.clone();
    if !options.show_managed_fields
        && let Some(meta) = shown.get_mut("metadata").and_then(Value::as_object_mut)
    {
        meta.remove("managedFields");
    }
    if is_secret(&shown) {
        if options.reveal_secrets {
            decode_secret(&mut shown);
        } else {
            mask_secret(&mut shown);
        }
    }
    to_yaml(&shown)
}

/// YAML text of a value (JSON if YAML cannot represent it, which does not happen for API
/// objects but costs nothing to cover), readable alike by YAML 1.2 and 1.1 readers.
pub fn to_yaml(value: &Value) -> String {
    serde_yaml::to_string(value).map_or_else(
        |_| serde_json::to_string_pretty(value).unwrap_or_default(),
        |text| quote_yaml11_booleans(&text),
    )
}

/// Plain scalars YAML 1.1 readers (kubectl's among them) take for booleans, which `serde_yaml`,
/// reading YAML 1.2, leaves unquoted when they are strings.
const YAML11_BOOLEANS: &[&str] = &[
    "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off",
    "OFF",
];

/// Quotes string values such as `on` or `yes`, so that a saved or copied text means the same
/// to `kubectl apply` (an env value `on` must stay a string, not become `true`).
fn quote_yaml11_booleans(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let tokens = highlight::yaml_lines(&lines);
    let mut out = String::with_capacity(text.len() + 16);
    for (line, tokens) in lines.iter().zip(&tokens) {
        // A value after `key:` or `-`; a block scalar's lines are one token and stay as they are.
        let value = match tokens.as_slice() {
            [.., before, last]
                if before.class == Class::Punctuation
                    && last.class == Class::String
                    && YAML11_BOOLEANS.contains(&&line[last.start..last.end]) =>
            {
                Some(last)
            }
            _ => None,
        };
        match value {
            Some(t) => {
                out.push_str(&line[..t.start]);
                out.push('\'');
                out.push_str(&line[t.start..t.end]);
                out.push('\'');
                out.push_str(&line[t.end..]);
            }
            None => out.push_str(line),
        }
        out.push('\n');
    }
    out
}

/// `obj` with a Secret's values masked (other kinds unchanged): what may be written to disk.
pub fn without_secret_values(obj: &Value) -> Value {
    let mut shown = obj.clone();
    if is_secret(obj) {
        mask_secret(&mut shown);
    }
    shown
}

/// Replaces every value of `data` and `stringData` by its size, and the last-applied
/// annotation (which repeats them in clear) by a placeholder.
fn mask_secret(secret: &mut Value) {
    for field in ["data", "stringData"] {
        let base64 = field == "data";
        if let Some(data) = secret.get_mut(field).and_then(Value::as_object_mut) {
            for value in data.values_mut() {
                let size = value.as_str().map_or(0, |v| {
                    if base64 {
                        decoded(v).map_or(v.len(), |d| d.len())
                    } else {
                        v.len()
                    }
                });
                *value = Value::String(format!("<hidden: {size} bytes>"));
            }
        }
    }
    if let Some(annotation) = secret
        .pointer_mut("/metadata/annotations")
        .and_then(Value::as_object_mut)
        .and_then(|a| a.get_mut(LAST_APPLIED))
    {
        *annotation = Value::String("<hidden: holds the Secret's values>".to_owned());
    }
}

/// Moves the values of `data` that are text into `stringData`, decoded, so that what is shown
/// (and copied or saved) is still a Secret the API accepts. Binary values stay in `data`.
fn decode_secret(secret: &mut Value) {
    let Some(obj) = secret.as_object_mut() else {
        return;
    };
    let Some(Value::Object(data)) = obj.remove("data") else {
        return;
    };
    let mut text = match obj.remove("stringData") {
        Some(Value::Object(existing)) => existing,
        _ => Map::new(),
    };
    let mut binary = Map::new();
    for (key, value) in data {
        match value
            .as_str()
            .and_then(decoded)
            .and_then(|d| String::from_utf8(d).ok())
        {
            Some(clear) => {
                text.insert(key, Value::String(clear));
            }
            None => {
                binary.insert(key, value);
            }
        }
    }
    if !binary.is_empty() {
        obj.insert("data".to_owned(), Value::Object(binary));
    }
    if !text.is_empty() {
        obj.insert("stringData".to_owned(), Value::Object(text));
    }
}

fn decoded(value: &str) -> Option<Vec<u8>> {
    base64::engine::general_purpose::STANDARD.decode(value).ok()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn secret() -> Value {
        json!({
            "apiVersion": "v1",
            "kind": "Secret",
            "metadata": {
                "name": "db",
                "namespace": "shop",
                "annotations": {
                    "team": "payments",
                    LAST_APPLIED: "{\"data\":{\"password\":\"aHVudGVyMg==\"}}"
                },
                "managedFields": [{"manager": "kubectl", "operation": "Update"}]
            },
            "type": "Opaque",
            "data": {
                "password": "aHVudGVyMg==",
                "username": "YWRtaW4=",
                "blob": "/w=="
            }
        })
    }

    #[test]
    fn secret_values_are_masked_by_default() {
        let text = view_text(&secret(), YamlOptions::default());
        assert!(text.contains("password: '<hidden: 7 bytes>'"), "{text}");
        assert!(text.contains("username: '<hidden: 5 bytes>'"), "{text}");
        assert!(text.contains("blob: '<hidden: 1 bytes>'"), "{text}");
        for secret in ["aHVudGVyMg", "hunter2", "YWRtaW4", "admin"] {
            assert!(!text.contains(secret), "{secret} leaked:\n{text}");
        }
        assert!(text.contains("team: payments"), "other annotations stay");
    }

    #[test]
    fn revealed_secret_values_are_decoded_into_string_data() {
        let options = YamlOptions {
            reveal_secrets: true,
            ..YamlOptions::default()
        };
        let text = view_text(&secret(), options);
        let shown: Value = serde_yaml::from_str(&text).unwrap();
        assert_eq!(shown["stringData"]["password"], "hunter2");
        assert_eq!(shown["stringData"]["username"], "admin");
        assert_eq!(
            shown["data"],
            json!({"blob": "/w=="}),
            "binary stays encoded"
        );
    }

    #[test]
    fn other_kinds_are_not_masked() {
        let mut config = secret();
        config["kind"] = json!("ConfigMap");
        let text = view_text(&config, YamlOptions::default());
        assert!(text.contains("aHVudGVyMg=="), "{text}");
    }

    #[test]
    fn strings_yaml_1_1_would_read_as_booleans_are_quoted() {
        let value = json!({
            "env": [{"name": "FEATURE", "value": "on"}, {"name": "DEBUG", "value": "no"}],
            "labels": {"canary": "yes", "ok": "fine"},
            "list": ["off", "Y", "x"],
            "flag": true,
            "script": "set -e\nyes\n"
        });
        let text = to_yaml(&value);
        for quoted in [
            "value: 'on'",
            "value: 'no'",
            "canary: 'yes'",
            "- 'off'",
            "- 'Y'",
        ] {
            assert!(text.contains(quoted), "{quoted} in\n{text}");
        }
        assert!(text.contains("flag: true") && text.contains("ok: fine") && text.contains("- x"));
        assert!(
            text.contains("\n  yes\n"),
            "block scalar text is untouched:\n{text}"
        );
        let back: Value = serde_yaml::from_str(&text).unwrap();
        assert_eq!(back, value);
    }

    #[test]
    fn managed_fields_are_hidden_unless_asked_for() {
        let pod = json!({"kind": "Pod", "metadata": {"name": "p", "managedFields": [{"manager": "kubelet"}]}});
        let hidden = view_text(&pod, YamlOptions::default());
        assert!(!hidden.contains("managedFields"), "{hidden}");
        assert!(hidden.contains("name: p"));
        let shown = view_text(
            &pod,
            YamlOptions {
                show_managed_fields: true,
                ..YamlOptions::default()
            },
        );
        assert!(shown.contains("managedFields:") && shown.contains("manager: kubelet"));
    }
}
