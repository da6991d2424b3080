//! Themes: styles for meanings (`status.failed`, `ui.border.focused`), not for widgets.
//!
//! Owns reading theme YAML (a `palette` of named colors and `styles` per meaning; colors are
//! names like `cyan`, `#rrggbb`, 256-color indexes, or palette entries), `extends` between
//! themes, user overlays entry by entry, `NO_COLOR`, and mapping colors for terminals with
//! fewer of them. Must not read files (a `Catalog` hands in their text) or decide which widget
//! uses which meaning.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};

use super::ConfigError;
use super::sources::{
    BuiltinSource, Builtins, Catalog, Resolved, Source, find, lineage_of, resolve_chain,
};

pub use super::meaning::Meaning;

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
    BuiltinSource {
        name: "high-contrast",
        yaml: include_str!("../../themes/high-contrast.yaml"),
    },
    BuiltinSource {
        name: "solarized-dark",
        yaml: include_str!("../../themes/solarized-dark.yaml"),
    },
    BuiltinSource {
        name: "dracula",
        yaml: include_str!("../../themes/dracula.yaml"),
    },
    BuiltinSource {
        name: "gruvbox",
        yaml: include_str!("../../themes/gruvbox.yaml"),
    },
    BuiltinSource {
        name: "nord",
        yaml: include_str!("../../themes/nord.yaml"),
    },
];

/// The built-in themes as a catalog.
pub const BUILTIN_THEME_CATALOG: Builtins = Builtins {
    kind: "theme",
    files: BUILTIN_THEMES,
};

impl Theme {
    /// A built-in theme (`default`, `light`, `nord`, …), resolved through its `extends`.
    pub fn builtin(name: &str) -> Result<Self, ConfigError> {
        Self::load(name, &BUILTIN_THEME_CATALOG).map(|r| r.value)
    }

    /// A user theme file (`source` names it in errors) on top of the built-in it `extends`
    /// (`default` when it names none).
    pub fn from_user_yaml(source: &str, yaml: &str) -> Result<Self, ConfigError> {
        let first = Source::user("theme", source, source.into(), yaml.to_owned());
        let chain = resolve_chain(first, &BUILTIN_THEME_CATALOG, parse_file)?;
        Self::from_chain(source, chain)
    }

    /// The theme `name` from `catalog` (the user's files shadow the built-in ones), with the
    /// files it was built from.
    pub fn load(name: &str, catalog: &dyn Catalog) -> Result<Resolved<Self>, ConfigError> {
        let first = find(catalog, name)?;
        let label = first.to_string();
        let chain = resolve_chain(first, catalog, parse_file)?;
        let files = lineage_of(&chain);
        Ok(Resolved {
            value: Self::from_chain(&label, chain)?,
            files,
        })
    }

    fn from_chain(source: &str, chain: Vec<(Source, ThemeFile)>) -> Result<Self, ConfigError> {
        let mut palette = BTreeMap::new();
        let mut defined_in = BTreeMap::new();
        let mut specs = BTreeMap::new();
        for (file_source, file) in chain {
            for name in file.palette.keys() {
                defined_in.insert(name.clone(), file_source.to_string());
            }
            palette.extend(file.palette);
            specs.extend(file.styles);
        }
        // A bad palette entry is reported against the file that defines it, used or not.
        for (name, spec) in &palette {
            resolve_color(spec, &palette, &mut vec![name.clone()]).map_err(|e| {
                let file = defined_in.get(name).map_or(source, String::as_str);
                ConfigError::invalid(file, &format_args!("palette entry `{name}`: {e}"))
            })?;
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
        // What was told apart by a background must stay visible without color.
        for meaning in [
            Meaning::UiSelected,
            Meaning::ToastInfo,
            Meaning::ToastWarn,
            Meaning::ToastError,
            Meaning::UiReadonly,
            Meaning::UiMatch,
            Meaning::LogMatch,
            Meaning::LogMatchCurrent,
        ] {
            let style = &mut styles[meaning.index()];
            *style = style.add_modifier(Modifier::REVERSED);
        }
        Self { styles }
    }

    /// The same theme with every color passed through `map` (for terminals with fewer colors).
    #[must_use]
    pub fn map_colors(&self, map: impl Fn(Color) -> Color) -> Self {
        let styles = self
            .styles
            .iter()
            .map(|s| Style {
                fg: s.fg.map(&map),
                bg: s.bg.map(&map),
                underline_color: s.underline_color.map(&map),
                ..*s
            })
            .collect();
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

impl super::sources::Extends for ThemeFile {
    fn extends(&self) -> Option<&str> {
        self.extends.as_deref()
    }
}

fn parse_file(source: &Source) -> Result<ThemeFile, ConfigError> {
    serde_yaml::from_str(&source.yaml).map_err(|e| ConfigError::invalid(&source.to_string(), &e))
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

/// A color as written: `#rrggbb` or a 256-color index, or a name: a palette entry, else a
/// terminal color name (a palette entry may shadow one: `blue: "#268bd2"`).
#[derive(Debug, Clone, PartialEq, Eq)]
enum ColorSpec {
    Color(Color),
    Name(String),
}

impl<'de> Deserialize<'de> for ColorSpec {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(CheckedName("a color", parse_color))
    }
}

fn parse_color(text: &str) -> Result<ColorSpec, String> {
    let bad = || format!("bad color `{text}` (use a name like `cyan`, `#rrggbb`, or 0-255)");
    if let Some(hex) = text.strip_prefix('#') {
        if hex.len() != 6 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(bad());
        }
    } else if !text.starts_with(|c: char| c.is_ascii_digit()) {
        let word = !text.is_empty()
            && text
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        return if word {
            Ok(ColorSpec::Name(text.to_owned()))
        } else {
            Err(bad())
        };
    }
    Color::from_str(text)
        .map(ColorSpec::Color)
        .map_err(|_| bad())
}

/// The color `spec` stands for: palette entries are followed (they may name each other), a
/// name no entry defines is a terminal color name, and a loop falls back to that name.
fn resolve_color(
    spec: &ColorSpec,
    palette: &BTreeMap<String, ColorSpec>,
    seen: &mut Vec<String>,
) -> Result<Color, String> {
    let name = match spec {
        ColorSpec::Color(color) => return Ok(*color),
        ColorSpec::Name(name) => name,
    };
    if let Some(entry) = palette.get(name)
        && !seen.contains(name)
    {
        seen.push(name.clone());
        return resolve_color(entry, palette, seen);
    }
    Color::from_str(name).map_err(|_| {
        format!("unknown color `{name}` (not a color name, #rrggbb, 0-255, or palette entry)")
    })
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
            spec.as_ref()
                .map(|spec| resolve_color(spec, palette, &mut Vec::new()))
                .transpose()
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
