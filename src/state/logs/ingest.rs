//! Taking in what the streams report: lines (sanitized on the way in, appended to the ring,
//! passed through the filter), sources joining, and stream states, which become notice lines
//! in the log (the container is waiting to start, reconnected, pod deleted) without
//! repeating themselves while a stream flaps.
//!
//! Owns the reaction to `Msg::Log` and `Msg::LogsSaved`. Must not do I/O.

use jiff::Timestamp;

use super::{LogSource, LogView, Position, StoredLine};
use crate::cluster::logs::{LogLine, LogReport, SourceId, StreamState};
use crate::sanitize::sanitize;
use crate::state::update::push_toast;
use crate::state::{State, ToastLevel};

/// The source id of notices about the tail as a whole.
pub const TAIL_NOTICE: SourceId = SourceId::MAX;

pub(in crate::state) fn on_log_report(state: &mut State, view: u64, report: LogReport) {
    let offset = state.utc_offset_secs;
    let Some(v) = state.logs.as_mut().filter(|v| v.id == view) else {
        return;
    };
    match report {
        LogReport::Containers { containers } => v.containers = containers,
        LogReport::Source { id, pod, container } => add_source(v, id, pod, container),
        LogReport::Lines { source, lines } => add_lines(v, source, lines, offset),
        LogReport::State { source, state } => on_state(v, source, state),
        LogReport::Failed { message } => {
            let text = sanitize(&message).into_owned();
            v.failed = Some(text.clone());
            push(v, TAIL_NOTICE, None, text, true);
        }
    }
}

pub(in crate::state) fn on_logs_saved(state: &mut State, result: Result<String, String>) {
    match result {
        Ok(path) => {
            if let Some(v) = state.logs.as_mut() {
                v.saved_to = Some(path.clone());
            }
            push_toast(state, ToastLevel::Info, format!("log saved to {path}"));
        }
        Err(message) => push_toast(
            state,
            ToastLevel::Error,
            format!("could not save the log: {message}"),
        ),
    }
}

fn add_source(v: &mut LogView, id: SourceId, pod: String, container: Option<String>) {
    let source = LogSource {
        pod: sanitize(&pod).into_owned(),
        container: container.map(|c| sanitize(&c).into_owned()),
        state: StreamState::Connecting,
        resumed: false,
        last_notice: None,
    };
    let index = id as usize;
    if index >= v.sources.len() {
        v.sources.resize(index + 1, source.clone());
    }
    v.sources[index] = source;
    if v.is_deployment() {
        push(v, id, None, "joined the tail".to_owned(), true);
    }
}

fn add_lines(v: &mut LogView, source: SourceId, lines: Vec<LogLine>, utc_offset_secs: i32) {
    if let Some(s) = v.sources.get_mut(source as usize) {
        s.last_notice = None;
        if std::mem::take(&mut s.resumed) {
            let after = match s.state {
                StreamState::Resumed { after: Some(t) } => {
                    format!(" after {}", clock(t, utc_offset_secs))
                }
                _ => String::new(),
            };
            let text = format!("reconnected: continuing{after}, nothing repeated");
            push(v, source, None, text, true);
        }
    }
    let mut incoming: Vec<StoredLine> = lines
        .into_iter()
        .map(|line| StoredLine {
            source,
            time: line.time,
            text: match sanitize(&line.text) {
                std::borrow::Cow::Borrowed(_) => line.text,
                std::borrow::Cow::Owned(escaped) => escaped,
            }
            .into_boxed_str(),
            notice: false,
        })
        .collect();
    if v.prefixed() {
        incoming = interleave(v, incoming);
    }
    for line in incoming {
        push_line(v, line);
    }
}

/// Most lines taken back from the end of the buffer to put a batch in time order.
const MAX_REORDER: usize = 5_000;

/// Streams of several containers or pods deliver their backlogs in blocks: the lines at the end
/// of the buffer that are newer than the batch are taken back (up to a notice, or
/// `MAX_REORDER`) and merged with it by time, so the view reads in time order.
fn interleave(v: &mut LogView, batch: Vec<StoredLine>) -> Vec<StoredLine> {
    let Some(oldest) = batch.iter().filter_map(|l| l.time).min() else {
        return batch;
    };
    let mut taken = Vec::new();
    while taken.len() < MAX_REORDER
        && let Some(last) = v.buffer.last()
        && !last.notice
        && last.time.is_some_and(|t| t > oldest)
    {
        taken.extend(v.buffer.pop_last());
    }
    if taken.is_empty() {
        return batch;
    }
    let next = v.buffer.next_seq();
    v.shown.truncate_from(next);
    if v.current_match.is_some_and(|m| m >= next) {
        v.current_match = None;
    }
    taken.reverse();
    let mut merged = Vec::with_capacity(taken.len() + batch.len());
    let mut older = taken.into_iter().peekable();
    let mut newer = batch.into_iter().peekable();
    loop {
        let from_older = match (older.peek(), newer.peek()) {
            (Some(old), Some(new)) => old.time <= new.time,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => break,
        };
        merged.extend(if from_older {
            older.next()
        } else {
            newer.next()
        });
    }
    merged
}

fn on_state(v: &mut LogView, source: SourceId, new: StreamState) {
    let Some(s) = v.sources.get_mut(source as usize) else {
        return;
    };
    let was_waiting = matches!(s.state, StreamState::Waiting { .. });
    let text = match &new {
        StreamState::Connecting => None,
        StreamState::Streaming => was_waiting.then(|| "container started".to_owned()),
        StreamState::Waiting { message } | StreamState::Failed { message } => {
            Some(sanitize(message).into_owned())
        }
        StreamState::Retrying { message, .. } => Some(format!(
            "stream interrupted ({}); reconnecting",
            sanitize(message)
        )),
        StreamState::Resumed { .. } => {
            s.resumed = true;
            None
        }
        StreamState::Ended { reason } => Some(format!("stream ended: {}", sanitize(reason))),
    };
    s.state = new;
    if let Some(text) = text {
        if s.last_notice.as_ref() == Some(&text) {
            return;
        }
        s.last_notice = Some(text.clone());
        push(v, source, None, text, true);
    }
}

/// Appends one notice or line.
fn push(v: &mut LogView, source: SourceId, time: Option<Timestamp>, text: String, notice: bool) {
    push_line(
        v,
        StoredLine {
            source,
            time,
            text: text.into_boxed_str(),
            notice,
        },
    );
}

/// Appends one line and keeps the filter's view and a paused position up to date.
fn push_line(v: &mut LogView, line: StoredLine) {
    let seq = v.buffer.push(line);
    let first = v.buffer.first_seq();
    if let Some(filter) = &v.filter {
        v.shown.prune(first);
        v.shown.add(filter, &v.buffer, seq);
    }
    if let Position::Paused { top, .. } = &mut v.position {
        *top = (*top).max(first);
    }
    if v.current_match.is_some_and(|m| m < first) {
        v.current_match = None;
    }
}

/// `HH:MM:SS` of a time in the zone `utc_offset_secs` from UTC.
fn clock(t: Timestamp, utc_offset_secs: i32) -> String {
    let seconds = (t.as_second() + i64::from(utc_offset_secs)).rem_euclid(86_400);
    format!(
        "{:02}:{:02}:{:02}",
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    )
}
