//! The kinds kview shows, as compact rows.
//!
//! Owns what every kind shares: the object key, the status classes used for coloring, the
//! kubectl-style age, the column description and the `Row` trait through which the store and
//! the ui see a row. Each kind lives in its own file with its row, its columns and its
//! projection from the k8s-openapi object.
//!
//! Must not keep k8s-openapi objects, talk to the API, or know about panes and drawing.

pub mod deployment;
pub mod intern;
pub mod node;
pub mod pod;
pub mod service;
pub mod short_text;
pub mod wire;

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, Time};

pub use deployment::DeploymentRow;
pub use intern::Interner;
pub use node::NodeRow;
pub use pod::PodRow;
pub use service::ServiceRow;
pub use short_text::ShortText;

/// Identifies one object of a kind: ordered by namespace, then name.
/// Cluster-scoped objects (nodes) have an empty namespace.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct ObjKey {
    /// Shared between the rows of a namespace (see `intern`).
    pub namespace: Arc<str>,
    pub name: String,
}

impl ObjKey {
    pub fn new(namespace: impl Into<Arc<str>>, name: impl Into<String>) -> Self {
        Self {
            namespace: namespace.into(),
            name: name.into(),
        }
    }

    /// The key of an object from its metadata (missing fields become empty strings).
    pub fn from_meta(meta: &ObjectMeta) -> Self {
        Self {
            namespace: meta.namespace.as_deref().unwrap_or_default().into(),
            name: meta.name.clone().unwrap_or_default(),
        }
    }
}

impl fmt::Display for ObjKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.namespace.is_empty() {
            f.write_str(&self.name)
        } else {
            write!(f, "{}/{}", self.namespace, self.name)
        }
    }
}

/// The kinds of object kview lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ResourceKind {
    Pod,
    Deployment,
    Service,
    Node,
}

impl ResourceKind {
    /// The plural, lower-case name the user reads ("loading 3,500 pods…").
    pub fn plural(self) -> &'static str {
        match self {
            Self::Pod => "pods",
            Self::Deployment => "deployments",
            Self::Service => "services",
            Self::Node => "nodes",
        }
    }

    /// The lower-case singular the user reads ("delete pod shop/web-1").
    pub fn singular(self) -> &'static str {
        match self {
            Self::Pod => "pod",
            Self::Deployment => "deployment",
            Self::Service => "service",
            Self::Node => "node",
        }
    }

    /// The title of the kind's pane.
    pub fn title(self) -> &'static str {
        match self {
            Self::Pod => "Pods",
            Self::Deployment => "Deployments",
            Self::Service => "Services",
            Self::Node => "Nodes",
        }
    }

    pub fn is_namespaced(self) -> bool {
        !matches!(self, Self::Node)
    }
}

/// How a row's status reads at a glance; the theme maps each class to a color.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum StatusClass {
    /// Healthy and serving.
    Running,
    /// On its way (scheduling, pulling, initializing, not yet ready).
    Pending,
    /// Needs attention (crash loops, image errors, failed containers, not ready nodes).
    Failed,
    /// Finished successfully.
    Succeeded,
    /// Being deleted.
    Terminating,
    /// The cluster does not know (node lost, no status yet).
    #[default]
    Unknown,
}

/// A column of a kind's table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// The header, as `kubectl get` prints it.
    pub title: &'static str,
    /// Shown only when all namespaces are listed (the NAMESPACE column).
    pub all_namespaces_only: bool,
    /// Which columns give way first when a pane is too narrow: higher goes first, 0 never.
    pub drop_priority: u8,
    /// How narrow the column may be cut (with "…") before columns are dropped; 0: never cut.
    pub min_width: u8,
}

impl Column {
    pub const fn new(title: &'static str, drop_priority: u8) -> Self {
        Self {
            title,
            all_namespaces_only: false,
            drop_priority,
            min_width: 0,
        }
    }

    /// The same column, allowed to be cut down to `min_width`.
    #[must_use]
    pub const fn cut_to(mut self, min_width: u8) -> Self {
        self.min_width = min_width;
        self
    }

    pub const fn namespace() -> Self {
        Self {
            title: "NAMESPACE",
            all_namespaces_only: true,
            drop_priority: 2,
            min_width: 8,
        }
    }
}

/// A value to sort a column by; a column always yields the same variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SortKey<'a> {
    Text(&'a str),
    Int(i64),
    /// Compared by the first number, then the second (READY `n/m`).
    Pair(i64, i64),
}

/// Labels of an object, sorted by key, in one allocation per entry.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Labels(Box<[(Box<str>, Box<str>)]>);

impl Labels {
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        Self::from_entries(
            pairs
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        )
    }

    /// Labels from owned entries in any order; of two entries with one key the first wins.
    pub fn from_entries(mut entries: Vec<(Box<str>, Box<str>)>) -> Self {
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        entries.dedup_by(|a, b| a.0 == b.0);
        Self(entries.into_boxed_slice())
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .binary_search_by(|(k, _)| k.as_ref().cmp(key))
            .ok()
            .map(|i| self.0[i].1.as_ref())
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_ref(), v.as_ref()))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// What the store and the ui need from a row of any kind.
pub trait Row {
    /// The kind this row belongs to.
    const KIND: ResourceKind;

