//! The dashboard's state: four panes of rows with their connection state, focus and zoom, the
//! filter and command prompts, dialogs, the YAML/describe view and the edit review, the help
//! overlay, toasts, and the clock.
//!
//! `update(&mut State, Msg) -> Vec<Effect>` is the only way state changes. This layer is pure:
//! it must not do I/O, read the clock, or know how anything is drawn (`layout` only tells how
//! many rows a pane shows, which paging needs).

pub mod actions;
pub mod connecting;
pub mod debug_form;
pub mod detail;
pub mod effect;
pub mod history;
pub mod layout;
pub mod logs;
mod mouse;
pub mod msg;
mod prompt;
pub mod review;
pub mod shell_picker;
pub mod update;

use std::collections::BTreeMap;

use ratatui::layout::Rect;

pub use detail::{DetailContent, DetailMode, DetailView};
pub use effect::Effect;
pub use msg::Msg;
pub use review::{EditDecision, EditReview};
pub use update::update;

use crate::config::{ContextPolicy, Section};
use crate::resources::{
    Column, DeploymentRow, NodeRow, ObjKey, PodRow, ResourceKind, Row, ServiceRow,
};
use crate::store::{Filter, RowStore, SortSpec};

/// The four panes of the dashboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PaneId {
    Pods,
    Deployments,
    Services,
    Nodes,
}

impl PaneId {
    /// In focus order.
    pub const ALL: [Self; 4] = [Self::Pods, Self::Deployments, Self::Services, Self::Nodes];

    pub fn kind(self) -> ResourceKind {
        match self {
            Self::Pods => ResourceKind::Pod,
            Self::Deployments => ResourceKind::Deployment,
            Self::Services => ResourceKind::Service,
            Self::Nodes => ResourceKind::Node,
        }
    }

    #[must_use]
    pub fn next(self) -> Self {
        Self::ALL[(self as usize + 1) % Self::ALL.len()]
    }

    #[must_use]
    pub fn prev(self) -> Self {
        Self::ALL[(self as usize + Self::ALL.len() - 1) % Self::ALL.len()]
    }

    /// Keymap sections a key is looked up in when this pane has the focus.
    pub fn key_sections(self) -> &'static [Section] {
        match self {
            Self::Pods => &[Section::Pods, Section::Table, Section::Global],
            Self::Deployments => &[Section::Deployments, Section::Table, Section::Global],
            Self::Services => &[Section::Table, Section::Global],
            Self::Nodes => &[Section::Nodes, Section::Table, Section::Global],
        }
    }
}

/// The state of a pane's watch, shown in its title.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum PaneConnection {
    #[default]
    Connecting,
    /// The first pages of a (re)list are arriving.
    Loading {
        received: usize,
    },
    Live,
    /// The watch failed and will retry in `in_secs`; the rows shown are as of `since_unix`
    /// (the first failure of this outage).
    Retrying {
        in_secs: u64,
        since_unix: i64,
    },
    /// The user may not list this kind here; the API's message.
    Forbidden {
        message: String,
    },
}

/// The cluster connection as a whole, for the header.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum ClusterStatus {
    #[default]
    Connecting,
    Connected {
        server_version: Option<String>,
    },
    Unreachable {
        message: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ToastLevel {
    Info,
    Warn,
    Error,
}

/// A mutation the user started, as last reported (the recent-actions list).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operation {
    pub id: u64,
    pub label: String,
    pub status: crate::cluster::OpStatus,
    pub updated_unix: i64,
}

/// How many recent operations are remembered.
pub const MAX_OPERATIONS: usize = 50;

/// A notice shown for a few seconds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Toast {
    pub level: ToastLevel,
    pub text: String,
    pub expires_unix: i64,
}

/// One pane: its rows and its watch's state.
#[derive(Debug, Default)]
pub struct Pane<R> {
    pub store: RowStore<R>,
    pub connection: PaneConnection,
}

/// The one-line input at the bottom, when open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Prompt {
    /// `/` filter of the focused pane, applied as it is typed; `error` when it does not parse.
    Filter { line: String, error: Option<String> },
    /// `:` command.
    Command { line: String },
    /// Replica count for the deployment `key`.
    Scale { key: ObjKey, line: String },
    /// The object's name, typed to confirm its deletion (`confirm: name` in the context).
    ConfirmDelete {
        kind: ResourceKind,
        key: ObjKey,
        line: String,
    },
    /// `/` search in the YAML or describe view, applied as it is typed.
    Search { line: String },
}

