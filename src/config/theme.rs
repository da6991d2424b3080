//! Themes: styles for meanings (`status.failed`, `ui.border.focused`), not for widgets.
//!
//! Owns reading theme YAML (a `palette` of named colors and `styles` per meaning; colors are
//! names like `cyan`, `#rrggbb`, 256-color indexes, or palette entries), `extends` between
//! themes, user overlays entry by entry, and `NO_COLOR`. Must not read files or decide which
//! widget uses which meaning beyond naming them.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};

use super::{BuiltinSource, ConfigError, resolve_chain};

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
        }
    };
}

meanings! {
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
    /// The log view's title line
    LogTitle => "log.title",
    /// Timestamps of log lines
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
}

impl Meaning {
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|m| m.name() == name)
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// A resolved theme: one style per meaning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    styles: Vec<Style>,
}

/// The themes built into the binary, by name.
pub const BUILTIN_THEMES: &[BuiltinSource] = &[
    BuiltinSource {
        name: "default",
        yaml: include_str!("../../themes/default.yaml"),
    },
    BuiltinSource {
        name: "light",
        yaml: include_str!("../../themes/light.yaml"),
    },
];

impl Theme {
    /// A built-in theme (`default`, `light`), resolved through its `extends`.
    pub fn builtin(name: &str) -> Result<Self, ConfigError> {
        let chain = resolve_chain("theme", name, None, BUILTIN_THEMES, parse_file)?;
        Self::from_chain(name, chain)
    }

    /// A user theme file (`source` names it in errors) on top of the built-in it `extends`
    /// (`default` when it names none).
    pub fn from_user_yaml(source: &str, yaml: &str) -> Result<Self, ConfigError> {
        let chain = resolve_chain("theme", source, Some(yaml), BUILTIN_THEMES, parse_file)?;
        Self::from_chain(source, chain)
    }

    fn from_chain(source: &str, chain: Vec<ThemeFile>) -> Result<Self, ConfigError> {
        let mut palette = BTreeMap::new();
        let mut specs = BTreeMap::new();
        for file in chain {
            palette.extend(file.palette);
            specs.extend(file.styles);
        }
        let mut styles = vec![Style::default(); Meaning::ALL.len()];
        for meaning in Meaning::ALL {
            let spec = specs.get(meaning).ok_or_else(|| {
                ConfigError::invalid(source, &format_args!("missing entry `{}`", meaning.name()))
            })?;
            styles[meaning.index()] = spec.0.resolve(&palette).map_err(|e| {
                ConfigError::invalid(source, &format_args!("{}: {e}", meaning.name()))
            })?;
        }
        Ok(Self { styles })
    }

    pub fn style(&self, meaning: Meaning) -> Style {
        self.styles
            .get(meaning.index())
            .copied()
            .unwrap_or_default()
    }

    /// The same theme without colors, for `NO_COLOR`: bold, reversed and the like remain.
    #[must_use]
    pub fn without_colors(&self) -> Self {
        let strip = |s: &Style| Style {
            fg: None,
            bg: None,
            underline_color: None,
            ..*s
        };
        let mut styles: Vec<Style> = self.styles.iter().map(strip).collect();
        // The selection and search matches must stay visible without color.
        for meaning in [
            Meaning::UiSelected,
            Meaning::LogMatch,
            Meaning::LogMatchCurrent,
        ] {
            let style = &mut styles[meaning.index()];
            *style = style.add_modifier(Modifier::REVERSED);
        }
        Self { styles }
    }
}

impl Default for Theme {
    /// Plain terminal colors, for when no theme could be loaded.
    fn default() -> Self {
        Self {
            styles: vec![Style::default(); Meaning::ALL.len()],
        }
        .without_colors()
    }
}

/// One theme file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeFile {
    extends: Option<String>,
    #[serde(default)]
    palette: BTreeMap<String, ColorSpec>,
    #[serde(default)]
    styles: BTreeMap<Meaning, StyleEntry>,
}

impl super::Extends for ThemeFile {
    fn extends(&self) -> Option<&str> {
        self.extends.as_deref()
    }
}

fn parse_file(source: &str, yaml: &str) -> Result<ThemeFile, ConfigError> {
    serde_yaml::from_str(yaml).map_err(|e| ConfigError::invalid(source, &e))
}

