//! `update`: the one place where messages change the state and effects are requested.
//!
//! Owns key routing (prompt → dialog/help → edit review → YAML/describe view → focused pane's
//! sections → global), navigation,
//! zoom, sort, the actions on the selected row, and applying watch deltas and connection
//! changes. Must not do I/O; everything outside the state is an `Effect`.

use ratatui::crossterm::event::{KeyEvent, KeyEventKind};

use super::actions;
use super::layout::{pane_area, table_rows};
use super::mouse::on_mouse;
use super::prompt::{on_prompt_key, open_filter};
use super::{
    ClusterStatus, DetailContent, DetailMode, DetailView, Dialog, Effect, MAX_OPERATIONS, Msg,
    Operation, Pane, PaneConnection, PaneId, Prompt, State, Toast, ToastLevel, detail, review,
};
use crate::cluster::OpStatus;
use crate::cluster::debug::ShellKind;
use crate::config::{Action, Confirmation, KeyChord, Keymap, Section};
use crate::resources::{ResourceKind, Row};
use crate::store::{Delta, Filter, SortSpec};

/// How many toasts are kept at once; older ones give way.
const MAX_TOASTS: usize = 5;

/// Applies one message to the state and returns the side effects it asks for.
pub fn update(state: &mut State, msg: Msg, keymap: &Keymap) -> Vec<Effect> {
    let mut effects = Vec::new();
    match msg {
        Msg::Key(key) => on_key(state, &key, keymap, &mut effects),
        Msg::Mouse(event) => on_mouse(state, event),
        Msg::Policy(policy) => state.policy = policy,
        Msg::Resize { width, height } => {
            state.screen = ratatui::layout::Rect::new(0, 0, width, height);
            keep_focused_selection_in_view(state);
        }
        Msg::Tick { now_unix } => {
            state.now_unix = now_unix;
            state.toasts.retain(|t| t.expires_unix > now_unix);
            detail::on_tick(state);
            actions::tick(state);
        }
        Msg::PodDelta(delta) => apply_delta(&mut state.pods, delta),
        Msg::DeploymentDelta(delta) => {
            apply_delta(&mut state.deployments, delta);
            actions::deployments_changed(state);
        }
        Msg::ServiceDelta(delta) => apply_delta(&mut state.services, delta),
        Msg::NodeDelta(delta) => apply_delta(&mut state.nodes, delta),
        Msg::Connection {
            pane,
            state: connection,
        } => {
            // An outage keeps the time it began, however many retries it takes.
            let connection = match (state.pane(pane).connection(), connection) {
                (
                    PaneConnection::Retrying { since_unix, .. },
                    PaneConnection::Retrying { in_secs, .. },
                ) => PaneConnection::Retrying {
                    in_secs,
                    since_unix: *since_unix,
                },
                (_, other) => other,
            };
            state.pane_mut(pane).set_connection(connection);
        }
        Msg::Cluster(status) => state.cluster = status,
        Msg::Scope { context, namespace } => {
            state.context = context;
            state.namespace = namespace;
        }
        Msg::Toast { level, text } => push_toast(state, level, text),
        Msg::Log { view, report } => super::logs::on_log_report(state, view, report),
        Msg::LogsSaved(result) => super::logs::on_logs_saved(state, result),
        Msg::DebugReady { pod, container } => effects.push(Effect::Shell {
            pod,
            container: Some(container),
            kind: ShellKind::Attach,
        }),
        Msg::ShellTargets { pod, kind, result } => {
            super::shell_picker::on_targets(state, &pod, kind, result, &mut effects);
        }
        Msg::Operation { id, label, status } => {
            actions::operation_reported(state, id, &status);
            record_operation(state, id, label, status);
        }
        Msg::ScaleDue { key, seq } => actions::scale_due(state, &key, seq, &mut effects),
        Msg::ActionStarted { id, effect } => actions::started(state, id, &effect),
        Msg::ObjectFetched { kind, key, result } => {
            let content = match result {
                Ok(object) => DetailContent::Loaded {
                    object,
                    events: Vec::new(),
                },
                Err(message) => DetailContent::Failed(message),
            };
            detail::on_fetched(state, kind, &key, content, false);
        }
        Msg::Described { kind, key, result } => {
            let content = match result {
                Ok((object, events)) => DetailContent::Loaded { object, events },
                Err(message) => DetailContent::Failed(message),
            };
            detail::on_fetched(state, kind, &key, content, true);
        }
        Msg::EditReview(r) if !state.confirm_edits && !r.always_ask => {
            // `edit: {confirm_diff: false}`: the server checked it (dry run); apply it.
            effects.push(Effect::EditDecision {
                session: r.session,
                decision: super::EditDecision::Apply,
            });
        }
        Msg::EditReview(r) => review::open(state, r),
        Msg::HistoryLoaded(result) => super::history::on_loaded(state, result),
        Msg::EditEnded { session } => {
            review::close(state, session);
            // The edit (or undo) may have added an entry to the list shown.
            if state.history.is_some() {
                effects.push(Effect::LoadHistory);
            }
        }
        Msg::ObjectChanged { kind, key } => {
            let yaml_open = state.detail.as_ref().is_some_and(|v| {
                v.kind == kind && v.key == key && matches!(v.mode, DetailMode::Yaml(_))
            });
            if yaml_open {
                // Keep the toggles and the place; only the text is refreshed.
                effects.push(Effect::ShowYaml { kind, key });
            }
        }
    }
    effects
}

