//! Three-way merge of an edit that raced with someone else's change: the user's changes (from
//! the version they opened to what they saved) applied on top of the version now live.
//!
//! Owns deciding which fields both sides changed differently (conflicts). Maps merge key by
//! key; lists of named items (containers, ports, env, volumes) merge item by item by `name`;
//! other lists and scalars are changed whole. Must not decide what to do about a conflict:
//! the result carries the user's value there and lists every conflict.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

/// A field both sides changed, to different values.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    /// `metadata.labels.tier`, `spec.containers[name=web].image`.
    pub path: String,
    /// The user's value (`None`: they removed it).
    pub mine: Option<Value>,
    /// The value someone else set (`None`: they removed it).
    pub theirs: Option<Value>,
}

/// The merged object and what could not be merged cleanly.
#[derive(Debug, Clone, PartialEq)]
pub struct Merged {
    /// `theirs` with the user's changes; at conflicts, the user's value.
    pub value: Value,
    pub conflicts: Vec<Conflict>,
}

/// Applies the changes from `base` to `mine` onto `theirs`.
pub fn three_way(base: &Value, mine: &Value, theirs: &Value) -> Merged {
    let mut conflicts = Vec::new();
    let value =
        merge("", Some(base), Some(mine), Some(theirs), &mut conflicts).unwrap_or(Value::Null);
    Merged { value, conflicts }
}

fn merge(
    path: &str,
    base: Option<&Value>,
    mine: Option<&Value>,
    theirs: Option<&Value>,
    conflicts: &mut Vec<Conflict>,
) -> Option<Value> {
    if mine == base || mine == theirs {
        return theirs.cloned();
    }
    if theirs == base {
        return mine.cloned();
    }
    match (base, mine, theirs) {
        (None | Some(Value::Object(_)), Some(Value::Object(m)), Some(Value::Object(t))) => {
            let empty = Map::new();
            let b = base.and_then(Value::as_object).unwrap_or(&empty);
            Some(Value::Object(merge_maps(path, b, m, t, conflicts)))
        }
        (Some(Value::Array(b)), Some(Value::Array(m)), Some(Value::Array(t)))
            if [b, m, t].iter().all(|l| named(l)) =>
        {
            Some(Value::Array(merge_named(path, b, m, t, conflicts)))
        }
        _ => {
            conflicts.push(Conflict {
                path: if path.is_empty() { "." } else { path }.to_owned(),
                mine: mine.cloned(),
                theirs: theirs.cloned(),
            });
            mine.cloned()
        }
    }
}

fn merge_maps(
    path: &str,
    base: &Map<String, Value>,
    mine: &Map<String, Value>,
    theirs: &Map<String, Value>,
    conflicts: &mut Vec<Conflict>,
) -> Map<String, Value> {
    let keys: BTreeSet<&String> = base
        .keys()
        .chain(mine.keys())
        .chain(theirs.keys())
        .collect();
    let mut out = Map::new();
    for key in keys {
        let child = if path.is_empty() {
            key.clone()
        } else {
            format!("{path}.{key}")
        };
        if let Some(v) = merge(
            &child,
            base.get(key),
            mine.get(key),
            theirs.get(key),
            conflicts,
        ) {
            out.insert(key.clone(), v);
        }
    }
    out
}

/// Every item an object with a distinct string `name`.
fn named(list: &[Value]) -> bool {
    let mut seen = BTreeSet::new();
    list.iter().all(|item| {
        item.get("name")
            .and_then(Value::as_str)
            .is_some_and(|n| seen.insert(n))
    })
}

fn name_of(item: &Value) -> &str {
    item.get("name").and_then(Value::as_str).unwrap_or_default()
}

fn find<'a>(list: &'a [Value], name: &str) -> Option<&'a Value> {
    list.iter().find(|item| name_of(item) == name)
}

