//! The YAML and describe views and the edit review: opening, what arrives, toggles, search,
//! copy and save, and going back to the row.

#![allow(clippy::wildcard_imports)]

use serde_json::json;

use super::*;
use crate::manifest::diff::unified;

fn live_pod() -> serde_json::Value {
    json!({
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {
            "name": "api-0",
            "namespace": "default",
            "labels": {"app": "api"},
            "managedFields": [{"manager": "kubelet", "operation": "Update"}]
        },
        "spec": {"containers": [{"name": "api", "image": "ghcr.io/acme/api:1.4"}]},
        "status": {"phase": "Running"}
    })
}

fn fetched(state: &mut State, object: serde_json::Value) -> Vec<Effect> {
    let effects = update(
        state,
        Msg::ObjectFetched {
            kind: ResourceKind::Pod,
            key: ObjKey::new("default", "api-0"),
            result: Ok(object),
        },
        &keymap(),
    );
    state.refresh_views();
    effects
}

fn yaml_view(state: &mut State) -> &DetailView {
    assert_eq!(
        press(state, "y"),
        vec![Effect::ShowYaml {
            kind: ResourceKind::Pod,
            key: ObjKey::new("default", "api-0")
        }]
    );
    assert_eq!(
        state.detail.as_ref().unwrap().content,
        DetailContent::Loading
    );
    fetched(state, live_pod());
    state.detail.as_ref().unwrap()
}

#[test]
fn y_shows_the_fetched_object_without_managed_fields_until_toggled() {
    let mut state = dashboard(3);
    let view = yaml_view(&mut state);
    assert!(
        view.lines.contains(&"  name: api-0".to_owned()),
        "{:#?}",
        view.lines
    );
    assert!(!view.text().contains("managedFields"));
    assert_eq!(view.tokens.len(), view.lines.len());
    press(&mut state, "m");
    assert!(
        state
            .detail
            .as_ref()
            .unwrap()
            .text()
            .contains("managedFields:")
    );
    press(&mut state, "m");
    assert!(
        !state
            .detail
            .as_ref()
            .unwrap()
            .text()
            .contains("managedFields")
    );
}

#[test]
fn esc_returns_to_the_dashboard_with_the_row_still_selected() {
    let mut state = dashboard(3);
    press(&mut state, "j");
    press(&mut state, "k");
    let before = selected_pod(&state);
    yaml_view(&mut state);
    press(&mut state, "j");
    assert_eq!(
        selected_pod(&state),
        before,
        "keys scroll the view, not the table"
    );
    assert!(press(&mut state, "esc").is_empty());
    assert!(state.detail.is_none());
    assert_eq!(selected_pod(&state), before);
    assert_eq!(state.focus, PaneId::Pods);
}

#[test]
fn q_closes_the_view_instead_of_quitting() {
    let mut state = dashboard(1);
    yaml_view(&mut state);
    assert!(press(&mut state, "q").is_empty());
    assert!(state.detail.is_none());
    assert_eq!(press(&mut state, "q"), vec![Effect::Quit]);
}

#[test]
fn a_late_answer_for_another_object_is_ignored_and_errors_are_shown() {
    let mut state = dashboard(1);
    press(&mut state, "y");
    let mut other = live_pod();
    other["metadata"]["name"] = json!("web-000");
    update(
        &mut state,
        Msg::ObjectFetched {
            kind: ResourceKind::Pod,
            key: ObjKey::new("default", "web-000"),
            result: Ok(other),
        },
        &keymap(),
    );
    assert_eq!(
        state.detail.as_ref().unwrap().content,
        DetailContent::Loading
    );
    update(
        &mut state,
        Msg::ObjectFetched {
            kind: ResourceKind::Pod,
            key: ObjKey::new("default", "api-0"),
            result: Err("pods \"api-0\" not found".into()),
        },
        &keymap(),
    );
    assert_eq!(
        state.detail.as_ref().unwrap().content,
        DetailContent::Failed("pods \"api-0\" not found".into())
    );
}

