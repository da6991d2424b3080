//! Keys in the log view.

use super::*;
use crate::cluster::logs::{ContainerChoice, LogOptions, LogTarget};
use crate::resources::ObjKey;

#[test]
fn l_opens_the_selected_pod_following_the_last_200_lines_and_esc_returns() {
    let mut state = dashboard(3);
    let effects = press(&mut state, "l");
    assert_eq!(
        effects,
        vec![Effect::StreamLogs {
            view: view_id(&state),
            target: LogTarget::Pod {
                key: ObjKey::new("default", "api-0"),
                container: ContainerChoice::Default,
            },
            options: LogOptions {
                tail_lines: Some(200),
                since_seconds: None,
                previous: false,
                follow: true,
            },
        }]
    );
    assert!(view(&state).is_following());
    // Dashboard keys do not leak through.
    press(&mut state, "tab");
    assert_eq!(state.focus, PaneId::Pods);
    assert_eq!(press(&mut state, "esc"), vec![Effect::StopLogs]);
    assert!(state.logs.is_none());
    assert_eq!(
        crate::state::tests::selected_pod(&state).as_deref(),
        Some("api-0"),
        "the same row is selected"
    );
}

#[test]
fn the_tail_comes_from_the_settings_and_q_also_goes_back() {
    let mut state = dashboard(1);
    state.log_settings.tail = 50;
    let effects = press(&mut state, "l");
    assert!(matches!(
        effects.as_slice(),
        [Effect::StreamLogs { options, .. }] if options.tail_lines == Some(50)
    ));
    assert_eq!(press(&mut state, "q"), vec![Effect::StopLogs]);
}

#[test]
fn l_on_a_deployment_tails_all_of_its_pods() {
    let mut state = dashboard(1);
    press(&mut state, "tab");
    let effects = press(&mut state, "l");
    assert!(matches!(
        effects.as_slice(),
        [Effect::StreamLogs { target: LogTarget::Deployment { key }, .. }] if key.name == "web"
    ));
    assert!(view(&state).prefixed());
}

#[test]
fn scrolling_up_pauses_and_counts_new_lines_until_following_again() {
    let (mut state, _) = open_pod_logs();
    send_lines(&mut state, "line", 0..100);
    press(&mut state, "k");
    assert!(!view(&state).is_following());
    assert_eq!(view(&state).unseen(), 0);
    let top = view(&state).top_index(body_rows(&state));
    send_lines(&mut state, "line", 100..107);
    assert_eq!(view(&state).unseen(), 7, "N new lines");
    assert_eq!(
        view(&state).top_index(body_rows(&state)),
        top,
        "the view stays put"
    );
    press(&mut state, "G");
    assert!(view(&state).is_following());
    assert_eq!(view(&state).unseen(), 0);
}

#[test]
fn space_pauses_and_resumes_and_scrolling_to_the_end_resumes() {
    let (mut state, _) = open_pod_logs();
    send_lines(&mut state, "line", 0..100);
    press(&mut state, "space");
    assert!(!view(&state).is_following());
    send_lines(&mut state, "line", 100..103);
    assert_eq!(view(&state).unseen(), 3);
    press(&mut state, "space");
    assert!(view(&state).is_following());
    press(&mut state, "pgup");
    press(&mut state, "pgup");
    assert!(!view(&state).is_following());
    press(&mut state, "g");
    assert_eq!(view(&state).top_index(body_rows(&state)), 0);
    for _ in 0..10 {
        press(&mut state, "pgdn");
    }
    assert!(
        view(&state).is_following(),
        "reaching the end follows again"
    );
}

