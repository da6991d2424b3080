//! Actions that change the cluster: coalesced scaling, confirmations, operation reports and
//! rollouts followed until they settle.

#![allow(clippy::wildcard_imports)]

use super::*;
use crate::cluster::OpStatus;
use crate::state::actions::{ROLLOUT_PATIENCE_SECS, RolloutCause, SCALE_COALESCE};

fn web() -> ObjKey {
    ObjKey::new("default", "web")
}

/// The dashboard with the deployments pane focused (`web`, 3 replicas, settled).
fn on_deployments() -> State {
    let mut state = dashboard(1);
    upsert(&mut state, settled("web", 3, 1));
    press(&mut state, "tab");
    state
}

fn settled(name: &str, replicas: i32, generation: i64) -> DeploymentRow {
    DeploymentRow {
        ready: replicas,
        up_to_date: replicas,
        available: replicas,
        current: replicas,
        generation,
        observed_generation: generation,
        ..deployment_row(name, replicas)
    }
}

fn upsert(state: &mut State, row: DeploymentRow) -> Vec<Effect> {
    let effects = update(state, Msg::DeploymentDelta(Delta::Upsert(row)), &keymap());
    state.refresh_views();
    effects
}

fn send(state: &mut State, msg: Msg) -> Vec<Effect> {
    update(state, msg, &keymap())
}

fn due(state: &mut State, seq: u64) -> Vec<Effect> {
    send(state, Msg::ScaleDue { key: web(), seq })
}

fn report(state: &mut State, id: u64, status: OpStatus) {
    send(
        state,
        Msg::Operation {
            id,
            label: "an action".to_owned(),
            status,
        },
    );
}

#[test]
fn quick_presses_become_one_request_for_the_final_count() {
    let mut state = on_deployments();
    for seq in 1..=3 {
        assert_eq!(
            press(&mut state, "+"),
            vec![Effect::ScaleSoon {
                key: web(),
                seq,
                after: SCALE_COALESCE
            }]
        );
        assert_eq!(
            state.actions.pending_target(&web()),
            Some(3 + i32::try_from(seq).unwrap()),
            "the row shows the target at once"
        );
    }
    assert!(due(&mut state, 1).is_empty(), "a later press came");
    assert!(due(&mut state, 2).is_empty());
    assert_eq!(
        due(&mut state, 3),
        vec![Effect::Scale {
            key: web(),
            replicas: 6
        }]
    );
    assert!(due(&mut state, 3).is_empty(), "sent once");
    assert_eq!(state.actions.pending_target(&web()), Some(6));
    // The watch shows the new spec: the row no longer needs the pending target.
    upsert(
        &mut state,
        DeploymentRow {
            desired: 6,
            generation: 2,
            observed_generation: 2,
            ..settled("web", 3, 1)
        },
    );
    assert_eq!(state.actions.pending_target(&web()), None);
}

#[test]
fn presses_after_a_request_start_from_the_pending_target() {
    let mut state = on_deployments();
    press(&mut state, "+");
    assert_eq!(due(&mut state, 1).len(), 1);
    press(&mut state, "+");
    assert_eq!(state.actions.pending_target(&web()), Some(5));
    assert_eq!(
        due(&mut state, 2),
        vec![Effect::Scale {
            key: web(),
            replicas: 5
        }]
    );
}

#[test]
fn presses_that_cancel_out_send_nothing() {
    let mut state = on_deployments();
    press(&mut state, "+");
    press(&mut state, "-");
    assert!(due(&mut state, 2).is_empty());
    assert_eq!(state.actions.pending_target(&web()), None);
}

#[test]
fn scaling_to_zero_asks_first_whichever_way() {
    let mut state = on_deployments();
    upsert(&mut state, settled("web", 1, 1));
    assert!(press(&mut state, "-").is_empty());
    assert_eq!(
        state.dialog,
        Some(Dialog::ConfirmScale {
            key: web(),
            replicas: 0
        })
    );
    assert_eq!(state.actions.pending_target(&web()), None);
    assert!(press(&mut state, "n").is_empty(), "no: nothing is sent");
    assert!(state.dialog.is_none());

    press(&mut state, "s");
    press(&mut state, "backspace");
    type_text(&mut state, "0");
    assert!(press(&mut state, "enter").is_empty());
    assert!(matches!(state.dialog, Some(Dialog::ConfirmScale { .. })));
    assert_eq!(
        press(&mut state, "y"),
        vec![Effect::Scale {
            key: web(),
            replicas: 0
        }]
    );
    assert_eq!(state.actions.pending_target(&web()), Some(0));

    upsert(&mut state, settled("web", 0, 2));
    assert!(press(&mut state, "-").is_empty());
    assert!(state.dialog.is_none());
    assert!(last_toast(&state).contains("already at 0"));
}

#[test]
fn scale_prompt_is_prefilled_with_the_count_the_row_shows() {
    let mut state = on_deployments();
    press(&mut state, "+");
    press(&mut state, "+");
    press(&mut state, "s");
    assert_eq!(
        state.prompt,
        Some(Prompt::Scale {
            key: web(),
            line: "5".to_owned()
        })
    );
    press(&mut state, "backspace");
    type_text(&mut state, "7");
    assert_eq!(
        press(&mut state, "enter"),
        vec![Effect::Scale {
            key: web(),
            replicas: 7
        }]
    );
    assert!(due(&mut state, 2).is_empty(), "the prompt's count won");
}

