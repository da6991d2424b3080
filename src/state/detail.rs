//! The full-screen views of one object: its YAML (`y`) and its description with events (`d`):
//! what was fetched, the lines shown (with their highlighting classes), scrolling, search and
//! the YAML view's toggles (managedFields, Secret values).
//!
//! Owns these views' state and their keys. Must not fetch: opening a view asks for the object
//! with an effect, and the answer arrives as a message.

use serde_json::Value;

use super::layout::detail_rows;
use super::update::push_toast;
use super::{Effect, Prompt, State, ToastLevel};
use crate::config::{Action, Section};
use crate::manifest::describe::describe;
use crate::manifest::highlight::{self, Token};
use crate::manifest::yaml::{YamlOptions, is_secret, view_text};
use crate::resources::{ObjKey, ResourceKind};

/// Which view of the object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DetailMode {
    Yaml(YamlOptions),
    Describe,
}

/// What the view has to show.
#[derive(Debug, Clone, PartialEq)]
pub enum DetailContent {
    Loading,
    /// The API's message.
    Failed(String),
    /// The live object (and, for describe, its events).
    Loaded {
        object: Value,
        events: Vec<Value>,
    },
}

/// An open YAML or describe view.
#[derive(Debug, Clone, PartialEq)]
pub struct DetailView {
    pub kind: ResourceKind,
    pub key: ObjKey,
    pub mode: DetailMode,
    pub content: DetailContent,
    /// The text shown, one entry per line (not sanitized yet: the ui does that).
    pub lines: Vec<String>,
    /// Highlighting classes of each line.
    pub tokens: Vec<Vec<Token>>,
    /// The first line shown.
    pub scroll: usize,
    /// The search text, when searching (ASCII letters match either case).
    pub search: Option<String>,
    /// Lines that contain the search text.
    pub matches: Vec<usize>,
    /// Which of `matches` was last jumped to.
    pub current_match: Option<usize>,
}

impl DetailView {
    pub fn new(kind: ResourceKind, key: ObjKey, mode: DetailMode) -> Self {
        Self {
            kind,
            key,
            mode,
            content: DetailContent::Loading,
            lines: Vec::new(),
            tokens: Vec::new(),
            scroll: 0,
            search: None,
            matches: Vec::new(),
            current_match: None,
        }
    }

    /// The keymap section of this view.
    pub fn section(&self) -> Section {
        match self.mode {
            DetailMode::Yaml(_) => Section::Yaml,
            DetailMode::Describe => Section::Describe,
        }
    }

    /// Whether the object shown is a Secret (its values are masked in YAML).
    pub fn is_secret(&self) -> bool {
        matches!(&self.content, DetailContent::Loaded { object, .. } if is_secret(object))
    }

    /// The text shown, as copied or saved.
    pub fn text(&self) -> String {
        let mut text = self.lines.join("\n");
        text.push('\n');
        text
    }

    /// Recomputes the lines from the content, the mode and the time (describe ages).
    pub fn rebuild(&mut self, now_unix: i64) {
        let DetailContent::Loaded { object, events } = &self.content else {
            self.lines.clear();
            self.tokens.clear();
            self.matches.clear();
            return;
        };
        match self.mode {
            DetailMode::Yaml(options) => {
                self.lines = view_text(object, options)
                    .lines()
                    .map(str::to_owned)
                    .collect();
                self.tokens = highlight::yaml_lines(&self.lines);
            }
            DetailMode::Describe => {
                self.lines = describe(object, events, now_unix);
                self.tokens = highlight::describe_lines(&self.lines);
            }
        }
        self.find_matches();
    }

    fn find_matches(&mut self) {
        self.matches.clear();
        let Some(query) = self.search.as_deref().filter(|q| !q.is_empty()) else {
            self.current_match = None;
            return;
        };
        let query = query.to_ascii_lowercase();
        self.matches = self
            .lines
            .iter()
            .enumerate()
            .filter(|(_, l)| l.to_ascii_lowercase().contains(&query))
            .map(|(i, _)| i)
            .collect();
        if self.current_match.is_some_and(|m| m >= self.matches.len()) {
            self.current_match = None;
        }
    }

    fn max_scroll(&self, rows: usize) -> usize {
        self.lines.len().saturating_sub(rows)
    }

    fn scroll_by(&mut self, delta: isize, rows: usize) {
        let max = self.max_scroll(rows);
        self.scroll = self.scroll.saturating_add_signed(delta).min(max);
    }

    /// Jumps to the next (or previous) matching line after (before) the current one, showing
    /// it a few lines below the top.
    fn jump(&mut self, forward: bool, rows: usize) -> bool {
        if self.matches.is_empty() {
            return false;
        }
        let n = self.matches.len();
        let next = match (self.current_match, forward) {
            (None, true) => self
                .matches
                .iter()
                .position(|&l| l >= self.scroll)
                .unwrap_or(0),
            (None, false) => self
                .matches
                .iter()
                .rposition(|&l| l < self.scroll + rows)
                .unwrap_or(n - 1),
            (Some(i), true) => (i + 1) % n,
            (Some(i), false) => (i + n - 1) % n,
        };
        self.current_match = Some(next);
        let line = self.matches[next];
        self.scroll = line.saturating_sub(rows / 3).min(self.max_scroll(rows));
        true
    }
}