#[test]
fn search_highlights_and_n_and_shift_n_jump_between_matches() {
    let (mut state, _) = open_pod_logs();
    send(&mut state, 0, &["boot", "error one", "ok"]);
    send_lines(&mut state, "filler", 0..60);
    send(&mut state, 0, &["ERROR two", "ok", "error three", "ok"]);
    press(&mut state, "/");
    type_text(&mut state, "error");
    assert_eq!(
        view(&state).search.as_ref().map(LinePattern::text),
        Some("error"),
        "applied as typed"
    );
    press(&mut state, "enter");
    let v = view(&state);
    let text_of =
        |v: &LogView, seq: Option<u64>| v.buffer.get(seq.unwrap()).unwrap().text.to_string();
    assert_eq!(
        text_of(v, v.current_match),
        "error three",
        "the newest match on screen"
    );
    assert!(v.is_following(), "it was on the screen: still following");
    press(&mut state, "N");
    assert_eq!(
        text_of(view(&state), view(&state).current_match),
        "ERROR two"
    );
    press(&mut state, "N");
    assert_eq!(
        text_of(view(&state), view(&state).current_match),
        "error one"
    );
    assert!(!view(&state).is_following(), "jumped off screen: paused");
    press(&mut state, "N");
    assert!(crate::state::tests::last_toast(&state).contains("no earlier match"));
    press(&mut state, "n");
    assert_eq!(
        text_of(view(&state), view(&state).current_match),
        "ERROR two"
    );
}

#[test]
fn esc_in_the_search_input_restores_the_previous_search() {
    let (mut state, _) = open_pod_logs();
    press(&mut state, "/");
    type_text(&mut state, "abc");
    press(&mut state, "enter");
    press(&mut state, "/");
    type_text(&mut state, "x");
    assert_eq!(view(&state).search.as_ref().unwrap().text(), "abcx");
    press(&mut state, "esc");
    assert_eq!(view(&state).search.as_ref().unwrap().text(), "abc");
    assert!(view(&state).input.is_none() && state.logs.is_some());
}

#[test]
fn the_filter_shows_only_matches_with_context_and_inverse() {
    let (mut state, _) = open_pod_logs();
    send(
        &mut state,
        0,
        &["a", "b", "GET /x 500", "c", "d", "e", "GET /y 200"],
    );
    press(&mut state, "f");
    type_text(&mut state, "-C 1 500");
    press(&mut state, "enter");
    assert_eq!(shown(&state), vec!["b", "GET /x 500", "c"]);
    send(&mut state, 0, &["f", "POST 500", "g", "h"]);
    assert_eq!(
        shown(&state),
        vec!["b", "GET /x 500", "c", "f", "POST 500", "g"],
        "kept up to date as lines arrive"
    );
    press(&mut state, "f");
    press(&mut state, "ctrl-u");
    type_text(&mut state, "!GET");
    press(&mut state, "enter");
    assert!(shown(&state).iter().all(|l| !l.contains("GET")));
    press(&mut state, "f");
    press(&mut state, "ctrl-u");
    press(&mut state, "enter");
    assert!(view(&state).filter.is_none());
    assert_eq!(view(&state).visible_len(), view(&state).buffer.len());
}

