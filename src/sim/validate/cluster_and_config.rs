//! Validation of `Node`, `Namespace`, `ConfigMap`, `Secret` and core/v1 `Event` objects.
//!
//! It owns these kinds' rules only; metadata is checked by `metadata`.

use super::access::{get, items, object, present, text};
use super::endpoints::is_cidr;
use super::go_format::go_string_slice;
use super::metadata::{MetaRules, NAMESPACED, NameRule, kube_finalizer, validate_meta};
use super::{Bad, Errs, MAX_CONFIG_BYTES};
use crate::sim::names::{
    config_map_key_errors, dns1123_subdomain_errors, go_quote, label_value_errors,
    qualified_name_errors,
};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

pub(super) fn validate_node(obj: &Value, e: &mut Errs) {
    let rules = MetaRules {
        namespaced: false,
        ..NAMESPACED
    };
    validate_meta(obj, rules, e);
    let spec = get(obj, "spec");
    let mut unique: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (i, taint) in items(spec, "taints").iter().enumerate() {
        // The server validates spec.taints under "metadata.taints"; kept for identical output.
        let p = format!("metadata.taints[{i}]");
        let key = text(taint, "key");
        let value = text(taint, "value");
        let effect = text(taint, "effect");
        e.invalid_all(&format!("{p}.key"), key, qualified_name_errors(key));
        let value_errs = label_value_errors(value);
        if !value_errs.is_empty() {
            e.invalid(
                &format!("{p}.value"),
                &Bad::Str(value),
                &value_errs.join(";"),
            );
        }
        let effects = ["NoSchedule", "PreferNoSchedule", "NoExecute"];
        if effect.is_empty() {
            e.required(&format!("{p}.effect"), "");
        } else if !effects.contains(&effect) {
            e.not_supported(&format!("{p}.effect"), effect, &effects);
        }
        let keys = unique.entry(effect).or_default();
        if !keys.insert(key) {
            let added = if present(taint, "timeAdded") {
                "(*v1.Time)(0xc000000000)"
            } else {
                "(*v1.Time)(nil)"
            };
            let shown = format!(
                "core.Taint{{Key:{}, Value:{}, Effect:{}, TimeAdded:{added}}}",
                go_quote(key),
                go_quote(value),
                go_quote(effect)
            );
            e.push(
                "FieldValueDuplicate",
                &p,
                format!("Duplicate value: {shown}: taints must be unique by key and effect pair"),
            );
        }
    }
    let cidrs: Vec<&str> = items(spec, "podCIDRs")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    for (i, cidr) in cidrs.iter().enumerate() {
        if !is_cidr(cidr) {
            let msg = "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)";
            e.invalid(&format!("spec.podCIDRs[{i}]"), &Bad::Str(cidr), msg);
        }
    }
    if cidrs.len() > 1 {
        let v4 = cidrs.iter().any(|c| c.contains('.'));
        let v6 = cidrs.iter().any(|c| c.contains(':'));
        if !(v4 && v6) || cidrs.len() > 2 {
            let shown = go_string_slice(Some(items(spec, "podCIDRs")));
            e.invalid(
                "spec.podCIDRs",
                &Bad::Go(shown),
                "may specify no more than one CIDR for each IP family",
            );
        }
        let mut seen = BTreeSet::new();
        for (i, cidr) in cidrs.iter().enumerate() {
            if !seen.insert(*cidr) {
                e.duplicate(&format!("spec.podCIDRs[{i}]"), &Bad::Str(cidr));
            }
        }
    }
}

pub(super) fn validate_namespace(obj: &Value, e: &mut Errs) {
    let rules = MetaRules {
        name: NameRule::Label,
        namespaced: false,
        kube_finalizers: true,
    };
    validate_meta(obj, rules, e);
    for f in items(get(obj, "spec"), "finalizers")
        .iter()
        .filter_map(Value::as_str)
    {
        e.invalid_all("spec.finalizers", f, qualified_name_errors(f));
        kube_finalizer(f, "spec.finalizers", e);
    }
}

/// Byte length of a base64 payload without decoding it.
fn decoded_len(v: &Value) -> usize {
    let s = v.as_str().unwrap_or("");
    s.trim_end_matches('=').len() * 3 / 4
}

pub(super) fn validate_config_map(obj: &Value, e: &mut Errs) {
    validate_meta(obj, NAMESPACED, e);
    let data = object(obj, "data");
    let binary = object(obj, "binaryData");
    let mut total = 0;
    for (key, value) in data.into_iter().flatten() {
        let field = format!("data[{key}]");
        e.invalid_all(&field, key, config_map_key_errors(key));
        if binary.is_some_and(|b| b.contains_key(key)) {
            e.invalid(
                &field,
                &Bad::Str(key),
                "duplicate of key present in binaryData",
            );
        }
        total += value.as_str().map_or(0, str::len);
    }
    for (key, value) in binary.into_iter().flatten() {
        e.invalid_all(
            &format!("binaryData[{key}]"),
            key,
            config_map_key_errors(key),
        );
        total += decoded_len(value);
    }
    if total > MAX_CONFIG_BYTES {
        // The server reports this against an empty path, which prints as "[]".
        e.too_long("[]", MAX_CONFIG_BYTES);
    }
}