fn apply_delta<R: Row>(pane: &mut Pane<R>, delta: Delta<R>) {
    let delta = match delta {
        // Each change of a burst counts as if it had come alone.
        Delta::Batch(deltas) => {
            for delta in deltas {
                apply_delta(pane, delta);
            }
            return;
        }
        other => other,
    };
    match &delta {
        Delta::Loading { received } => {
            pane.connection = PaneConnection::Loading {
                received: *received,
            };
        }
        // A complete list arrived: whatever was wrong before, the pane is live now.
        Delta::Reset(_) => pane.connection = PaneConnection::Live,
        Delta::Upsert(_) | Delta::Remove(_) | Delta::Batch(_) => {}
    }
    pane.store.apply(delta);
}

/// Shows a notice for a few seconds (longer for warnings and errors).
/// Remembers an operation's latest status and tells the user about starts and outcomes.
fn record_operation(state: &mut State, id: u64, label: String, status: OpStatus) {
    let toast = match &status {
        OpStatus::Pending => Some((ToastLevel::Info, format!("{label}…"))),
        OpStatus::Progress(_) => None,
        OpStatus::Succeeded(message) => Some((ToastLevel::Info, message.clone())),
        OpStatus::Failed(message) => {
            Some((ToastLevel::Error, format!("{label} failed: {message}")))
        }
        OpStatus::Refused(message) => Some((ToastLevel::Warn, message.clone())),
    };
    let now = state.now_unix;
    match state.operations.iter_mut().find(|o| o.id == id) {
        Some(op) => {
            op.status = status;
            op.updated_unix = now;
        }
        None => state.operations.push(Operation {
            id,
            label,
            status,
            updated_unix: now,
        }),
    }
    if state.operations.len() > MAX_OPERATIONS {
        let excess = state.operations.len() - MAX_OPERATIONS;
        state.operations.drain(..excess);
    }
    if let Some((level, text)) = toast {
        push_toast(state, level, text);
    }
}

pub fn push_toast(state: &mut State, level: ToastLevel, text: String) {
    let seconds = match level {
        ToastLevel::Info => 4,
        ToastLevel::Warn => 6,
        ToastLevel::Error => 8,
    };
    state.toasts.push(Toast {
        level,
        text,
        expires_unix: state.now_unix + seconds,
    });
    if state.toasts.len() > MAX_TOASTS {
        let excess = state.toasts.len() - MAX_TOASTS;
        state.toasts.drain(..excess);
    }
}

