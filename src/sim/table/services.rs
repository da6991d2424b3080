//! The Service and Endpoints printers: ports, cluster and external IPs, and the truncated
//! endpoint list.
//!
//! It owns these kinds' cells only; it must not build the Table envelope or rows (see `mod`).

use super::Printer;
use super::columns::{AGE_COL, NAME_COL, col, wide};
use super::format::{age, arr, format_labels, int_at, name, or_none, str_at};
use serde_json::{Value, json};

pub(super) static SERVICE: Printer = Printer {
    columns: &[
        NAME_COL,
        col(
            "Type",
            "string",
            "type determines how the Service is exposed.",
        ),
        col(
            "Cluster-IP",
            "string",
            "clusterIP is the IP address of the service.",
        ),
        col(
            "External-IP",
            "string",
            "externalIPs is a list of IP addresses for which nodes in the cluster will also \
                accept traffic for this service.",
        ),
        col(
            "Port(s)",
            "string",
            "The list of ports that are exposed by this service.",
        ),
        AGE_COL,
        wide(
            "Selector",
            "string",
            "Route service traffic to pods with label keys and values matching this selector.",
        ),
    ],
    cells: service_cells,
    pod_rows: false,
};

pub(super) static ENDPOINTS: Printer = Printer {
    columns: &[
        NAME_COL,
        col(
            "Endpoints",
            "string",
            "The set of all endpoints is the union of all subsets.",
        ),
        AGE_COL,
    ],
    cells: endpoints_cells,
    pod_rows: false,
};

fn service_cells(svc: &Value, now: i64) -> Vec<Value> {
    let spec = &svc["spec"];
    // Objects that skipped the server's defaulting still print as the default type.
    let ty = match str_at(spec, "type") {
        "" => "ClusterIP",
        t => t,
    };
    let cluster_ip = arr(&spec["clusterIPs"])
        .first()
        .and_then(Value::as_str)
        .unwrap_or_else(|| str_at(spec, "clusterIP"));
    let ports: Vec<String> = arr(&spec["ports"])
        .iter()
        .map(|p| {
            let protocol = match str_at(p, "protocol") {
                "" => "TCP",
                proto => proto,
            };
            let port = int_at(p, "port");
            match int_at(p, "nodePort") {
                np if np > 0 => format!("{port}:{np}/{protocol}"),
                _ => format!("{port}/{protocol}"),
            }
        })
        .collect();
    let ports = if ports.is_empty() {
        "<none>".to_string()
    } else {
        ports.join(",")
    };
    vec![
        json!(name(svc)),
        json!(ty),
        json!(or_none(cluster_ip)),
        json!(service_external_ip(svc, ty)),
        json!(ports),
        json!(age(svc, now)),
        json!(format_labels(&spec["selector"])),
    ]
}

fn service_external_ip(svc: &Value, ty: &str) -> String {
    let external: Vec<&str> = arr(&svc["spec"]["externalIPs"])
        .iter()
        .filter_map(Value::as_str)
        .collect();
    match ty {
        "ClusterIP" | "NodePort" => {
            if external.is_empty() {
                "<none>".into()
            } else {
                external.join(",")
            }
        }
        "LoadBalancer" => {
            // Ingress points are de-duplicated and sorted; no truncation since the server
            // always renders the wide form.
            let mut lb: Vec<&str> = arr(&svc["status"]["loadBalancer"]["ingress"])
                .iter()
                .map(|i| match str_at(i, "ip") {
                    "" => str_at(i, "hostname"),
                    ip => ip,
                })
                .filter(|s| !s.is_empty())
                .collect();
            lb.sort_unstable();
            lb.dedup();
            lb.extend(external);
            if lb.is_empty() {
                "<pending>".into()
            } else {
                lb.join(",")
            }
        }
        "ExternalName" => str_at(&svc["spec"], "externalName").to_string(),
        _ => "<unknown>".into(),
    }
}

fn endpoints_cells(ep: &Value, now: i64) -> Vec<Value> {
    vec![
        json!(name(ep)),
        json!(format_endpoints(ep)),
        json!(age(ep, now)),
    ]
}

/// At most three addresses are listed; the rest are summarized as "+ N more...".
fn format_endpoints(ep: &Value) -> String {
    const MAX: usize = 3;
    let subsets = arr(&ep["subsets"]);
    if subsets.is_empty() {
        return "<none>".into();
    }
    let mut list: Vec<String> = Vec::new();
    let mut more = false;
    let mut count = 0usize;
    for ss in subsets {
        let addresses = arr(&ss["addresses"]);
        let ports = arr(&ss["ports"]);
        if ports.is_empty() {
            // Headless services may have addresses without ports.
            count += addresses.len();
            for a in addresses {
                if list.len() == MAX {
                    more = true;
                    break;
                }
                list.push(str_at(a, "ip").to_string());
            }
            continue;
        }
        for port in ports {
            count += addresses.len();
            for a in addresses {
                if list.len() == MAX {
                    more = true;
                    break;
                }
                list.push(join_host_port(str_at(a, "ip"), int_at(port, "port")));
            }
        }
    }
    let joined = list.join(",");
    if more {
        format!("{joined} + {} more...", count - MAX)
    } else {
        joined
    }
}