pub(super) fn validate_secret(obj: &Value, e: &mut Errs) {
    validate_meta(obj, NAMESPACED, e);
    // stringData is merged into data (and wins) before validation.
    let mut sizes: BTreeMap<&str, usize> = BTreeMap::new();
    for (key, value) in object(obj, "data").into_iter().flatten() {
        sizes.insert(key, decoded_len(value));
    }
    for (key, value) in object(obj, "stringData").into_iter().flatten() {
        sizes.insert(key, value.as_str().map_or(0, str::len));
    }
    for key in sizes.keys() {
        e.invalid_all(&format!("data[{key}]"), key, config_map_key_errors(key));
    }
    if sizes.values().sum::<usize>() > MAX_CONFIG_BYTES {
        e.too_long("data", MAX_CONFIG_BYTES);
    }
    let has = |k: &str| sizes.contains_key(k);
    match text(obj, "type") {
        "kubernetes.io/service-account-token" => {
            let meta = get(obj, "metadata");
            let sa = object(meta, "annotations")
                .and_then(|a| a.get("kubernetes.io/service-account.name"))
                .and_then(Value::as_str)
                .unwrap_or("");
            if sa.is_empty() {
                e.required(
                    "metadata.annotations[kubernetes.io/service-account.name]",
                    "",
                );
            }
        }
        "kubernetes.io/dockercfg" if !has(".dockercfg") => e.required("data[.dockercfg]", ""),
        "kubernetes.io/dockerconfigjson" if !has(".dockerconfigjson") => {
            e.required("data[.dockerconfigjson]", "");
        }
        "kubernetes.io/basic-auth" if !has("username") && !has("password") => {
            e.required("data[username]", "");
            e.required("data[password]", "");
        }
        "kubernetes.io/ssh-auth" if sizes.get("ssh-privatekey").copied().unwrap_or(0) == 0 => {
            e.required("data[ssh-privatekey]", "");
        }
        "kubernetes.io/tls" => {
            for key in ["tls.crt", "tls.key"] {
                if !has(key) {
                    e.required(&format!("data[{key}]"), "");
                }
            }
        }
        _ => {}
    }
}

/// core/v1 Events get only the legacy checks; metadata is then checked generically (URL-safe
/// name, labels, annotations) because the server always does that after kind validation.
pub(super) fn validate_event(obj: &Value, e: &mut Errs) {
    let ns = text(get(obj, "metadata"), "namespace");
    let involved_ns = text(get(obj, "involvedObject"), "namespace");
    let mismatch = "does not match event.namespace";
    if present(obj, "eventTime") {
        if involved_ns.is_empty() && ns != "default" && ns != "kube-system" {
            e.invalid("involvedObject.namespace", &Bad::Str(involved_ns), mismatch);
        }
        let component = text(obj, "reportingComponent");
        if component.is_empty() {
            e.required("reportingComponent", "");
        }
        e.invalid_all(
            "reportingComponent",
            component,
            qualified_name_errors(component),
        );
        for (field, limit) in [("reportingInstance", 128), ("action", 128), ("reason", 128)] {
            let value = text(obj, field);
            if value.is_empty() {
                e.required(field, "");
            }
            if value.len() > limit {
                e.invalid(
                    field,
                    &Bad::Str(""),
                    &format!("can have at most {limit} characters"),
                );
            }
        }
        if text(obj, "message").len() > 1024 {
            e.invalid("message", &Bad::Str(""), "can have at most 1024 characters");
        }
    } else if (involved_ns.is_empty() && !ns.is_empty() && ns != "default")
        || (!involved_ns.is_empty() && ns != involved_ns)
    {
        e.invalid("involvedObject.namespace", &Bad::Str(involved_ns), mismatch);
    }
    e.invalid_all("namespace", ns, dns1123_subdomain_errors(ns));
    if e.0.is_empty() {
        let rules = MetaRules {
            name: NameRule::PathSegment,
            namespaced: true,
            kube_finalizers: false,
        };
        validate_meta(obj, rules, e);
    }
}

#[cfg(test)]
mod tests {
    use crate::sim::validate::test_support::messages;
    use serde_json::json;

    #[test]
    fn config_map_and_secret_keys() {
        let cm = json!({"metadata": {"name": "c", "namespace": "d"}, "data": {"a/b": "x"}});
        assert_eq!(
            messages("ConfigMap", &cm),
            vec![
                "data[a/b]: Invalid value: \"a/b\": a valid config key must consist of \
                  alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or \
                  'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"
            ]
        );
        let secret = json!({"metadata": {"name": "s", "namespace": "d"},
                            "type": "kubernetes.io/tls", "stringData": {"..x": "y"}});
        assert_eq!(
            messages("Secret", &secret),
            vec![
                "data[..x]: Invalid value: \"..x\": must not start with '..'",
                "data[tls.crt]: Required value",
                "data[tls.key]: Required value",
            ]
        );
    }

    #[test]
    fn node_taint_duplicates_and_event_namespace() {
        let node = json!({"metadata": {"name": "n1"}, "spec": {"taints": [
            {"key": "gpu", "effect": "NoSchedule"}, {"key": "gpu", "effect": "NoSchedule"}]}});
        assert_eq!(
            messages("Node", &node),
            vec![
                "metadata.taints[1]: Duplicate value: core.Taint{Key:\"gpu\", Value:\"\", \
                  Effect:\"NoSchedule\", TimeAdded:(*v1.Time)(nil)}: taints must be unique by key \
                  and effect pair"
            ]
        );
        let event = json!({"metadata": {"name": "e", "namespace": "shop"},
                           "involvedObject": {"kind": "Pod", "namespace": "other"}});
        assert_eq!(
            messages("Event", &event),
            vec![
                "involvedObject.namespace: Invalid value: \"other\": does not match event.namespace"
            ]
        );
    }
}
