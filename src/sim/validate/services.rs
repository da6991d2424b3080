//! Service validation: type, cluster IPs, ports (ranges, names, uniqueness, node ports) and
//! traffic policies.
//!
//! It must not allocate or check node ports against stored Services.

use super::access::{get, int, items, object, present, text};
use super::endpoints::{is_cidr, validate_endpoint_ip};
use super::metadata::{MetaRules, NAMESPACED, NameRule, validate_labels, validate_meta};
use super::pods::{PROTOCOLS, protocol};
use super::{Bad, Cause, Errs, NODE_PORT_RANGE};
use crate::sim::names::{
    dns1123_label_errors, dns1123_subdomain_errors, go_quote, port_name_errors,
    qualified_name_errors,
};
use serde_json::Value;
use std::collections::BTreeSet;

fn service_type(spec: &Value) -> &str {
    match text(spec, "type") {
        "" => "ClusterIP",
        t => t,
    }
}

pub(super) fn node_port_out_of_range(obj: &Value) -> Option<Cause> {
    let spec = get(obj, "spec");
    if !matches!(service_type(spec), "NodePort" | "LoadBalancer") {
        return None;
    }
    let (i, np) = items(spec, "ports")
        .iter()
        .enumerate()
        .map(|(i, p)| (i, int(p, "nodePort").unwrap_or(0)))
        .find(|(_, np)| *np != 0 && !(30000..=32767).contains(np))?;
    let mut e = Errs(Vec::new());
    e.invalid(
        &format!("spec.ports[{i}].nodePort"),
        &Bad::Int(np),
        NODE_PORT_RANGE,
    );
    e.0.pop()
}

pub(super) fn validate_service(obj: &Value, e: &mut Errs) {
    let rules = MetaRules {
        name: NameRule::Dns1035,
        ..NAMESPACED
    };
    validate_meta(obj, rules, e);
    let annotations = object(get(obj, "metadata"), "annotations");
    let annotation = |k: &str| annotations.and_then(|a| a.get(k)).and_then(Value::as_str);
    let hints = "service.kubernetes.io/topology-aware-hints";
    let mode_key = "service.kubernetes.io/topology-mode";
    if let (Some(mode), Some(h)) = (annotation(mode_key), annotation(hints))
        && mode != h
    {
        let field = format!("metadata.annotations[{mode_key}]");
        let msg = format!("must match annotations[{hints}] when both are specified");
        e.invalid(&field, &Bad::Str(mode), &msg);
    }
    let spec = get(obj, "spec");
    let typ = service_type(spec);
    let ports = items(spec, "ports");
    let mut cluster_ips: Vec<&str> = items(spec, "clusterIPs")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    if cluster_ips.is_empty() && !text(spec, "clusterIP").is_empty() {
        cluster_ips.push(text(spec, "clusterIP"));
    }
    let headless = cluster_ips.first() == Some(&"None");
    if ports.is_empty() && !headless && typ != "ExternalName" {
        e.required("spec.ports", "");
    }
    service_type_rules(spec, typ, headless, &cluster_ips, e);
    let mut names = BTreeSet::new();
    for (i, port) in ports.iter().enumerate() {
        validate_service_port(
            port,
            ports.len() > 1,
            &mut names,
            &format!("spec.ports[{i}]"),
            e,
        );
    }
    if let Some(selector) = object(spec, "selector") {
        validate_labels(Some(selector), "spec.selector", e);
    }
    let affinity = text(spec, "sessionAffinity");
    if !affinity.is_empty() && !["ClientIP", "None"].contains(&affinity) {
        e.not_supported("spec.sessionAffinity", affinity, &["ClientIP", "None"]);
    }
    for (i, ip) in items(spec, "externalIPs").iter().enumerate() {
        let ip = ip.as_str().unwrap_or("");
        validate_endpoint_ip(ip, &format!("spec.externalIPs[{i}]"), true, e);
    }
    let types = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"];
    if !types.contains(&typ) {
        e.not_supported("spec.type", typ, &types);
    }
    service_port_uniqueness(ports, typ, e);
    service_traffic_rules(spec, typ, e);
}