fn join_host_port(host: &str, port: i64) -> String {
    if host.contains(':') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::table::test_support::{cells, ts};

    #[test]
    fn service_ports_and_cluster_ip() {
        let svc = json!({
            "metadata": {"name": "kube-dns", "creationTimestamp": ts(5)},
            "spec": {
                "type": "ClusterIP", "clusterIP": "10.96.0.10", "clusterIPs": ["10.96.0.10"],
                "ports": [{"port": 53, "protocol": "UDP"}, {"port": 53, "protocol": "TCP"}],
                "selector": {"k8s-app": "kube-dns"},
            },
        });
        let want = [
            "kube-dns",
            "ClusterIP",
            "10.96.0.10",
            "<none>",
            "53/UDP,53/TCP",
            "5s",
        ];
        assert_eq!(cells("Service", &svc)[..6], want.map(|w| json!(w)));
        assert_eq!(cells("Service", &svc)[6], json!("k8s-app=kube-dns"));
        let np = json!({"metadata": {"name": "np"}, "spec": {
            "type": "NodePort", "clusterIP": "10.96.1.1",
            "ports": [{"port": 80, "nodePort": 30080}, {"port": 443, "nodePort": 30443}],
        }});
        let c = cells("Service", &np);
        assert_eq!(c[4], json!("80:30080/TCP,443:30443/TCP"));
        assert_eq!(c[6], json!("<none>"));
        let headless = json!({"metadata": {"name": "h"}, "spec": {"clusterIP": "None"}});
        let c = cells("Service", &headless);
        assert_eq!(
            c[1..5],
            ["ClusterIP", "None", "<none>", "<none>"].map(|w| json!(w))
        );
    }

    #[test]
    fn service_external_ips() {
        let svc = |spec: Value, status: Value| {
            let mut s = json!({"metadata": {"name": "s"}});
            s["spec"] = spec;
            s["status"] = status;
            cells("Service", &s)[3].clone()
        };
        let pending = svc(json!({"type": "LoadBalancer"}), json!({}));
        assert_eq!(pending, json!("<pending>"));
        let ingress = json!([{"ip": "203.0.113.9"}, {"hostname": "a.example.com"}]);
        let lb = svc(
            json!({"type": "LoadBalancer", "externalIPs": ["1.1.1.1"]}),
            json!({"loadBalancer": {"ingress": ingress}}),
        );
        assert_eq!(lb, json!("203.0.113.9,a.example.com,1.1.1.1"));
        let ext = svc(
            json!({"type": "ExternalName", "externalName": "db.example.com"}),
            json!({}),
        );
        assert_eq!(ext, json!("db.example.com"));
        let cip = svc(
            json!({"type": "ClusterIP", "externalIPs": ["1.2.3.4", "5.6.7.8"]}),
            json!({}),
        );
        assert_eq!(cip, json!("1.2.3.4,5.6.7.8"));
    }

    #[test]
    fn endpoints_truncation() {
        let ep = |ips: &[&str], ports: Value| {
            let addresses: Vec<Value> = ips.iter().map(|ip| json!({"ip": ip})).collect();
            let mut subset = json!({"addresses": addresses});
            if !ports.is_null() {
                subset["ports"] = ports;
            }
            let e = json!({"metadata": {"name": "e"}, "subsets": [subset]});
            cells("Endpoints", &e)[1].clone()
        };
        let http = json!([{"port": 80}]);
        assert_eq!(
            ep(&["10.0.0.1", "10.0.0.2"], http.clone()),
            json!("10.0.0.1:80,10.0.0.2:80")
        );
        let six = [
            "10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5", "10.0.0.6",
        ];
        assert_eq!(
            ep(&six, http),
            json!("10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 3 more...")
        );
        let two_ports = json!([{"port": 80}, {"port": 443}]);
        assert_eq!(
            ep(&["10.0.0.1", "fd00::1"], two_ports),
            json!("10.0.0.1:80,[fd00::1]:80,10.0.0.1:443 + 1 more...")
        );
        assert_eq!(ep(&["10.0.0.7"], Value::Null), json!("10.0.0.7"));
        let empty = json!({"metadata": {"name": "e"}, "subsets": []});
        assert_eq!(cells("Endpoints", &empty)[1], json!("<none>"));
        assert_eq!(
            cells("Endpoints", &json!({"metadata": {"name": "e"}}))[1],
            json!("<none>")
        );
    }
}
