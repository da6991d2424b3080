//! Pod and pod template validation: the pod spec, volumes, containers (regular, init and
//! ephemeral), their ports and host port conflicts.
//!
//! It owns pod rules only; workload selectors and strategies live in `workloads`.

use super::access::{get, int, items, object, present, text};
use super::metadata::{NAMESPACED, validate_annotations, validate_labels, validate_meta};
use super::{Bad, Errs};
use crate::sim::names::{dns1123_label_errors, dns1123_subdomain_errors, port_name_errors};
use serde_json::Value;
use std::collections::BTreeSet;

pub(super) fn validate_pod(obj: &Value, e: &mut Errs) {
    validate_meta(obj, NAMESPACED, e);
    let spec = get(obj, "spec");
    validate_pod_spec(spec, "spec", e);
    // Only Pods (not templates) reject padded images; templates kept the old tolerance.
    for list in ["containers", "initContainers"] {
        for (i, c) in items(spec, list).iter().enumerate() {
            let image = text(c, "image");
            if image.trim() != image {
                e.invalid(
                    &format!("spec.{list}[{i}].image"),
                    &Bad::Str(image),
                    "must not have leading or trailing whitespace",
                );
            }
        }
    }
    if !text(spec, "nodeName").is_empty() && !items(spec, "schedulingGates").is_empty() {
        e.forbidden(
            "spec.nodeName",
            "cannot be set until all schedulingGates have been cleared",
        );
    }
}

pub(super) fn validate_pod_template(template: &Value, path: &str, e: &mut Errs) {
    let meta = get(template, "metadata");
    validate_labels(object(meta, "labels"), &format!("{path}.labels"), e);
    validate_annotations(
        object(meta, "annotations"),
        &format!("{path}.annotations"),
        e,
    );
    let spec = get(template, "spec");
    validate_pod_spec(spec, &format!("{path}.spec"), e);
    if !items(spec, "ephemeralContainers").is_empty() {
        e.forbidden(
            &format!("{path}.spec.ephemeralContainers"),
            "ephemeral containers not allowed in pod template",
        );
    }
}

fn validate_pod_spec(spec: &Value, path: &str, e: &mut Errs) {
    let volumes = validate_volumes(items(spec, "volumes"), &format!("{path}.volumes"), e);
    let containers = items(spec, "containers");
    validate_containers(containers, &format!("{path}.containers"), &volumes, e);
    validate_init_containers(spec, path, &volumes, e);
    let restart = text(spec, "restartPolicy");
    if !restart.is_empty() && !["Always", "OnFailure", "Never"].contains(&restart) {
        let valid = ["Always", "OnFailure", "Never"];
        e.not_supported(&format!("{path}.restartPolicy"), restart, &valid);
    }
    let dns = text(spec, "dnsPolicy");
    let dns_valid = ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"];
    if !dns.is_empty() && !dns_valid.contains(&dns) {
        e.not_supported(&format!("{path}.dnsPolicy"), dns, &dns_valid);
    }
    validate_labels(
        object(spec, "nodeSelector"),
        &format!("{path}.nodeSelector"),
        e,
    );
    let mut service_account = text(spec, "serviceAccountName");
    if service_account.is_empty() {
        // The deprecated alias is copied over during conversion.
        service_account = text(spec, "serviceAccount");
    }
    for (field, value) in [
        ("serviceAccountName", service_account),
        ("nodeName", text(spec, "nodeName")),
    ] {
        if !value.is_empty() {
            e.invalid_all(
                &format!("{path}.{field}"),
                value,
                dns1123_subdomain_errors(value),
            );
        }
    }
    if let Some(v) = int(spec, "activeDeadlineSeconds")
        && !(1..=i64::from(i32::MAX)).contains(&v)
    {
        let field = format!("{path}.activeDeadlineSeconds");
        e.invalid(
            &field,
            &Bad::Int(v),
            "must be between 1 and 2147483647, inclusive",
        );
    }
    for field in ["hostname", "subdomain"] {
        let value = text(spec, field);
        if !value.is_empty() {
            e.invalid_all(
                &format!("{path}.{field}"),
                value,
                dns1123_label_errors(value),
            );
        }
    }
    let priority = text(spec, "priorityClassName");
    if !priority.is_empty() {
        let field = format!("{path}.priorityClassName");
        e.invalid_all(&field, priority, dns1123_subdomain_errors(priority));
    }
}

