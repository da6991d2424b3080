//! Unit tests for `label`.

use super::*;
use serde_json::json;
use std::collections::BTreeMap;

fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn sel_matches(sel: &LabelSelector, l: &BTreeMap<String, String>) -> bool {
    sel.matches(&|k| l.get(k).map(String::as_str))
}

#[test]
fn equality_forms_select_like_kubectl_get_l() {
    let web = labels(&[("app", "web"), ("tier", "fe")]);
    let db = labels(&[("app", "db")]);
    for s in ["app=web", "app==web", "app=web,tier=fe"] {
        let sel = LabelSelector::parse(s).unwrap();
        assert!(sel_matches(&sel, &web), "{s}");
        assert!(!sel_matches(&sel, &db), "{s}");
    }
    let ne = LabelSelector::parse("app!=web").unwrap();
    assert!(!sel_matches(&ne, &web));
    assert!(sel_matches(&ne, &db));
    // != also selects objects lacking the label entirely.
    assert!(sel_matches(&ne, &labels(&[])));
}

#[test]
fn set_based_forms_and_whitespace() {
    let prod = labels(&[("env", "prod"), ("tier", "fe")]);
    let dev = labels(&[("env", "dev")]);
    let none = labels(&[]);
    let sel = LabelSelector::parse("  env in ( prod , qa ) ,  tier ").unwrap();
    assert!(sel_matches(&sel, &prod));
    assert!(!sel_matches(&sel, &dev));
    let notin = LabelSelector::parse("env notin (prod)").unwrap();
    assert!(!sel_matches(&notin, &prod));
    assert!(sel_matches(&notin, &dev));
    assert!(sel_matches(&notin, &none));
    let absent = LabelSelector::parse("!tier").unwrap();
    assert!(!sel_matches(&absent, &prod));
    assert!(sel_matches(&absent, &dev));
    let exists = LabelSelector::parse("tier").unwrap();
    assert!(sel_matches(&exists, &prod) && !sel_matches(&exists, &dev));
}

#[test]
fn keywords_are_plain_values_inside_parentheses() {
    let sel = LabelSelector::parse("x in (in,notin)").unwrap();
    assert!(sel_matches(&sel, &labels(&[("x", "notin")])));
}

#[test]
fn gt_lt_compare_integers() {
    let sel = LabelSelector::parse("replicas>2,replicas<10").unwrap();
    assert!(sel_matches(&sel, &labels(&[("replicas", "5")])));
    assert!(!sel_matches(&sel, &labels(&[("replicas", "2")])));
    assert!(!sel_matches(&sel, &labels(&[("replicas", "many")])));
}

#[test]
fn empty_selector_selects_everything() {
    let sel = LabelSelector::parse("").unwrap();
    assert!(sel.is_empty());
    assert!(sel_matches(&sel, &labels(&[])));
    assert!(LabelSelector::parse("   ").unwrap().is_empty());
    assert!(!LabelSelector::parse("a").unwrap().is_empty());
}

#[test]
fn syntax_errors_use_server_wording() {
    let cases = [
        (
            "env in prod",
            "unable to parse requirement: found 'prod' expected: '('",
        ),
        ("a=b c", "found 'c', expected: ',' or 'end of string'"),
        (
            "env in (prod",
            "unable to parse requirement: found '', expected: ',' or ')'",
        ),
        (
            "type=app,versionv1.0.1)",
            "unable to parse requirement: found ')', expected: in, notin, =, ==, !=, gt, lt",
        ),
        (
            "test-label=====service1",
            "unable to parse requirement: found '==', expected: identifier",
        ),
        (
            ",a",
            "found ',', expected: !, identifier, or 'end of string'",
        ),
        ("a,", "found '', expected: identifier after ','"),
        ("!a=b", "found '=', expected: ',' or 'end of string'"),
    ];
    for (input, want) in cases {
        assert_eq!(LabelSelector::parse(input).unwrap_err(), want, "{input}");
    }
}

#[test]
fn invalid_key_and_value_errors() {
    assert_eq!(
        LabelSelector::parse("-app=x").unwrap_err(),
        "unable to parse requirement: <nil>: Invalid value: \"-app\": name part must \
         consist of alphanumeric characters, '-', '_' or '.', and must start and end with \
         an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex \
         used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
    );
    assert_eq!(
        LabelSelector::parse("a=b/c").unwrap_err(),
        "unable to parse requirement: values[0][a]: Invalid value: \"b/c\": a valid label \
         must be an empty string or consist of alphanumeric characters, '-', '_' or '.', \
         and must start and end with an alphanumeric character (e.g. 'MyValue',  or \
         'my_value',  or '12345', regex used for validation is \
         '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
    );
}

#[test]
fn match_expressions_from_json() {
    let sel = LabelSelector::from_json(&json!({
        "matchLabels": {"app": "web"},
        "matchExpressions": [
            {"key": "env", "operator": "In", "values": ["prod", "qa"]},
            {"key": "canary", "operator": "DoesNotExist"},
            {"key": "tier", "operator": "Exists"},
            {"key": "zone", "operator": "NotIn", "values": ["b"]}
        ]
    }))
    .unwrap();
    let good = labels(&[("app", "web"), ("env", "qa"), ("tier", "x"), ("zone", "a")]);
    assert!(sel_matches(&sel, &good));
    let mut canary = good.clone();
    canary.insert("canary".into(), "1".into());
    assert!(!sel_matches(&sel, &canary));
    let mut wrong_zone = good;
    wrong_zone.insert("zone".into(), "b".into());
    assert!(!sel_matches(&sel, &wrong_zone));
}

#[test]
fn match_expressions_errors() {
    let bad_op = json!({"matchExpressions": [{"key": "a", "operator": "Foo"}]});
    assert_eq!(
        LabelSelector::from_json(&bad_op).unwrap_err(),
        "\"Foo\" is not a valid label selector operator"
    );
    let no_values = json!({"matchExpressions": [{"key": "a", "operator": "In"}]});
    assert_eq!(
        LabelSelector::from_json(&no_values).unwrap_err(),
        "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set \
         can't be empty"
    );
    let exists_vals =
        json!({"matchExpressions": [{"key": "a", "operator": "Exists", "values": ["x"]}]});
    assert_eq!(
        LabelSelector::from_json(&exists_vals).unwrap_err(),
        "values: Invalid value: []string{\"x\"}: values set must be empty for exists and \
         does not exist"
    );
}

#[test]
fn service_map_selector_and_null_and_empty() {
    let svc = LabelSelector::from_json(&json!({"app": "web", "tier": "fe"})).unwrap();
    assert!(sel_matches(
        &svc,
        &labels(&[("app", "web"), ("tier", "fe"), ("x", "y")])
    ));
    assert!(!sel_matches(&svc, &labels(&[("app", "web")])));
    let nothing = LabelSelector::from_json(&Value::Null).unwrap();
    assert!(!nothing.is_empty());
    assert!(!sel_matches(&nothing, &labels(&[("app", "web")])));
    let everything = LabelSelector::from_json(&json!({})).unwrap();
    assert!(everything.is_empty());
    assert!(sel_matches(&everything, &labels(&[])));
    // A Service label that happens to be called matchLabels is still a plain map entry.
    let odd = LabelSelector::from_json(&json!({"matchLabels": "x"})).unwrap();
    assert!(sel_matches(&odd, &labels(&[("matchLabels", "x")])));
}