/// A modal question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dialog {
    ConfirmDelete {
        kind: ResourceKind,
        key: ObjKey,
    },
    /// Scaling to 0 stops every pod of the deployment.
    ConfirmScale {
        key: ObjKey,
        replicas: i32,
    },
    ConfirmRestart {
        key: ObjKey,
    },
    /// `key` names a node.
    ConfirmDrain {
        key: ObjKey,
    },
}

/// Everything the dashboard shows.
#[derive(Debug)]
pub struct State {
    pub pods: Pane<PodRow>,
    pub deployments: Pane<DeploymentRow>,
    pub services: Pane<ServiceRow>,
    pub nodes: Pane<NodeRow>,
    pub focus: PaneId,
    /// The focused pane fills the screen.
    pub zoomed: bool,
    pub prompt: Option<Prompt>,
    pub dialog: Option<Dialog>,
    /// The YAML or describe view over the dashboard, when open.
    pub detail: Option<DetailView>,
    /// An edit waiting for confirmation, shown over everything else.
    pub review: Option<EditReview>,
    /// Edits are shown as a diff and applied only when confirmed (`edit.confirm_diff`).
    pub confirm_edits: bool,
    /// The `:history` view of applied edits, full screen while open.
    pub history: Option<history::HistoryView>,
    pub help_open: bool,
    pub context: String,
    /// `None`: all namespaces.
    pub namespace: Option<String>,
    pub cluster: ClusterStatus,
    pub toasts: Vec<Toast>,
    /// Recent mutations, oldest first.
    pub operations: Vec<Operation>,
    /// The recent-actions overlay is open.
    pub operations_open: bool,
    /// Pending scales and followed rollouts.
    pub actions: actions::Actions,
    /// Every mutation is refused (`--readonly`); the footer says so.
    pub readonly: bool,
    pub now_unix: i64,
    /// The local time zone's offset, for clock times shown ("stale since 12:01:02").
    pub utc_offset_secs: i32,
    /// The terminal size.
    pub screen: Rect,
    /// What the context in use allows (read-only) and asks (how deletions are confirmed).
    pub policy: ContextPolicy,
    /// `:NAME` → the command it stands for, from `config.yaml`.
    pub command_aliases: BTreeMap<String, String>,
    /// The log view, full screen over the dashboard while open.
    pub logs: Option<logs::LogView>,
    /// The id of the last log view (or restart), so late lines of an old one are ignored.
    pub next_log_view: u64,
    pub log_settings: logs::LogSettings,
    /// The `D` form, over the dashboard while open.
    pub debug_form: Option<debug_form::DebugForm>,
    /// The favourite debug images (`debug_images` in config.yaml), the first one prefilled.
    pub debug_images: Vec<String>,
    /// The container picker of `x`/`a`, over the dashboard while open.
    pub shell_picker: Option<shell_picker::ShellPicker>,
    /// The shells `x` tries in turn (`shell` in config.yaml).
    pub shells: Vec<String>,
}

impl State {
    pub fn new(context: impl Into<String>, namespace: Option<String>, now_unix: i64) -> Self {
        Self {
            pods: Pane::default(),
            deployments: Pane::default(),
            services: Pane::default(),
            nodes: Pane::default(),
            focus: PaneId::Pods,
            zoomed: false,
            prompt: None,
            dialog: None,
            detail: None,
            review: None,
            history: None,
            confirm_edits: true,
            help_open: false,
            context: context.into(),
            namespace,
            cluster: ClusterStatus::default(),
            toasts: Vec::new(),
            operations: Vec::new(),
            operations_open: false,
            actions: actions::Actions::default(),
            readonly: false,
            now_unix,
            utc_offset_secs: 0,
            screen: Rect::new(0, 0, 80, 24),
            policy: ContextPolicy::default(),
            command_aliases: BTreeMap::new(),
            logs: None,
            next_log_view: 0,
            log_settings: logs::LogSettings::default(),
            debug_form: None,
            debug_images: Vec::new(),
            shell_picker: None,
            shells: vec!["sh".to_owned()],
        }
    }

    /// Whether the NAMESPACE column is shown.
    pub fn all_namespaces(&self) -> bool {
        self.namespace.is_none()
    }

    /// Rebuilds every dirty pane view. Call once after draining messages, before drawing.
    pub fn refresh_views(&mut self) {
        for id in PaneId::ALL {
            self.pane_mut(id).refresh();
        }
    }

