//! Hostile and odd text on screen: right-to-left names, bidi overrides, joiners, combining
//! marks, wide CJK and emoji, escape sequences and very long values, in the pods table, the
//! header, toasts, the describe view and the log view.
//!
//! Snapshots (fixed clock and size) show the screen as a code-point terminal draws it: a wide
//! character takes its own cell and the one after it. The checks assert that every column
//! starts at the same screen column on every row, and that nothing reaches a cell as a
//! control character.

use ratatui::buffer::Buffer;

use super::logs_tests;
use super::tests::{press, render_buffer};
use super::text::width;
use crate::resources::{ObjKey, PodRow, StatusClass};
use crate::state::{Msg, State, ToastLevel, update};
use crate::store::Delta;

const NOW: i64 = 1_700_000_000;

/// Names and statuses a hostile or merely international cluster may send.
fn hostile_pods() -> Vec<PodRow> {
    use StatusClass::{Failed, Pending, Running};
    let pod = |name: &str, status: &str, class: StatusClass, node: &str| PodRow {
        key: ObjKey::new("default", name),
        ready: 1,
        total: 1,
        status: status.into(),
        status_class: class,
        created_unix: Some(NOW - 3600),
        ip: "10.0.0.1".into(),
        node: node.into(),
        ..PodRow::default()
    };
    vec![
        pod("a-web-日本語-7c5d", "Running", Running, "节点-1"),
        pod("b-עברית-rtl", "Running", Running, "node-2"),
        pod("c-evil\u{202e}exe.txt", "Pending", Pending, "node-2"),
        pod(
            "d-family-👨\u{200d}👩\u{200d}👧",
            "Running",
            Running,
            "node-2",
        ),
        pod("e-cafe\u{301}-accent", "Running", Running, "node-2"),
        pod("f-zw\u{200b}space", "Running", Running, "node-2"),
        pod("g-title\u{1b}]0;pwned\u{7}", "Error", Failed, "node-2"),
        pod(
            &format!("h-long-{}", "x".repeat(150)),
            "Running",
            Running,
            "node-2",
        ),
        pod("i-pull", "拉取镜像失败", Failed, "节点-1"),
        pod("j-rocket-🚀", "ContainerCreating", Pending, "node-2"),
        pod("k-\u{644}\u{627}-lam-alef", "Running", Running, "node-2"),
        pod("l-heart-❤\u{fe0f}", "Running", Running, "node-2"),
    ]
}

fn dashboard() -> State {
    let keymap = logs_tests::keymap();
    let mut state = State::new("ctx-日本\u{202e}", Some("default".into()), NOW);
    for msg in [
        Msg::Resize {
            width: 100,
            height: 24,
        },
        Msg::PodDelta(Delta::Reset(hostile_pods())),
    ] {
        update(&mut state, msg, &keymap);
    }
    state.refresh_views();
    state
}

/// Each row as a code-point terminal shows it: cells hidden by a wide character skipped.
fn terminal_rows(buffer: &Buffer) -> Vec<String> {
    (0..buffer.area.height)
        .map(|y| {
            let mut line = String::new();
            let mut x = 0;
            while x < buffer.area.width {
                let symbol = buffer[(x, y)].symbol();
                line.push_str(symbol);
                x += width(symbol).max(1) as u16;
            }
            line.trim_end().to_owned()
        })
        .collect()
}

fn screen(buffer: &Buffer) -> String {
    terminal_rows(buffer).join("\n") + "\n"
}

/// The screen column where `needle` starts in `row`.
fn column_of(row: &str, needle: &str) -> Option<usize> {
    row.find(needle).map(|at| width(&row[..at]))
}