    /// Every column of the kind, NAMESPACE included (flagged `all_namespaces_only`).
    fn columns() -> &'static [Column];

    /// The column whose cell is colored by the row's status class, if any.
    fn status_column() -> Option<usize>;

    fn key(&self) -> &ObjKey;

    /// The sanitized text of a column (index into `columns()`), ages computed at `now_unix`.
    fn cell(&self, column: usize, now_unix: i64) -> Cow<'_, str>;

    /// The value the column sorts by; ties are broken by key.
    fn sort_key(&self, column: usize) -> SortKey<'_>;

    fn labels(&self) -> &Labels;

    /// Offers each text a `/` filter looks at; stops and returns true at the first match.
    fn any_filter_text(&self, matches: &mut dyn FnMut(&str) -> bool) -> bool;

    fn status_class(&self) -> StatusClass;
}

/// Unix seconds of an optional API time.
pub fn unix_seconds(time: Option<&Time>) -> Option<i64> {
    time.map(|t| t.0.as_second())
}

/// The AGE text for an optional creation time: kubectl prints `<unknown>` without one.
pub fn age_cell(created_unix: Option<i64>, now_unix: i64) -> Cow<'static, str> {
    created_unix.map_or(Cow::Borrowed("<unknown>"), |created| {
        Cow::Owned(age(created, now_unix))
    })
}

/// Elapsed time since `created_unix`, the way kubectl prints AGE (apimachinery's
/// `HumanDuration`): "45s", "2m3s", "12m", "5h", "3d4h", "120d", "2y30d".
pub fn age(created_unix: i64, now_unix: i64) -> String {
    let seconds = now_unix.saturating_sub(created_unix);
    // kubectl tolerates one second of clock skew, and calls more than that invalid.
    if seconds < -1 {
        return "<invalid>".to_owned();
    }
    if seconds < 0 {
        return "0s".to_owned();
    }
    if seconds < 120 {
        return format!("{seconds}s");
    }
    let minutes = seconds / 60;
    if minutes < 10 {
        return with_remainder(minutes, "m", seconds % 60, "s");
    }
    if minutes < 180 {
        return format!("{minutes}m");
    }
    let hours = seconds / 3600;
    if hours < 8 {
        return with_remainder(hours, "h", minutes % 60, "m");
    }
    if hours < 48 {
        return format!("{hours}h");
    }
    let days = hours / 24;
    if hours < 24 * 8 {
        return with_remainder(days, "d", hours % 24, "h");
    }
    if hours < 24 * 365 * 2 {
        return format!("{days}d");
    }
    let years = days / 365;
    if hours < 24 * 365 * 8 {
        return with_remainder(years, "y", days % 365, "d");
    }
    format!("{years}y")
}

fn with_remainder(major: i64, major_unit: &str, minor: i64, minor_unit: &str) -> String {
    if minor == 0 {
        format!("{major}{major_unit}")
    } else {
        format!("{major}{major_unit}{minor}{minor_unit}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_read_like_kubectl() {
        let cases = [
            (0, "0s"),
            (45, "45s"),
            (119, "119s"),
            (120, "2m"),
            (123, "2m3s"),
            (599, "9m59s"),
            (12 * 60 + 30, "12m"),
            (179 * 60, "179m"),
            (3 * 3600, "3h"),
            (5 * 3600, "5h"),
            (5 * 3600 + 7 * 60, "5h7m"),
            (8 * 3600 + 59 * 60, "8h"),
            (47 * 3600, "47h"),
            (3 * 86400 + 4 * 3600, "3d4h"),
            (7 * 86400, "7d"),
            (120 * 86400 + 5 * 3600, "120d"),
            ((2 * 365 + 30) * 86400, "2y30d"),
            (9 * 365 * 86400, "9y"),
        ];
        for (elapsed, want) in cases {
            assert_eq!(
                age(1_000_000_000, 1_000_000_000 + elapsed),
                want,
                "{elapsed}s"
            );
        }
    }

    #[test]
    fn clock_skew_is_tolerated_for_one_second_only() {
        assert_eq!(age(100, 99), "0s");
        assert_eq!(age(100, 98), "<invalid>");
        assert_eq!(age_cell(None, 5), "<unknown>");
    }

    #[test]
    fn keys_order_by_namespace_then_name() {
        let mut keys = vec![
            ObjKey::new("b", "a"),
            ObjKey::new("a", "z"),
            ObjKey::new("a", "b"),
        ];
        keys.sort();
        assert_eq!(
            keys,
            vec![
                ObjKey::new("a", "b"),
                ObjKey::new("a", "z"),
                ObjKey::new("b", "a")
            ]
        );
        assert_eq!(ObjKey::new("", "node-1").to_string(), "node-1");
        assert_eq!(ObjKey::new("web", "api").to_string(), "web/api");
    }

    #[test]
    fn labels_are_looked_up_by_key() {
        let labels = Labels::from_pairs([("tier", "db"), ("app", "web")]);
        assert_eq!(labels.get("app"), Some("web"));
        assert_eq!(labels.get("tier"), Some("db"));
        assert_eq!(labels.get("nope"), None);
        assert_eq!(labels.len(), 2);
    }
}