#[test]
fn search_jumps_between_matching_lines() {
    let mut state = dashboard(1);
    let mut pod = live_pod();
    for i in 0..60 {
        pod["metadata"]["annotations"][format!("note-{i:02}")] = json!("plain");
    }
    pod["metadata"]["annotations"]["note-55"] = json!("needle one");
    pod["spec"]["containers"][0]["args"] = json!(["--needle=two"]);
    press(&mut state, "y");
    fetched(&mut state, pod);
    press(&mut state, "/");
    type_text(&mut state, "NEEDLE");
    let view = state.detail.as_ref().unwrap();
    assert_eq!(view.matches.len(), 2, "ASCII case is ignored");
    let first = view.matches[0];
    assert_eq!(view.current_match, Some(0));
    assert!(view.scroll <= first && first < view.scroll + layout::detail_rows(state.screen));
    press(&mut state, "enter");
    assert!(state.prompt.is_none());
    press(&mut state, "n");
    assert_eq!(state.detail.as_ref().unwrap().current_match, Some(1));
    press(&mut state, "n");
    assert_eq!(
        state.detail.as_ref().unwrap().current_match,
        Some(0),
        "wraps"
    );
    press(&mut state, "N");
    assert_eq!(state.detail.as_ref().unwrap().current_match, Some(1));
    press(&mut state, "/");
    press(&mut state, "ctrl-u");
    type_text(&mut state, "zzz");
    press(&mut state, "enter");
    press(&mut state, "n");
    assert_eq!(last_toast(&state), "no match for `zzz`");
    press(&mut state, "/");
    press(&mut state, "esc");
    assert_eq!(
        state.detail.as_ref().unwrap().search,
        None,
        "esc clears the search"
    );
}

#[test]
fn scrolling_stays_within_the_text() {
    let mut state = dashboard(1);
    yaml_view(&mut state);
    let lines = state.detail.as_ref().unwrap().lines.len();
    assert!(lines < layout::detail_rows(state.screen));
    press(&mut state, "G");
    press(&mut state, "pgdn");
    assert_eq!(state.detail.as_ref().unwrap().scroll, 0, "all of it fits");
}

#[test]
fn copy_save_and_edit_from_the_yaml_view() {
    let mut state = dashboard(1);
    let text = yaml_view(&mut state).text();
    assert_eq!(
        press(&mut state, "c"),
        vec![Effect::CopyText { text: text.clone() }]
    );
    assert_eq!(
        press(&mut state, "w"),
        vec![Effect::SaveText {
            file_name: "pod-default-api-0.yaml".into(),
            text
        }]
    );
    assert_eq!(
        press(&mut state, "e"),
        vec![Effect::Edit {
            kind: ResourceKind::Pod,
            key: ObjKey::new("default", "api-0")
        }]
    );
}

#[test]
fn secret_values_toggle_only_on_secrets() {
    let mut state = dashboard(1);
    yaml_view(&mut state);
    press(&mut state, "x");
    assert_eq!(
        last_toast(&state),
        "only a Secret has values to show or mask"
    );
    let secret = json!({
        "apiVersion": "v1", "kind": "Secret", "type": "Opaque",
        "metadata": {"name": "api-0", "namespace": "default"},
        "data": {"token": "czNjcjN0"}
    });
    fetched(&mut state, secret);
    let view = state.detail.as_ref().unwrap();
    assert!(view.is_secret());
    assert!(
        view.text().contains("token: '<hidden: 6 bytes>'"),
        "{}",
        view.text()
    );
    press(&mut state, "x");
    assert!(
        state
            .detail
            .as_ref()
            .unwrap()
            .text()
            .contains("token: s3cr3t")
    );
    press(&mut state, "x");
    assert!(!state.detail.as_ref().unwrap().text().contains("s3cr3t"));
}

