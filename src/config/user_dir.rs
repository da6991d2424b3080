//! The user's config directory: where it is, and the theme and keymap files in it.
//!
//! Owns choosing the directory (`$KVIEW_CONFIG_DIR`, else `$XDG_CONFIG_HOME/kview`, else
//! `~/.config/kview` on unix, else the platform's config directory) and reading `config.yaml`,
//! `themes/NAME.yaml` and `keymaps/NAME.yaml` from it, the user's files shadowing the built-in
//! ones of the same name. Reads only; never creates or writes anything.

use std::path::{Path, PathBuf};

use super::ConfigError;
use super::sources::{BuiltinSource, Catalog, Source};

/// Where the config directory is, and what chose it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigDir {
    /// `None` when no home directory is known either.
    pub path: Option<PathBuf>,
    /// `$KVIEW_CONFIG_DIR`, `$XDG_CONFIG_HOME`, `~/.config`, …
    pub chosen_by: &'static str,
}

/// The environment that decides where the config directory is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DirEnv {
    pub kview_config_dir: Option<PathBuf>,
    pub xdg_config_home: Option<PathBuf>,
    pub home: Option<PathBuf>,
    /// The platform's config directory (`dirs::config_dir`), for systems without XDG.
    pub platform_config: Option<PathBuf>,
}

impl ConfigDir {
    pub fn locate(env: &DirEnv) -> Self {
        let set = |p: &Option<PathBuf>| p.clone().filter(|p| !p.as_os_str().is_empty());
        if let Some(dir) = set(&env.kview_config_dir) {
            return Self {
                path: Some(dir),
                chosen_by: "$KVIEW_CONFIG_DIR",
            };
        }
        // The XDG spec ignores relative paths.
        if let Some(xdg) = set(&env.xdg_config_home).filter(|p| p.is_absolute()) {
            return Self {
                path: Some(xdg.join("kview")),
                chosen_by: "$XDG_CONFIG_HOME",
            };
        }
        if cfg!(unix)
            && let Some(home) = set(&env.home)
        {
            return Self {
                path: Some(home.join(".config").join("kview")),
                chosen_by: "~/.config",
            };
        }
        Self {
            path: set(&env.platform_config).map(|p| p.join("kview")),
            chosen_by: "the platform's config directory",
        }
    }

    /// `config.yaml`'s path and text, if the file exists.
    pub fn read_settings(&self) -> Result<Option<(PathBuf, String)>, ConfigError> {
        let Some(dir) = &self.path else {
            return Ok(None);
        };
        let path = dir.join("config.yaml");
        Ok(read_if_present(&path)?.map(|text| (path, text)))
    }
}

/// Reads a file; a missing one is `None`, any other failure an error naming it.
fn read_if_present(path: &Path) -> Result<Option<String>, ConfigError> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(ConfigError::Read {
            path: path.display().to_string(),
            message: e.to_string(),
        }),
    }
}

/// Themes or keymaps: the user's files in one folder of the config directory, then the
/// built-in ones. A name with a path separator or ending in `.yaml` is a file path.
pub struct UserCatalog {
    pub kind: &'static str,
    /// `<config dir>/themes` or `<config dir>/keymaps`.
    pub folder: Option<PathBuf>,
    pub builtins: &'static [BuiltinSource],
}

impl UserCatalog {
    pub fn new(
        kind: &'static str,
        dir: &ConfigDir,
        folder: &str,
        builtins: &'static [BuiltinSource],
    ) -> Self {
        Self {
            kind,
            folder: dir.path.as_ref().map(|d| d.join(folder)),
            builtins,
        }
    }

    /// The names of the user's files in the folder, sorted.
    pub fn user_names(&self) -> Vec<String> {
        let Some(folder) = &self.folder else {
            return Vec::new();
        };
        let Ok(entries) = std::fs::read_dir(folder) else {
            return Vec::new();
        };
        let mut names: Vec<String> = entries
            .filter_map(Result::ok)
            .filter_map(|e| {
                let path = e.path();
                let yaml = path.extension().is_some_and(|x| x == "yaml");
                let stem = path.file_stem()?.to_str()?.to_owned();
                (yaml && !stem.starts_with('.')).then_some(stem)
            })
            .collect();
        names.sort();
        names
    }
}