/// Opens the YAML view of an object and asks for it.
pub(super) fn open_yaml(
    state: &mut State,
    kind: ResourceKind,
    key: ObjKey,
    effects: &mut Vec<Effect>,
) {
    leave_describe(state, effects);
    let mode = DetailMode::Yaml(YamlOptions::default());
    state.detail = Some(DetailView::new(kind, key.clone(), mode));
    effects.push(Effect::ShowYaml { kind, key });
}

/// Opens the describe view of an object; the app keeps it fresh while it is open.
pub(super) fn open_describe(
    state: &mut State,
    kind: ResourceKind,
    key: ObjKey,
    effects: &mut Vec<Effect>,
) {
    state.detail = Some(DetailView::new(kind, key.clone(), DetailMode::Describe));
    effects.push(Effect::Describe { kind, key });
}

/// Closing or switching away from describe stops its refreshing.
fn leave_describe(state: &State, effects: &mut Vec<Effect>) {
    if state
        .detail
        .as_ref()
        .is_some_and(|d| d.mode == DetailMode::Describe)
    {
        effects.push(Effect::StopDescribe);
    }
}

/// The object (or the error) for the YAML view arrived.
pub(super) fn on_fetched(
    state: &mut State,
    kind: ResourceKind,
    key: &ObjKey,
    content: DetailContent,
    describing: bool,
) {
    let now = state.now_unix;
    let rows = detail_rows(state.screen);
    let Some(view) = state.detail.as_mut() else {
        return;
    };
    if view.kind != kind || view.key != *key || (view.mode == DetailMode::Describe) != describing {
        return;
    }
    // A refresh that failed keeps the last good text (describe refreshes while open).
    if matches!(content, DetailContent::Failed(_))
        && matches!(view.content, DetailContent::Loaded { .. })
        && describing
    {
        return;
    }
    view.content = content;
    view.rebuild(now);
    view.scroll = view.scroll.min(view.max_scroll(rows));
}

/// Describe ages move on with the clock.
pub(super) fn on_tick(state: &mut State) {
    let now = state.now_unix;
    if let Some(view) = state
        .detail
        .as_mut()
        .filter(|v| v.mode == DetailMode::Describe)
    {
        view.rebuild(now);
    }
}

/// A key bound in the view's section (or the global one).
pub(super) fn perform(state: &mut State, action: Action, effects: &mut Vec<Effect>) {
    let rows = detail_rows(state.screen);
    let page = isize::try_from(rows.max(1)).unwrap_or(isize::MAX);
    let Some(view) = state.detail.as_mut() else {
        return;
    };
    let (kind, key) = (view.kind, view.key.clone());
    match action {
        Action::MoveDown => view.scroll_by(1, rows),
        Action::MoveUp => view.scroll_by(-1, rows),
        Action::PageDown => view.scroll_by(page, rows),
        Action::PageUp => view.scroll_by(-page, rows),
        Action::Top => view.scroll = 0,
        Action::Bottom => view.scroll = view.max_scroll(rows),
        Action::Search => {
            let line = view.search.clone().unwrap_or_default();
            state.prompt = Some(Prompt::Search { line });
        }
        Action::SearchNext | Action::SearchPrev => {
            let forward = action == Action::SearchNext;
            if !view.jump(forward, rows) {
                let text = match view.search.as_deref() {
                    Some(q) if !q.is_empty() => format!("no match for `{q}`"),
                    _ => "nothing to search for: press / first".to_owned(),
                };
                push_toast(state, ToastLevel::Info, text);
            }
        }
        Action::ToggleManagedFields => {
            if let DetailMode::Yaml(options) = &mut view.mode {
                options.show_managed_fields = !options.show_managed_fields;
                view.rebuild(state.now_unix);
            }
        }
        Action::ToggleSecrets => {
            let secret = view.is_secret();
            if let (DetailMode::Yaml(options), true) = (&mut view.mode, secret) {
                options.reveal_secrets = !options.reveal_secrets;
                view.rebuild(state.now_unix);
            } else {
                let text = "only a Secret has values to show or mask".to_owned();
                push_toast(state, ToastLevel::Info, text);
            }
        }
        Action::Copy if !view.lines.is_empty() => {
            effects.push(Effect::CopyText { text: view.text() });
        }
        Action::Save if !view.lines.is_empty() => {
            let extension = match view.mode {
                DetailMode::Yaml(_) => "yaml",
                DetailMode::Describe => "txt",
            };
            let mut name = vec![kind.plural().trim_end_matches('s')];
            if !key.namespace.is_empty() {
                name.push(&key.namespace);
            }
            name.push(&key.name);
            let file_name = format!("{}.{extension}", name.join("-"));
            effects.push(Effect::SaveText {
                file_name,
                text: view.text(),
            });
        }
        Action::Edit => effects.push(Effect::Edit { kind, key }),
        Action::Yaml => open_yaml(state, kind, key, effects),
        Action::Describe if view.mode != DetailMode::Describe => {
            open_describe(state, kind, key, effects);
        }
        Action::Back => {
            leave_describe(state, effects);
            state.detail = None;
        }
        Action::Help => state.help_open = true,
        Action::Command => {
            state.prompt = Some(Prompt::Command {
                line: String::new(),
            });
        }
        Action::Quit => effects.push(Effect::Quit),
        _ => {}
    }
}

/// The search line changed (as typed) or was confirmed.
pub(super) fn set_search(state: &mut State, query: &str) {
    let rows = detail_rows(state.screen);
    let Some(view) = state.detail.as_mut() else {
        return;
    };
    view.search = (!query.is_empty()).then(|| query.to_owned());
    view.current_match = None;
    view.find_matches();
    view.jump(true, rows);
}