fn service_type_rules(spec: &Value, typ: &str, headless: bool, cluster_ips: &[&str], e: &mut Errs) {
    match typ {
        "LoadBalancer" | "NodePort" => {
            if typ == "LoadBalancer" {
                for (i, port) in items(spec, "ports").iter().enumerate() {
                    if int(port, "port") == Some(10250) {
                        e.invalid(
                            &format!("spec.ports[{i}]"),
                            &Bad::Int(10250),
                            "may not expose port 10250 externally since it is used by kubelet",
                        );
                    }
                }
            }
            if headless {
                let msg = format!("may not be set to 'None' for {typ} services");
                e.invalid("spec.clusterIPs[0]", &Bad::Str("None"), &msg);
            }
        }
        "ExternalName" => {
            let msg = "may not be set for ExternalName services";
            if !cluster_ips.is_empty() {
                e.forbidden("spec.clusterIPs", msg);
            }
            if !items(spec, "ipFamilies").is_empty() {
                e.forbidden("spec.ipFamilies", msg);
            }
            if present(spec, "ipFamilyPolicy") {
                e.forbidden("spec.ipFamilyPolicy", msg);
            }
            let name = text(spec, "externalName");
            let cname = name.strip_suffix('.').unwrap_or(name);
            if cname.is_empty() {
                e.required("spec.externalName", "");
            } else {
                e.invalid_all("spec.externalName", cname, dns1123_subdomain_errors(cname));
            }
        }
        _ => {}
    }
}

fn validate_service_port(
    port: &Value,
    require_name: bool,
    names: &mut BTreeSet<String>,
    p: &str,
    e: &mut Errs,
) {
    let name = text(port, "name");
    if require_name && name.is_empty() {
        e.required(&format!("{p}.name"), "");
    } else if !name.is_empty() {
        e.invalid_all(&format!("{p}.name"), name, dns1123_label_errors(name));
        if !names.insert(name.to_owned()) {
            e.duplicate(&format!("{p}.name"), &Bad::Str(name));
        }
    }
    let number = int(port, "port").unwrap_or(0);
    e.port_num(&format!("{p}.port"), number);
    let proto = protocol(port);
    if !PROTOCOLS.contains(&proto) {
        e.not_supported(&format!("{p}.protocol"), proto, &PROTOCOLS);
    }
    // An unset (0 or "") targetPort is defaulted to the port, so a bad port is reported twice.
    match get(port, "targetPort") {
        Value::String(s) if !s.is_empty() => {
            e.invalid_all(&format!("{p}.targetPort"), s, port_name_errors(s));
        }
        Value::Number(n) if n.as_i64().is_some_and(|n| n != 0) => {
            e.port_num(&format!("{p}.targetPort"), n.as_i64().unwrap_or(0));
        }
        _ => e.port_num(&format!("{p}.targetPort"), number),
    }
    let app = text(port, "appProtocol");
    if present(port, "appProtocol") {
        e.invalid_all(&format!("{p}.appProtocol"), app, qualified_name_errors(app));
    }
}

fn service_port_uniqueness(ports: &[Value], typ: &str, e: &mut Errs) {
    if typ == "ClusterIP" {
        for (i, port) in ports.iter().enumerate() {
            if int(port, "nodePort").unwrap_or(0) != 0 {
                e.forbidden(
                    &format!("spec.ports[{i}].nodePort"),
                    "may not be used when `type` is 'ClusterIP'",
                );
            }
        }
    }
    let mut node_ports = BTreeSet::new();
    for (i, port) in ports.iter().enumerate() {
        let np = int(port, "nodePort").unwrap_or(0);
        if np != 0 && !node_ports.insert((protocol(port), np)) {
            e.duplicate(&format!("spec.ports[{i}].nodePort"), &Bad::Int(np));
        }
    }
    let mut seen = BTreeSet::new();
    for (i, port) in ports.iter().enumerate() {
        let number = int(port, "port").unwrap_or(0);
        if !seen.insert((protocol(port), number)) {
            // The server prints the (protocol, port) key as a whole internal ServicePort.
            let shown = format!(
                "core.ServicePort{{Name:\"\", Protocol:{}, AppProtocol:(*string)(nil), Port:{number}, \
                 TargetPort:intstr.IntOrString{{Type:0, IntVal:0, StrVal:\"\"}}, NodePort:0}}",
                go_quote(protocol(port))
            );
            e.duplicate(&format!("spec.ports[{i}]"), &Bad::Go(shown));
        }
    }
}

