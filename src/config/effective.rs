//! The effective configuration: `config.yaml`, the theme and keymap chosen by flag, setting or
//! default, and the color depth, each with where it came from; `--print-config` and
//! `--check-config` are views of it.
//!
//! Owns the order of precedence (flag, then `config.yaml`, then the default) and the
//! `Library` that loads themes and keymaps by name while the dashboard runs. Must not start
//! anything or print: callers decide what to do with the values and texts.

use std::path::PathBuf;

use super::color_depth::ColorDepth;
use super::keymap::{BUILTIN_KEYMAPS, Keymap};
use super::settings::{ColorMode, Settings};
use super::sources::Resolved;
use super::theme::{BUILTIN_THEMES, Theme};
use super::user_dir::{ConfigDir, DirEnv, UserCatalog};
use super::{Catalog, ConfigError};

/// The environment variables configuration depends on, read once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConfigEnv {
    pub dirs: DirEnv,
    /// `NO_COLOR` set to anything but the empty string.
    pub no_color: bool,
    pub colorterm: Option<String>,
    pub term: Option<String>,
}

impl ConfigEnv {
    /// This process's environment.
    pub fn from_process() -> Self {
        let path = |name| std::env::var_os(name).map(PathBuf::from);
        let text = |name| std::env::var(name).ok();
        Self {
            dirs: DirEnv {
                kview_config_dir: path("KVIEW_CONFIG_DIR"),
                xdg_config_home: path("XDG_CONFIG_HOME"),
                home: path("HOME").or_else(dirs::home_dir),
                platform_config: dirs::config_dir(),
            },
            no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
            colorterm: text("COLORTERM"),
            term: text("TERM"),
        }
    }
}

/// What chose a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chosen {
    Flag(&'static str),
    Settings,
    Default,
}

/// Loads themes and keymaps by name (the user's files first), and fits themes to the terminal.
#[derive(Debug, Clone)]
pub struct Library {
    pub dir: ConfigDir,
    pub depth: ColorDepth,
}

impl Library {
    pub fn themes(&self) -> UserCatalog {
        UserCatalog::new("theme", &self.dir, "themes", BUILTIN_THEMES)
    }

    pub fn keymaps(&self) -> UserCatalog {
        UserCatalog::new("keymap", &self.dir, "keymaps", BUILTIN_KEYMAPS)
    }

    /// The theme `name`, with the colors this terminal shows.
    pub fn theme(&self, name: &str) -> Result<Theme, ConfigError> {
        Theme::load(name, &self.themes()).map(|t| self.depth.apply(&t.value))
    }

    pub fn keymap(&self, name: &str) -> Result<Keymap, ConfigError> {
        Keymap::load(name, &self.keymaps()).map(|k| k.value)
    }
}

/// Everything configuration decides, with the origin of each part.
#[derive(Debug, Clone)]
pub struct Effective {
    pub library: Library,
    pub depth_chosen_by: String,
    /// `config.yaml`, when it exists.
    pub settings_file: Option<PathBuf>,
    pub settings: Settings,
    pub theme_name: String,
    pub theme_chosen: Chosen,
    /// As written, before fitting to the terminal.
    pub theme: Resolved<Theme>,
    pub keymap_name: String,
    pub keymap_chosen: Chosen,
    pub keymap: Resolved<Keymap>,
}

impl Effective {
    /// Reads `config.yaml` and resolves the theme and keymap (`--theme`/`--keymap` first).
    pub fn load(
        env: &ConfigEnv,
        theme_flag: Option<&str>,
        keymap_flag: Option<&str>,
    ) -> Result<Self, ConfigError> {
        let dir = ConfigDir::locate(&env.dirs);
        let (settings_file, settings) = match dir.read_settings()? {
            Some((path, text)) => {
                let settings = Settings::from_yaml(&path.display().to_string(), &text)?;
                (Some(path), settings)
            }
            None => (None, Settings::default()),
        };
        let pick = |flag: Option<&str>, flag_name, setting: &Option<String>| match (flag, setting) {
            (Some(name), _) => (name.to_owned(), Chosen::Flag(flag_name)),
            (None, Some(name)) => (name.clone(), Chosen::Settings),
            (None, None) => ("default".to_owned(), Chosen::Default),
        };
        let (theme_name, theme_chosen) = pick(theme_flag, "--theme", &settings.theme);
        let (keymap_name, keymap_chosen) = pick(keymap_flag, "--keymap", &settings.keymap);
        let detected = ColorDepth::detect(env.colorterm.as_deref(), env.term.as_deref());
        let (depth, depth_chosen_by) = if env.no_color {
            (ColorDepth::Monochrome, "NO_COLOR is set".to_owned())
        } else if settings.colors == ColorMode::Auto {
            let why = match (&env.colorterm, &env.term) {
                (Some(c), _) if detected == ColorDepth::TrueColor && !c.is_empty() => {
                    format!("detected: COLORTERM={c}")
                }
                (_, Some(t)) => format!("detected: TERM={t}"),
                _ => "detected: TERM is not set".to_owned(),
            };
            (detected, why)
        } else {
            let depth = ColorDepth::from_mode(settings.colors, detected);
            (depth, "config.yaml".to_owned())
        };
        let library = Library { dir, depth };
        let theme = Theme::load(&theme_name, &library.themes())?;
        let keymap = Keymap::load(&keymap_name, &library.keymaps())?;
        Ok(Self {
            library,
            depth_chosen_by,
            settings_file,
            settings,
            theme_name,
            theme_chosen,
            theme,
            keymap_name,
            keymap_chosen,
            keymap,
        })
    }