#[test]
fn a_failed_or_refused_scale_takes_its_target_back_and_says_why() {
    let mut state = on_deployments();
    press(&mut state, "+");
    let effect = due(&mut state, 1).remove(0);
    send(&mut state, Msg::ActionStarted { id: 7, effect });
    let quota = "deployments.apps \"web\" is forbidden: exceeded quota: pod-quota, requested: \
                 pods=1, used: pods=10, limited: pods=10";
    report(&mut state, 7, OpStatus::Pending);
    assert_eq!(state.actions.pending_target(&web()), Some(4));
    report(&mut state, 7, OpStatus::Failed(quota.to_owned()));
    assert_eq!(state.actions.pending_target(&web()), None);
    assert!(state.actions.rollouts.is_empty());
    assert!(last_toast(&state).contains("exceeded quota"));
    assert_eq!(state.toasts.last().unwrap().level, ToastLevel::Error);

    press(&mut state, "+");
    let effect = due(&mut state, 2).remove(0);
    send(&mut state, Msg::ActionStarted { id: 8, effect });
    report(
        &mut state,
        8,
        OpStatus::Refused("read-only mode: scale refused".to_owned()),
    );
    assert_eq!(state.actions.pending_target(&web()), None);
    assert!(last_toast(&state).contains("read-only"));
}

#[test]
fn restart_asks_then_follows_the_rollout_until_it_settles() {
    let mut state = on_deployments();
    assert!(press(&mut state, "r").is_empty());
    assert_eq!(state.dialog, Some(Dialog::ConfirmRestart { key: web() }));
    let effects = press(&mut state, "y");
    assert_eq!(effects, vec![Effect::Restart { key: web() }]);
    send(
        &mut state,
        Msg::ActionStarted {
            id: 3,
            effect: effects[0].clone(),
        },
    );
    report(&mut state, 3, OpStatus::Succeeded("restarted".to_owned()));
    assert_eq!(
        state.actions.rollouts.get(&web()).map(|r| r.cause),
        Some(RolloutCause::Restart)
    );
    let toasts = state.toasts.len();
    // The new template is seen, one new pod surges in while the old ones still serve.
    upsert(
        &mut state,
        DeploymentRow {
            up_to_date: 1,
            current: 4,
            generation: 2,
            observed_generation: 2,
            ..settled("web", 3, 1)
        },
    );
    assert!(state.actions.rollouts.contains_key(&web()));
    assert_eq!(state.toasts.len(), toasts, "no outcome while it runs");
    upsert(&mut state, settled("web", 3, 2));
    assert!(state.actions.rollouts.is_empty());
    assert_eq!(
        last_toast(&state),
        "deployment default/web rolled out: 3/3 ready"
    );
}

#[test]
fn a_stuck_or_endless_rollout_is_reported() {
    let mut state = on_deployments();
    press(&mut state, "r");
    press(&mut state, "y");
    upsert(
        &mut state,
        DeploymentRow {
            status_class: crate::resources::StatusClass::Failed,
            up_to_date: 1,
            ..settled("web", 3, 2)
        },
    );
    assert!(last_toast(&state).contains("rollout failed"));
    assert_eq!(state.toasts.last().unwrap().level, ToastLevel::Error);

    press(&mut state, "r");
    press(&mut state, "y");
    send(
        &mut state,
        Msg::Tick {
            now_unix: NOW + ROLLOUT_PATIENCE_SECS,
        },
    );
    assert!(state.actions.rollouts.is_empty());
    assert!(last_toast(&state).contains("has not settled after 10 minutes"));
}

#[test]
fn node_keys_cordon_uncordon_and_drain_after_asking() {
    let mut state = dashboard(1);
    for _ in 0..3 {
        press(&mut state, "tab");
    }
    assert_eq!(state.focus, PaneId::Nodes);
    let key = ObjKey::new("", "node-1");
    assert_eq!(
        press(&mut state, "c"),
        vec![Effect::Cordon { key: key.clone() }]
    );
    assert_eq!(
        press(&mut state, "u"),
        vec![Effect::Uncordon { key: key.clone() }]
    );
    assert!(press(&mut state, "r").is_empty());
    assert_eq!(
        state.dialog,
        Some(Dialog::ConfirmDrain { key: key.clone() })
    );
    assert_eq!(press(&mut state, "enter"), vec![Effect::Drain { key }]);
    assert!(press(&mut state, "+").is_empty(), "nodes do not scale");
}

#[test]
fn recent_actions_overlay_opens_takes_the_keys_and_closes() {
    let mut state = dashboard(3);
    press(&mut state, "H");
    assert!(state.operations_open);
    assert!(state.modal_open());
    assert!(
        press(&mut state, "q").is_empty(),
        "q closes, it does not quit"
    );
    assert!(!state.operations_open);
    press(&mut state, "H");
    press(&mut state, "j");
    assert_eq!(
        state.pods.store.selected_index(),
        Some(0),
        "keys stay in it"
    );
    press(&mut state, "esc");
    assert!(!state.operations_open);
}

#[test]
fn a_namespace_switch_stops_following_without_false_news() {
    let mut state = on_deployments();
    press(&mut state, "r");
    press(&mut state, "y");
    let toasts = state.toasts.len();
    command(&mut state, "ns other");
    send(
        &mut state,
        Msg::DeploymentDelta(Delta::Loading { received: 0 }),
    );
    assert!(
        state.actions.rollouts.contains_key(&web()),
        "an incomplete list proves nothing"
    );
    send(&mut state, Msg::DeploymentDelta(Delta::Reset(Vec::new())));
    assert!(state.actions.rollouts.is_empty());
    assert_eq!(state.toasts.len(), toasts);
}
