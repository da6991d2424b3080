//! `Deployment` and `ReplicaSet` validation: replicas, the selector and whether it selects the
//! template's labels, and the rollout strategy with its int-or-percent values.
//!
//! It owns workload rules only; the pod template itself is checked by `pods`.

use super::access::{get, int, items, object, present, text};
use super::go_format::{go_int_or_string, go_label_selector, go_string_map};
use super::metadata::{NAMESPACED, validate_labels, validate_meta};
use super::pods::validate_pod_template;
use super::{Bad, Errs};
use crate::sim::names::{go_quote, label_value_errors, qualified_name_errors, regex_error};
use serde_json::{Map, Value, json};

pub(super) fn validate_deployment(obj: &Value, e: &mut Errs) {
    validate_meta(obj, NAMESPACED, e);
    let spec = get(obj, "spec");
    e.nonnegative("spec.replicas", int(spec, "replicas").unwrap_or(1));
    validate_selector_and_template(spec, "deployment", e);
    validate_strategy(get(spec, "strategy"), e);
    let min_ready = int(spec, "minReadySeconds").unwrap_or(0);
    e.nonnegative("spec.minReadySeconds", min_ready);
    if let Some(limit) = int(spec, "revisionHistoryLimit") {
        e.nonnegative("spec.revisionHistoryLimit", limit);
    }
    let deadline = int(spec, "progressDeadlineSeconds").unwrap_or(600);
    e.nonnegative("spec.progressDeadlineSeconds", deadline);
    if deadline <= min_ready {
        e.invalid(
            "spec.progressDeadlineSeconds",
            &Bad::Int(deadline),
            "must be greater than minReadySeconds",
        );
    }
}

pub(super) fn validate_replica_set(obj: &Value, e: &mut Errs) {
    validate_meta(obj, NAMESPACED, e);
    let spec = get(obj, "spec");
    e.nonnegative("spec.replicas", int(spec, "replicas").unwrap_or(1));
    e.nonnegative(
        "spec.minReadySeconds",
        int(spec, "minReadySeconds").unwrap_or(0),
    );
    // The server's ReplicaSet message also says "deployment".
    validate_selector_and_template(spec, "deployment", e);
}

fn validate_selector_and_template(spec: &Value, what: &str, e: &mut Errs) {
    let selector = get(spec, "selector");
    if selector.is_null() {
        e.required("spec.selector", "");
    } else {
        validate_label_selector(selector, "spec.selector", e);
        let count = object(selector, "matchLabels").map_or(0, Map::len)
            + items(selector, "matchExpressions").len();
        if count == 0 {
            let shown = Bad::Go(go_label_selector(selector));
            e.invalid(
                "spec.selector",
                &shown,
                &format!("empty selector is invalid for {what}"),
            );
        }
    }
    let Some(parsed) = TemplateSelector::from_json(selector) else {
        // The template is not checked at all when the selector cannot be built.
        let shown = Bad::Go(go_label_selector(selector));
        e.invalid("spec.selector", &shown, "invalid label selector");
        return;
    };
    let template = get(spec, "template");
    let labels = object(get(template, "metadata"), "labels");
    if !parsed.is_everything() && !parsed.matches(labels) {
        e.invalid(
            "spec.template.metadata.labels",
            &Bad::Go(go_string_map(labels)),
            "`selector` does not match template `labels`",
        );
    }
    validate_pod_template(template, "spec.template", e);
    let template_spec = get(template, "spec");
    let restart = text(template_spec, "restartPolicy");
    if !restart.is_empty() && restart != "Always" {
        e.not_supported("spec.template.spec.restartPolicy", restart, &["Always"]);
    }
    if present(template_spec, "activeDeadlineSeconds") {
        e.forbidden(
            "spec.template.spec.activeDeadlineSeconds",
            "activeDeadlineSeconds in ReplicaSet is not Supported",
        );
    }
}

fn validate_label_selector(selector: &Value, path: &str, e: &mut Errs) {
    validate_labels(
        object(selector, "matchLabels"),
        &format!("{path}.matchLabels"),
        e,
    );
    for (i, expr) in items(selector, "matchExpressions").iter().enumerate() {
        let p = format!("{path}.matchExpressions[{i}]");
        let values = items(expr, "values");
        match text(expr, "operator") {
            "In" | "NotIn" if values.is_empty() => e.required(
                &format!("{p}.values"),
                "must be specified when `operator` is 'In' or 'NotIn'",
            ),
            "Exists" | "DoesNotExist" if !values.is_empty() => e.forbidden(
                &format!("{p}.values"),
                "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
            ),
            "In" | "NotIn" | "Exists" | "DoesNotExist" => {}
            other => e.invalid(
                &format!("{p}.operator"),
                &Bad::Str(other),
                "not a valid selector operator",
            ),
        }
        let key = text(expr, "key");
        e.invalid_all(&format!("{p}.key"), key, qualified_name_errors(key));
        for (vi, v) in values.iter().enumerate() {
            let v = v.as_str().unwrap_or("");
            e.invalid_all(&format!("{p}.values[{vi}]"), v, label_value_errors(v));
        }
    }
}