    /// The theme as this terminal shows it.
    pub fn terminal_theme(&self) -> Theme {
        self.library.depth.apply(&self.theme.value)
    }

    /// Every problem in the user's files: those not in use are checked too, so a broken
    /// theme is found before `:theme` meets it.
    pub fn check_user_files(&self) -> Vec<ConfigError> {
        let mut problems = Vec::new();
        let themes = self.library.themes();
        for name in themes.user_names() {
            if let Err(e) = Theme::load(&name, &themes) {
                problems.push(e);
            }
        }
        let keymaps = self.library.keymaps();
        for name in keymaps.user_names() {
            if let Err(e) = Keymap::load(&name, &keymaps) {
                problems.push(e);
            }
        }
        problems
    }

    /// `--print-config`: the effective configuration as `config.yaml` would say it, with where
    /// each part came from in comments.
    pub fn report(&self) -> String {
        let dir = &self.library.dir;
        let settings_from = |default: bool| {
            if default {
                "default".to_owned()
            } else {
                "config.yaml".to_owned()
            }
        };
        let d = Settings::default();
        let s = &self.settings;
        let mut out = String::from("# kview: the effective configuration\n");
        match &dir.path {
            Some(path) => out.push_str(&format!(
                "# config directory: {} (chosen by {})\n",
                path.display(),
                dir.chosen_by
            )),
            None => out.push_str("# config directory: none (no home directory)\n"),
        }
        match &self.settings_file {
            Some(path) => out.push_str(&format!("# settings: {}\n", path.display())),
            None => out.push_str("# settings: no config.yaml, defaults used\n"),
        }
        for (kind, catalog) in [
            ("themes", &self.library.themes() as &dyn Catalog),
            ("keymaps", &self.library.keymaps()),
        ] {
            out.push_str(&format!(
                "# {kind} available: {}\n",
                catalog.names().join(", ")
            ));
        }
        out.push('\n');
        let chosen = |c: Chosen| match c {
            Chosen::Flag(flag) => flag.to_owned(),
            Chosen::Settings => "config.yaml".to_owned(),
            Chosen::Default => "default".to_owned(),
        };
        line(
            &mut out,
            "theme",
            &scalar(&self.theme_name),
            &format!("{}: {}", chosen(self.theme_chosen), self.theme.lineage()),
        );
        line(
            &mut out,
            "keymap",
            &scalar(&self.keymap_name),
            &format!("{}: {}", chosen(self.keymap_chosen), self.keymap.lineage()),
        );
        line(
            &mut out,
            "colors",
            &scalar(self.library.depth.name()),
            &self.depth_chosen_by,
        );
        line(
            &mut out,
            "mouse",
            &s.mouse.to_string(),
            &settings_from(s.mouse == d.mouse),
        );
        line(
            &mut out,
            "log_tail_lines",
            &s.log_tail_lines.to_string(),
            &settings_from(s.log_tail_lines == d.log_tail_lines),
        );
        block(
            &mut out,
            "debug_images",
            &s.debug_images,
            &settings_from(s.debug_images == d.debug_images),
        );
        block(
            &mut out,
            "shell",
            &s.shell,
            &settings_from(s.shell == d.shell),
        );
        block(&mut out, "edit", &s.edit, &settings_from(s.edit == d.edit));
        block(
            &mut out,
            "contexts",
            &s.contexts,
            &settings_from(s.contexts.is_empty()),
        );
        block(
            &mut out,
            "aliases",
            &s.aliases,
            &settings_from(s.aliases.is_empty()),
        );
        out
    }
}

/// A YAML scalar for `text`, quoted when YAML needs it.
fn scalar(text: &str) -> String {
    serde_yaml::to_string(text).map_or_else(|_| format!("{text:?}"), |s| s.trim_end().to_owned())
}

/// `key: value   # origin`, comments aligned.
fn line(out: &mut String, key: &str, value: &str, origin: &str) {
    let entry = format!("{key}: {value}");
    out.push_str(&format!("{entry:<30} # {origin}\n"));
}

/// `key:` and an indented YAML block (or `{}`/`[]` when empty), with its origin.
fn block<T: serde::Serialize>(out: &mut String, key: &str, value: &T, origin: &str) {
    let text = serde_yaml::to_string(value).unwrap_or_default();
    let text = text.trim_end();
    if text == "[]" || text == "{}" {
        line(out, key, text, origin);
        return;
    }
    out.push_str(&format!("{:<30} # {origin}\n", format!("{key}:")));
    for l in text.lines() {
        out.push_str(&format!("  {l}\n"));
    }
}

#[cfg(test)]
#[path = "effective_tests.rs"]
mod tests;
