//! Object metadata validation: names (per kind's name rule), namespaces, labels,
//! annotations, owner references and finalizers.
//!
//! It owns metadata rules only; it must not look at `spec` or `status`.

use super::access::{get, int, items, object, text};
use super::go_format::go_string_slice;
use super::{Bad, Errs, MAX_ANNOTATION_BYTES};
use crate::sim::names::{
    dns1035_label_errors, dns1123_label_errors, dns1123_subdomain_errors, label_value_errors,
    qualified_name_errors,
};
use serde_json::{Map, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum NameRule {
    Subdomain,
    Label,
    Dns1035,
    /// Only what fits in a URL path segment; what the server checks for kinds (Events) whose
    /// own validation says nothing about the name.
    PathSegment,
}

#[derive(Debug, Clone, Copy)]
pub(super) struct MetaRules {
    pub(super) name: NameRule,
    pub(super) namespaced: bool,
    /// Core and apps kinds additionally insist that finalizer names without a `/` be one of
    /// the built-in ones.
    pub(super) kube_finalizers: bool,
}

pub(super) const NAMESPACED: MetaRules = MetaRules {
    name: NameRule::Subdomain,
    namespaced: true,
    kube_finalizers: true,
};

fn name_errors(rule: NameRule, name: &str, prefix: bool) -> Vec<String> {
    if rule == NameRule::PathSegment {
        return path_segment_errors(name, prefix);
    }
    // A generateName prefix may end in '-': the server swaps the last two bytes for "a"
    // before checking, since random characters will follow.
    let name = if prefix && name.len() > 1 && name.ends_with('-') {
        format!(
            "{}a",
            String::from_utf8_lossy(&name.as_bytes()[..name.len() - 2])
        )
    } else {
        name.to_owned()
    };
    match rule {
        NameRule::Label => dns1123_label_errors(&name),
        NameRule::Dns1035 => dns1035_label_errors(&name),
        NameRule::Subdomain | NameRule::PathSegment => dns1123_subdomain_errors(&name),
    }
}

fn path_segment_errors(name: &str, prefix: bool) -> Vec<String> {
    if !prefix {
        for bad in [".", ".."] {
            if name == bad {
                return vec![format!("may not be '{bad}'")];
            }
        }
    }
    ["/", "%"]
        .iter()
        .filter(|bad| name.contains(**bad))
        .map(|bad| format!("may not contain '{bad}'"))
        .collect()
}

pub(super) fn validate_meta(obj: &Value, rules: MetaRules, e: &mut Errs) {
    let meta = get(obj, "metadata");
    let name = text(meta, "name");
    let generate = text(meta, "generateName");
    if !generate.is_empty() {
        e.invalid_all(
            "metadata.generateName",
            generate,
            name_errors(rules.name, generate, true),
        );
    }
    if !name.is_empty() {
        e.invalid_all("metadata.name", name, name_errors(rules.name, name, false));
    } else if generate.is_empty() {
        e.required("metadata.name", "name or generateName is required");
    }
    if rules.namespaced {
        let ns = text(meta, "namespace");
        if ns.is_empty() {
            e.required("metadata.namespace", "");
        } else {
            e.invalid_all("metadata.namespace", ns, dns1123_label_errors(ns));
        }
    }
    if let Some(g) = int(meta, "generation") {
        e.nonnegative("metadata.generation", g);
    }
    validate_labels(object(meta, "labels"), "metadata.labels", e);
    validate_annotations(object(meta, "annotations"), "metadata.annotations", e);
    validate_owner_references(items(meta, "ownerReferences"), e);
    validate_finalizers(items(meta, "finalizers"), rules.kube_finalizers, e);
}

pub(super) fn validate_labels(labels: Option<&Map<String, Value>>, field: &str, e: &mut Errs) {
    for (key, value) in labels.into_iter().flatten() {
        e.invalid_all(field, key, qualified_name_errors(key));
        if let Some(value) = value.as_str() {
            e.invalid_all(field, value, label_value_errors(value));
        }
    }
}

pub(super) fn validate_annotations(
    annotations: Option<&Map<String, Value>>,
    field: &str,
    e: &mut Errs,
) {
    let mut total = 0;
    for (key, value) in annotations.into_iter().flatten() {
        // Keys are checked lower-cased (upper case is tolerated) but reported as written.
        e.invalid_all(field, key, qualified_name_errors(&key.to_lowercase()));
        total += key.len() + value.as_str().map_or(0, str::len);
    }
    if total > MAX_ANNOTATION_BYTES {
        e.too_long(field, MAX_ANNOTATION_BYTES);
    }
}

fn validate_owner_references(refs: &[Value], e: &mut Errs) {
    for r in refs {
        let api_version = text(r, "apiVersion");
        let version = match api_version.split('/').collect::<Vec<_>>().as_slice() {
            [v] | [_, v] => *v,
            _ => "",
        };
        let checks = [
            (
                "apiVersion",
                api_version,
                version.is_empty(),
                "version must not be empty",
            ),
            (
                "kind",
                text(r, "kind"),
                text(r, "kind").is_empty(),
                "kind must not be empty",
            ),
            (
                "name",
                text(r, "name"),
                text(r, "name").is_empty(),
                "name must not be empty",
            ),
            (
                "uid",
                text(r, "uid"),
                text(r, "uid").is_empty(),
                "uid must not be empty",
            ),
        ];
        for (child, value, failed, msg) in checks {
            if failed {
                // The server reports every reference under the list's path, without an index.
                let field = format!("metadata.ownerReferences.{child}");
                e.invalid(&field, &Bad::Str(value), msg);
            }
        }
    }
}

fn validate_finalizers(finalizers: &[Value], kube: bool, e: &mut Errs) {
    let names: Vec<&str> = finalizers.iter().filter_map(Value::as_str).collect();
    for f in &names {
        e.invalid_all("metadata.finalizers", f, qualified_name_errors(f));
    }
    if names.contains(&"orphan") && names.contains(&"foregroundDeletion") {
        let shown = go_string_slice(Some(finalizers));
        e.invalid(
            "metadata.finalizers",
            &Bad::Go(shown),
            "finalizer orphan and foregroundDeletion cannot be both set",
        );
    }
    if kube {
        for (i, f) in names.iter().enumerate() {
            kube_finalizer(f, &format!("metadata.finalizers[{i}]"), e);
        }
    }
}

pub(super) fn kube_finalizer(name: &str, field: &str, e: &mut Errs) {
    let standard = ["kubernetes", "orphan", "foregroundDeletion"];
    if !name.contains('/') && !standard.contains(&name) {
        e.invalid(
            field,
            &Bad::Str(name),
            "name is neither a standard finalizer name nor is it fully qualified",
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::sim::validate::test_support::{SUBDOMAIN_REGEX, messages, pod, service};
    use crate::sim::validate::{invalid_status, validate};
    use serde_json::json;

    #[test]
    fn invalid_pod_name_is_reported_with_regex() {
        let mut p = pod();
        p["metadata"]["name"] = json!("My_Pod");
        assert_eq!(
            messages("Pod", &p),
            vec![format!(
                "metadata.name: Invalid value: \"My_Pod\": {SUBDOMAIN_REGEX}"
            )]
        );
        let status = invalid_status("Pod", "", "My_Pod", &validate("Pod", &p).unwrap_err());
        assert_eq!(
            status["message"],
            format!(
                "Pod \"My_Pod\" is invalid: metadata.name: Invalid value: \"My_Pod\": {SUBDOMAIN_REGEX}"
            )
        );
        assert!(status["details"].get("group").is_none());
    }

    #[test]
    fn too_long_name() {
        let mut p = pod();
        let long = "a".repeat(254);
        p["metadata"]["name"] = json!(long);
        assert_eq!(
            messages("Pod", &p),
            vec![format!(
                "metadata.name: Invalid value: \"{long}\": must be no more than 253 characters"
            )]
        );
    }

    #[test]
    fn missing_name_unless_generate_name() {
        let mut p = pod();
        p["metadata"].as_object_mut().unwrap().remove("name");
        assert_eq!(
            messages("Pod", &p),
            vec!["metadata.name: Required value: name or generateName is required"]
        );
        p["metadata"]["generateName"] = json!("web-");
        assert!(validate("Pod", &p).is_ok());
        p["metadata"]["generateName"] = json!("Web-");
        assert_eq!(messages("Pod", &p).len(), 1);
    }

    #[test]
    fn namespace_and_service_names_use_label_rules() {
        let ns = json!({"metadata": {"name": "my.ns"}});
        assert_eq!(
            messages("Namespace", &ns),
            vec!["metadata.name: Invalid value: \"my.ns\": must not contain dots"]
        );
        let mut svc = service();
        svc["metadata"]["name"] = json!("1web");
        assert_eq!(
            messages("Service", &svc),
            vec![
                "metadata.name: Invalid value: \"1web\": a DNS-1035 label must consist of lower \
                  case alphanumeric characters or '-', start with an alphabetic character, and \
                  end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used \
                  for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"
            ]
        );
    }

    #[test]
    fn label_and_annotation_key_errors() {
        let mut p = pod();
        p["metadata"]["labels"] = json!({"app": "a b"});
        p["metadata"]["annotations"] = json!({"bad key": "x", "Example.com/Ok": "y"});
        let got = messages("Pod", &p);
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(
            got[0].starts_with("metadata.labels: Invalid value: \"a b\": a valid label must be")
        );
        assert!(got[1].starts_with(
            "metadata.annotations: Invalid value: \"bad key\": name part must consist of"
        ));
    }

    #[test]
    fn missing_namespace_is_required_for_namespaced_kinds() {
        let mut p = pod();
        p["metadata"].as_object_mut().unwrap().remove("namespace");
        assert_eq!(
            messages("Pod", &p),
            vec!["metadata.namespace: Required value"]
        );
        // Cluster-scoped kinds ignore a namespace (the server clears it before validating).
        assert!(
            validate(
                "Node",
                &json!({"metadata": {"name": "n", "namespace": "x"}})
            )
            .is_ok()
        );
    }
}