fn assert_no_controls(buffer: &Buffer) {
    for cell in buffer.content() {
        assert!(
            !cell.symbol().chars().any(|c| c.is_control()
                || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')),
            "a control character reached a cell: {:?}",
            cell.symbol()
        );
    }
}

#[test]
fn pods_table_with_hostile_names_keeps_every_column_aligned() {
    let mut state = dashboard();
    press(&mut state, "enter");
    let buffer = render_buffer(&state, 100, 24);
    assert_no_controls(&buffer);
    let rows = terminal_rows(&buffer);
    insta::assert_snapshot!("unicode_pods_table", screen(&buffer));

    let header = rows.iter().find(|r| r.contains("STATUS")).unwrap();
    let ready = column_of(header, "READY").unwrap();
    let status = column_of(header, "STATUS").unwrap();
    let age = column_of(header, "AGE").unwrap();
    let mut checked = 0;
    for pod in hostile_pods() {
        let prefix = &pod.key.name[..2];
        let row = rows
            .iter()
            .find(|r| r.trim_start_matches(['┃', '│', ' ']).starts_with(prefix))
            .unwrap_or_else(|| panic!("no row for {prefix}: {rows:#?}"));
        assert_eq!(column_of(row, "1/1"), Some(ready), "READY of {row}");
        let status_text = crate::sanitize::sanitize(&pod.status);
        assert_eq!(
            column_of(row, &status_text),
            Some(status),
            "STATUS of {row}"
        );
        assert_eq!(column_of(row, "60m"), Some(age), "AGE of {row}");
        assert_eq!(
            width(row),
            100,
            "the border closes at the right edge: {row}"
        );
        checked += 1;
    }
    assert_eq!(checked, hostile_pods().len());
    // The long name is cut with an ellipsis inside its column, never past it.
    assert!(
        rows.iter()
            .any(|r| r.contains("h-long-xxx") && r.contains('…'))
    );
    // Escaped, visible: the override, the title write, the zero-width space and the joiners.
    let all = rows.join("\n");
    for shown in [
        "\\u{202e}",
        "\\e]0;pwned\\x07",
        "\\u{200b}",
        "\\u{200d}",
        "\\u{fe0f}",
    ] {
        assert!(all.contains(shown), "{shown} not shown in\n{all}");
    }
}

#[test]
fn header_and_toasts_with_wide_and_right_to_left_text_stay_inside_the_screen() {
    let mut state = dashboard();
    crate::state::update::push_toast(
        &mut state,
        ToastLevel::Error,
        "שגיאה: 拉取镜像失败 🚀 \u{202e}gnp.exe \u{1b}[2J".into(),
    );
    crate::state::update::push_toast(&mut state, ToastLevel::Info, "已完成 ✅".into());
    let buffer = render_buffer(&state, 100, 24);
    assert_no_controls(&buffer);
    let rows = terminal_rows(&buffer);
    assert!(
        rows[0].contains("context: ctx-日本\\u{202e}"),
        "{}",
        rows[0]
    );
    for text in ["gnp.exe \\e[2J", "已完成 ✅"] {
        let row = rows.iter().find(|r| r.contains(text)).unwrap();
        // Right-aligned: the text and its trailing blank end one column from the edge,
        // measured the way the terminal draws them.
        assert_eq!(column_of(row, text).unwrap() + width(text) + 1, 99, "{row}");
    }
}

#[test]
fn describe_events_with_wide_reasons_stay_aligned_on_screen() {
    use serde_json::json;
    let event = |reason: &str| {
        json!({
            "type": "Warning", "reason": reason, "count": 1, "message": "done",
            "source": {"component": "kubelet"},
            "lastTimestamp": jiff::Timestamp::from_second(NOW - 5).unwrap().to_string(),
        })
    };
    let obj = json!({"kind": "ConfigMap", "metadata": {"name": "c"}});
    let events = [event("拉取失败"), event("Bad\u{1b}[2J"), event("OK")];
    let lines = crate::manifest::describe::describe(&obj, &events, NOW);
    let theme = crate::config::Theme::builtin("default").unwrap();
    let mut buffer = Buffer::empty(ratatui::layout::Rect::new(0, 0, 80, lines.len() as u16));
    for (y, line) in lines.iter().enumerate() {
        let styled = super::detail::styled_line(line, &[], "", &theme);
        buffer.set_line(0, y as u16, &styled, 80);
    }
    assert_no_controls(&buffer);
    let rows = terminal_rows(&buffer);
    let header = rows.iter().find(|r| r.contains("Reason")).unwrap();
    let age = column_of(header, "Age").unwrap();
    for row in rows.iter().filter(|r| r.contains("done")) {
        assert_eq!(column_of(row, "5s"), Some(age), "{rows:#?}");
    }
}

#[test]
fn log_view_with_hostile_lines_wraps_without_splitting_wide_characters() {
    let mut state = logs_tests::opened("pod");
    logs_tests::source(&mut state, 0, "frontend-7c5ddbdf54-x8k2p", "app");
    let lines = [
        "שלום עולם: request from 10.0.0.7 served".to_owned(),
        "bidi: access \u{202e}lmth.exe\u{202c} granted \u{2066}isolated\u{2069}".to_owned(),
        "family 👨\u{200d}👩\u{200d}👧 and ❤\u{fe0f} and 👍\u{1f3fd}".to_owned(),
        "accents: cafe\u{301} nai\u{308}ve, zero\u{200b}width, joiner a\u{200d}b".to_owned(),
        "\u{1b}]0;pwned\u{7}\u{1b}[2Jtitle and clear".to_owned(),
        format!("{}日本語の行", "a".repeat(97)),
        format!("long {}", "🚀".repeat(60)),
        "Arabic: \u{644}\u{627} إله".to_owned(),
    ];
    logs_tests::lines(&mut state, 0, &lines);
    logs_tests::press(&mut state, "w");
    let buffer = logs_tests::render_buffer(&state);
    assert_no_controls(&buffer);
    insta::assert_snapshot!("unicode_log_view", screen(&buffer));
    for row in terminal_rows(&buffer) {
        assert!(width(&row) <= usize::from(logs_tests::W), "{row}");
    }
    // 97 narrow columns, then a wide character that would straddle the edge goes down whole.
    let rows = terminal_rows(&buffer);
    let cut = rows.iter().position(|r| r.starts_with("aaaa")).unwrap();
    assert!(rows[cut].ends_with("a日"), "{}", rows[cut]);
    assert!(
        rows[cut + 1].trim_start().starts_with("本語の行"),
        "{}",
        rows[cut + 1]
    );
}

#[test]
fn yaml_view_of_hostile_annotations_shows_escapes_inside_the_frame() {
    use crate::resources::ResourceKind;
    use crate::state::{DetailMode, DetailView};
    use serde_json::json;
    let pod = json!({
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {
            "name": "web-1", "namespace": "default",
            "annotations": {
                "note": "\u{1b}]52;c;Y3VybCBldmlsIHwgc2g=\u{7} clipboard",
                "bidi": "access \u{202e}lmth.exe\u{202c} granted",
                "wide": "拉取镜像失败 👨\u{200d}👩\u{200d}👧 ❤\u{fe0f}",
                "long": "x".repeat(300),
            },
        },
        "spec": {"containers": [{"name": "app", "image": "nginx"}]},
    });
    let keymap = logs_tests::keymap();
    let mut state = dashboard();
    let key = ObjKey::new("default", "web-1");
    state.detail = Some(DetailView::new(
        ResourceKind::Pod,
        key.clone(),
        DetailMode::Yaml(crate::manifest::yaml::YamlOptions::default()),
    ));
    update(
        &mut state,
        Msg::ObjectFetched {
            kind: ResourceKind::Pod,
            key,
            result: Ok(pod),
        },
        &keymap,
    );
    state.refresh_views();
    let buffer = render_buffer(&state, 100, 24);
    assert_no_controls(&buffer);
    let rows = terminal_rows(&buffer);
    let all = rows.join("\n");
    for shown in [
        "\\e]52;c;",
        "\\a clipboard",
        "\\u{202e}lmth.exe\\u{202c}",
        "拉取镜像失败",
    ] {
        assert!(all.contains(shown), "{shown} not shown in\n{all}");
    }
    for row in &rows[1..rows.len() - 1] {
        if row.starts_with('┃') {
            assert_eq!(width(row), 100, "the frame closes at the right edge: {row}");
            assert!(row.ends_with('┃'), "{row}");
        }
    }
}
