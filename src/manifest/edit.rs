//! The text an editor opens for an object, and what the text that comes back means: nothing to
//! do (empty or unchanged), a mistake to show the user (bad YAML, another object), or a change.
//!
//! Owns the editable form (no managedFields, status or resourceVersion: noise, or fields the
//! server owns), the comment block at the top of the file, and the checks done before the
//! server sees anything. Must not do I/O or run the editor.

use serde_json::Value;

use super::yaml::to_yaml;

/// Metadata fields the server owns; left out of the file and restored when sending.
const SERVER_METADATA: &[&str] = &["managedFields", "resourceVersion", "generation", "selfLink"];

/// An object as the user edits it, and the version it was read at.
#[derive(Debug, Clone, PartialEq)]
pub struct Editable {
    pub value: Value,
    /// The `resourceVersion` the object had when read: the update is conditional on it.
    pub resource_version: Option<String>,
}

/// The editable form of a live object.
pub fn editable(live: &Value) -> Editable {
    let mut value = live.clone();
    let mut resource_version = None;
    if let Some(obj) = value.as_object_mut() {
        obj.remove("status");
        if let Some(meta) = obj.get_mut("metadata").and_then(Value::as_object_mut) {
            resource_version = meta
                .get("resourceVersion")
                .and_then(Value::as_str)
                .map(str::to_owned);
            for field in SERVER_METADATA {
                meta.remove(*field);
            }
        }
    }
    Editable {
        value,
        resource_version,
    }
}

/// The object to send: the user's edit, conditional on `resource_version`.
pub fn to_send(edited: &Value, resource_version: Option<&str>) -> Value {
    let mut out = edited.clone();
    if let (Some(rv), Some(meta)) = (
        resource_version,
        out.get_mut("metadata").and_then(Value::as_object_mut),
    ) {
        meta.insert("resourceVersion".to_owned(), Value::String(rv.to_owned()));
    }
    out
}

/// "pod shop/web-1", for headers and messages.
pub fn describe_target(value: &Value) -> String {
    let kind = super::text(value, &["kind"]).to_lowercase();
    let name = super::text(value, &["metadata", "name"]);
    match super::text(value, &["metadata", "namespace"]) {
        "" => format!("{kind} {name}"),
        ns => format!("{kind} {ns}/{name}"),
    }
}

