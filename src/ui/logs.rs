//! The log view, full screen: the header, a title line (what is tailed, the stream's state,
//! following or paused, counts and toggles), the lines (from the bottom while following, from
//! the paused line otherwise), the "older lines dropped" and "N new lines" markers, the footer
//! (key hints from the `logs` keymap section, or the open input), and the container picker.
//!
//! Owns the log view's layout and wording. Must not mutate state.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Widget};

use super::footer::hints;
use super::log_lines::line_rows;
use super::text::{thousands, truncate, width};
use crate::cluster::logs::{ContainerChoice, ContainerKind, StreamState};
use crate::config::{Action, Keymap, Meaning, Section, Theme};
use crate::state::State;
use crate::state::logs::{LogInputKind, LogLayout, LogView, Position, log_layout};

const SECTIONS: &[Section] = &[Section::Logs, Section::Global];

pub fn draw_log_view(
    frame: &mut Frame<'_>,
    state: &State,
    view: &LogView,
    theme: &Theme,
    keymap: &Keymap,
) -> LogLayout {
    let layout = log_layout(frame.area());
    let buf = frame.buffer_mut();
    super::header::draw_header(buf, layout.header, state, theme);
    draw_title(buf, layout.title, view, theme);
    draw_body(buf, layout.body, view, state.utc_offset_secs, theme);
    match &view.input {
        Some(input) => draw_input(frame, layout.footer, input, theme),
        None => draw_footer(frame.buffer_mut(), layout.footer, view, theme, keymap),
    }
    if let Some(selected) = view.picker {
        draw_picker(frame.buffer_mut(), layout.body, view, selected, theme);
    }
    layout
}

fn what(view: &LogView) -> String {
    let key = &view.key;
    if view.is_deployment() {
        return format!("deployment {}/{} (all pods)", key.namespace, key.name);
    }
    let container = match (&view.container, view.sources.first()) {
        (ContainerChoice::All, _) => "all containers".to_owned(),
        (ContainerChoice::Named(name), _) => format!("container {name}"),
        (ContainerChoice::Default, Some(s)) => {
            format!("container {}", s.container.as_deref().unwrap_or("?"))
        }
        (ContainerChoice::Default, None) => "default container".to_owned(),
    };
    let of = if view.containers.len() > 1 {
        format!(" of {}", view.containers.len())
    } else {
        String::new()
    };
    format!("pod {}/{} · {container}{of}", key.namespace, key.name)
}

/// The state of the streams in a few words, and how alarming it is.
fn stream_status(view: &LogView) -> (String, Meaning) {
    if let Some(failed) = &view.failed {
        return (format!("✖ {failed}"), Meaning::StatusFailed);
    }
    let describe = |s: &StreamState| match s {
        StreamState::Connecting => ("◌ connecting…".to_owned(), Meaning::StatusPending),
        StreamState::Streaming | StreamState::Resumed { .. } => {
            ("● streaming".to_owned(), Meaning::StatusRunning)
        }
        StreamState::Waiting { message } => (format!("◌ {message}"), Meaning::StatusPending),
        StreamState::Retrying { in_secs, .. } => (
            format!("↻ reconnecting in {in_secs}s"),
            Meaning::StatusPending,
        ),
        StreamState::Ended { reason } => (format!("■ {reason}"), Meaning::StatusSucceeded),
        StreamState::Failed { message } => (format!("✖ {message}"), Meaning::StatusFailed),
    };
    match view.sources.as_slice() {
        [] => ("◌ connecting…".to_owned(), Meaning::StatusPending),
        [one] => describe(&one.state),
        many => {
            let count = |f: fn(&StreamState) -> bool| many.iter().filter(|s| f(&s.state)).count();
            let live = count(|s| matches!(s, StreamState::Streaming | StreamState::Resumed { .. }));
            let waiting = count(|s| {
                matches!(
                    s,
                    StreamState::Waiting { .. }
                        | StreamState::Connecting
                        | StreamState::Retrying { .. }
                )
            });
            let ended = many.len() - live - waiting;
            let mut text = format!("● {live} streaming");
            if waiting > 0 {
                text.push_str(&format!(", {waiting} waiting"));
            }
            if ended > 0 {
                text.push_str(&format!(", {ended} ended"));
            }
            (text, Meaning::StatusRunning)
        }
    }
}