/// Returns the names of volumes that passed, which is what mounts may refer to.
fn validate_volumes(volumes: &[Value], path: &str, e: &mut Errs) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for (i, vol) in volumes.iter().enumerate() {
        let name = text(vol, "name");
        let field = format!("{path}[{i}].name");
        let before = e.0.len();
        if name.is_empty() {
            e.required(&field, "");
        } else {
            e.invalid_all(&field, name, dns1123_label_errors(name));
        }
        if names.contains(name) {
            e.duplicate(&field, &Bad::Str(name));
        }
        if e.0.len() == before {
            names.insert(name.to_owned());
        }
    }
    names
}

fn validate_containers(containers: &[Value], path: &str, vols: &BTreeSet<String>, e: &mut Errs) {
    if containers.is_empty() {
        e.required(path, "");
        return;
    }
    let mut names = BTreeSet::new();
    for (i, c) in containers.iter().enumerate() {
        let p = format!("{path}[{i}]");
        validate_container_common(c, &p, vols, e);
        let name = text(c, "name");
        if !names.insert(name) {
            e.duplicate(&format!("{p}.name"), &Bad::Str(name));
        }
        if present(c, "restartPolicy") {
            e.forbidden(
                &format!("{p}.restartPolicy"),
                "may not be set for non-init containers",
            );
        }
    }
    host_port_conflicts(containers.iter().enumerate(), path, e);
}

fn validate_init_containers(spec: &Value, path: &str, vols: &BTreeSet<String>, e: &mut Errs) {
    let mut names: BTreeSet<&str> = items(spec, "containers")
        .iter()
        .map(|c| text(c, "name"))
        .collect();
    let list_path = format!("{path}.initContainers");
    for (i, c) in items(spec, "initContainers").iter().enumerate() {
        let p = format!("{list_path}[{i}]");
        validate_container_common(c, &p, vols, e);
        let restart = text(c, "restartPolicy");
        if present(c, "restartPolicy") && restart != "Always" {
            e.not_supported(&format!("{p}.restartPolicy"), restart, &["Always"]);
        }
        let name = text(c, "name");
        if names.contains(name) {
            e.duplicate(&format!("{p}.name"), &Bad::Str(name));
        } else if !name.is_empty() {
            names.insert(name);
        }
        // Init containers run one at a time, so each is checked alone, and the server then
        // reports the conflict under index 0 whatever the container's position.
        host_port_conflicts(std::iter::once((0, c)), &list_path, e);
        if restart != "Always" {
            for probe in [
                "lifecycle",
                "livenessProbe",
                "readinessProbe",
                "startupProbe",
            ] {
                if present(c, probe) {
                    e.forbidden(
                        &format!("{p}.{probe}"),
                        "may not be set for init containers without restartPolicy=Always",
                    );
                }
            }
        }
    }
}

fn validate_container_common(c: &Value, p: &str, vols: &BTreeSet<String>, e: &mut Errs) {
    let name = text(c, "name");
    if name.is_empty() {
        e.required(&format!("{p}.name"), "");
    } else {
        e.invalid_all(&format!("{p}.name"), name, dns1123_label_errors(name));
    }
    if text(c, "image").is_empty() {
        e.required(&format!("{p}.image"), "");
    }
    let tmp = text(c, "terminationMessagePolicy");
    let tmp_valid = ["File", "FallbackToLogsOnError"];
    if !tmp.is_empty() && !tmp_valid.contains(&tmp) {
        e.not_supported(&format!("{p}.terminationMessagePolicy"), tmp, &tmp_valid);
    }
    validate_container_ports(items(c, "ports"), &format!("{p}.ports"), e);
    for (i, env) in items(c, "env").iter().enumerate() {
        let field = format!("{p}.env[{i}].name");
        let env_name = text(env, "name");
        if env_name.is_empty() {
            e.required(&field, "");
        } else if env_name
            .chars()
            .any(|ch| !(' '..='~').contains(&ch) || ch == '=')
        {
            // RelaxedEnvironmentVariableValidation is on by default from v1.32.
            let msg = "a valid environment variable name must consist only of printable ASCII \
                       characters other than '='";
            e.invalid(&field, &Bad::Str(env_name), msg);
        }
    }
    let mut mount_points = BTreeSet::new();
    for (i, m) in items(c, "volumeMounts").iter().enumerate() {
        let mp = format!("{p}.volumeMounts[{i}]");
        let vol = text(m, "name");
        if vol.is_empty() {
            e.required(&format!("{mp}.name"), "");
        }
        if !vols.contains(vol) {
            e.not_found(&format!("{mp}.name"), vol);
        }
        let mount_path = text(m, "mountPath");
        if mount_path.is_empty() {
            e.required(&format!("{mp}.mountPath"), "");
        }
        if !mount_points.insert(mount_path) {
            e.invalid(
                &format!("{mp}.mountPath"),
                &Bad::Str(mount_path),
                "must be unique",
            );
        }
    }
    let pull = text(c, "imagePullPolicy");
    let pull_valid = ["Always", "IfNotPresent", "Never"];
    if !pull.is_empty() && !pull_valid.contains(&pull) {
        e.not_supported(&format!("{p}.imagePullPolicy"), pull, &pull_valid);
    }
}

