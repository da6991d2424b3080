//! Discovery documents: `/version`, `/api`, `/apis`, group and group-version resource lists,
//! and the `OpenAPI` v3 index that kubectl reads to learn that the server validates fields itself.
//! Answers the legacy (non-aggregated) discovery formats, which kubectl 1.32 falls back to.

use serde_json::{Value, json};

use super::kinds::{KINDS, Kind, VERBS};

pub fn version() -> Value {
    json!({
        "major": "1",
        "minor": "32",
        "gitVersion": "v1.32.0-kview-sim",
        "gitCommit": "0000000000000000000000000000000000000000",
        "gitTreeState": "clean",
        "buildDate": "2026-01-01T00:00:00Z",
        "goVersion": "go1.23.4",
        "compiler": "gc",
        "platform": "linux/amd64"
    })
}

pub fn core_versions(server_address: &str) -> Value {
    json!({
        "kind": "APIVersions",
        "versions": ["v1"],
        "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0", "serverAddress": server_address}]
    })
}

fn group_entry(group: &str) -> Value {
    let gv = json!({"groupVersion": format!("{group}/v1"), "version": "v1"});
    json!({"name": group, "versions": [gv.clone()], "preferredVersion": gv})
}

pub fn group_list() -> Value {
    let groups: Vec<Value> = super::kinds::groups()
        .into_iter()
        .map(group_entry)
        .collect();
    json!({"kind": "APIGroupList", "apiVersion": "v1", "groups": groups})
}

pub fn group(name: &str) -> Option<Value> {
    super::kinds::groups().contains(&name).then(|| {
        let mut g = group_entry(name);
        if let Some(m) = g.as_object_mut() {
            m.insert("kind".into(), json!("APIGroup"));
            m.insert("apiVersion".into(), json!("v1"));
        }
        g
    })
}

fn subresource_entry(k: &Kind, sub: &str) -> Value {
    let (kind, group, version, verbs): (&str, &str, &str, &[&str]) = match sub {
        "scale" => ("Scale", "autoscaling", "v1", &["get", "patch", "update"]),
        "log" => ("Pod", "", "", &["get"]),
        "exec" => ("PodExecOptions", "", "", &["create", "get"]),
        "attach" => ("PodAttachOptions", "", "", &["create", "get"]),
        "eviction" => ("Eviction", "policy", "v1", &["create"]),
        "finalize" => (k.kind, "", "", &["update"]),
        _ => (k.kind, "", "", &["get", "patch", "update"]),
    };
    let mut entry = json!({
        "name": format!("{}/{sub}", k.plural),
        "singularName": "",
        "namespaced": k.namespaced,
        "kind": kind,
        "verbs": verbs,
    });
    if !group.is_empty()
        && let Some(m) = entry.as_object_mut()
    {
        m.insert("group".into(), json!(group));
        m.insert("version".into(), json!(version));
    }
    entry
}

/// The `APIResourceList` of one group/version, or None when not served.
pub fn resource_list(group: &str, version: &str) -> Option<Value> {
    let kinds: Vec<&Kind> = KINDS
        .iter()
        .filter(|k| k.group == group && k.version == version)
        .collect();
    if kinds.is_empty() {
        return None;
    }
    let mut resources = Vec::new();
    for k in kinds {
        let mut entry = json!({
            "name": k.plural,
            "singularName": k.singular,
            "namespaced": k.namespaced,
            "kind": k.kind,
            "verbs": VERBS,
        });
        if let Some(m) = entry.as_object_mut() {
            if !k.short_names.is_empty() {
                m.insert("shortNames".into(), json!(k.short_names));
            }
            if !k.categories.is_empty() {
                m.insert("categories".into(), json!(k.categories));
            }
        }
        resources.push(entry);
        resources.extend(k.subresources.iter().map(|s| subresource_entry(k, s)));
    }
    let gv = if group.is_empty() {
        version.to_string()
    } else {
        format!("{group}/{version}")
    };
    Some(
        json!({"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": gv, "resources": resources}),
    )
}

/// `/openapi/v3`: one document per group/version.
pub fn openapi_v3_index() -> Value {
    let mut paths = serde_json::Map::new();
    paths.insert(
        "api/v1".into(),
        json!({"serverRelativeURL": "/openapi/v3/api/v1?hash=kview-sim-1"}),
    );
    for g in super::kinds::groups() {
        paths.insert(
            format!("apis/{g}/v1"),
            json!({"serverRelativeURL": format!("/openapi/v3/apis/{g}/v1?hash=kview-sim-1")}),
        );
    }
    json!({"paths": paths})
}

/// A group/version `OpenAPI` v3 document that lists each kind's PATCH operation with the
/// query parameters the server honours. kubectl reads it to decide that field validation and
/// dry runs happen on the server; schemas are not published, so kubectl falls back to its
/// built-in types for patch computation.
pub fn openapi_v3_doc(group: &str, version: &str) -> Option<Value> {
    let mut paths = serde_json::Map::new();
    for k in KINDS
        .iter()
        .filter(|k| k.group == group && k.version == version)
    {
        let prefix = if group.is_empty() {
            "/api/v1".to_string()
        } else {
            format!("/apis/{group}/{version}")
        };
        let item = if k.namespaced {
            format!("{prefix}/namespaces/{{namespace}}/{}/{{name}}", k.plural)
        } else {
            format!("{prefix}/{}/{{name}}", k.plural)
        };
        let params: Vec<Value> = ["dryRun", "fieldManager", "fieldValidation", "force"]
            .iter()
            .map(|p| json!({"name": p, "in": "query", "schema": {"type": "string"}, "uniqueItems": true}))
            .collect();
        let gvk = json!({"group": k.group, "version": k.version, "kind": k.kind});
        paths.insert(
            item,
            json!({
                "patch": {
                    "operationId": format!("patch{}", k.kind),
                    "parameters": params,
                    "responses": {"200": {"description": "OK"}},
                    "x-kubernetes-action": "patch",
                    "x-kubernetes-group-version-kind": gvk,
                }
            }),
        );
    }
    if paths.is_empty() {
        return None;
    }
    Some(json!({
        "openapi": "3.0.0",
        "info": {"title": "Kubernetes", "version": "v1.32.0"},
        "paths": paths,
        "components": {"schemas": {}}
    }))
}
