//! Choosing the container for `x` (a shell) and `a` (attach): the pod is read first
//! (`Effect::FindShellTargets`); a pod that does not run is refused with its phase; a pod with
//! one container goes straight in; otherwise a small picker lists its containers with their
//! state, the first running regular one highlighted, so `x` then Enter is still the whole
//! gesture. A container that does not run is shown but refused with its state. On a Windows
//! pod, the shell is PowerShell or cmd (there is no `sh`).
//!
//! Owns the picker's state and keys. Must not do I/O: the choice becomes `Effect::Shell`.

use super::update::push_toast;
use super::{Effect, State, ToastLevel};
use crate::cluster::debug::ShellKind;
use crate::cluster::shell_target::{ShellTargets, is_running};
use crate::config::Action;
use crate::resources::ObjKey;

/// The shells tried in a Windows container, in order (nanoserver images have only cmd).
pub const WINDOWS_SHELLS: [&str; 2] = ["powershell", "cmd"];

/// The picker over the dashboard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShellPicker {
    pub targets: ShellTargets,
    pub kind: ShellKind,
    /// The highlighted entry of `targets.containers`.
    pub selected: usize,
}

/// `x` or `a` on a pod: find out what can be reached first.
pub(super) fn request(state: &State, pod: ObjKey, attach: bool, effects: &mut Vec<Effect>) {
    let kind = if attach {
        ShellKind::Attach
    } else {
        ShellKind::Shell(state.shells.clone())
    };
    effects.push(Effect::FindShellTargets { pod, kind });
}

fn verb(kind: &ShellKind) -> &'static str {
    match kind {
        ShellKind::Attach => "attach to",
        ShellKind::Exec(_) | ShellKind::Shell(_) => "shell in",
    }
}

/// The pod was read (or could not be).
pub(super) fn on_targets(
    state: &mut State,
    pod: &ObjKey,
    kind: ShellKind,
    result: Result<ShellTargets, String>,
    effects: &mut Vec<Effect>,
) {
    let targets = match result {
        Ok(t) => t,
        Err(e) => {
            let text = format!("{} pod {pod}: {e}", verb(&kind));
            return push_toast(state, ToastLevel::Error, text);
        }
    };
    if let Some(why) = &targets.not_running {
        let text = format!("cannot {} pod: {why}", verb(&kind));
        return push_toast(state, ToastLevel::Warn, text);
    }
    let kind = match kind {
        ShellKind::Shell(_) if targets.windows => {
            ShellKind::Shell(WINDOWS_SHELLS.iter().map(|s| (*s).to_owned()).collect())
        }
        other => other,
    };
    match targets.containers.len() {
        0 => {
            let text = format!("pod {pod} has no containers");
            push_toast(state, ToastLevel::Error, text);
        }
        1 => {
            let picker = ShellPicker {
                targets,
                kind,
                selected: 0,
            };
            choose(state, picker, effects);
        }
        _ => {
            state.shell_picker = Some(ShellPicker {
                selected: targets.preselected,
                targets,
                kind,
            });
        }
    }
}

/// Goes into the highlighted container, or says why not (the picker stays open then).
fn choose(state: &mut State, picker: ShellPicker, effects: &mut Vec<Effect>) {
    let Some(container) = picker.targets.containers.get(picker.selected) else {
        return;
    };
    if !is_running(container) {
        let text = format!(
            "cannot {} {}/{}: it is not running ({})",
            verb(&picker.kind),
            picker.targets.pod,
            container.name,
            container.state
        );
        push_toast(state, ToastLevel::Warn, text);
        if picker.targets.containers.len() > 1 {
            state.shell_picker = Some(picker);
        }
        return;
    }
    state.shell_picker = None;
    effects.push(Effect::Shell {
        pod: picker.targets.pod.clone(),
        container: Some(container.name.clone()),
        kind: picker.kind,
    });
}

