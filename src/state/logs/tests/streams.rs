//! What the streams report: lines, sources and states.

use super::*;
use crate::cluster::logs::StreamState;

#[test]
fn lines_are_sanitized_on_the_way_in() {
    let (mut state, _) = open_pod_logs();
    send(
        &mut state,
        0,
        &[
            "\u{1b}[31mERROR\u{1b}[0m x",
            "\u{1b}]0;pwned-title\u{7}progress",
        ],
    );
    assert_eq!(
        texts(&state),
        vec!["\\e[31mERROR\\e[0m x", "\\e]0;pwned-title\\x07progress"]
    );
}

#[test]
fn reports_of_another_view_are_ignored() {
    let (mut state, id) = open_pod_logs();
    report(
        &mut state,
        id + 100,
        LogReport::Lines {
            source: 0,
            lines: vec![LogLine {
                time: None,
                text: "stray".into(),
            }],
        },
    );
    assert!(view(&state).buffer.is_empty());
}

#[test]
fn the_buffer_is_bounded_and_counts_what_it_dropped() {
    let mut state = dashboard(1);
    state.log_settings.capacity = 100;
    press(&mut state, "l");
    let id = view_id(&state);
    report(
        &mut state,
        id,
        LogReport::Source {
            id: 0,
            pod: "web-000".into(),
            container: None,
        },
    );
    for batch in 0..10 {
        send_lines(&mut state, "l", batch * 100..(batch + 1) * 100);
    }
    let v = view(&state);
    assert_eq!(v.buffer.len(), 100);
    assert_eq!(v.buffer.dropped(), 900);
    assert_eq!(texts(&state)[0], "l-900");
}

#[test]
fn a_waiting_container_says_why_once_and_when_it_starts() {
    let (mut state, id) = open_pod_logs();
    let waiting = StreamState::Waiting {
        message: "container \"app\" in pod \"api-0\" is waiting to start: ContainerCreating".into(),
    };
    for _ in 0..3 {
        report(
            &mut state,
            id,
            LogReport::State {
                source: 0,
                state: waiting.clone(),
            },
        );
    }
    report(
        &mut state,
        id,
        LogReport::State {
            source: 0,
            state: StreamState::Streaming,
        },
    );
    send(&mut state, 0, &["hello"]);
    assert_eq!(
        texts(&state),
        vec![
            "# container \"app\" in pod \"api-0\" is waiting to start: ContainerCreating",
            "# container started",
            "hello"
        ]
    );
}

#[test]
fn a_broken_stream_says_so_once_and_that_it_reconnected() {
    let (mut state, id) = open_pod_logs();
    send(&mut state, 0, &["one"]);
    let retry = |secs| StreamState::Retrying {
        message: "connection reset".into(),
        in_secs: secs,
    };
    let resumed = StreamState::Resumed { after: Some(at(5)) };
    // It flaps: broken, reconnected without new lines, broken again…
    for secs in [1, 2, 4] {
        report(
            &mut state,
            id,
            LogReport::State {
                source: 0,
                state: retry(secs),
            },
        );
        report(
            &mut state,
            id,
            LogReport::State {
                source: 0,
                state: resumed.clone(),
            },
        );
    }
    send(&mut state, 0, &["two"]);
    assert_eq!(
        texts(&state),
        vec![
            "one",
            "# stream interrupted (connection reset); reconnecting",
            "# reconnected: continuing after 22:13:25, nothing repeated",
            "two"
        ]
    );
}

#[test]
fn deployment_pods_join_with_a_notice_and_are_marked_ended() {
    let mut state = dashboard(1);
    press(&mut state, "tab");
    press(&mut state, "l");
    let id = view_id(&state);
    for (n, pod) in ["web-a", "web-b"].iter().enumerate() {
        report(
            &mut state,
            id,
            LogReport::Source {
                id: n as u32,
                pod: (*pod).into(),
                container: Some("web".into()),
            },
        );
    }
    send(&mut state, 1, &["from b"]);
    report(
        &mut state,
        id,
        LogReport::State {
            source: 0,
            state: StreamState::Ended {
                reason: "pod deleted".into(),
            },
        },
    );
    let v = view(&state);
    let lines: Vec<(Option<&str>, String)> = v
        .buffer
        .iter()
        .map(|(_, l)| (v.source_label(l.source), l.text.to_string()))
        .collect();
    assert_eq!(
        lines,
        vec![
            (Some("web-a"), "joined the tail".to_owned()),
            (Some("web-b"), "joined the tail".to_owned()),
            (Some("web-b"), "from b".to_owned()),
            (Some("web-a"), "stream ended: pod deleted".to_owned()),
        ]
    );
}

#[test]
fn a_tail_that_cannot_start_shows_why() {
    let (mut state, id) = open_pod_logs();
    report(
        &mut state,
        id,
        LogReport::Failed {
            message: "pods \"api-0\" not found".into(),
        },
    );
    assert_eq!(
        view(&state).failed.as_deref(),
        Some("pods \"api-0\" not found")
    );
}

#[test]
fn backlogs_of_several_pods_are_put_in_time_order() {
    let mut state = dashboard(1);
    press(&mut state, "tab");
    press(&mut state, "l");
    let id = view_id(&state);
    for n in 0..2u32 {
        report(
            &mut state,
            id,
            LogReport::Source {
                id: n,
                pod: format!("web-{n}"),
                container: None,
            },
        );
    }
    let batch = |source: u32, seconds: &[i64]| LogReport::Lines {
        source,
        lines: seconds
            .iter()
            .map(|s| LogLine {
                time: Some(at(*s)),
                text: format!("{source}@{s}"),
            })
            .collect(),
    };
    report(&mut state, id, batch(0, &[1, 3, 5, 7]));
    report(&mut state, id, batch(1, &[2, 4, 8]));
    report(&mut state, id, batch(0, &[9]));
    report(&mut state, id, batch(1, &[6]));
    let lines: Vec<String> = texts(&state)
        .into_iter()
        .filter(|t| !t.starts_with('#'))
        .collect();
    assert_eq!(
        lines,
        vec![
            "0@1", "1@2", "0@3", "1@4", "0@5", "1@6", "0@7", "1@8", "0@9"
        ]
    );
    assert_eq!(
        view(&state).buffer.next_seq(),
        11,
        "two notices and nine lines"
    );
}

#[test]
fn one_container_keeps_arrival_order() {
    let (mut state, _) = open_pod_logs();
    send_lines(&mut state, "b", 5..7);
    send_lines(&mut state, "a", 0..2);
    assert_eq!(texts(&state), vec!["b-5", "b-6", "a-0", "a-1"]);
}