fn is_path(name: &str) -> bool {
    name.contains('/')
        || name.contains(std::path::MAIN_SEPARATOR)
        || Path::new(name)
            .extension()
            .is_some_and(|x| x.eq_ignore_ascii_case("yaml"))
}

impl Catalog for UserCatalog {
    fn kind(&self) -> &'static str {
        self.kind
    }

    fn candidates(&self, name: &str) -> Result<Vec<Source>, ConfigError> {
        if is_path(name) {
            let path = PathBuf::from(name);
            let text = read_if_present(&path)?.ok_or_else(|| ConfigError::Read {
                path: name.to_owned(),
                message: "no such file".to_owned(),
            })?;
            let stem = path
                .file_stem()
                .map_or_else(|| name.to_owned(), |s| s.to_string_lossy().into_owned());
            return Ok(vec![Source::user(self.kind, &stem, path, text)]);
        }
        let mut found = Vec::new();
        if let Some(folder) = &self.folder {
            let path = folder.join(format!("{name}.yaml"));
            if let Some(text) = read_if_present(&path)? {
                found.push(Source::user(self.kind, name, path, text));
            }
        }
        found.extend(
            self.builtins
                .iter()
                .filter(|b| b.name == name)
                .map(|b| Source::builtin(self.kind, b)),
        );
        Ok(found)
    }

    fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.builtins.iter().map(|b| b.name.to_owned()).collect();
        for name in self.user_names() {
            if !names.contains(&name) {
                names.push(name);
            }
        }
        names
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(kview: Option<&str>, xdg: Option<&str>, home: Option<&str>) -> DirEnv {
        DirEnv {
            kview_config_dir: kview.map(PathBuf::from),
            xdg_config_home: xdg.map(PathBuf::from),
            home: home.map(PathBuf::from),
            platform_config: Some(PathBuf::from("/platform")),
        }
    }

    #[test]
    fn the_directory_follows_the_documented_order() {
        let dir = ConfigDir::locate(&env(Some("/k"), Some("/x"), Some("/h")));
        assert_eq!(dir.path, Some(PathBuf::from("/k")));
        assert_eq!(dir.chosen_by, "$KVIEW_CONFIG_DIR");
        let dir = ConfigDir::locate(&env(Some(""), Some("/x"), Some("/h")));
        assert_eq!(dir.path, Some(PathBuf::from("/x/kview")));
        let dir = ConfigDir::locate(&env(None, Some("relative"), Some("/h")));
        if cfg!(unix) {
            assert_eq!(dir.path, Some(PathBuf::from("/h/.config/kview")));
            assert_eq!(dir.chosen_by, "~/.config");
        }
        let dir = ConfigDir::locate(&env(None, None, None));
        assert_eq!(dir.path, Some(PathBuf::from("/platform/kview")));
    }

    #[test]
    fn user_files_shadow_builtins_and_paths_are_read_as_given() {
        let tmp = tempfile::tempdir().unwrap();
        let themes = tmp.path().join("themes");
        std::fs::create_dir_all(&themes).unwrap();
        std::fs::write(themes.join("nord.yaml"), "extends: nord\n").unwrap();
        std::fs::write(themes.join("mine.yaml"), "{}\n").unwrap();
        std::fs::write(themes.join("notes.txt"), "not a theme").unwrap();
        let dir = ConfigDir {
            path: Some(tmp.path().to_owned()),
            chosen_by: "test",
        };
        let catalog = UserCatalog::new("theme", &dir, "themes", crate::config::BUILTIN_THEMES);
        let nord = catalog.candidates("nord").unwrap();
        assert_eq!(nord.len(), 2);
        assert_eq!(
            nord[0].to_string(),
            themes.join("nord.yaml").display().to_string()
        );
        assert_eq!(nord[1].to_string(), "built-in theme `nord`");
        assert!(catalog.candidates("absent").unwrap().is_empty());
        assert_eq!(catalog.user_names(), vec!["mine", "nord"]);
        assert!(catalog.names().contains(&"mine".to_owned()));
        let path = themes.join("mine.yaml");
        let by_path = catalog.candidates(path.to_str().unwrap()).unwrap();
        assert_eq!(by_path[0].name, "mine");
        let missing = catalog.candidates("/no/such/theme.yaml").unwrap_err();
        assert_eq!(
            missing.to_string(),
            "cannot read /no/such/theme.yaml: no such file"
        );
    }
}