fn draw_title(buf: &mut Buffer, area: Rect, view: &LogView, theme: &Theme) {
    let base = theme.style(Meaning::LogTitle);
    buf.set_style(area, base);
    let (status, meaning) = stream_status(view);
    let position = match view.position {
        Position::Follow if view.options.previous => "previous instance".to_owned(),
        Position::Follow => "following".to_owned(),
        Position::Paused { .. } => "paused".to_owned(),
    };
    let lines = if view.filter.is_some() {
        format!(
            "{}/{} lines",
            thousands(view.visible_len()),
            thousands(view.buffer.len())
        )
    } else {
        format!("{} lines", thousands(view.buffer.len()))
    };
    let mut flags: Vec<String> = Vec::new();
    match (view.options.since_seconds, view.options.tail_lines) {
        (Some(s), _) => flags.push(format!("since {}", since_words(s))),
        (None, Some(t)) => flags.push(format!("tail {t}")),
        (None, None) => flags.push("whole log".to_owned()),
    }
    if let Some(f) = &view.filter {
        flags.push(format!("filter: {}", f.text()));
    }
    if let Some(s) = &view.search {
        flags.push(format!("search: {}", s.text()));
    }
    for (on, name) in [
        (view.wrap, "wrap"),
        (view.timestamps, "time"),
        (view.json_pretty, "json"),
    ] {
        if on {
            flags.push(name.to_owned());
        }
    }
    if let Some(path) = &view.saved_to {
        flags.push(format!("saved: {path}"));
    }
    let mut spans = vec![
        Span::styled(" Logs ", base.patch(theme.style(Meaning::UiKey))),
        Span::styled(what(view), base),
        Span::styled(" │ ", base),
        Span::styled(status, base.patch(theme.style(meaning))),
        Span::styled(format!(" │ {position} · {lines}"), base),
    ];
    // Flags only as far as they fit whole; the rest is said by the footer and `?`.
    let mut used: usize = spans.iter().map(|s| width(&s.content)).sum();
    for (i, flag) in flags.into_iter().enumerate() {
        let text = format!("{}{flag}", if i == 0 { " │ " } else { " · " });
        used += width(&text);
        if used > usize::from(area.width) {
            break;
        }
        spans.push(Span::styled(text, base));
    }
    Line::from(spans).render(area, buf);
}

fn since_words(seconds: i64) -> String {
    let (n, unit) = if seconds % 3600 == 0 {
        (seconds / 3600, "h")
    } else if seconds % 60 == 0 {
        (seconds / 60, "m")
    } else {
        (seconds, "s")
    };
    format!("{n}{unit}")
}

fn draw_body(buf: &mut Buffer, area: Rect, view: &LogView, utc_offset_secs: i32, theme: &Theme) {
    if area.height == 0 || area.width == 0 {
        return;
    }
    let rows = usize::from(area.height);
    let width = usize::from(area.width);
    let notice = theme.style(Meaning::LogNotice);
    let len = view.visible_len();
    let rows_of = |index: usize| {
        view.visible_seq(index)
            .and_then(|seq| view.buffer.get(seq).map(|l| (seq, l)))
            .map(|(seq, line)| line_rows(view, seq, line, width, utc_offset_secs, theme))
            .unwrap_or_default()
    };
    let mut screen: Vec<Line<'static>> = Vec::new();
    let dropped_marker = || {
        Line::from(Span::styled(
            format!(
                "▲ {} older lines dropped (the view keeps the last {})",
                thousands(view.buffer.dropped() as usize),
                thousands(view.buffer.capacity())
            ),
            notice,
        ))
    };
    match view.position {
        Position::Follow => {
            let mut index = len;
            while screen.len() < rows && index > 0 {
                index -= 1;
                let mut line_rows = rows_of(index);
                line_rows.reverse();
                screen.extend(line_rows);
            }
            if index == 0 && view.buffer.dropped() > 0 && screen.len() < rows {
                screen.push(dropped_marker());
            }
            screen.truncate(rows);
            screen.reverse();
        }
        Position::Paused { .. } => {
            let mut index = view.top_index(rows);
            if index == 0 && view.buffer.dropped() > 0 {
                screen.push(dropped_marker());
            }
            while screen.len() < rows && index < len {
                screen.extend(rows_of(index));
                index += 1;
            }
            screen.truncate(rows);
        }
    }
    if screen.is_empty() {
        screen.push(Line::from(Span::styled(empty_text(view), notice)));
    }
    for (i, line) in screen.iter().enumerate() {
        let row = Rect {
            y: area.y + i as u16,
            height: 1,
            ..area
        };
        line.render(row, buf);
    }
    let unseen = view.unseen();
    if unseen > 0 {
        let text = format!(
            " ▼ {} new line{} — space or G to follow ",
            thousands(unseen),
            if unseen == 1 { "" } else { "s" }
        );
        let row = Rect {
            y: area.bottom() - 1,
            height: 1,
            ..area
        };
        Clear.render(row, buf);
        Line::from(Span::styled(text, theme.style(Meaning::LogMatchCurrent))).render(row, buf);
    }
}