/// A key while the picker is open (looked up in the dialog, table and global sections).
pub(super) fn on_key(state: &mut State, action: Option<Action>, effects: &mut Vec<Effect>) {
    let Some(picker) = state.shell_picker.as_mut() else {
        return;
    };
    let last = picker.targets.containers.len().saturating_sub(1);
    match action {
        Some(Action::MoveDown) => picker.selected = (picker.selected + 1).min(last),
        Some(Action::MoveUp) => picker.selected = picker.selected.saturating_sub(1),
        Some(Action::Top) => picker.selected = 0,
        Some(Action::Bottom) => picker.selected = last,
        Some(Action::Confirm | Action::Zoom) => {
            if let Some(picker) = state.shell_picker.take() {
                choose(state, picker, effects);
            }
        }
        Some(Action::Back | Action::Quit | Action::Shell | Action::Attach) => {
            state.shell_picker = None;
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::logs::{ContainerInfo, ContainerKind};

    fn info(name: &str, kind: ContainerKind, state: &str) -> ContainerInfo {
        ContainerInfo {
            name: name.into(),
            kind,
            state: state.into(),
        }
    }

    fn targets(containers: Vec<ContainerInfo>, preselected: usize) -> ShellTargets {
        ShellTargets {
            pod: ObjKey::new("shop", "web-1"),
            not_running: None,
            windows: false,
            containers,
            preselected,
        }
    }

    fn two() -> ShellTargets {
        targets(
            vec![
                info("app", ContainerKind::Main, "waiting: CrashLoopBackOff"),
                info("proxy", ContainerKind::Main, "running"),
                info("debugger-x", ContainerKind::Ephemeral, "running"),
            ],
            1,
        )
    }

    fn state() -> State {
        let mut s = State::new("kind-sim", Some("shop".into()), 0);
        s.shells = vec!["bash".into(), "sh".into()];
        s
    }

    fn shell(kind: &ShellKind, container: &str) -> Effect {
        Effect::Shell {
            pod: ObjKey::new("shop", "web-1"),
            container: Some(container.into()),
            kind: kind.clone(),
        }
    }

    #[test]
    fn x_asks_for_the_pod_with_the_configured_shells() {
        let s = state();
        let mut effects = Vec::new();
        request(&s, ObjKey::new("shop", "web-1"), false, &mut effects);
        request(&s, ObjKey::new("shop", "web-1"), true, &mut effects);
        assert_eq!(
            effects,
            [
                Effect::FindShellTargets {
                    pod: ObjKey::new("shop", "web-1"),
                    kind: ShellKind::Shell(vec!["bash".into(), "sh".into()]),
                },
                Effect::FindShellTargets {
                    pod: ObjKey::new("shop", "web-1"),
                    kind: ShellKind::Attach,
                },
            ]
        );
    }

    #[test]
    fn one_container_goes_straight_in() {
        let mut s = state();
        let mut effects = Vec::new();
        let t = targets(vec![info("app", ContainerKind::Main, "running")], 0);
        let pod = t.pod.clone();
        on_targets(&mut s, &pod, ShellKind::Attach, Ok(t), &mut effects);
        assert!(s.shell_picker.is_none());
        assert_eq!(effects, [shell(&ShellKind::Attach, "app")]);
    }

    #[test]
    fn several_containers_open_the_picker_and_enter_takes_the_preselected_one() {
        let mut s = state();
        let mut effects = Vec::new();
        let kind = ShellKind::Shell(vec!["bash".into(), "sh".into()]);
        let pod = ObjKey::new("shop", "web-1");
        on_targets(&mut s, &pod, kind.clone(), Ok(two()), &mut effects);
        assert!(effects.is_empty());
        assert_eq!(s.shell_picker.as_ref().unwrap().selected, 1);
        on_key(&mut s, Some(Action::Confirm), &mut effects);
        assert!(s.shell_picker.is_none());
        assert_eq!(effects, [shell(&kind, "proxy")]);
    }

    #[test]
    fn a_container_that_does_not_run_is_refused_with_its_state() {
        let mut s = state();
        let mut effects = Vec::new();
        let pod = ObjKey::new("shop", "web-1");
        on_targets(&mut s, &pod, ShellKind::Attach, Ok(two()), &mut effects);
        on_key(&mut s, Some(Action::MoveUp), &mut effects);
        on_key(&mut s, Some(Action::Confirm), &mut effects);
        assert!(effects.is_empty());
        assert!(
            s.shell_picker.is_some(),
            "the picker stays for another choice"
        );
        let toast = &s.toasts.last().unwrap().text;
        assert_eq!(
            toast,
            "cannot attach to shop/web-1/app: it is not running (waiting: CrashLoopBackOff)"
        );
        on_key(&mut s, Some(Action::Bottom), &mut effects);
        on_key(&mut s, Some(Action::Confirm), &mut effects);
        assert_eq!(effects, [shell(&ShellKind::Attach, "debugger-x")]);
        // Esc closes without going anywhere.
        on_targets(&mut s, &pod, ShellKind::Attach, Ok(two()), &mut effects);
        on_key(&mut s, Some(Action::Back), &mut effects);
        assert!(s.shell_picker.is_none());
        assert_eq!(effects.len(), 1);
    }

    #[test]
    fn pods_that_do_not_run_and_windows_pods() {
        let mut s = state();
        let mut effects = Vec::new();
        let pod = ObjKey::new("shop", "web-1");
        let mut pending = two();
        pending.not_running = Some("pod shop/web-1 is Pending: no container of it runs yet".into());
        on_targets(&mut s, &pod, ShellKind::Attach, Ok(pending), &mut effects);
        assert!(effects.is_empty() && s.shell_picker.is_none());
        assert_eq!(
            s.toasts.last().unwrap().text,
            "cannot attach to pod: pod shop/web-1 is Pending: no container of it runs yet"
        );
        let mut windows = targets(vec![info("iis", ContainerKind::Main, "running")], 0);
        windows.windows = true;
        let kind = ShellKind::Shell(vec!["bash".into(), "sh".into()]);
        on_targets(&mut s, &pod, kind, Ok(windows), &mut effects);
        let windows_shells = ShellKind::Shell(vec!["powershell".into(), "cmd".into()]);
        assert_eq!(effects, [shell(&windows_shells, "iis")]);
        on_targets(
            &mut s,
            &pod,
            ShellKind::Attach,
            Err("boom".into()),
            &mut effects,
        );
        assert_eq!(
            s.toasts.last().unwrap().text,
            "attach to pod shop/web-1: boom"
        );
    }
}