fn service_traffic_rules(spec: &Value, typ: &str, e: &mut Errs) {
    let lb = typ == "LoadBalancer";
    let ranges = items(spec, "loadBalancerSourceRanges");
    if !ranges.is_empty() {
        // The server names this field with a capital L.
        let path = "spec.LoadBalancerSourceRanges";
        if !lb {
            e.forbidden(path, "may only be used when `type` is 'LoadBalancer'");
        }
        for (i, r) in ranges.iter().enumerate() {
            let r = r.as_str().unwrap_or("").trim();
            if !is_cidr(r) {
                let msg = "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)";
                e.invalid(&format!("{path}[{i}]"), &Bad::Str(r), msg);
            }
        }
    }
    if present(spec, "allocateLoadBalancerNodePorts") && !lb {
        e.forbidden(
            "spec.allocateLoadBalancerNodePorts",
            "may only be used when `type` is 'LoadBalancer'",
        );
    }
    let external =
        lb || typ == "NodePort" || (typ == "ClusterIP" && !items(spec, "externalIPs").is_empty());
    let etp = text(spec, "externalTrafficPolicy");
    if !external && !etp.is_empty() {
        e.invalid(
            "spec.externalTrafficPolicy",
            &Bad::Str(etp),
            "may only be set for externally-accessible services",
        );
    } else if external && !etp.is_empty() && !["Cluster", "Local"].contains(&etp) {
        e.not_supported("spec.externalTrafficPolicy", etp, &["Cluster", "Local"]);
    }
    let health = int(spec, "healthCheckNodePort").unwrap_or(0);
    if health != 0 && !(lb && etp == "Local") {
        e.invalid(
            "spec.healthCheckNodePort",
            &Bad::Int(health),
            "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'",
        );
    }
    let itp = text(spec, "internalTrafficPolicy");
    if present(spec, "internalTrafficPolicy") && !["Cluster", "Local"].contains(&itp) {
        e.not_supported("spec.internalTrafficPolicy", itp, &["Cluster", "Local"]);
    }
}

#[cfg(test)]
mod tests {
    use crate::sim::validate::test_support::{messages, service};
    use crate::sim::validate::{invalid_status, validate};
    use serde_json::json;

    #[test]
    fn service_port_out_of_range() {
        let mut svc = service();
        svc["spec"]["ports"] = json!([{"port": 70000}]);
        assert_eq!(
            messages("Service", &svc),
            vec![
                "spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive",
                "spec.ports[0].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive",
            ]
        );
    }

    #[test]
    fn bad_service_type() {
        let mut svc = service();
        svc["spec"]["type"] = json!("Foo");
        assert_eq!(
            messages("Service", &svc),
            vec![
                "spec.type: Unsupported value: \"Foo\": supported values: \"ClusterIP\", \
                  \"ExternalName\", \"LoadBalancer\", \"NodePort\""
            ]
        );
    }

    #[test]
    fn service_port_names_required_when_several() {
        let mut svc = service();
        svc["spec"]["ports"] =
            json!([{"port": 80}, {"port": 443, "name": "https"}, {"port": 80, "name": "x"}]);
        assert_eq!(
            messages("Service", &svc),
            vec![
                "spec.ports[0].name: Required value".to_owned(),
                "spec.ports[2]: Duplicate value: core.ServicePort{Name:\"\", Protocol:\"TCP\", \
                 AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, \
                 IntVal:0, StrVal:\"\"}, NodePort:0}"
                    .to_owned(),
            ]
        );
    }

    #[test]
    fn node_port_range_is_checked_first_and_alone() {
        let mut svc = service();
        svc["spec"]["type"] = json!("NodePort");
        svc["spec"]["ports"] = json!([{"port": 80, "nodePort": 80}]);
        svc["metadata"]["name"] = json!("Bad_Name");
        let causes = validate("Service", &svc).unwrap_err();
        let status = invalid_status("Service", "", "Bad_Name", &causes);
        assert_eq!(
            status["message"],
            "Service \"Bad_Name\" is invalid: spec.ports[0].nodePort: Invalid value: 80: provided \
             port is not in the valid range. The range of valid ports is 30000-32767"
        );
        svc["spec"]["type"] = json!("ClusterIP");
        svc["metadata"]["name"] = json!("web");
        assert_eq!(
            messages("Service", &svc),
            vec!["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"]
        );
    }
}
