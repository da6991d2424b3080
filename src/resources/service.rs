//! Services as compact rows: NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE, as `kubectl get svc`.
//!
//! Owns the projection `ServiceWire -> ServiceRow`, with kubectl's EXTERNAL-IP rules (`<none>`,
//! `<pending>` load balancers, `ExternalName`) and PORT(S) text ("80/TCP,443:30443/TCP").
//!
//! Must not keep the `Service` object.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::fmt::Write as _;

use super::Interner;
use super::pod::none_if_empty;
use super::wire::{ServicePortWire, ServiceWire};
use super::{Column, Labels, ObjKey, ResourceKind, Row, SortKey, StatusClass, age_cell};
use crate::sanitize::sanitize;

/// kubectl clips load balancer addresses to this many bytes outside `-o wide`.
const LOAD_BALANCER_WIDTH: usize = 16;

/// What the services pane shows of one service.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ServiceRow {
    pub key: ObjKey,
    pub type_: Box<str>,
    /// Empty when the service has none (`ExternalName`).
    pub cluster_ip: Box<str>,
    /// Already in kubectl's words: addresses, `<none>` or `<pending>`.
    pub external_ip: Box<str>,
    /// kubectl's PORT(S); empty when the service has no ports.
    pub ports: Box<str>,
    pub created_unix: Option<i64>,
    pub status_class: StatusClass,
    pub labels: Labels,
}

/// Column indexes of `ServiceRow::columns()`.
pub mod col {
    pub const NAMESPACE: usize = 0;
    pub const NAME: usize = 1;
    pub const TYPE: usize = 2;
    pub const CLUSTER_IP: usize = 3;
    pub const EXTERNAL_IP: usize = 4;
    pub const PORTS: usize = 5;
    pub const AGE: usize = 6;
}

const COLUMNS: &[Column] = &[
    Column::namespace(),
    Column::new("NAME", 0).cut_to(12),
    Column::new("TYPE", 3),
    Column::new("CLUSTER-IP", 4),
    Column::new("EXTERNAL-IP", 5).cut_to(11),
    Column::new("PORT(S)", 1).cut_to(10),
    Column::new("AGE", 2),
];

impl Row for ServiceRow {
    const KIND: ResourceKind = ResourceKind::Service;

    fn columns() -> &'static [Column] {
        COLUMNS
    }

    fn status_column() -> Option<usize> {
        Some(col::EXTERNAL_IP)
    }

    fn key(&self) -> &ObjKey {
        &self.key
    }

    fn cell(&self, column: usize, now_unix: i64) -> Cow<'_, str> {
        match column {
            col::NAMESPACE => sanitize(&self.key.namespace),
            col::NAME => sanitize(&self.key.name),
            col::TYPE => sanitize(&self.type_),
            col::CLUSTER_IP => none_if_empty(&self.cluster_ip),
            col::EXTERNAL_IP => sanitize(&self.external_ip),
            col::PORTS => none_if_empty(&self.ports),
            col::AGE => age_cell(self.created_unix, now_unix),
            _ => Cow::Borrowed(""),
        }
    }

    fn sort_key(&self, column: usize) -> SortKey<'_> {
        match column {
            col::NAMESPACE => SortKey::Text(&self.key.namespace),
            col::TYPE => SortKey::Text(&self.type_),
            col::CLUSTER_IP => SortKey::Text(&self.cluster_ip),
            col::EXTERNAL_IP => SortKey::Text(&self.external_ip),
            col::PORTS => SortKey::Text(&self.ports),
            col::AGE => SortKey::Int(self.created_unix.map_or(i64::MIN, |c| -c)),
            _ => SortKey::Text(&self.key.name),
        }
    }

    fn labels(&self) -> &Labels {
        &self.labels
    }

    fn any_filter_text(&self, matches: &mut dyn FnMut(&str) -> bool) -> bool {
        matches(&self.key.name)
            || matches(&self.type_)
            || matches(&self.cluster_ip)
            || matches(&self.external_ip)
            || matches(&self.key.namespace)
    }

    fn status_class(&self) -> StatusClass {
        self.status_class
    }
}

/// Projects a service into its row.
pub fn project(mut service: ServiceWire, interner: &mut Interner) -> ServiceRow {
    let key = service.metadata.take_key(interner);
    let labels = std::mem::take(&mut service.metadata.labels);
    let spec = service.spec.as_ref();
    let type_ = spec.and_then(|s| s.type_.as_deref()).unwrap_or("ClusterIP");
    let external_ip = external_ip(&service, type_);
    let status_class = if service.metadata.is_deleting() {
        StatusClass::Terminating
    } else if external_ip == "<pending>" {
        StatusClass::Pending
    } else {
        StatusClass::Running
    };
    ServiceRow {
        key,
        type_: type_.into(),
        cluster_ip: spec
            .and_then(|s| s.cluster_ip.as_deref())
            .unwrap_or_default()
            .into(),
        ports: ports_text(spec.and_then(|s| s.ports.as_deref()).unwrap_or_default()).into(),
        external_ip: external_ip.into(),
        created_unix: service.metadata.created_unix(),
        status_class,
        labels,
    }
}

