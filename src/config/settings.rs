//! `config.yaml`: the user's settings (theme, keymap, colors, mouse, log tail size, debug
//! images, the shells `x` tries, per-context policy such as read-only and delete confirmation,
//! command aliases).
//!
//! Owns the file's schema (unknown fields are errors with their line), its defaults and its
//! checks, and the policy that applies in one context. Must not read files or apply anything.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};

use super::ConfigError;

/// The settings of `config.yaml`; every field may be left out.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    /// Theme name when `--theme` is not given.
    pub theme: Option<String>,
    /// Keymap name when `--keymap` is not given.
    pub keymap: Option<String>,
    /// How many colors to use: `auto` (from the terminal), `truecolor`, `256`, `16`, `none`.
    pub colors: ColorMode,
    /// Wheel scrolls and clicks select and focus; off leaves the mouse to the terminal.
    pub mouse: bool,
    /// Lines of history a log view starts with.
    pub log_tail_lines: u32,
    /// Images offered for debug containers, the first being the default.
    pub debug_images: Vec<String>,
    /// Shells `x` tries in a container, in order, until one exists there.
    pub shell: Vec<String>,
    /// Settings for one kubeconfig context, by context name.
    pub contexts: BTreeMap<String, ContextSettings>,
    /// `:NAME` runs `:TARGET` (the rest of the line is kept): `dp: deploy`, `prod: ctx prod`.
    pub aliases: BTreeMap<String, String>,
    /// How edits (`e`) are applied.
    pub edit: EditSettings,
}

/// How edits are applied.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct EditSettings {
    /// Show the diff and ask before applying an edit (an undo always asks).
    pub confirm_diff: bool,
}

impl Default for EditSettings {
    fn default() -> Self {
        Self { confirm_diff: true }
    }
}

/// Lines a log view starts with when nothing says otherwise.
pub const DEFAULT_LOG_TAIL_LINES: u32 = 200;
const MAX_LOG_TAIL_LINES: u32 = 1_000_000;

impl Default for Settings {
    fn default() -> Self {
        Self {
            theme: None,
            keymap: None,
            colors: ColorMode::Auto,
            mouse: true,
            log_tail_lines: DEFAULT_LOG_TAIL_LINES,
            debug_images: vec!["busybox:1.36".to_owned()],
            shell: vec!["bash".to_owned(), "sh".to_owned()],
            contexts: BTreeMap::new(),
            aliases: BTreeMap::new(),
            edit: EditSettings::default(),
        }
    }
}

/// Per-context settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct ContextSettings {
    /// Refuse every change to this cluster.
    pub readonly: bool,
    /// How a deletion is confirmed.
    pub confirm: Confirmation,
}

/// How strictly destructive actions are confirmed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Confirmation {
    /// A dialog answered with one key.
    #[default]
    Key,
    /// The user types the object's name.
    Name,
}

/// What applies in the context in use: `--readonly` or the context's settings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ContextPolicy {
    pub readonly: bool,
    pub confirm: Confirmation,
}

/// How many colors the terminal shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ColorMode {
    /// Detect from `COLORTERM` and `TERM`.
    #[default]
    Auto,
    TrueColor,
    Indexed256,
    Ansi16,
    /// No colors at all (like `NO_COLOR`).
    None,
}

impl ColorMode {
    pub fn name(self) -> &'static str {
        match self {
            Self::Auto => "auto",
            Self::TrueColor => "truecolor",
            Self::Indexed256 => "256",
            Self::Ansi16 => "16",
            Self::None => "none",
        }
    }

    fn from_name(name: &str) -> Option<Self> {
        [
            Self::Auto,
            Self::TrueColor,
            Self::Indexed256,
            Self::Ansi16,
            Self::None,
        ]
        .into_iter()
        .find(|m| m.name() == name)
    }
}

impl Serialize for ColorMode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for ColorMode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ColorModeVisitor)
    }
}

struct ColorModeVisitor;

