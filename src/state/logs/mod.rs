//! The log view: what is tailed (a pod's container, all its containers, or every pod of a
//! deployment), the bounded line buffer, following or paused (with the count of lines that
//! arrived meanwhile), search, the line filter, display toggles (wrap, timestamps, pretty
//! JSON), the container picker and the one-line inputs.
//!
//! Owns the view's state and its geometry (how many lines the body shows, which paging
//! needs). Must not do I/O: streams start and stop through `Effect::StreamLogs`/`StopLogs`,
//! files are written through `Effect::SaveLogs`.

pub mod buffer;
mod ingest;
mod input;
pub mod json;
mod keys;
pub mod matching;

use std::collections::HashMap;

use ratatui::layout::Rect;

pub use buffer::{LogBuffer, StoredLine};
pub(super) use ingest::{on_log_report, on_logs_saved};
pub(super) use keys::on_log_key;
pub use matching::{LineFilter, LinePattern, ShownLines};

use super::{Effect, State};
use crate::cluster::logs::{
    ContainerChoice, ContainerInfo, LogOptions, LogTarget, SourceId, StreamState,
};
use crate::resources::{ObjKey, ResourceKind};

/// Log settings from the command line and what the user chose before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogSettings {
    /// Lines of history a view starts from (`--tail`).
    pub tail: usize,
    /// Lines a view keeps; older ones are dropped.
    pub capacity: usize,
    /// The container last chosen per pod.
    pub containers: HashMap<ObjKey, ContainerChoice>,
}

impl Default for LogSettings {
    fn default() -> Self {
        Self {
            tail: 200,
            capacity: 10_000,
            containers: HashMap::new(),
        }
    }
}

/// One stream of the view: a container of a pod.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogSource {
    pub pod: String,
    pub container: Option<String>,
    pub state: StreamState,
    /// A notice is due with the next lines: the stream reconnected.
    pub(super) resumed: bool,
    /// The last notice written for this source, so a flapping stream does not repeat it.
    pub(super) last_notice: Option<String>,
}

impl LogSource {
    /// How the source is named in prefixes: the pod in a deployment tail, else the container.
    pub fn label(&self, deployment: bool) -> &str {
        match (&self.container, deployment) {
            (Some(c), false) => c,
            _ => &self.pod,
        }
    }
}

/// Following the end of the log, or paused at a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    Follow,
    Paused {
        /// The sequence number of the top line shown.
        top: u64,
        /// Lines numbered from here on arrived while paused.
        unseen_from: u64,
    },
}

/// What a one-line input at the bottom of the view is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogInputKind {
    Search,
    Filter,
    Since,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogInput {
    pub kind: LogInputKind,
    pub line: String,
    pub error: Option<String>,
    /// What was in force before, restored by Esc.
    pub(super) before: String,
}

/// The log view, full screen over the dashboard.
#[derive(Debug, Clone)]
pub struct LogView {
    /// Reports from streams of an earlier view (or an earlier restart) carry another id.
    pub id: u64,
    pub kind: ResourceKind,
    pub key: ObjKey,
    pub container: ContainerChoice,
    /// The pod's containers, once known.
    pub containers: Vec<ContainerInfo>,
    /// By `SourceId`.
    pub sources: Vec<LogSource>,
    /// Why the whole tail could not start.
    pub failed: Option<String>,
    pub options: LogOptions,
    pub buffer: LogBuffer,
    pub position: Position,
    pub wrap: bool,
    pub timestamps: bool,
    pub json_pretty: bool,
    pub search: Option<LinePattern>,
    /// The line `n`/`N` last jumped to.
    pub current_match: Option<u64>,
    pub filter: Option<LineFilter>,
    pub shown: ShownLines,
    pub input: Option<LogInput>,
    /// The container picker, with the highlighted entry (0: all containers).
    pub picker: Option<usize>,
    /// Where the buffer was last saved.
    pub saved_to: Option<String>,
}

impl LogView {
    fn new(id: u64, kind: ResourceKind, key: ObjKey, container: ContainerChoice) -> Self {
        Self {
            id,
            kind,
            key,
            container,
            containers: Vec::new(),
            sources: Vec::new(),
            failed: None,
            options: LogOptions::default(),
            buffer: LogBuffer::new(1),
            position: Position::Follow,
            wrap: false,
            timestamps: false,
            json_pretty: false,
            search: None,
            current_match: None,
            filter: None,
            shown: ShownLines::default(),
            input: None,
            picker: None,
            saved_to: None,
        }
    }

    pub fn is_deployment(&self) -> bool {
        self.kind == ResourceKind::Deployment
    }

    /// Whether lines come from more than one source, so each needs a prefix.
    pub fn prefixed(&self) -> bool {
        self.is_deployment() || self.container == ContainerChoice::All
    }