    pub fn pane(&self, id: PaneId) -> &dyn PaneView {
        match id {
            PaneId::Pods => &self.pods,
            PaneId::Deployments => &self.deployments,
            PaneId::Services => &self.services,
            PaneId::Nodes => &self.nodes,
        }
    }

    pub fn pane_mut(&mut self, id: PaneId) -> &mut dyn PaneView {
        match id {
            PaneId::Pods => &mut self.pods,
            PaneId::Deployments => &mut self.deployments,
            PaneId::Services => &mut self.services,
            PaneId::Nodes => &mut self.nodes,
        }
    }

    pub fn focused(&self) -> &dyn PaneView {
        self.pane(self.focus)
    }

    /// Whether a dialog, prompt or overlay takes the keys.
    pub fn modal_open(&self) -> bool {
        self.prompt.is_some()
            || self.dialog.is_some()
            || self.help_open
            || self.operations_open
            || self.shell_picker.is_some()
    }
}

/// What `update` needs of a pane, whatever its row type.
pub trait PaneView {
    fn kind(&self) -> ResourceKind;
    fn columns(&self) -> &'static [Column];
    fn connection(&self) -> &PaneConnection;
    fn set_connection(&mut self, connection: PaneConnection);
    fn len(&self) -> usize;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    fn visible_len(&self) -> usize;
    fn relist_received(&self) -> Option<usize>;
    fn selected_key(&self) -> Option<&ObjKey>;
    fn selected_index(&self) -> Option<usize>;
    fn move_selection(&mut self, rows: isize);
    /// Selects the row at `position` of the view (clamped to the last row).
    fn select_index(&mut self, position: usize);
    /// The first row drawn in a table `height` rows high.
    fn scroll_offset(&self, height: usize) -> usize;
    fn select_first(&mut self);
    fn select_last(&mut self);
    fn keep_selection_in_view(&mut self, height: usize);
    fn filter(&self) -> &Filter;
    fn set_filter(&mut self, filter: Filter);
    fn sort(&self) -> Option<SortSpec>;
    fn set_sort(&mut self, sort: Option<SortSpec>);
    fn refresh(&mut self);
    /// Forgets every row (the scope changed) and waits for a new list.
    fn clear(&mut self);
}

impl<R: Row> PaneView for Pane<R> {
    fn kind(&self) -> ResourceKind {
        R::KIND
    }
    fn columns(&self) -> &'static [Column] {
        R::columns()
    }
    fn connection(&self) -> &PaneConnection {
        &self.connection
    }
    fn set_connection(&mut self, connection: PaneConnection) {
        self.connection = connection;
    }
    fn len(&self) -> usize {
        self.store.len()
    }
    fn visible_len(&self) -> usize {
        self.store.visible_len()
    }
    fn relist_received(&self) -> Option<usize> {
        self.store.relist_received()
    }
    fn selected_key(&self) -> Option<&ObjKey> {
        self.store.selected_key()
    }
    fn selected_index(&self) -> Option<usize> {
        self.store.selected_index()
    }
    fn move_selection(&mut self, rows: isize) {
        self.store.move_selection(rows);
    }
    fn select_index(&mut self, position: usize) {
        self.store.select_index(position);
    }
    fn scroll_offset(&self, height: usize) -> usize {
        self.store.scroll_offset(height)
    }
    fn select_first(&mut self) {
        self.store.select_first();
    }
    fn select_last(&mut self) {
        self.store.select_last();
    }
    fn keep_selection_in_view(&mut self, height: usize) {
        self.store.keep_selection_in_view(height);
    }
    fn filter(&self) -> &Filter {
        self.store.filter()
    }
    fn set_filter(&mut self, filter: Filter) {
        self.store.set_filter(filter);
        self.store.refresh();
    }
    fn sort(&self) -> Option<SortSpec> {
        self.store.sort()
    }
    fn set_sort(&mut self, sort: Option<SortSpec>) {
        self.store.set_sort(sort);
        self.store.refresh();
    }
    fn refresh(&mut self) {
        self.store.refresh();
    }
    fn clear(&mut self) {
        let filter = self.store.filter().clone();
        let sort = self.store.sort();
        self.store = RowStore::new();
        self.store.set_filter(filter);
        self.store.set_sort(sort);
        self.store.refresh();
        self.connection = PaneConnection::Connecting;
    }
}

#[cfg(test)]
mod tests;