pub(super) const PROTOCOLS: [&str; 3] = ["SCTP", "TCP", "UDP"];

pub(super) fn protocol(port: &Value) -> &str {
    match text(port, "protocol") {
        "" => "TCP",
        p => p,
    }
}

fn validate_container_ports(ports: &[Value], path: &str, e: &mut Errs) {
    let mut names = BTreeSet::new();
    for (i, port) in ports.iter().enumerate() {
        let p = format!("{path}[{i}]");
        let name = text(port, "name");
        if !name.is_empty() {
            let msgs = port_name_errors(name);
            if !msgs.is_empty() {
                e.invalid_all(&format!("{p}.name"), name, msgs);
            } else if !names.insert(name) {
                e.duplicate(&format!("{p}.name"), &Bad::Str(name));
            }
        }
        match int(port, "containerPort").unwrap_or(0) {
            0 => e.required(&format!("{p}.containerPort"), ""),
            n => e.port_num(&format!("{p}.containerPort"), n),
        }
        let host = int(port, "hostPort").unwrap_or(0);
        if host != 0 {
            e.port_num(&format!("{p}.hostPort"), host);
        }
        let proto = protocol(port);
        if !PROTOCOLS.contains(&proto) {
            e.not_supported(&format!("{p}.protocol"), proto, &PROTOCOLS);
        }
    }
}

fn host_port_conflicts<'a>(
    containers: impl Iterator<Item = (usize, &'a Value)>,
    path: &str,
    e: &mut Errs,
) {
    let mut seen = BTreeSet::new();
    for (ci, c) in containers {
        for (pi, port) in items(c, "ports").iter().enumerate() {
            let host = int(port, "hostPort").unwrap_or(0);
            if host == 0 {
                continue;
            }
            let key = format!("{}/{}/{host}", protocol(port), text(port, "hostIP"));
            if seen.contains(&key) {
                e.duplicate(
                    &format!("{path}[{ci}].ports[{pi}].hostPort"),
                    &Bad::Str(&key),
                );
            } else {
                seen.insert(key);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::sim::validate::test_support::{deployment, messages, pod};
    use crate::sim::validate::validate;
    use serde_json::json;

    #[test]
    fn missing_image_and_container_name() {
        let mut d = deployment();
        d["spec"]["template"]["spec"]["containers"][0]
            .as_object_mut()
            .unwrap()
            .remove("image");
        assert_eq!(
            messages("Deployment", &d),
            vec!["spec.template.spec.containers[0].image: Required value"]
        );
        let mut p = pod();
        p["spec"]["containers"] = json!([{"image": "busybox"}]);
        assert_eq!(
            messages("Pod", &p),
            vec!["spec.containers[0].name: Required value"]
        );
        p["spec"]["containers"] = json!([]);
        assert_eq!(messages("Pod", &p), vec!["spec.containers: Required value"]);
    }

    #[test]
    fn duplicate_container_names() {
        let mut p = pod();
        p["spec"]["containers"] = json!([
            {"name": "app", "image": "a"},
            {"name": "app", "image": "b"}
        ]);
        assert_eq!(
            messages("Pod", &p),
            vec!["spec.containers[1].name: Duplicate value: \"app\""]
        );
    }

    #[test]
    fn container_name_and_ports() {
        let mut p = pod();
        p["spec"]["containers"] = json!([{"name": "App", "image": "a",
            "ports": [{"containerPort": 70000}, {"name": "http", "containerPort": 0}]}]);
        let got = messages("Pod", &p);
        assert_eq!(got.len(), 3, "{got:?}");
        assert!(got[0].starts_with(
            "spec.containers[0].name: Invalid value: \"App\": a lowercase RFC 1123 label"
        ));
        assert_eq!(
            got[1],
            "spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 \
             and 65535, inclusive"
        );
        assert_eq!(
            got[2],
            "spec.containers[0].ports[1].containerPort: Required value"
        );
    }

    #[test]
    fn volume_mount_must_name_a_volume() {
        let mut p = pod();
        p["spec"]["containers"][0]["volumeMounts"] = json!([{"name": "data", "mountPath": "/d"}]);
        assert_eq!(
            messages("Pod", &p),
            vec!["spec.containers[0].volumeMounts[0].name: Not found: \"data\""]
        );
        p["spec"]["volumes"] = json!([{"name": "data", "emptyDir": {}}]);
        assert!(validate("Pod", &p).is_ok());
    }
}
