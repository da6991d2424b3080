//! Render snapshot of the `x` container picker over the dashboard: regular, sidecar and
//! ephemeral containers with their state, the preselected one highlighted. Same fixture, size
//! and clock as `tests`.

use super::tests::{cluster, press, render};
use crate::cluster::debug::ShellKind;
use crate::cluster::logs::{ContainerInfo, ContainerKind};
use crate::cluster::shell_target::ShellTargets;
use crate::config::Keymap;
use crate::resources::ObjKey;
use crate::state::{Effect, Msg, update};

#[test]
fn shell_picker_over_the_dashboard() {
    let mut state = cluster();
    let keymap = Keymap::builtin("default").unwrap();
    let info = |name: &str, kind, state: &str| ContainerInfo {
        name: name.into(),
        kind,
        state: state.into(),
    };
    let pod = ObjKey::new("default", "web-7d4b9c-abcde");
    let targets = ShellTargets {
        pod: pod.clone(),
        not_running: None,
        windows: false,
        containers: vec![
            info("app", ContainerKind::Main, "waiting: CrashLoopBackOff"),
            info("proxy", ContainerKind::Main, "running"),
            info("mesh", ContainerKind::Init, "running"),
            info(
                "debugger-k2x9q",
                ContainerKind::Ephemeral,
                "terminated: Completed",
            ),
        ],
        preselected: 1,
    };
    let kind = ShellKind::Shell(vec!["bash".into(), "sh".into()]);
    let msg = Msg::ShellTargets {
        pod,
        kind,
        result: Ok(targets),
    };
    assert!(update(&mut state, msg, &keymap).is_empty());
    let screen = render(&state);
    insta::assert_snapshot!("shell_picker", screen);
    // Moving the highlight and Esc are the picker's, not the pane's.
    press(&mut state, "j");
    assert_eq!(state.shell_picker.as_ref().unwrap().selected, 2);
    let effects = update(
        &mut state,
        Msg::Key(ratatui::crossterm::event::KeyEvent::from(
            ratatui::crossterm::event::KeyCode::Enter,
        )),
        &keymap,
    );
    assert!(matches!(&effects[..], [Effect::Shell { container: Some(c), .. }] if c == "mesh"));
}