fn on_key(state: &mut State, key: &KeyEvent, keymap: &Keymap, effects: &mut Vec<Effect>) {
    if key.kind == KeyEventKind::Release {
        return;
    }
    let chord = KeyChord::from_event(key);
    if state.prompt.is_some() {
        on_prompt_key(state, key, effects);
        return;
    }
    if state.debug_form.is_some() {
        super::debug_form::on_key(state, key, effects);
        return;
    }
    if state.shell_picker.is_some() {
        let sections = [Section::Dialog, Section::Table, Section::Global];
        super::shell_picker::on_key(state, keymap.lookup(&sections, chord), effects);
        return;
    }
    if let Some(dialog) = state.dialog.clone() {
        match keymap.lookup(&[Section::Dialog], chord) {
            Some(Action::Confirm) => {
                state.dialog = None;
                actions::confirmed(state, dialog, effects);
            }
            Some(Action::Back | Action::Quit) => state.dialog = None,
            _ => {}
        }
        return;
    }
    if state.operations_open {
        if let Some(Action::Back | Action::RecentActions | Action::Quit | Action::Confirm) =
            keymap.lookup(&[Section::Dialog, Section::Global], chord)
        {
            state.operations_open = false;
        }
        return;
    }
    if state.help_open {
        if let Some(Action::Back | Action::Help | Action::Quit | Action::Confirm) =
            keymap.lookup(&[Section::Dialog, Section::Global], chord)
        {
            state.help_open = false;
        }
        return;
    }
    if state.review.is_some() {
        if let Some(action) = keymap.lookup(&[Section::Review, Section::Global], chord) {
            review::perform(state, action, effects);
        }
        return;
    }
    if state.history.is_some() {
        if let Some(action) = keymap.lookup(&[Section::History, Section::Global], chord) {
            super::history::perform(state, action, effects);
        }
        return;
    }
    if let Some(section) = state.detail.as_ref().map(DetailView::section) {
        if let Some(action) = keymap.lookup(&[section, Section::Global], chord) {
            detail::perform(state, action, effects);
        }
        return;
    }
    if state.logs.is_some() {
        super::logs::on_log_key(state, key, keymap, effects);
        return;
    }
    if let Some(action) = keymap.lookup(state.focus.key_sections(), chord) {
        perform(state, action, effects);
    }
}

/// Rows in a page of the focused pane, as laid out now.
fn page_rows(state: &State) -> usize {
    let zoomed = state.zoomed.then_some(state.focus);
    pane_area(state.screen, zoomed, state.focus)
        .map_or(1, table_rows)
        .max(1)
}

pub(super) fn keep_focused_selection_in_view(state: &mut State) {
    let rows = page_rows(state);
    state.pane_mut(state.focus).keep_selection_in_view(rows);
}

fn perform(state: &mut State, action: Action, effects: &mut Vec<Effect>) {
    let page = page_rows(state).try_into().unwrap_or(isize::MAX);
    let focus = state.focus;
    match action {
        Action::MoveUp => state.pane_mut(focus).move_selection(-1),
        Action::MoveDown => state.pane_mut(focus).move_selection(1),
        Action::PageUp => state.pane_mut(focus).move_selection(-page),
        Action::PageDown => state.pane_mut(focus).move_selection(page),
        Action::Top => state.pane_mut(focus).select_first(),
        Action::Bottom => state.pane_mut(focus).select_last(),
        Action::NextPane => state.focus = focus.next(),
        Action::PrevPane => state.focus = focus.prev(),
        Action::Zoom => state.zoomed = true,
        Action::Back => {
            if state.zoomed {
                state.zoomed = false;
            } else if state.focused().filter().is_active() {
                state.pane_mut(focus).set_filter(Filter::default());
            }
        }
        Action::Filter => open_filter(state),
        Action::Command => {
            state.prompt = Some(Prompt::Command {
                line: String::new(),
            });
        }
        Action::Help => state.help_open = true,
        Action::RecentActions => state.operations_open = true,
        Action::SortNextColumn => sort_next_column(state),
        Action::SortReverse => sort_reverse(state),
        Action::Quit => effects.push(Effect::Quit),
        Action::Confirm
        | Action::NoOp
        | Action::RetryNow
        | Action::Search
        | Action::SearchNext
        | Action::SearchPrev
        | Action::ToggleManagedFields
        | Action::ToggleSecrets
        | Action::Copy
        | Action::Save
        | Action::ApplyEdit
        | Action::Undo
        | Action::FilterLines
        | Action::ToggleFollow
        | Action::ToggleWrap
        | Action::ToggleTimestamps
        | Action::ToggleJson
        | Action::ChooseContainer
        | Action::PreviousLogs
        | Action::Since
        | Action::MoreHistory
        | Action::SaveLogs => {}
        Action::Logs
        | Action::Yaml
        | Action::Describe
        | Action::Edit
        | Action::Scale
        | Action::ScaleUp
        | Action::ScaleDown
        | Action::Restart
        | Action::Cordon
        | Action::Uncordon
        | Action::Drain
        | Action::Debug
        | Action::Shell
        | Action::Attach
        | Action::Delete => on_selected_row(state, action, effects),
    }
    keep_focused_selection_in_view(state);
}