/// The file the editor opens: a comment block (what to do, and the last problem if any), then
/// `body` (YAML of the object, or the user's own text from the previous round).
pub fn file_text(target: &str, problem: Option<&str>, body: &str) -> String {
    let mut out = format!(
        "# kview: editing {target}. Save and quit to see the changes before they are applied.\n\
         # Lines starting with '#' are ignored. Save an empty file to cancel the edit.\n"
    );
    if let Some(problem) = problem {
        out.push_str("#\n");
        for line in problem.lines() {
            out.push_str("# ");
            out.push_str(line);
            out.push('\n');
        }
    }
    out.push_str("#\n");
    out.push_str(body);
    if !body.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// The first YAML text of an object for the editor.
pub fn initial_body(editable: &Editable) -> String {
    to_yaml(&editable.value)
}

/// The user's text without the comment block kview put on top, to reopen the editor on.
pub fn strip_header(text: &str) -> &str {
    let mut rest = text;
    while rest.starts_with('#') {
        rest = rest.split_once('\n').map_or("", |(_, after)| after);
    }
    rest
}

/// What the edited text means.
#[derive(Debug, Clone, PartialEq)]
pub enum Checked {
    /// Nothing but comments and blank lines: the user cancelled.
    Empty,
    /// The same object as before (formatting aside).
    Unchanged,
    /// The text cannot be applied; the message goes into the comment block.
    Invalid(String),
    /// A changed object, ready for the server.
    Changed(Value),
}

/// Checks the edited `text` against the `original` editable object.
pub fn check(original: &Value, text: &str) -> Checked {
    let has_content = text.lines().any(|l| {
        let t = l.trim();
        !t.is_empty() && !t.starts_with('#')
    });
    if !has_content {
        return Checked::Empty;
    }
    let edited: Value = match serde_yaml::from_str(text) {
        Ok(v) => v,
        Err(e) => return Checked::Invalid(format!("The file is not valid YAML: {e}")),
    };
    if edited.is_null() {
        return Checked::Empty;
    }
    if !edited.is_object() {
        return Checked::Invalid("The file must hold one object (a YAML mapping).".to_owned());
    }
    let identity = |v: &Value| {
        [
            super::text(v, &["apiVersion"]).to_owned(),
            super::text(v, &["kind"]).to_owned(),
            super::text(v, &["metadata", "namespace"]).to_owned(),
            super::text(v, &["metadata", "name"]).to_owned(),
        ]
    };
    if identity(&edited) != identity(original) {
        return Checked::Invalid(format!(
            "apiVersion, kind, namespace and name cannot be changed here: this edit is of {}.\n\
             To create another object, save the file elsewhere and use kubectl apply.",
            describe_target(original)
        ));
    }
    if edited == *original {
        Checked::Unchanged
    } else {
        Checked::Changed(edited)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn pod() -> Value {
        json!({
            "apiVersion": "v1",
            "kind": "Pod",
            "metadata": {
                "name": "web-1",
                "namespace": "shop",
                "uid": "u-1",
                "resourceVersion": "42",
                "generation": 1,
                "labels": {"app": "web"},
                "managedFields": [{"manager": "kubectl"}]
            },
            "spec": {"containers": [{"name": "web", "image": "nginx:1.27", "resources": {"limits": {"cpu": "500m", "memory": 1_073_741_824}}}]},
            "status": {"phase": "Running"}
        })
    }

    #[test]
    fn the_editable_form_drops_noise_and_remembers_the_version() {
        let e = editable(&pod());
        assert_eq!(e.resource_version.as_deref(), Some("42"));
        assert!(e.value.get("status").is_none());
        let meta = &e.value["metadata"];
        for gone in ["managedFields", "resourceVersion", "generation"] {
            assert!(meta.get(gone).is_none(), "{gone}");
        }
        assert_eq!(meta["uid"], "u-1");
        let sent = to_send(&e.value, e.resource_version.as_deref());
        assert_eq!(sent["metadata"]["resourceVersion"], "42");
    }

    #[test]
    fn the_yaml_round_trips_to_an_unchanged_object() {
        let e = editable(&pod());
        let text = file_text("pod shop/web-1", None, &initial_body(&e));
        assert!(text.starts_with("# kview: editing pod shop/web-1."));
        assert_eq!(check(&e.value, &text), Checked::Unchanged);
        let reformatted = text.replace("app: web", "app:    web  # still web");
        assert_eq!(check(&e.value, &reformatted), Checked::Unchanged);
    }

    #[test]
    fn a_label_change_is_a_change() {
        let e = editable(&pod());
        let text = initial_body(&e).replace("app: web", "app: web\n    tier: front");
        let Checked::Changed(v) = check(&e.value, &text) else {
            panic!("not a change: {text}");
        };
        assert_eq!(v["metadata"]["labels"]["tier"], "front");
    }

    #[test]
    fn empty_or_comment_only_files_cancel() {
        let e = editable(&pod());
        assert_eq!(check(&e.value, ""), Checked::Empty);
        assert_eq!(check(&e.value, "# nothing\n\n  # here\n"), Checked::Empty);
    }

    #[test]
    fn invalid_yaml_and_other_objects_are_explained() {
        let e = editable(&pod());
        let Checked::Invalid(msg) = check(&e.value, "metadata: [unclosed\n") else {
            panic!()
        };
        assert!(msg.starts_with("The file is not valid YAML"), "{msg}");
        assert!(msg.contains("line"), "{msg}");
        let renamed = initial_body(&e).replace("name: web-1", "name: web-2");
        let Checked::Invalid(msg) = check(&e.value, &renamed) else {
            panic!()
        };
        assert!(msg.contains("cannot be changed") && msg.contains("pod shop/web-1"));
        assert!(matches!(check(&e.value, "- a\n- b\n"), Checked::Invalid(_)));
    }

    #[test]
    fn the_header_and_problem_come_off_again() {
        let body = "kind: Pod\n# mine\nmetadata: {}\n";
        let text = file_text("pod a/b", Some("error one\nerror two"), body);
        assert!(text.contains("# error one\n# error two\n"), "{text}");
        assert_eq!(strip_header(&text), body);
        assert_eq!(strip_header("# only\n# comments"), "");
    }
}