/// Just enough of a label selector to decide whether a template's labels are selected; kept
/// here so this module stands alone.
enum TemplateSelector {
    Nothing,
    All(Vec<(String, &'static str, Vec<String>)>),
}

impl TemplateSelector {
    /// `None` when the server's conversion to a selector would fail.
    fn from_json(v: &Value) -> Option<Self> {
        let Some(map) = v.as_object() else {
            return if v.is_null() {
                Some(Self::Nothing)
            } else {
                None
            };
        };
        let mut reqs = Vec::new();
        for (key, value) in map
            .get("matchLabels")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            let value = value.as_str()?;
            if !qualified_name_errors(key).is_empty() || !label_value_errors(value).is_empty() {
                return None;
            }
            reqs.push((key.clone(), "In", vec![value.to_owned()]));
        }
        for expr in items(v, "matchExpressions") {
            let key = text(expr, "key");
            let values: Vec<String> = items(expr, "values")
                .iter()
                .map(|x| x.as_str().map(str::to_owned))
                .collect::<Option<_>>()?;
            let op = match text(expr, "operator") {
                "In" if !values.is_empty() => "In",
                "NotIn" if !values.is_empty() => "NotIn",
                "Exists" if values.is_empty() => "Exists",
                "DoesNotExist" if values.is_empty() => "DoesNotExist",
                _ => return None,
            };
            let bad_value = values.iter().any(|x| !label_value_errors(x).is_empty());
            if !qualified_name_errors(key).is_empty() || bad_value {
                return None;
            }
            reqs.push((key.to_owned(), op, values));
        }
        Some(Self::All(reqs))
    }

    fn is_everything(&self) -> bool {
        matches!(self, Self::All(reqs) if reqs.is_empty())
    }

    fn matches(&self, labels: Option<&Map<String, Value>>) -> bool {
        let Self::All(reqs) = self else {
            return false;
        };
        reqs.iter().all(|(key, op, values)| {
            let found = labels.and_then(|l| l.get(key)).and_then(Value::as_str);
            let listed = found.is_some_and(|f| values.iter().any(|v| v == f));
            match *op {
                "In" => listed,
                "NotIn" => !listed,
                "Exists" => found.is_some(),
                _ => found.is_none(),
            }
        })
    }
}

fn validate_strategy(strategy: &Value, e: &mut Errs) {
    match text(strategy, "type") {
        "" | "RollingUpdate" => {
            // Absent values are defaulted to 25% each before validation.
            let ru = get(strategy, "rollingUpdate");
            let default = json!("25%");
            let unavailable = ru
                .get("maxUnavailable")
                .filter(|v| !v.is_null())
                .unwrap_or(&default);
            let surge = ru
                .get("maxSurge")
                .filter(|v| !v.is_null())
                .unwrap_or(&default);
            let mu_path = "spec.strategy.rollingUpdate.maxUnavailable";
            int_or_percent(unavailable, mu_path, e);
            int_or_percent(surge, "spec.strategy.rollingUpdate.maxSurge", e);
            if int_or_percent_value(unavailable) == 0 && int_or_percent_value(surge) == 0 {
                let shown = Bad::Go(go_int_or_string(unavailable));
                e.invalid(mu_path, &shown, "may not be 0 when `maxSurge` is 0");
            }
            if percent_value(unavailable).is_some_and(|p| p > 100) {
                let shown = Bad::Go(go_int_or_string(unavailable));
                e.invalid(mu_path, &shown, "must not be greater than 100%");
            }
        }
        "Recreate" => {
            if present(strategy, "rollingUpdate") {
                e.forbidden(
                    "spec.strategy.rollingUpdate",
                    "may not be specified when strategy `type` is 'Recreate'",
                );
            }
        }
        other => {
            // A set rollingUpdate is a pointer the server prints by address; any address will
            // do since it differs on every request anyway.
            let ru = if present(strategy, "rollingUpdate") {
                "(*apps.RollingUpdateDeployment)(0xc000000000)"
            } else {
                "(*apps.RollingUpdateDeployment)(nil)"
            };
            let shown = format!(
                "apps.DeploymentStrategy{{Type:{}, RollingUpdate:{ru}}}",
                go_quote(other)
            );
            e.push(
                "FieldValueNotSupported",
                "spec.strategy",
                format!(
                    "Unsupported value: {shown}: supported values: \"Recreate\", \"RollingUpdate\""
                ),
            );
        }
    }
}

fn int_or_percent(v: &Value, field: &str, e: &mut Errs) {
    if let Some(s) = v.as_str() {
        if !is_percent(s) {
            let msg = regex_error(
                "a valid percent string must be a numeric string followed by an ending '%'",
                "[0-9]+%",
                &["1%", "93%"],
            );
            e.invalid(field, &Bad::Go(go_int_or_string(v)), &msg);
        }
    } else if let Some(n) = v.as_i64() {
        e.nonnegative(field, n);
    }
}

fn is_percent(s: &str) -> bool {
    s.strip_suffix('%')
        .is_some_and(|digits| !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
}

fn percent_value(v: &Value) -> Option<i64> {
    let s = v.as_str().filter(|s| is_percent(s))?;
    s.trim_end_matches('%').parse().ok()
}

fn int_or_percent_value(v: &Value) -> i64 {
    // Unparseable strings count as 0, as intstr's IntValue does.
    percent_value(v)
        .or_else(|| v.as_i64())
        .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::validate::test_support::{deployment, messages};
    use crate::sim::validate::validate;

    #[test]
    fn selector_must_match_template_labels() {
        let mut d = deployment();
        d["spec"]["template"]["metadata"]["labels"] = json!({"app": "api", "tier": "be"});
        assert_eq!(
            messages("Deployment", &d),
            vec![
                "spec.template.metadata.labels: Invalid value: \
                  map[string]string{\"app\":\"api\", \"tier\":\"be\"}: `selector` does not match \
                  template `labels`"
            ]
        );
    }

    #[test]
    fn missing_and_empty_selectors() {
        let mut d = deployment();
        d["spec"].as_object_mut().unwrap().remove("selector");
        assert_eq!(
            messages("Deployment", &d),
            vec![
                "spec.selector: Required value".to_owned(),
                "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"web\"}: \
                 `selector` does not match template `labels`"
                    .to_owned(),
            ]
        );
        d["spec"]["selector"] = json!({});
        assert_eq!(
            messages("Deployment", &d),
            vec![
                "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), \
                  MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid \
                  for deployment"
            ]
        );
    }

    #[test]
    fn match_expressions_in_workload_selector() {
        let mut d = deployment();
        d["spec"]["selector"] = json!({"matchExpressions": [
            {"key": "app", "operator": "In", "values": ["web", "api"]}]});
        assert!(validate("Deployment", &d).is_ok());
        d["spec"]["selector"] = json!({"matchExpressions": [{"key": "app", "operator": "In"}]});
        assert_eq!(
            messages("Deployment", &d),
            vec![
                "spec.selector.matchExpressions[0].values: Required value: must be specified when \
                 `operator` is 'In' or 'NotIn'"
                    .to_owned(),
                "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), \
                 MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:\"app\", \
                 Operator:\"In\", Values:[]string(nil)}}}: invalid label selector"
                    .to_owned(),
            ]
        );
    }

    #[test]
    fn restart_policy_and_strategy_enums() {
        let mut d = deployment();
        d["spec"]["template"]["spec"]["restartPolicy"] = json!("OnFailure");
        assert_eq!(
            messages("Deployment", &d),
            vec![
                "spec.template.spec.restartPolicy: Unsupported value: \"OnFailure\": supported \
                  values: \"Always\""
            ]
        );
        let mut d = deployment();
        d["spec"]["strategy"] = json!({"type": "Blue"});
        assert_eq!(
            messages("Deployment", &d),
            vec![
                "spec.strategy: Unsupported value: apps.DeploymentStrategy{Type:\"Blue\", \
                  RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}: supported values: \
                  \"Recreate\", \"RollingUpdate\""
            ]
        );
        d["spec"]["strategy"] = json!({"type": "RollingUpdate",
                                      "rollingUpdate": {"maxSurge": 0, "maxUnavailable": "0%"}});
        assert_eq!(
            messages("Deployment", &d),
            vec![
                "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: \
                  intstr.IntOrString{Type:1, IntVal:0, StrVal:\"0%\"}: may not be 0 when \
                  `maxSurge` is 0"
            ]
        );
    }
}
