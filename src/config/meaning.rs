//! What a theme styles: one `Meaning` per role on screen (`status.failed`,
//! `ui.border.focused`, `diff.added`), named for what it means to the user, not for a widget.
//!
//! Owns the list of meanings, their names in theme files and their descriptions. Must not
//! hold colors or parse files.

macro_rules! meanings {
    ($( #[doc = $doc:literal] $variant:ident => $name:literal, )+) => {
        /// What a style is for; theme files name these.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Meaning {
            $( #[doc = $doc] $variant, )+
        }

        impl Meaning {
            pub const ALL: &'static [Meaning] = &[$(Meaning::$variant),+];

            /// The entry name in theme files.
            pub fn name(self) -> &'static str {
                match self {
                    $(Meaning::$variant => $name,)+
                }
            }

            /// What the meaning is used for (its doc comment).
            pub fn description(self) -> &'static str {
                match self {
                    $(Meaning::$variant => $doc.trim_ascii(),)+
                }
            }
        }
    };
}

meanings! {
    /// The screen's text and background, under everything else
    UiBase => "ui.base",
    /// Borders of panes that do not have the focus
    UiBorder => "ui.border",
    /// The border and title of the focused pane
    UiBorderFocused => "ui.border.focused",
    /// The selected row
    UiSelected => "ui.selected",
    /// The header line (context, namespace, connection)
    UiHeader => "ui.header",
    /// The footer line of key hints
    UiFooter => "ui.footer",
    /// Key names in the footer and help
    UiKey => "ui.key",
    /// The filter and command input line
    UiPrompt => "ui.prompt",
    /// Column headers of tables
    TableHeader => "table.header",
    /// Healthy objects
    StatusRunning => "status.running",
    /// Objects on their way
    StatusPending => "status.pending",
    /// Objects that need attention
    StatusFailed => "status.failed",
    /// Objects that finished successfully
    StatusSucceeded => "status.succeeded",
    /// Objects being deleted
    StatusTerminating => "status.terminating",
    /// Objects whose state is unknown
    StatusUnknown => "status.unknown",
    /// Informational notices
    ToastInfo => "toast.info",
    /// Warnings
    ToastWarn => "toast.warn",
    /// Errors
    ToastError => "toast.error",
    /// A pane whose watch is down (rows kept but old)
    PaneStale => "pane.stale",
    /// A pane the user may not list, or whose watch failed
    PaneForbidden => "pane.forbidden",
    /// A pane still loading its first list
    PaneLoading => "pane.loading",
    /// The read-only badge in the header
    UiReadonly => "ui.readonly",
    /// Text matching a search or filter
    UiMatch => "ui.match",
    /// The log view's title line
    LogTitle => "log.title",
    /// A log line's timestamp
    LogTimestamp => "log.timestamp",
    /// kview's notes in a log (waiting, reconnected, ended, new lines, dropped lines)
    LogNotice => "log.notice",
    /// Search matches in a log
    LogMatch => "log.match",
    /// The match `n`/`N` jumped to
    LogMatchCurrent => "log.match.current",
    /// Context lines around filter matches
    LogContext => "log.context",
    /// Error level of structured log lines
    LogLevelError => "log.level.error",
    /// Warning level of structured log lines
    LogLevelWarn => "log.level.warn",
    /// Info level of structured log lines
    LogLevelInfo => "log.level.info",
    /// Debug level of structured log lines
    LogLevelDebug => "log.level.debug",
    /// Pod or container prefixes in a multi-stream log (one of six, stable per name)
    LogSource1 => "log.source.1",
    /// Second prefix color
    LogSource2 => "log.source.2",
    /// Third prefix color
    LogSource3 => "log.source.3",
    /// Fourth prefix color
    LogSource4 => "log.source.4",
    /// Fifth prefix color
    LogSource5 => "log.source.5",
    /// Sixth prefix color
    LogSource6 => "log.source.6",
    /// YAML mapping keys
    YamlKey => "yaml.key",
    /// YAML strings
    YamlString => "yaml.string",
    /// YAML numbers
    YamlNumber => "yaml.number",
    /// YAML true, false and null
    YamlLiteral => "yaml.literal",
    /// YAML comments and document markers
    YamlComment => "yaml.comment",
    /// Lines an edit adds
    DiffAdded => "diff.added",
    /// Lines an edit removes
    DiffRemoved => "diff.removed",
    /// Hunk headers of a diff
    DiffHeader => "diff.header",
}

impl Meaning {
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|m| m.name() == name)
    }

    pub(crate) fn index(self) -> usize {
        self as usize
    }
}