/// Actions on the selected object of the focused pane.
fn on_selected_row(state: &mut State, action: Action, effects: &mut Vec<Effect>) {
    let pane = state.focused();
    let kind = pane.kind();
    let Some(key) = pane.selected_key().cloned() else {
        return;
    };
    let is_deployment = kind == ResourceKind::Deployment;
    let is_node = kind == ResourceKind::Node;
    match action {
        Action::Logs if matches!(kind, ResourceKind::Pod | ResourceKind::Deployment) => {
            super::logs::open(state, kind, key, effects);
        }
        Action::Yaml => detail::open_yaml(state, kind, key, effects),
        Action::Describe => detail::open_describe(state, kind, key, effects),
        Action::Edit => effects.push(Effect::Edit { kind, key }),
        Action::Scale if is_deployment => {
            let desired = state.deployments.store.get(&key).map_or(1, |d| d.desired);
            let line = state
                .actions
                .pending_target(&key)
                .unwrap_or(desired)
                .to_string();
            state.prompt = Some(Prompt::Scale { key, line });
        }
        Action::ScaleUp if is_deployment => actions::scale_by(state, key, 1, effects),
        Action::ScaleDown if is_deployment => actions::scale_by(state, key, -1, effects),
        Action::Restart if is_deployment => state.dialog = Some(Dialog::ConfirmRestart { key }),
        Action::Cordon if is_node => effects.push(Effect::Cordon { key }),
        Action::Uncordon if is_node => effects.push(Effect::Uncordon { key }),
        Action::Drain if is_node => state.dialog = Some(Dialog::ConfirmDrain { key }),
        Action::Debug if kind == ResourceKind::Pod => super::debug_form::open(state, key),
        Action::Shell if kind == ResourceKind::Pod => {
            super::shell_picker::request(state, key, false, effects);
        }
        Action::Attach if kind == ResourceKind::Pod => {
            super::shell_picker::request(state, key, true, effects);
        }
        Action::Delete => match state.policy.confirm {
            Confirmation::Key => state.dialog = Some(Dialog::ConfirmDelete { kind, key }),
            Confirmation::Name => {
                let line = String::new();
                state.prompt = Some(Prompt::ConfirmDelete { kind, key, line });
            }
        },
        _ => {}
    }
}

/// Columns the focused pane shows (NAMESPACE only for all namespaces).
fn shown_columns(state: &State) -> Vec<usize> {
    let all_namespaces = state.all_namespaces();
    state
        .focused()
        .columns()
        .iter()
        .enumerate()
        .filter(|(_, c)| all_namespaces || !c.all_namespaces_only)
        .map(|(i, _)| i)
        .collect()
}

/// Key order → first shown column → … → last shown column → key order, ascending each time.
fn sort_next_column(state: &mut State) {
    let columns = shown_columns(state);
    let pane = state.pane_mut(state.focus);
    let next_position = match pane.sort() {
        None => Some(0),
        Some(sort) => columns
            .iter()
            .position(|c| *c == sort.column)
            .map(|p| p + 1)
            .filter(|p| *p < columns.len()),
    };
    let sort = next_position.map(|p| SortSpec {
        column: columns[p],
        descending: false,
    });
    pane.set_sort(sort);
}

fn sort_reverse(state: &mut State) {
    let name_column = state
        .focused()
        .columns()
        .iter()
        .position(|c| c.title == "NAME");
    let pane = state.pane_mut(state.focus);
    let sort = match pane.sort() {
        Some(sort) => SortSpec {
            descending: !sort.descending,
            ..sort
        },
        None => SortSpec {
            column: name_column.unwrap_or(0),
            descending: true,
        },
    };
    pane.set_sort(Some(sort));
}

/// Switches the namespace: the namespaced panes are emptied until the new lists arrive.
pub(super) fn switch_namespace(
    state: &mut State,
    namespace: Option<String>,
    effects: &mut Vec<Effect>,
) {
    state.namespace.clone_from(&namespace);
    for id in [PaneId::Pods, PaneId::Deployments, PaneId::Services] {
        state.pane_mut(id).clear();
    }
    effects.push(Effect::SwitchNamespace(namespace));
}

/// Switches the context: every pane is emptied until the new cluster answers.
pub(super) fn switch_context(state: &mut State, context: String, effects: &mut Vec<Effect>) {
    state.context.clone_from(&context);
    state.cluster = ClusterStatus::Connecting;
    for id in PaneId::ALL {
        state.pane_mut(id).clear();
    }
    effects.push(Effect::SwitchContext(context));
}
