use super::reading::read_line_capped;
use super::*;

fn at(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn line(time: &str, text: &str) -> LogLine {
    LogLine {
        time: Some(at(time)),
        text: text.into(),
    }
}

#[test]
fn lines_are_split_into_time_and_text() {
    let l = parse_line(b"2026-01-01T10:00:00.123456789Z GET / 200\n");
    assert_eq!(l, line("2026-01-01T10:00:00.123456789Z", "GET / 200"));
    let l = parse_line(b"no time here\r\n");
    assert_eq!(l.time, None);
    assert_eq!(l.text, "no time here");
    let l = parse_line(b"2026-01-01T10:00:00Z \xff\xfe bad utf8");
    assert!(l.time.is_some());
    assert!(
        l.text.ends_with(" bad utf8"),
        "lossy, not dropped: {}",
        l.text
    );
}

#[test]
fn the_first_request_asks_as_configured_and_reconnections_ask_from_the_last_line() {
    let options = LogOptions {
        tail_lines: Some(200),
        since_seconds: None,
        previous: false,
        follow: true,
    };
    let mut resume = Resume::default();
    let first = resume.params(&options, Some("app"));
    assert_eq!(first.tail_lines, Some(200));
    assert!(first.follow && first.timestamps);
    assert_eq!(first.container.as_deref(), Some("app"));
    assert!(resume.accept(&line("2026-01-01T10:00:05.700Z", "a")));
    let again = resume.params(&options, Some("app"));
    assert_eq!(again.tail_lines, None, "no tail on a reconnection");
    assert_eq!(
        again.since_time,
        Some(at("2026-01-01T10:00:05Z")),
        "rounded down"
    );
}

#[test]
fn a_reconnection_drops_lines_already_delivered() {
    let options = LogOptions {
        follow: true,
        ..LogOptions::default()
    };
    let mut resume = Resume::default();
    resume.params(&options, None);
    for l in [
        line("2026-01-01T10:00:04Z", "old"),
        line("2026-01-01T10:00:05.1Z", "x"),
        line("2026-01-01T10:00:05.2Z", "y"),
        line("2026-01-01T10:00:05.2Z", "y2"),
    ] {
        assert!(resume.accept(&l));
    }
    resume.params(&options, None);
    // The server answers from 10:00:05: everything up to the last line is a repeat.
    assert!(!resume.accept(&line("2026-01-01T10:00:05.1Z", "x")));
    assert!(!resume.accept(&line("2026-01-01T10:00:05.2Z", "y")));
    assert!(!resume.accept(&line("2026-01-01T10:00:05.2Z", "y2")));
    assert!(
        resume.accept(&line("2026-01-01T10:00:05.2Z", "y3")),
        "same time, new text"
    );
    assert!(resume.accept(&line("2026-01-01T10:00:06Z", "z")));
    assert!(
        resume.accept(&line("2026-01-01T10:00:06Z", "z")),
        "replay over: repeats are real"
    );
    assert_eq!(resume.delivered(), 7);
}

#[test]
fn waiting_containers_are_told_from_final_refusals() {
    let api = |code: u16, message: &str| {
        kube::Error::Api(Box::new(kube::core::Status {
            code,
            message: message.into(),
            ..kube::core::Status::default()
        }))
    };
    let waiting = "container \"app\" in pod \"web-1\" is waiting to start: ContainerCreating";
    assert_eq!(
        classify(&api(400, waiting)),
        Refusal::Waiting(waiting.into())
    );
    let previous = "previous terminated container \"app\" in pod \"web-1\" not found";
    assert_eq!(
        classify(&api(400, previous)),
        Refusal::Final(previous.into())
    );
    assert!(matches!(
        classify(&api(503, "overloaded")),
        Refusal::Transient(_)
    ));
}

#[tokio::test]
async fn long_lines_are_cut_and_the_rest_skipped() {
    let mut data = vec![b'a'; MAX_LINE_BYTES + 10];
    data.extend_from_slice(b"\nnext\nlast");
    let mut reader = futures::io::BufReader::with_capacity(1000, &data[..]);
    let mut buf = Vec::new();
    assert!(read_line_capped(&mut reader, &mut buf).await.unwrap());
    assert_eq!(buf.len(), MAX_LINE_BYTES);
    buf.clear();
    assert!(read_line_capped(&mut reader, &mut buf).await.unwrap());
    assert_eq!(buf, b"next\n");
    buf.clear();
    assert!(read_line_capped(&mut reader, &mut buf).await.unwrap());
    assert_eq!(buf, b"last", "a last line without newline is kept");
    buf.clear();
    assert!(!read_line_capped(&mut reader, &mut buf).await.unwrap());
}

#[tokio::test]
async fn lines_arrive_in_batches_not_one_message_each() {
    let mut text = String::new();
    for i in 0..5_000 {
        text.push_str(&format!("2026-01-01T10:00:00.{i:09}Z line {i}\n"));
    }
    let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
    let s = seen.clone();
    let sink: LogSink = Arc::new(move |r| s.lock().unwrap().push(r));
    let mut resume = Resume::default();
    pump(text.as_bytes(), &mut resume, 3, &sink).await.unwrap();
    let seen = seen.lock().unwrap();
    let sizes: Vec<usize> = seen
        .iter()
        .map(|r| match r {
            LogReport::Lines { source: 3, lines } => lines.len(),
            other => panic!("unexpected {other:?}"),
        })
        .collect();
    assert_eq!(sizes.iter().sum::<usize>(), 5_000);
    assert!(sizes.len() <= 5_000 / MAX_BATCH + 1, "batches: {sizes:?}");
}

#[test]
fn only_containers_that_will_not_run_again_are_finished() {
    let pod = |policy: &str, list: &str, exit: i32| -> Pod {
        serde_json::from_value(serde_json::json!({
            "metadata": {"name": "p"},
            "spec": {
                "restartPolicy": policy,
                "containers": [{"name": "app", "image": "x"}],
                "initContainers": [{"name": "migrate", "image": "x"}, {"name": "proxy", "image": "x", "restartPolicy": "Always"}]
            },
            "status": {list: [
                {"name": "app", "image": "x", "imageID": "", "ready": false, "restartCount": 0,
                 "state": {"terminated": {"exitCode": exit, "reason": "Completed"}}},
                {"name": "migrate", "image": "x", "imageID": "", "ready": false, "restartCount": 0,
                 "state": {"terminated": {"exitCode": exit, "reason": "Completed"}}},
                {"name": "proxy", "image": "x", "imageID": "", "ready": false, "restartCount": 0,
                 "state": {"terminated": {"exitCode": exit, "reason": "Completed"}}}
            ]}
        }))
        .unwrap()
    };
    let init = pod("Always", "initContainerStatuses", 0);
    assert_eq!(
        finished_for_good(&init, "migrate").as_deref(),
        Some("container exited: Completed (exit code 0)")
    );
    assert_eq!(
        finished_for_good(&init, "proxy"),
        None,
        "a sidecar restarts"
    );
    assert_eq!(
        finished_for_good(&pod("Always", "initContainerStatuses", 1), "migrate"),
        None
    );
    assert_eq!(
        finished_for_good(&pod("Always", "containerStatuses", 0), "app"),
        None
    );
    assert!(finished_for_good(&pod("Never", "containerStatuses", 1), "app").is_some());
    assert!(finished_for_good(&pod("OnFailure", "containerStatuses", 0), "app").is_some());
    assert_eq!(
        finished_for_good(&pod("OnFailure", "containerStatuses", 2), "app"),
        None
    );
}