/// Items in `theirs`' order, then items only the user added, in their order.
fn merge_named(
    path: &str,
    base: &[Value],
    mine: &[Value],
    theirs: &[Value],
    conflicts: &mut Vec<Conflict>,
) -> Vec<Value> {
    let mut names: Vec<&str> = theirs.iter().map(name_of).collect();
    for item in mine.iter().chain(base) {
        let name = name_of(item);
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names
        .into_iter()
        .filter_map(|name| {
            merge(
                &format!("{path}[name={name}]"),
                find(base, name),
                find(mine, name),
                find(theirs, name),
                conflicts,
            )
        })
        .collect()
}

/// A conflict list as the editor's comment block shows it.
pub fn explain(conflicts: &[Conflict]) -> String {
    let show = |v: &Option<Value>| {
        v.as_ref().map_or_else(
            || "(removed)".to_owned(),
            |v| serde_json::to_string(v).unwrap_or_default(),
        )
    };
    conflicts
        .iter()
        .map(|c| {
            format!(
                "  {}: yours {}, theirs {}",
                c.path,
                show(&c.mine),
                show(&c.theirs)
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn base() -> Value {
        json!({
            "metadata": {"name": "web", "labels": {"app": "web"}},
            "spec": {"replicas": 2, "containers": [
                {"name": "web", "image": "nginx:1", "args": ["-v"]},
                {"name": "sidecar", "image": "envoy:1"}
            ]}
        })
    }

    #[test]
    fn changes_to_different_fields_merge_cleanly() {
        let mut mine = base();
        mine["metadata"]["labels"]["tier"] = json!("front");
        mine["spec"]["containers"][0]["image"] = json!("nginx:2");
        let mut theirs = base();
        theirs["spec"]["replicas"] = json!(5);
        theirs["spec"]["containers"][1]["image"] = json!("envoy:2");
        let merged = three_way(&base(), &mine, &theirs);
        assert_eq!(merged.conflicts, vec![]);
        let v = merged.value;
        assert_eq!(
            v["metadata"]["labels"],
            json!({"app": "web", "tier": "front"})
        );
        assert_eq!(v["spec"]["replicas"], 5);
        assert_eq!(v["spec"]["containers"][0]["image"], "nginx:2");
        assert_eq!(v["spec"]["containers"][1]["image"], "envoy:2");
    }

    #[test]
    fn the_same_field_changed_differently_is_a_conflict_that_keeps_mine() {
        let mut mine = base();
        mine["spec"]["containers"][0]["image"] = json!("nginx:2");
        let mut theirs = base();
        theirs["spec"]["containers"][0]["image"] = json!("nginx:3");
        let merged = three_way(&base(), &mine, &theirs);
        assert_eq!(
            merged.conflicts,
            vec![Conflict {
                path: "spec.containers[name=web].image".into(),
                mine: Some(json!("nginx:2")),
                theirs: Some(json!("nginx:3")),
            }]
        );
        assert_eq!(merged.value["spec"]["containers"][0]["image"], "nginx:2");
        assert!(explain(&merged.conflicts).contains("yours \"nginx:2\", theirs \"nginx:3\""));
    }

    #[test]
    fn the_same_change_on_both_sides_is_no_conflict() {
        let mut mine = base();
        mine["spec"]["replicas"] = json!(3);
        let merged = three_way(&base(), &mine, &mine.clone());
        assert!(merged.conflicts.is_empty());
        assert_eq!(merged.value, mine);
    }

    #[test]
    fn removals_and_additions_of_keys_and_items() {
        let mut mine = base();
        mine["metadata"]["labels"]
            .as_object_mut()
            .unwrap()
            .remove("app");
        mine["spec"]["containers"]
            .as_array_mut()
            .unwrap()
            .push(json!({"name": "debug", "image": "busybox"}));
        let mut theirs = base();
        theirs["metadata"]["annotations"] = json!({"note": "x"});
        theirs["spec"]["containers"]
            .as_array_mut()
            .unwrap()
            .remove(1);
        let merged = three_way(&base(), &mine, &theirs);
        assert!(merged.conflicts.is_empty(), "{:?}", merged.conflicts);
        let v = merged.value;
        assert_eq!(v["metadata"]["labels"], json!({}));
        assert_eq!(v["metadata"]["annotations"], json!({"note": "x"}));
        let names: Vec<&str> = v["spec"]["containers"]
            .as_array()
            .unwrap()
            .iter()
            .map(name_of)
            .collect();
        assert_eq!(names, ["web", "debug"]);
    }

    #[test]
    fn unnamed_lists_change_whole() {
        let mut mine = base();
        mine["spec"]["containers"][0]["args"] = json!(["-v", "-x"]);
        let mut theirs = base();
        theirs["spec"]["containers"][0]["args"] = json!(["-q"]);
        let merged = three_way(&base(), &mine, &theirs);
        assert_eq!(merged.conflicts.len(), 1);
        assert_eq!(merged.conflicts[0].path, "spec.containers[name=web].args");
        // Removed by them, changed by me.
        let mut theirs = base();
        theirs["metadata"]["labels"]
            .as_object_mut()
            .unwrap()
            .remove("app");
        let mut mine = base();
        mine["metadata"]["labels"]["app"] = json!("api");
        let merged = three_way(&base(), &mine, &theirs);
        assert_eq!(merged.conflicts[0].theirs, None);
        assert_eq!(merged.value["metadata"]["labels"]["app"], "api");
    }
}