#[test]
fn describe_follows_the_object_and_stops_when_left() {
    let mut state = dashboard(1);
    let key = ObjKey::new("default", "api-0");
    assert_eq!(
        press(&mut state, "d"),
        vec![Effect::Describe {
            kind: ResourceKind::Pod,
            key: key.clone()
        }]
    );
    let described = |phase: &str| {
        let mut pod = live_pod();
        pod["status"]["phase"] = json!(phase);
        Msg::Described {
            kind: ResourceKind::Pod,
            key: key.clone(),
            result: Ok((pod, Vec::new())),
        }
    };
    update(&mut state, described("Pending"), &keymap());
    let status = |state: &State| {
        state
            .detail
            .as_ref()
            .unwrap()
            .lines
            .iter()
            .find(|l| l.starts_with("Status:"))
            .cloned()
            .unwrap()
    };
    assert!(status(&state).ends_with("Pending"));
    update(&mut state, described("Running"), &keymap());
    assert!(status(&state).ends_with("Running"), "refreshed in place");
    let failed = Msg::Described {
        kind: ResourceKind::Pod,
        key: key.clone(),
        result: Err("connection reset".into()),
    };
    update(&mut state, failed, &keymap());
    assert!(
        status(&state).ends_with("Running"),
        "a failed refresh keeps the text"
    );
    // `y` switches to the YAML of the same object and stops following.
    let effects = press(&mut state, "y");
    assert_eq!(
        effects,
        vec![
            Effect::StopDescribe,
            Effect::ShowYaml {
                kind: ResourceKind::Pod,
                key
            }
        ]
    );
}

#[test]
fn the_review_answers_apply_edit_again_or_cancel() {
    let mut state = dashboard(1);
    let review = |session| {
        Msg::EditReview(EditReview {
            session,
            target: "pod default/api-0".into(),
            note: None,
            diff: unified("a: 1\n", "a: 2\n", 3),
            scroll: 0,
            always_ask: false,
        })
    };
    for (key, decision) in [
        ("y", EditDecision::Apply),
        ("n", EditDecision::EditAgain),
        ("e", EditDecision::EditAgain),
        ("esc", EditDecision::Cancel),
    ] {
        update(&mut state, review(7), &keymap());
        assert_eq!(press(&mut state, "j"), vec![], "scrolling answers nothing");
        assert_eq!(
            press(&mut state, key),
            vec![Effect::EditDecision {
                session: 7,
                decision
            }],
            "{key}"
        );
        assert!(state.review.is_none());
    }
    update(&mut state, review(8), &keymap());
    update(&mut state, Msg::EditEnded { session: 3 }, &keymap());
    assert!(state.review.is_some(), "another session's end leaves it");
    update(&mut state, Msg::EditEnded { session: 8 }, &keymap());
    assert!(state.review.is_none());
}

#[test]
fn an_applied_edit_refreshes_the_open_yaml_view() {
    let mut state = dashboard(1);
    yaml_view(&mut state);
    let changed = Msg::ObjectChanged {
        kind: ResourceKind::Pod,
        key: ObjKey::new("default", "api-0"),
    };
    assert_eq!(
        update(&mut state, changed.clone(), &keymap()),
        vec![Effect::ShowYaml {
            kind: ResourceKind::Pod,
            key: ObjKey::new("default", "api-0")
        }]
    );
    press(&mut state, "esc");
    assert!(update(&mut state, changed, &keymap()).is_empty());
}

#[test]
fn without_diff_confirmation_an_edit_applies_at_once_but_an_undo_still_asks() {
    let mut state = dashboard(1);
    state.confirm_edits = false;
    let review = |session, always_ask| {
        Msg::EditReview(EditReview {
            session,
            target: "pod default/api-0".into(),
            note: None,
            diff: unified("a: 1\n", "a: 2\n", 3),
            scroll: 0,
            always_ask,
        })
    };
    let effects = update(&mut state, review(1, false), &keymap());
    assert_eq!(
        effects,
        vec![Effect::EditDecision {
            session: 1,
            decision: EditDecision::Apply
        }]
    );
    assert!(state.review.is_none());
    assert!(update(&mut state, review(2, true), &keymap()).is_empty());
    assert_eq!(state.review.as_ref().map(|r| r.session), Some(2));
}
