//! Render snapshots of the actions' views: rollout progress in the zoomed deployments pane
//! (with a pending scale target on a row), the drain confirmation, the recent-actions overlay
//! and the read-only footer. Same fixture, size and clock as `tests`.

use super::tests::{NOW, cluster, deployment, press, render, render_buffer};
use crate::cluster::OpStatus;
use crate::config::Keymap;
use crate::resources::{DeploymentRow, StatusClass};
use crate::state::{Msg, State, update};
use crate::store::Delta;

fn send(state: &mut State, msg: Msg) {
    update(state, msg, &Keymap::builtin("default").unwrap());
    state.refresh_views();
}

#[test]
fn rollout_progress_in_the_zoomed_deployments_pane() {
    let mut state = cluster();
    press(&mut state, "tab");
    // default/web: restart it; kube-system/coredns: one more replica, not yet sent.
    press(&mut state, "r");
    press(&mut state, "y");
    press(&mut state, "j");
    press(&mut state, "+");
    let rolling = DeploymentRow {
        ready: 4,
        desired: 4,
        up_to_date: 2,
        available: 4,
        current: 5,
        generation: 3,
        observed_generation: 3,
        ..deployment("default", "web", (0, 0, 0, 0), StatusClass::Running)
    };
    send(&mut state, Msg::DeploymentDelta(Delta::Upsert(rolling)));
    send(&mut state, Msg::Tick { now_unix: NOW + 12 });
    press(&mut state, "enter");
    let screen = render(&state);
    assert!(screen.contains("2/2→3"), "{screen}");
    assert!(screen.contains("Rollouts (3)"), "{screen}");
    insta::assert_snapshot!("rollout_progress", screen);
}

#[test]
fn drain_confirmation_names_the_node_the_context_and_what_stays() {
    let mut state = cluster();
    for _ in 0..3 {
        press(&mut state, "tab");
    }
    press(&mut state, "r");
    insta::assert_snapshot!("drain_confirmation", render(&state));
}

#[test]
fn recent_actions_overlay_lists_outcomes_newest_first() {
    let mut state = cluster();
    let reports = [
        (1, "scale deployment shop/api to 5", OpStatus::Pending),
        (
            1,
            "scale deployment shop/api to 5",
            OpStatus::Failed(
                "deployments.apps \"api\" is forbidden: exceeded quota: pod-quota, requested: \
                 pods=4, used: pods=8, limited: pods=10"
                    .to_owned(),
            ),
        ),
        (2, "restart deployment default/web", OpStatus::Pending),
        (
            2,
            "restart deployment default/web",
            OpStatus::Succeeded(
                "restarted deployment default/web: its pods are being replaced".to_owned(),
            ),
        ),
        (3, "drain node kind-worker", OpStatus::Pending),
        (
            3,
            "drain node kind-worker",
            OpStatus::Progress("evicting 2/3: default/web-7c5ddbdf54-x8k2p".to_owned()),
        ),
        (
            4,
            "delete pod default/web-7c5ddbdf54-x8k2p",
            OpStatus::Refused(
                "read-only mode: delete pod default/web-7c5ddbdf54-x8k2p refused (kview was \
                 started with --readonly)"
                    .to_owned(),
            ),
        ),
    ];
    for (id, label, status) in reports {
        send(
            &mut state,
            Msg::Operation {
                id,
                label: label.to_owned(),
                status,
            },
        );
    }
    press(&mut state, "H");
    insta::assert_snapshot!("recent_actions", render(&state));
}

#[test]
fn read_only_footer() {
    let mut state = cluster();
    state.readonly = true;
    let screen = render(&state);
    let footer = screen.lines().nth(39).unwrap_or_default();
    assert!(footer.contains("READ-ONLY"), "{footer}");
    insta::assert_snapshot!("read_only_footer", screen);
}

#[test]
fn tiny_terminals_with_the_action_views_do_not_panic() {
    let mut state = cluster();
    press(&mut state, "tab");
    press(&mut state, "enter");
    press(&mut state, "+");
    press(&mut state, "r");
    for (w, h) in [(1, 1), (10, 5), (30, 8), (50, 14), (200, 3)] {
        render_buffer(&state, w, h);
    }
    press(&mut state, "esc");
    press(&mut state, "H");
    for (w, h) in [(1, 1), (15, 6), (40, 12)] {
        render_buffer(&state, w, h);
    }
}