impl Visitor<'_> for ColorModeVisitor {
    type Value = ColorMode;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("auto, truecolor, 256, 16 or none")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<ColorMode, E> {
        ColorMode::from_name(text).ok_or_else(|| {
            E::custom(format_args!(
                "unknown colors `{text}` (use auto, truecolor, 256, 16 or none)"
            ))
        })
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<ColorMode, E> {
        self.visit_str(&n.to_string())
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<ColorMode, E> {
        self.visit_str(&n.to_string())
    }
}

impl Settings {
    /// Reads `config.yaml` text; `source` names the file in errors.
    pub fn from_yaml(source: &str, yaml: &str) -> Result<Self, ConfigError> {
        // An empty file (or only comments) is an empty configuration.
        let settings: Option<Self> =
            serde_yaml::from_str(yaml).map_err(|e| ConfigError::invalid(source, &e))?;
        let settings = settings.unwrap_or_default();
        settings
            .check()
            .map_err(|e| ConfigError::invalid(source, &e))?;
        Ok(settings)
    }

    /// Checks what the types alone do not.
    fn check(&self) -> Result<(), String> {
        if !(1..=MAX_LOG_TAIL_LINES).contains(&self.log_tail_lines) {
            return Err(format!(
                "log_tail_lines: {} is out of range (1 to {MAX_LOG_TAIL_LINES})",
                self.log_tail_lines
            ));
        }
        if self.debug_images.is_empty() {
            return Err("debug_images: name at least one image".to_owned());
        }
        if let Some(bad) = self
            .debug_images
            .iter()
            .find(|i| i.is_empty() || i.chars().any(|c| c.is_whitespace() || c.is_control()))
        {
            return Err(format!("debug_images: `{bad}` is not an image reference"));
        }
        if self.shell.is_empty() {
            return Err("shell: name at least one shell, e.g. [bash, sh]".to_owned());
        }
        if let Some(bad) = self
            .shell
            .iter()
            .find(|s| s.is_empty() || s.chars().any(|c| c.is_whitespace() || c.is_control()))
        {
            return Err(format!(
                "shell: `{bad}` is not a program name (one word each)"
            ));
        }
        for (name, target) in &self.aliases {
            let one_word =
                !name.is_empty() && !name.starts_with(':') && !name.contains(char::is_whitespace);
            if !one_word {
                return Err(format!("aliases: `{name}` must be one word, without `:`"));
            }
            let target = target.trim().trim_start_matches(':');
            if target.is_empty() {
                return Err(format!("aliases: `{name}` stands for nothing"));
            }
            if target.split_whitespace().next() == Some(name.as_str()) {
                return Err(format!("aliases: `{name}` stands for itself"));
            }
        }
        for name in [&self.theme, &self.keymap].into_iter().flatten() {
            if name.trim().is_empty() {
                return Err("theme and keymap names must not be empty".to_owned());
            }
        }
        Ok(())
    }

    /// The policy in `context`: read-only if `--readonly` was given or the context asks for it.
    pub fn policy(&self, context: &str, readonly_flag: bool) -> ContextPolicy {
        let settings = self.contexts.get(context).cloned().unwrap_or_default();
        ContextPolicy {
            readonly: readonly_flag || settings.readonly,
            confirm: settings.confirm,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(yaml: &str) -> String {
        Settings::from_yaml("config.yaml", yaml)
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn empty_and_missing_fields_take_the_defaults() {
        assert_eq!(
            Settings::from_yaml("config.yaml", "").unwrap(),
            Settings::default()
        );
        assert_eq!(
            Settings::from_yaml("config.yaml", "# nothing yet\n").unwrap(),
            Settings::default()
        );
        let s = Settings::from_yaml("config.yaml", "mouse: false\n").unwrap();
        assert!(!s.mouse);
        assert_eq!(s.log_tail_lines, DEFAULT_LOG_TAIL_LINES);
        assert_eq!(s.debug_images, vec!["busybox:1.36".to_owned()]);
        assert_eq!(s.shell, ["bash", "sh"]);
    }

    #[test]
    fn every_field_reads_as_written() {
        let yaml = "theme: nord\nkeymap: vim\ncolors: 256\nmouse: false\nlog_tail_lines: 500\n\
                    debug_images: [nicolaka/netshoot, busybox:1.36]\n\
                    shell: [zsh, sh]\n\
                    contexts:\n  prod:\n    readonly: true\n    confirm: name\n  dev: {}\n\
                    aliases:\n  dp: deploy\n  prod: ctx prod\n";
        let s = Settings::from_yaml("config.yaml", yaml).unwrap();
        assert_eq!(s.theme.as_deref(), Some("nord"));
        assert_eq!(s.keymap.as_deref(), Some("vim"));
        assert_eq!(s.colors, ColorMode::Indexed256);
        assert_eq!(s.log_tail_lines, 500);
        assert_eq!(s.debug_images[0], "nicolaka/netshoot");
        assert_eq!(s.shell, ["zsh", "sh"]);
        assert_eq!(s.aliases["prod"], "ctx prod");
        assert_eq!(
            s.policy("prod", false),
            ContextPolicy {
                readonly: true,
                confirm: Confirmation::Name
            }
        );
        assert_eq!(s.policy("dev", false), ContextPolicy::default());
        assert!(s.policy("elsewhere", true).readonly, "--readonly applies");
        for (text, mode) in [
            ("auto", ColorMode::Auto),
            ("truecolor", ColorMode::TrueColor),
            ("'256'", ColorMode::Indexed256),
            ("16", ColorMode::Ansi16),
            ("none", ColorMode::None),
        ] {
            let s = Settings::from_yaml("c", &format!("colors: {text}\n")).unwrap();
            assert_eq!(s.colors, mode, "{text}");
        }
    }

    #[test]
    fn unknown_fields_name_the_field_and_line() {
        let e = err("theme: nord\nmouse_wheel: true\n");
        assert!(e.starts_with("config.yaml: "), "{e}");
        assert!(e.contains("unknown field `mouse_wheel`"), "{e}");
        assert!(e.contains("line 2"), "{e}");
        let e = err("contexts:\n  prod:\n    read_only: true\n");
        assert!(e.contains("unknown field `read_only`"), "{e}");
        assert!(e.contains("line 3"), "{e}");
    }

    #[test]
    fn bad_values_are_named() {
        let e = err("contexts:\n  prod:\n    confirm: always\n");
        assert!(e.contains("unknown variant `always`"), "{e}");
        assert!(e.contains("line 3"), "{e}");
        let e = err("colors: 88\n");
        assert!(e.contains("unknown colors `88`"), "{e}");
        assert!(e.contains("line 1"), "{e}");
        let e = err("mouse: sometimes\n");
        assert!(e.contains("mouse"), "{e}");
        let e = err("log_tail_lines: 0\n");
        assert!(e.contains("log_tail_lines: 0 is out of range"), "{e}");
        let e = err("log_tail_lines: -5\n");
        assert!(e.contains("log_tail_lines"), "{e}");
        let e = err("debug_images: []\n");
        assert!(e.contains("debug_images: name at least one image"), "{e}");
        let e = err("debug_images: ['busy box']\n");
        assert!(e.contains("`busy box` is not an image reference"), "{e}");
        let e = err("shell: []\n");
        assert!(e.contains("shell: name at least one shell"), "{e}");
        let e = err("shell: ['bash -l']\n");
        assert!(e.contains("`bash -l` is not a program name"), "{e}");
        let e = err("theme: ''\n");
        assert!(e.contains("must not be empty"), "{e}");
        let e = err("- theme\n");
        assert!(e.starts_with("config.yaml: "), "{e}");
    }

    #[test]
    fn aliases_are_checked() {
        assert!(err("aliases:\n  'a b': pods\n").contains("`a b` must be one word"));
        assert!(err("aliases:\n  ':x': pods\n").contains("`:x` must be one word"));
        assert!(err("aliases:\n  x: ''\n").contains("`x` stands for nothing"));
        assert!(err("aliases:\n  x: ':x all'\n").contains("`x` stands for itself"));
    }
}
