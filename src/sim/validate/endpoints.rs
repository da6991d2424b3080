//! Endpoints validation and the IP address and CIDR checks shared with Services' external
//! IPs.
//!
//! It must not resolve or reach any address.

use super::access::{int, items, text};
use super::metadata::{NAMESPACED, validate_meta};
use super::pods::{PROTOCOLS, protocol};
use super::{Bad, Errs};
use crate::sim::names::{dns1123_label_errors, dns1123_subdomain_errors};
use serde_json::Value;

pub(super) fn validate_endpoints(obj: &Value, e: &mut Errs) {
    validate_meta(obj, NAMESPACED, e);
    for (i, subset) in items(obj, "subsets").iter().enumerate() {
        let p = format!("subsets[{i}]");
        let addresses = items(subset, "addresses");
        let not_ready = items(subset, "notReadyAddresses");
        if addresses.is_empty() && not_ready.is_empty() {
            e.required(&p, "must specify `addresses` or `notReadyAddresses`");
        }
        for (list, entries) in [("addresses", addresses), ("notReadyAddresses", not_ready)] {
            for (j, addr) in entries.iter().enumerate() {
                let ap = format!("{p}.{list}[{j}]");
                validate_endpoint_ip(text(addr, "ip"), &format!("{ap}.ip"), false, e);
                let host = text(addr, "hostname");
                if !host.is_empty() {
                    e.invalid_all(&format!("{ap}.hostname"), host, dns1123_label_errors(host));
                }
                if let Some(node) = addr.get("nodeName").and_then(Value::as_str) {
                    e.invalid_all(
                        &format!("{ap}.nodeName"),
                        node,
                        dns1123_subdomain_errors(node),
                    );
                }
            }
        }
        let ports = items(subset, "ports");
        for (j, port) in ports.iter().enumerate() {
            let pp = format!("{p}.ports[{j}]");
            let name = text(port, "name");
            if ports.len() > 1 && name.is_empty() {
                e.required(&format!("{pp}.name"), "");
            } else if !name.is_empty() {
                e.invalid_all(&format!("{pp}.name"), name, dns1123_label_errors(name));
            }
            e.port_num(&format!("{pp}.port"), int(port, "port").unwrap_or(0));
            let proto = protocol(port);
            if !PROTOCOLS.contains(&proto) {
                e.not_supported(&format!("{pp}.protocol"), proto, &PROTOCOLS);
            }
        }
    }
}

/// External IPs report a bad address once; endpoint addresses get both the generic and the
/// "special address" wording, as in the server.
pub(super) fn validate_endpoint_ip(ip: &str, field: &str, external: bool, e: &mut Errs) {
    let Some(addr) = parse_ip(ip) else {
        e.invalid(
            field,
            &Bad::Str(ip),
            "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)",
        );
        if !external {
            e.invalid(field, &Bad::Str(ip), "must be a valid IP address");
        }
        return;
    };
    if addr.is_unspecified() {
        e.invalid(
            field,
            &Bad::Str(ip),
            &format!("may not be unspecified ({ip})"),
        );
    }
    if addr.is_loopback() {
        e.invalid(
            field,
            &Bad::Str(ip),
            "may not be in the loopback range (127.0.0.0/8, ::1/128)",
        );
    }
    let link_local = match addr {
        std::net::IpAddr::V4(v4) => v4.is_link_local(),
        std::net::IpAddr::V6(v6) => v6.segments()[0] & 0xffc0 == 0xfe80,
    };
    if link_local {
        e.invalid(
            field,
            &Bad::Str(ip),
            "may not be in the link-local range (169.254.0.0/16, fe80::/10)",
        );
    }
    let link_local_multicast = match addr {
        std::net::IpAddr::V4(v4) => v4.octets()[..3] == [224, 0, 0],
        std::net::IpAddr::V6(v6) => v6.segments()[0] & 0xff0f == 0xff02,
    };
    if link_local_multicast {
        e.invalid(
            field,
            &Bad::Str(ip),
            "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)",
        );
    }
}

/// Go's `ParseIPSloppy` also takes IPv4 octets with leading zeros.
fn parse_ip(s: &str) -> Option<std::net::IpAddr> {
    if let Ok(ip) = s.parse() {
        return Some(ip);
    }
    let octets: Vec<u8> = s
        .split('.')
        .map(|o| o.parse().ok())
        .collect::<Option<_>>()?;
    let octets: [u8; 4] = octets.try_into().ok()?;
    Some(std::net::IpAddr::from(octets))
}

pub(super) fn is_cidr(s: &str) -> bool {
    let Some((ip, bits)) = s.split_once('/') else {
        return false;
    };
    let Ok(bits) = bits.parse::<u8>() else {
        return false;
    };
    match parse_ip(ip) {
        Some(std::net::IpAddr::V4(_)) => bits <= 32,
        Some(std::net::IpAddr::V6(_)) => bits <= 128,
        None => false,
    }
}