#[test]
fn json_field_filter() {
    let (mut state, _) = open_pod_logs();
    send(
        &mut state,
        0,
        &[
            r#"{"level":"info","msg":"a"}"#,
            r#"{"level":"error","msg":"b"}"#,
            "plain error line",
        ],
    );
    press(&mut state, "f");
    type_text(&mut state, "level=error");
    press(&mut state, "enter");
    assert_eq!(shown(&state), vec![r#"{"level":"error","msg":"b"}"#]);
}

#[test]
fn toggles_flip_display_options() {
    let (mut state, _) = open_pod_logs();
    let before = (
        view(&state).wrap,
        view(&state).timestamps,
        view(&state).json_pretty,
    );
    press(&mut state, "w");
    press(&mut state, "t");
    press(&mut state, "J");
    let v = view(&state);
    assert_eq!(
        (v.wrap, v.timestamps, v.json_pretty),
        (!before.0, !before.1, !before.2)
    );
}

#[test]
fn the_container_picker_restarts_on_the_choice_and_remembers_it_per_pod() {
    let (mut state, id) = open_pod_logs();
    report(
        &mut state,
        id,
        LogReport::Containers {
            containers: containers(),
        },
    );
    press(&mut state, "c");
    assert_eq!(
        view(&state).picker,
        Some(2),
        "the streamed container is highlighted"
    );
    press(&mut state, "j");
    let effects = press(&mut state, "enter");
    let [
        Effect::StreamLogs {
            view: new_id,
            target,
            ..
        },
    ] = effects.as_slice()
    else {
        panic!("{effects:?}");
    };
    assert_ne!(
        *new_id, id,
        "a new stream id: late lines of the old one are ignored"
    );
    assert_eq!(
        *target,
        LogTarget::Pod {
            key: ObjKey::new("default", "api-0"),
            container: ContainerChoice::Named("proxy".into()),
        }
    );
    assert!(view(&state).picker.is_none());
    send(&mut state, 0, &["x"]);
    report(
        &mut state,
        id,
        LogReport::Lines {
            source: 0,
            lines: vec![LogLine {
                time: None,
                text: "late".into(),
            }],
        },
    );
    assert_eq!(texts(&state), vec!["x"]);
    press(&mut state, "esc");
    let effects = press(&mut state, "l");
    assert!(matches!(
        effects.as_slice(),
        [Effect::StreamLogs { target: LogTarget::Pod { container: ContainerChoice::Named(c), .. }, .. }] if c == "proxy"
    ));
    press(&mut state, "c");
    press(&mut state, "g");
    let effects = press(&mut state, "enter");
    assert!(matches!(
        effects.as_slice(),
        [Effect::StreamLogs {
            target: LogTarget::Pod {
                container: ContainerChoice::All,
                ..
            },
            ..
        }]
    ));
    assert!(
        view(&state).prefixed(),
        "all containers: lines are prefixed"
    );
}

#[test]
fn p_asks_for_the_previous_instance_and_back() {
    let (mut state, _) = open_pod_logs();
    let effects = press(&mut state, "p");
    assert!(matches!(
        effects.as_slice(),
        [Effect::StreamLogs { options, .. }] if options.previous && !options.follow
    ));
    let effects = press(&mut state, "p");
    assert!(matches!(
        effects.as_slice(),
        [Effect::StreamLogs { options, .. }] if !options.previous && options.follow
    ));
}

#[test]
fn since_takes_a_duration_and_more_history_grows_the_tail() {
    let (mut state, _) = open_pod_logs();
    press(&mut state, "T");
    type_text(&mut state, "1h30m");
    let effects = press(&mut state, "enter");
    assert!(matches!(
        effects.as_slice(),
        [Effect::StreamLogs { options, .. }] if options.since_seconds == Some(5400) && options.tail_lines.is_none()
    ));
    press(&mut state, "T");
    assert_eq!(view(&state).input.as_ref().unwrap().line, "1h30m");
    press(&mut state, "ctrl-u");
    type_text(&mut state, "soon");
    assert!(press(&mut state, "enter").is_empty());
    assert!(crate::state::tests::last_toast(&state).contains("not a duration"));
    press(&mut state, "T");
    press(&mut state, "ctrl-u");
    press(&mut state, "enter");
    assert_eq!(view(&state).options.tail_lines, Some(200));
    let effects = press(&mut state, "L");
    assert!(matches!(
        effects.as_slice(),
        [Effect::StreamLogs { options, .. }] if options.tail_lines == Some(800)
    ));
}

#[test]
fn since_durations_parse() {
    use super::super::input::{Since, parse_since, since_text};
    assert_eq!(parse_since("90s"), Ok(Since::Seconds(90)));
    assert_eq!(parse_since("2d"), Ok(Since::Seconds(172_800)));
    assert_eq!(parse_since(" all "), Ok(Since::All));
    assert_eq!(parse_since(""), Ok(Since::Tail));
    assert!(parse_since("5").is_err() && parse_since("5x").is_err() && parse_since("0m").is_err());
    assert_eq!(since_text(5400), "1h30m");
}

#[test]
fn saving_writes_the_buffer_with_times_and_reports_the_path() {
    let (mut state, _) = open_pod_logs();
    send_lines(&mut state, "line", 0..2);
    let effects = press(&mut state, "ctrl-s");
    let [Effect::SaveLogs { file_name, text }] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    assert_eq!(file_name, "default_api-0-20231114-221320.log");
    assert_eq!(
        text,
        "2023-11-14T22:13:20Z line-0\n2023-11-14T22:13:21Z line-1\n"
    );
    update(
        &mut state,
        Msg::LogsSaved(Ok("/tmp/x.log".into())),
        &keymap(),
    );
    assert_eq!(view(&state).saved_to.as_deref(), Some("/tmp/x.log"));
    assert!(crate::state::tests::last_toast(&state).contains("/tmp/x.log"));
}
