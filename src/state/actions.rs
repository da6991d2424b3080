//! Decisions about the actions that change the cluster: scaling by keystroke with coalescing
//! (quick `+`/`-` presses become one request for the final count, shown on the row at once),
//! the confirmations (scale to 0, restart, drain), which operation carries which pending
//! change, and following a rollout the user started until it settles (watch-driven: every
//! deployment delta re-checks the rollouts being followed), with a toast telling the outcome.
//!
//! Owns `Actions` (pending scales, followed rollouts). Must not do I/O or read the clock: the
//! coalescing timer is an `Effect::ScaleSoon` the app turns back into `Msg::ScaleDue`, and
//! time comes from `State::now_unix`.

use std::collections::BTreeMap;
use std::time::Duration;

use super::update::push_toast;
use super::{Dialog, Effect, PaneConnection, State, ToastLevel};
use crate::cluster::OpStatus;
use crate::resources::deployment::RolloutPhase;
use crate::resources::{DeploymentRow, ObjKey};

/// Presses of `+`/`-` closer together than this become one request.
pub const SCALE_COALESCE: Duration = Duration::from_millis(400);

/// How long a followed rollout may take before kview stops waiting for it (the API server's
/// default progress deadline).
pub const ROLLOUT_PATIENCE_SECS: i64 = 600;

/// A replica count the user asked for that the cluster does not show yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingScale {
    pub target: i32,
    /// The press that set `target`; only its timer sends the request.
    pub seq: u64,
    /// The request went out (the row keeps showing `target` until the watch does).
    pub sent: bool,
    /// The operation carrying the request, once started.
    pub op: Option<u64>,
}

/// What started a rollout kview follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RolloutCause {
    Scale { to: i32 },
    Restart,
}

/// A rollout the user started, followed until it settles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rollout {
    pub cause: RolloutCause,
    pub since_unix: i64,
    /// `metadata.generation` when the change was asked for.
    pub baseline_generation: i64,
    pub op: Option<u64>,
}

/// The state of the actions in flight.
#[derive(Debug, Default)]
pub struct Actions {
    pub pending_scales: BTreeMap<ObjKey, PendingScale>,
    pub rollouts: BTreeMap<ObjKey, Rollout>,
    next_seq: u64,
}

impl Actions {
    /// The replica count to show for `key` while a scale is pending.
    pub fn pending_target(&self, key: &ObjKey) -> Option<i32> {
        self.pending_scales.get(key).map(|p| p.target)
    }
}

/// `+`/`-`: moves the pending target by `delta` and (re)starts the coalescing timer.
pub(super) fn scale_by(state: &mut State, key: ObjKey, delta: i32, effects: &mut Vec<Effect>) {
    let Some(desired) = state.deployments.store.get(&key).map(|d| d.desired) else {
        return;
    };
    let base = state.actions.pending_target(&key).unwrap_or(desired);
    let target = base.saturating_add(delta);
    if target < 0 {
        push_toast(
            state,
            ToastLevel::Info,
            format!("deployment {key} is already at 0 replicas"),
        );
        return;
    }
    if target == 0 && desired != 0 {
        // Nothing goes out while the question is open.
        state.actions.pending_scales.remove(&key);
        state.dialog = Some(Dialog::ConfirmScale { key, replicas: 0 });
        return;
    }
    state.actions.next_seq += 1;
    let seq = state.actions.next_seq;
    state.actions.pending_scales.insert(
        key.clone(),
        PendingScale {
            target,
            seq,
            sent: false,
            op: None,
        },
    );
    effects.push(Effect::ScaleSoon {
        key,
        seq,
        after: SCALE_COALESCE,
    });
}

/// The coalescing timer of press `seq` ran out: send the final count if no press came since.
pub(super) fn scale_due(state: &mut State, key: &ObjKey, seq: u64, effects: &mut Vec<Effect>) {
    let Some(pending) = state.actions.pending_scales.get(key) else {
        return;
    };
    if pending.seq != seq || pending.sent {
        return;
    }
    let target = pending.target;
    let desired = state.deployments.store.get(key).map(|d| d.desired);
    if desired == Some(target) && !state.actions.rollouts.contains_key(key) {
        // The presses cancelled out.
        state.actions.pending_scales.remove(key);
        return;
    }
    send_scale(state, key.clone(), target, effects);
}

/// `s` N Enter: scale now, after asking when N is 0.
pub(super) fn request_scale(
    state: &mut State,
    key: ObjKey,
    replicas: i32,
    effects: &mut Vec<Effect>,
) {
    let desired = state.deployments.store.get(&key).map(|d| d.desired);
    if replicas == 0 && desired != Some(0) {
        state.actions.pending_scales.remove(&key);
        state.dialog = Some(Dialog::ConfirmScale { key, replicas });
        return;
    }
    send_scale(state, key, replicas, effects);
}

/// Sends a scale request, shows its target on the row and follows the rollout.
fn send_scale(state: &mut State, key: ObjKey, replicas: i32, effects: &mut Vec<Effect>) {
    // A timer still running for this press finds the scale sent and does nothing.
    let seq = state.actions.next_seq;
    state.actions.pending_scales.insert(
        key.clone(),
        PendingScale {
            target: replicas,
            seq,
            sent: true,
            op: None,
        },
    );
    follow(state, &key, RolloutCause::Scale { to: replicas });
    effects.push(Effect::Scale { key, replicas });
}