    pub fn source(&self, id: SourceId) -> Option<&LogSource> {
        self.sources.get(id as usize)
    }

    /// The prefix naming a line's source, when lines are prefixed.
    pub fn source_label(&self, id: SourceId) -> Option<&str> {
        if !self.prefixed() {
            return None;
        }
        self.source(id).map(|s| s.label(self.is_deployment()))
    }

    /// What the stream request asks for.
    pub fn target(&self) -> LogTarget {
        match self.kind {
            ResourceKind::Deployment => LogTarget::Deployment {
                key: self.key.clone(),
            },
            _ => LogTarget::Pod {
                key: self.key.clone(),
                container: self.container.clone(),
            },
        }
    }

    /// Lines shown (all, or those the filter lets through).
    pub fn visible_len(&self) -> usize {
        if self.filter.is_some() {
            self.shown.len()
        } else {
            self.buffer.len()
        }
    }

    /// The sequence number of the `index`-th shown line.
    pub fn visible_seq(&self, index: usize) -> Option<u64> {
        if self.filter.is_some() {
            self.shown.get(index)
        } else {
            (index < self.buffer.len()).then(|| self.buffer.first_seq() + index as u64)
        }
    }

    /// The index of the first shown line numbered `seq` or later.
    pub fn visible_index_of(&self, seq: u64) -> usize {
        if self.filter.is_some() {
            self.shown.index_of(seq)
        } else {
            usize::try_from(seq.saturating_sub(self.buffer.first_seq()))
                .unwrap_or(usize::MAX)
                .min(self.buffer.len())
        }
    }

    /// The index of the top line shown in a body of `rows` lines.
    pub fn top_index(&self, rows: usize) -> usize {
        match self.position {
            Position::Follow => self.visible_len().saturating_sub(rows),
            Position::Paused { top, .. } => self.visible_index_of(top),
        }
    }

    /// Lines that arrived (and pass the filter) while paused.
    pub fn unseen(&self) -> usize {
        match self.position {
            Position::Follow => 0,
            Position::Paused { unseen_from, .. } => self
                .visible_len()
                .saturating_sub(self.visible_index_of(unseen_from)),
        }
    }

    pub fn is_following(&self) -> bool {
        self.position == Position::Follow
    }
}

/// The log view's parts: title, body, footer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LogLayout {
    pub header: Rect,
    pub title: Rect,
    pub body: Rect,
    pub footer: Rect,
}

pub fn log_layout(screen: Rect) -> LogLayout {
    let row = |y: u16, height: u16| Rect {
        y,
        height,
        ..screen
    };
    let h = screen.height;
    LogLayout {
        header: row(screen.y, h.min(1)),
        title: row(screen.y + 1.min(h), u16::from(h >= 2)),
        body: row(screen.y + 2.min(h), h.saturating_sub(3)),
        footer: row(screen.y + h.saturating_sub(1), u16::from(h >= 3)),
    }
}

/// Lines in the body, as laid out now.
pub fn body_rows(state: &State) -> usize {
    usize::from(log_layout(state.screen).body.height).max(1)
}

/// Opens the log view on the selected pod or deployment and starts streaming.
pub(super) fn open(state: &mut State, kind: ResourceKind, key: ObjKey, effects: &mut Vec<Effect>) {
    state.next_log_view += 1;
    let container = if kind == ResourceKind::Pod {
        state
            .log_settings
            .containers
            .get(&key)
            .cloned()
            .unwrap_or_default()
    } else {
        ContainerChoice::Default
    };
    let mut view = LogView::new(state.next_log_view, kind, key, container);
    view.options = LogOptions {
        tail_lines: Some(state.log_settings.tail as i64),
        since_seconds: None,
        previous: false,
        follow: true,
    };
    state.logs = Some(view);
    restart(state, effects);
}

/// Starts the view's streams afresh with its current choices: a new id (late lines of the old
/// streams are ignored), an empty buffer, following the end.
pub(super) fn restart(state: &mut State, effects: &mut Vec<Effect>) {
    state.next_log_view += 1;
    let id = state.next_log_view;
    let capacity = state.log_settings.capacity;
    let Some(view) = state.logs.as_mut() else {
        return;
    };
    view.id = id;
    view.buffer = LogBuffer::new(capacity);
    view.shown = ShownLines::default();
    view.sources.clear();
    view.failed = None;
    view.position = Position::Follow;
    view.current_match = None;
    view.options.follow = !view.options.previous;
    effects.push(Effect::StreamLogs {
        view: id,
        target: view.target(),
        options: view.options,
    });
}

/// Closes the view; the dashboard is as it was (same pane, same row selected).
pub(super) fn close(state: &mut State, effects: &mut Vec<Effect>) {
    if state.logs.take().is_some() {
        effects.push(Effect::StopLogs);
    }
}

#[cfg(test)]
mod tests;