fn external_ip(service: &ServiceWire, type_: &str) -> String {
    let spec = service.spec.as_ref();
    let external_ips = spec
        .and_then(|s| s.external_ips.as_deref())
        .unwrap_or_default();
    match type_ {
        "ClusterIP" | "NodePort" => {
            if external_ips.is_empty() {
                "<none>".to_owned()
            } else {
                external_ips.join(",")
            }
        }
        "LoadBalancer" => {
            let ingress = service
                .status
                .as_ref()
                .and_then(|s| s.load_balancer.as_ref())
                .and_then(|lb| lb.ingress.as_deref())
                .unwrap_or_default();
            let addresses: BTreeSet<&str> = ingress
                .iter()
                .filter_map(|i| {
                    i.ip.as_deref()
                        .filter(|s| !s.is_empty())
                        .or(i.hostname.as_deref())
                })
                .filter(|s| !s.is_empty())
                .collect();
            let mut lb = addresses.into_iter().collect::<Vec<_>>().join(",");
            if lb.len() > LOAD_BALANCER_WIDTH {
                let mut cut = LOAD_BALANCER_WIDTH - 3;
                while !lb.is_char_boundary(cut) {
                    cut -= 1;
                }
                lb.truncate(cut);
                lb.push_str("...");
            }
            match (lb.is_empty(), external_ips.is_empty()) {
                (true, true) => "<pending>".to_owned(),
                (false, true) => lb,
                (true, false) => external_ips.join(","),
                (false, false) => format!("{lb},{}", external_ips.join(",")),
            }
        }
        "ExternalName" => spec
            .and_then(|s| s.external_name.clone())
            .unwrap_or_default(),
        _ => "<unknown>".to_owned(),
    }
}

/// PORT(S) as kubectl prints it: "80/TCP", "443:30443/TCP", comma separated.
pub fn ports_text(ports: &[ServicePortWire]) -> String {
    let mut out = String::new();
    for (i, p) in ports.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let protocol = p.protocol.as_deref().unwrap_or("TCP");
        match p.node_port.filter(|n| *n > 0) {
            Some(node_port) => {
                let _ = write!(out, "{}:{node_port}/{protocol}", p.port);
            }
            None => {
                let _ = write!(out, "{}/{protocol}", p.port);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::needless_pass_by_value)]

    use serde_json::json;

    use super::*;
    use crate::resources::wire::through_openapi;

    const NOW: i64 = 1_700_000_000;

    fn service(spec: serde_json::Value, status: serde_json::Value) -> ServiceRow {
        let created = jiff::Timestamp::from_second(NOW - 45).unwrap();
        project(
            through_openapi::<k8s_openapi::api::core::v1::Service, _>(json!({
                "metadata": {"name": "web", "namespace": "shop", "creationTimestamp": created.to_string()},
                "spec": spec,
                "status": status,
            })),
            &mut Interner::new(),
        )
    }

    fn cells(row: &ServiceRow) -> Vec<String> {
        (0..ServiceRow::columns().len())
            .map(|c| row.cell(c, NOW).into_owned())
            .collect()
    }

    #[test]
    fn cluster_ip_service_reads_like_kubectl() {
        let row = service(
            json!({"type": "ClusterIP", "clusterIP": "10.96.0.10",
                   "ports": [{"port": 53, "protocol": "UDP"}, {"port": 53}]}),
            json!({}),
        );
        assert_eq!(
            cells(&row),
            [
                "shop",
                "web",
                "ClusterIP",
                "10.96.0.10",
                "<none>",
                "53/UDP,53/TCP",
                "45s"
            ]
        );
    }

    #[test]
    fn node_port_and_load_balancer_ports() {
        let row = service(
            json!({"type": "NodePort", "clusterIP": "10.0.0.1",
                   "ports": [{"port": 80}, {"port": 443, "nodePort": 30443}]}),
            json!({}),
        );
        assert_eq!(row.cell(col::PORTS, NOW), "80/TCP,443:30443/TCP");
    }

    #[test]
    fn load_balancer_without_address_is_pending() {
        let row = service(
            json!({"type": "LoadBalancer", "clusterIP": "10.0.0.2", "ports": [{"port": 80, "nodePort": 31000}]}),
            json!({}),
        );
        assert_eq!(row.cell(col::EXTERNAL_IP, NOW), "<pending>");
        assert_eq!(row.status_class, StatusClass::Pending);
    }

    #[test]
    fn load_balancer_addresses_are_sorted_and_clipped() {
        let row = service(
            json!({"type": "LoadBalancer", "clusterIP": "10.0.0.2"}),
            json!({"loadBalancer": {"ingress": [{"ip": "34.1.2.3"}]}}),
        );
        assert_eq!(row.cell(col::EXTERNAL_IP, NOW), "34.1.2.3");
        assert_eq!(row.status_class, StatusClass::Running);

        let row = service(
            json!({"type": "LoadBalancer", "clusterIP": "10.0.0.2"}),
            json!({"loadBalancer": {"ingress": [{"hostname": "b.example.com"}, {"ip": "34.1.2.3"}]}}),
        );
        assert_eq!(row.cell(col::EXTERNAL_IP, NOW), "34.1.2.3,b.ex...");
    }

    #[test]
    fn external_name_and_headless_and_portless() {
        let row = service(
            json!({"type": "ExternalName", "externalName": "db.example.com"}),
            json!({}),
        );
        assert_eq!(
            cells(&row)[2..6],
            ["ExternalName", "<none>", "db.example.com", "<none>"]
        );

        let row = service(
            json!({"clusterIP": "None", "ports": [{"port": 5432}]}),
            json!({}),
        );
        assert_eq!(
            cells(&row)[2..6],
            ["ClusterIP", "None", "<none>", "5432/TCP"]
        );
    }

    #[test]
    fn external_ips_are_listed() {
        let row = service(
            json!({"type": "ClusterIP", "clusterIP": "10.0.0.3", "externalIPs": ["1.2.3.4", "5.6.7.8"]}),
            json!({}),
        );
        assert_eq!(row.cell(col::EXTERNAL_IP, NOW), "1.2.3.4,5.6.7.8");
    }
}