fn empty_text(view: &LogView) -> String {
    if view.filter.is_some() && !view.buffer.is_empty() {
        return "no line matches the filter".to_owned();
    }
    match view.sources.first().map(|s| &s.state) {
        Some(StreamState::Waiting { message } | StreamState::Failed { message }) => message.clone(),
        Some(StreamState::Ended { .. }) => "the log is empty".to_owned(),
        _ if view.failed.is_some() => String::new(),
        _ => "waiting for lines…".to_owned(),
    }
}

fn draw_footer(buf: &mut Buffer, area: Rect, view: &LogView, theme: &Theme, keymap: &Keymap) {
    let mut actions = vec![Action::ToggleFollow, Action::Search];
    if view.search.is_some() {
        actions.push(Action::SearchNext);
    }
    actions.push(Action::FilterLines);
    if !view.is_deployment() {
        actions.push(Action::ChooseContainer);
    }
    actions.extend([
        Action::PreviousLogs,
        Action::Since,
        Action::ToggleWrap,
        Action::ToggleTimestamps,
        Action::ToggleJson,
        Action::SaveLogs,
        Action::Back,
    ]);
    buf.set_style(area, theme.style(Meaning::UiFooter));
    let always = hints(&[Action::Help], SECTIONS, usize::MAX, theme, keymap);
    let always_width = always.width() as u16;
    let left_width = area.width.saturating_sub(always_width);
    hints(&actions, SECTIONS, usize::from(left_width), theme, keymap).render(
        Rect {
            width: left_width,
            ..area
        },
        buf,
    );
    always.render(
        Rect {
            x: area.x + left_width,
            width: area.width - left_width,
            ..area
        },
        buf,
    );
}

fn draw_input(
    frame: &mut Frame<'_>,
    area: Rect,
    input: &crate::state::logs::LogInput,
    theme: &Theme,
) {
    let label = match input.kind {
        LogInputKind::Search => "search: ",
        LogInputKind::Filter => "filter (regex, !inverse, key=value, -C N): ",
        LogInputKind::Since => "since (30s, 5m, 1h30m, all; empty: last lines): ",
    };
    let style = theme.style(Meaning::UiPrompt);
    let buf = frame.buffer_mut();
    buf.set_style(area, style);
    let mut spans = vec![
        Span::styled(label, theme.style(Meaning::UiKey)),
        Span::styled(input.line.clone(), style),
    ];
    if let Some(error) = &input.error {
        spans.push(Span::styled(
            format!("  {error}"),
            theme.style(Meaning::StatusFailed),
        ));
    }
    Line::from(spans).render(area, buf);
    let x = area.x + (width(label) + width(&input.line)) as u16;
    if x < area.right() {
        frame.set_cursor_position((x, area.y));
    }
}

fn draw_picker(buf: &mut Buffer, body: Rect, view: &LogView, selected: usize, theme: &Theme) {
    let mut entries: Vec<(String, bool)> = vec![(
        "all containers (interleaved)".to_owned(),
        view.container == ContainerChoice::All,
    )];
    for c in &view.containers {
        let kind = match c.kind {
            ContainerKind::Init => " (init)",
            ContainerKind::Main => "",
            ContainerKind::Ephemeral => " (ephemeral)",
        };
        let chosen = match &view.container {
            ContainerChoice::Named(n) => n == &c.name,
            ContainerChoice::Default => view
                .sources
                .first()
                .is_some_and(|s| s.container.as_deref() == Some(c.name.as_str())),
            ContainerChoice::All => false,
        };
        entries.push((format!("{}{kind}  {}", c.name, c.state), chosen));
    }
    let inner_width = entries
        .iter()
        .map(|(t, _)| width(t) + 4)
        .max()
        .unwrap_or(20)
        .max(44);
    let w = (inner_width as u16 + 2).min(body.width);
    let h = (entries.len() as u16 + 2).min(body.height);
    if w < 10 || h < 3 {
        return;
    }
    let area = Rect {
        x: body.x + (body.width - w) / 2,
        y: body.y + (body.height - h) / 2,
        width: w,
        height: h,
    };
    Clear.render(area, buf);
    let block = Block::bordered()
        .border_type(BorderType::Thick)
        .border_style(theme.style(Meaning::UiBorderFocused))
        .title(" Container · enter chooses · esc closes ");
    let inner = block.inner(area);
    block.render(area, buf);
    let room = usize::from(inner.width);
    for (i, (text, chosen)) in entries.iter().enumerate().take(usize::from(inner.height)) {
        let y = inner.y + i as u16;
        let style = if i == selected {
            theme.style(Meaning::UiSelected)
        } else {
            Style::default()
        };
        let row = Rect {
            y,
            height: 1,
            ..inner
        };
        buf.set_style(row, style);
        let mark = if *chosen { "● " } else { "  " };
        let line = format!("{mark}{text}");
        buf.set_stringn(inner.x, y, truncate(&line, room), room, style);
    }
}
