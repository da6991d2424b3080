//! Unit tests for `field`.

use super::*;
use serde_json::json;

fn pod() -> Value {
    json!({
        "kind": "Pod",
        "metadata": {"name": "web-1", "namespace": "shop"},
        "spec": {"nodeName": "node-a", "restartPolicy": "Always"},
        "status": {"phase": "Running", "podIPs": [{"ip": "10.0.0.7"}]}
    })
}

#[test]
fn field_selector_nested_paths_booleans_and_not_equal() {
    let p = pod();
    let yes = [
        "metadata.name=web-1",
        "metadata.namespace==shop",
        "spec.nodeName=node-a,status.phase=Running",
        "status.phase!=Pending",
        "spec.hostNetwork=false",
        "status.podIP=10.0.0.7",
        "spec.host=node-a",
        "spec.schedulerName=",
    ];
    for s in yes {
        assert!(FieldSelector::parse(s).unwrap().matches(&p), "{s}");
    }
    let no = [
        "status.phase!=Running",
        "spec.hostNetwork=true",
        "status.podIPs=10.0.0.7",
    ];
    for s in no {
        assert!(!FieldSelector::parse(s).unwrap().matches(&p), "{s}");
    }
    let node = json!({"kind": "Node", "metadata": {"name": "n"}, "spec": {"unschedulable": true}});
    assert!(
        FieldSelector::parse("spec.unschedulable=true")
            .unwrap()
            .matches(&node)
    );
    let event = json!({"kind": "Event", "reportingComponent": "kubelet", "source": {}});
    assert!(
        FieldSelector::parse("source=kubelet")
            .unwrap()
            .matches(&event)
    );
}

#[test]
fn field_selector_escapes_and_parse_errors() {
    let obj = json!({"metadata": {"name": "a,b=c"}});
    assert!(
        FieldSelector::parse("metadata.name=a\\,b\\=c")
            .unwrap()
            .matches(&obj)
    );
    assert_eq!(
        FieldSelector::parse("metadata.name").unwrap_err(),
        "invalid selector: 'metadata.name'; can't understand 'metadata.name'"
    );
    assert_eq!(
        FieldSelector::parse("metadata.name=a=b").unwrap_err(),
        "invalid field selector: unescaped character in value: 61"
    );
    assert_eq!(
        FieldSelector::parse("metadata.name=a\\b").unwrap_err(),
        "invalid field selector: invalid escape sequence: \\b"
    );
    assert!(FieldSelector::parse("").unwrap().is_empty());
    assert!(FieldSelector::parse(",").unwrap().is_empty());
}

#[test]
fn unsupported_field_labels_use_server_wording() {
    let foo = FieldSelector::parse("spec.foo=x").unwrap();
    assert_eq!(
        foo.validate_for_kind("Pod").unwrap_err(),
        "field label not supported: spec.foo"
    );
    assert_eq!(
        foo.validate_for_kind("Deployment").unwrap_err(),
        "\"spec.foo\" is not a known field selector: only \"metadata.name\", \
         \"metadata.namespace\""
    );
    let ns = FieldSelector::parse("metadata.namespace=x").unwrap();
    assert!(ns.validate_for_kind("Pod").is_ok());
    assert!(ns.validate_for_kind("ConfigMap").is_ok());
    assert_eq!(
        ns.validate_for_kind("Node").unwrap_err(),
        "field label not supported: metadata.namespace"
    );
    let ev = FieldSelector::parse("involvedObject.name=web,type=Warning,reason=BackOff").unwrap();
    assert!(ev.validate_for_kind("Event").is_ok());
    let sec = FieldSelector::parse("type=kubernetes.io/tls").unwrap();
    assert!(sec.validate_for_kind("Secret").is_ok());
    assert!(
        FieldSelector::parse("spec.unschedulable=true")
            .unwrap()
            .validate_for_kind("Node")
            .is_ok()
    );
}

#[test]
fn exact_name_pins_a_single_object() {
    let s = FieldSelector::parse("status.phase=Running,metadata.name=web-1").unwrap();
    assert_eq!(s.exact_name(), Some("web-1"));
    assert_eq!(
        FieldSelector::parse("metadata.name!=web-1")
            .unwrap()
            .exact_name(),
        None
    );
    assert_eq!(FieldSelector::parse("").unwrap().exact_name(), None);
}