/// Reads one name checked by a function, inside the visitor so errors carry the line.
struct CheckedName<F>(&'static str, F);

impl<T, F: FnOnce(&str) -> Result<T, String>> Visitor<'_> for CheckedName<F> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<T, E> {
        (self.1)(text).map_err(E::custom)
    }
}

impl<'de> Deserialize<'de> for Meaning {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(CheckedName("a theme entry", |name: &str| {
            Self::from_name(name).ok_or_else(|| format!("unknown theme entry `{name}`"))
        }))
    }
}

/// A color as written: a terminal color, or the name of a palette entry.
#[derive(Debug, Clone, PartialEq, Eq)]
enum ColorSpec {
    Color(Color),
    Palette(String),
}

impl<'de> Deserialize<'de> for ColorSpec {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(CheckedName("a color", parse_color))
    }
}

fn parse_color(text: &str) -> Result<ColorSpec, String> {
    let bad = || format!("bad color `{text}` (use a name like `cyan`, `#rrggbb`, or 0-255)");
    if let Some(hex) = text.strip_prefix('#')
        && (hex.len() != 6 || !hex.chars().all(|c| c.is_ascii_hexdigit()))
    {
        return Err(bad());
    }
    match Color::from_str(text) {
        Ok(color) => Ok(ColorSpec::Color(color)),
        Err(_) if text.starts_with('#') || text.starts_with(|c: char| c.is_ascii_digit()) => {
            Err(bad())
        }
        Err(_)
            if !text.is_empty()
                && text
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') =>
        {
            Ok(ColorSpec::Palette(text.to_owned()))
        }
        Err(_) => Err(bad()),
    }
}

/// A style as written: `cyan` (foreground only) or `{ fg, bg, bold, italic, … }`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
struct StyleSpec {
    fg: Option<ColorSpec>,
    bg: Option<ColorSpec>,
    #[serde(default)]
    bold: bool,
    #[serde(default)]
    dim: bool,
    #[serde(default)]
    italic: bool,
    #[serde(default)]
    underlined: bool,
    #[serde(default)]
    reversed: bool,
}

impl StyleSpec {
    fn resolve(&self, palette: &BTreeMap<String, ColorSpec>) -> Result<Style, String> {
        let color = |spec: &Option<ColorSpec>| -> Result<Option<Color>, String> {
            match spec {
                None => Ok(None),
                Some(ColorSpec::Color(c)) => Ok(Some(*c)),
                Some(ColorSpec::Palette(name)) => match palette.get(name) {
                    Some(ColorSpec::Color(c)) => Ok(Some(*c)),
                    _ => Err(format!(
                        "unknown color `{name}` (not a color name, #rrggbb, or palette entry)"
                    )),
                },
            }
        };
        let mut style = Style::default();
        if let Some(fg) = color(&self.fg)? {
            style = style.fg(fg);
        }
        if let Some(bg) = color(&self.bg)? {
            style = style.bg(bg);
        }
        for (on, modifier) in [
            (self.bold, Modifier::BOLD),
            (self.dim, Modifier::DIM),
            (self.italic, Modifier::ITALIC),
            (self.underlined, Modifier::UNDERLINED),
            (self.reversed, Modifier::REVERSED),
        ] {
            if on {
                style = style.add_modifier(modifier);
            }
        }
        Ok(style)
    }
}

/// A `styles` entry: a bare color (foreground) or a map of style fields.
#[derive(Debug, Clone, PartialEq, Eq)]
struct StyleEntry(StyleSpec);

impl<'de> Deserialize<'de> for StyleEntry {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(StyleEntryVisitor)
    }
}

struct StyleEntryVisitor;

impl<'de> Visitor<'de> for StyleEntryVisitor {
    type Value = StyleEntry;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a color, or a map with fg, bg, bold, dim, italic, underlined, reversed")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<StyleEntry, E> {
        let fg = parse_color(text).map_err(E::custom)?;
        Ok(StyleEntry(StyleSpec {
            fg: Some(fg),
            ..StyleSpec::default()
        }))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<StyleEntry, A::Error> {
        StyleSpec::deserialize(de::value::MapAccessDeserializer::new(map)).map(StyleEntry)
    }
}

#[cfg(test)]
#[path = "theme_tests.rs"]
mod tests;