fn follow(state: &mut State, key: &ObjKey, cause: RolloutCause) {
    let baseline_generation = state.deployments.store.get(key).map_or(0, |d| d.generation);
    state.actions.rollouts.insert(
        key.clone(),
        Rollout {
            cause,
            since_unix: state.now_unix,
            baseline_generation,
            op: None,
        },
    );
}

/// The user answered yes to one of the action dialogs.
pub(super) fn confirmed(state: &mut State, dialog: Dialog, effects: &mut Vec<Effect>) {
    match dialog {
        Dialog::ConfirmDelete { kind, key } => effects.push(Effect::Delete { kind, key }),
        Dialog::ConfirmScale { key, replicas } => send_scale(state, key, replicas, effects),
        Dialog::ConfirmRestart { key } => {
            follow(state, &key, RolloutCause::Restart);
            effects.push(Effect::Restart { key });
        }
        Dialog::ConfirmDrain { key } => effects.push(Effect::Drain { key }),
    }
}

/// The app started `effect` as operation `id`: remember which pending target and rollout it
/// carries, so that its failure can take them back.
pub(super) fn started(state: &mut State, id: u64, effect: &Effect) {
    let actions = &mut state.actions;
    match effect {
        Effect::Scale { key, replicas } => {
            if let Some(p) = actions.pending_scales.get_mut(key)
                && p.sent
                && p.target == *replicas
            {
                p.op = Some(id);
            }
            if let Some(r) = actions.rollouts.get_mut(key)
                && r.cause == (RolloutCause::Scale { to: *replicas })
            {
                r.op = Some(id);
            }
        }
        Effect::Restart { key } => {
            if let Some(r) = actions.rollouts.get_mut(key)
                && r.cause == RolloutCause::Restart
            {
                r.op = Some(id);
            }
        }
        _ => {}
    }
}

/// An operation reported: a failed or refused one takes back what it showed; a successful
/// one may have settled at once (nothing to roll out).
pub(super) fn operation_reported(state: &mut State, id: u64, status: &OpStatus) {
    match status {
        OpStatus::Failed(_) | OpStatus::Refused(_) => {
            let actions = &mut state.actions;
            actions.pending_scales.retain(|_, p| p.op != Some(id));
            actions.rollouts.retain(|_, r| r.op != Some(id));
        }
        OpStatus::Succeeded(_) => deployments_changed(state),
        OpStatus::Pending | OpStatus::Progress(_) => {}
    }
}

/// The deployments' rows changed: drop pending targets the cluster now shows, and tell the
/// outcome of followed rollouts that settled.
pub(super) fn deployments_changed(state: &mut State) {
    // While a list is loading (after a namespace switch, a relist) the rows are incomplete:
    // a missing row does not mean a deleted deployment.
    if state.deployments.connection != PaneConnection::Live {
        return;
    }
    let store = &state.deployments.store;
    state
        .actions
        .pending_scales
        .retain(|key, p| match store.get(key) {
            Some(row) => !(p.sent && row.desired == p.target),
            None => false,
        });
    let mut outcomes = Vec::new();
    state.actions.rollouts.retain(|key, rollout| {
        // Deleted, or out of view after a namespace switch: nothing more to tell.
        let Some(row) = store.get(key) else {
            return false;
        };
        match outcome(key, rollout, row) {
            Some(toast) => {
                outcomes.push(toast);
                false
            }
            None => true,
        }
    });
    for (level, text) in outcomes {
        push_toast(state, level, text);
    }
}

/// The toast for a followed rollout that settled, or `None` while it runs.
fn outcome(key: &ObjKey, rollout: &Rollout, row: &DeploymentRow) -> Option<(ToastLevel, String)> {
    let applied = match rollout.cause {
        RolloutCause::Scale { to } => row.desired == to,
        RolloutCause::Restart => row.generation > rollout.baseline_generation,
    } && row.observed_generation >= row.generation;
    if !applied {
        return None;
    }
    // Short enough to fit a toast; the row and the rollout panel have the details.
    let counts = format!("{}/{} ready", row.ready, row.desired);
    match row.rollout_phase() {
        RolloutPhase::Progressing => None,
        RolloutPhase::Settled => Some((
            ToastLevel::Info,
            format!("deployment {key} rolled out: {counts}"),
        )),
        RolloutPhase::Stuck => Some((
            ToastLevel::Error,
            format!("deployment {key} rollout failed, progress deadline exceeded: {counts}"),
        )),
    }
}

/// The clock moved: give up on rollouts that take longer than a progress deadline.
pub(super) fn tick(state: &mut State) {
    let now = state.now_unix;
    let store = &state.deployments.store;
    let mut late = Vec::new();
    state.actions.rollouts.retain(|key, r| {
        if now - r.since_unix < ROLLOUT_PATIENCE_SECS {
            return true;
        }
        let counts = store.get(key).map_or_else(String::new, |d| {
            format!(
                ": {}/{} ready, {} up to date",
                d.ready, d.desired, d.up_to_date
            )
        });
        late.push(format!(
            "deployment {key} has not settled after {} minutes{counts}",
            ROLLOUT_PATIENCE_SECS / 60
        ));
        false
    });
    for text in late {
        push_toast(state, ToastLevel::Warn, text);
    }
}
