//! The effective configuration from a temporary config directory: precedence, user files
//! extending each other and the built-ins, errors naming the file, and `--print-config`.

use std::path::Path;

use ratatui::style::Color;

use super::*;
use crate::config::{Action, Confirmation, KeyChord, Meaning, Section};

fn env_for(dir: &Path) -> ConfigEnv {
    ConfigEnv {
        dirs: DirEnv {
            kview_config_dir: Some(dir.to_owned()),
            ..DirEnv::default()
        },
        no_color: false,
        colorterm: Some("truecolor".to_owned()),
        term: Some("xterm-256color".to_owned()),
    }
}

fn write(dir: &Path, file: &str, text: &str) {
    let path = dir.join(file);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn chord(s: &str) -> KeyChord {
    s.parse().unwrap()
}

#[test]
fn an_empty_directory_means_the_defaults_and_nothing_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("kview");
    let config = Effective::load(&env_for(&dir), None, None).unwrap();
    assert_eq!(config.theme_name, "default");
    assert_eq!(config.theme_chosen, Chosen::Default);
    assert_eq!(config.keymap_name, "default");
    assert_eq!(config.settings, Settings::default());
    assert_eq!(config.library.depth, ColorDepth::TrueColor);
    assert!(
        !dir.exists(),
        "first run must not create the config directory"
    );
    assert!(config.check_user_files().is_empty());
}

#[test]
fn flags_beat_settings_beat_defaults() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "config.yaml", "theme: nord\nkeymap: vim\n");
    let env = env_for(tmp.path());
    let config = Effective::load(&env, None, None).unwrap();
    assert_eq!(
        (config.theme_name.as_str(), config.theme_chosen),
        ("nord", Chosen::Settings)
    );
    assert_eq!(config.keymap_name, "vim");
    let config = Effective::load(&env, Some("dracula"), Some("emacs")).unwrap();
    assert_eq!(config.theme_chosen, Chosen::Flag("--theme"));
    assert_eq!(config.theme.value, Theme::builtin("dracula").unwrap());
    assert_eq!(config.keymap.value, Keymap::builtin("emacs").unwrap());
}

#[test]
fn user_files_extend_each_other_and_the_builtins() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        "themes/base.yaml",
        "extends: nord\npalette:\n  bad: '#ff0000'\n",
    );
    write(
        tmp.path(),
        "themes/mine.yaml",
        "extends: base\nstyles:\n  ui.header: { fg: black, bg: '#ff00ff' }\n",
    );
    write(
        tmp.path(),
        "keymaps/mine.yaml",
        "extends: vim\npods:\n  l: no_op\n  L: logs\n",
    );
    let config = Effective::load(&env_for(tmp.path()), Some("mine"), Some("mine")).unwrap();
    let theme = &config.theme.value;
    assert_eq!(
        theme.style(Meaning::UiHeader).bg,
        Some(Color::Rgb(255, 0, 255))
    );
    assert_eq!(
        theme.style(Meaning::StatusFailed).fg,
        Some(Color::Rgb(255, 0, 0))
    );
    let nord = Theme::builtin("nord").unwrap();
    assert_eq!(
        theme.style(Meaning::StatusRunning),
        nord.style(Meaning::StatusRunning)
    );
    assert_eq!(config.theme.files.len(), 4, "{}", config.theme.lineage());
    assert!(config.theme.files[0].ends_with("mine.yaml"));
    assert_eq!(config.theme.files[2], "built-in theme `nord`");
    assert_eq!(config.theme.files[3], "built-in theme `default`");

    let keymap = &config.keymap.value;
    let pods = [Section::Pods, Section::Table, Section::Global];
    assert_eq!(keymap.lookup(&pods, chord("L")), Some(Action::Logs));
    assert_eq!(keymap.lookup(&pods, chord("l")), None);
    assert_eq!(keymap.key_for(&pods, Action::Logs), Some(chord("L")));
    assert_eq!(
        keymap.lookup(&pods, chord("ctrl-d")),
        Some(Action::PageDown),
        "from vim"
    );
}

#[test]
fn a_user_file_may_shadow_the_builtin_it_extends() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        "themes/default.yaml",
        "styles:\n  ui.border: '#010203'\n",
    );
    let config = Effective::load(&env_for(tmp.path()), None, None).unwrap();
    assert_eq!(
        config.theme.value.style(Meaning::UiBorder).fg,
        Some(Color::Rgb(1, 2, 3))
    );
    assert_eq!(config.theme.files.len(), 2);
}

#[test]
fn errors_name_the_user_file_and_line() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        "themes/broken.yaml",
        "styles:\n  ui.border: '#12'\n",
    );
    write(tmp.path(), "keymaps/broken.yaml", "table:\n  x: explode\n");
    write(tmp.path(), "themes/a.yaml", "extends: b\n");
    write(tmp.path(), "themes/b.yaml", "extends: a\n");
    write(tmp.path(), "themes/orphan.yaml", "extends: nope\n");
    let env = env_for(tmp.path());
    let theme_file = tmp.path().join("themes/broken.yaml").display().to_string();
    let e = Effective::load(&env, Some("broken"), None)
        .unwrap_err()
        .to_string();
    assert!(e.starts_with(&format!("{theme_file}: ")), "{e}");
    assert!(e.contains("bad color `#12`") && e.contains("line 2"), "{e}");
    let e = Effective::load(&env, None, Some("broken"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("keymaps/broken.yaml: "), "{e}");
    assert!(e.contains("unknown action `explode` for key `x`"), "{e}");
    assert!(e.contains("line 2"), "{e}");
    let e = Effective::load(&env, Some("a"), None)
        .unwrap_err()
        .to_string();
    assert!(e.contains("`extends` goes round in a circle"), "{e}");
    let e = Effective::load(&env, Some("orphan"), None)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("orphan.yaml: extends unknown theme `nope`"),
        "{e}"
    );
    assert!(
        e.contains("dracula") && e.contains("broken"),
        "lists all: {e}"
    );
    let e = Effective::load(&env, Some("absent"), None)
        .unwrap_err()
        .to_string();
    assert!(
        e.starts_with("no theme named `absent` (available: default, light"),
        "{e}"
    );

    // The files not in use are checked too.
    let config = Effective::load(&env, None, None).unwrap();
    let problems: Vec<String> = config
        .check_user_files()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(problems.len(), 5, "{problems:#?}");
}

#[test]
fn a_bad_config_file_is_an_error_naming_it() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "config.yaml", "theme: nord\ncolours: 256\n");
    let e = Effective::load(&env_for(tmp.path()), None, None)
        .unwrap_err()
        .to_string();
    let file = tmp.path().join("config.yaml").display().to_string();
    assert!(
        e.starts_with(&format!("{file}: unknown field `colours`")),
        "{e}"
    );
    assert!(e.contains("line 2"), "{e}");
    write(tmp.path(), "config.yaml", "theme: solarised\n");
    let e = Effective::load(&env_for(tmp.path()), None, None)
        .unwrap_err()
        .to_string();
    assert!(e.contains("no theme named `solarised`"), "{e}");
}

#[test]
fn color_depth_follows_no_color_then_settings_then_the_terminal() {
    let tmp = tempfile::tempdir().unwrap();
    let mut env = env_for(tmp.path());
    env.colorterm = None;
    let config = Effective::load(&env, None, None).unwrap();
    assert_eq!(config.library.depth, ColorDepth::Indexed256);
    assert_eq!(config.depth_chosen_by, "detected: TERM=xterm-256color");
    assert!(matches!(
        config.terminal_theme().style(Meaning::UiBorderFocused).fg,
        Some(Color::Indexed(_))
    ));
    write(tmp.path(), "config.yaml", "colors: 16\n");
    let config = Effective::load(&env, None, None).unwrap();
    assert_eq!(config.library.depth, ColorDepth::Ansi16);
    env.no_color = true;
    let config = Effective::load(&env, None, None).unwrap();
    assert_eq!(config.library.depth, ColorDepth::Monochrome);
    assert_eq!(
        config.terminal_theme().style(Meaning::StatusFailed).fg,
        None
    );
    let theme = config.library.theme("nord").unwrap();
    assert_eq!(
        theme.style(Meaning::UiBase).bg,
        None,
        "switching keeps NO_COLOR"
    );
}

#[test]
fn print_config_reads_back_as_the_same_settings() {
    let tmp = tempfile::tempdir().unwrap();
    let yaml = "theme: nord\nmouse: false\nlog_tail_lines: 1000\n\
                debug_images: [nicolaka/netshoot]\n\
                contexts:\n  prod:\n    readonly: true\n    confirm: name\n\
                aliases:\n  dp: deploy\n";
    write(tmp.path(), "config.yaml", yaml);
    write(tmp.path(), "themes/mine.yaml", "extends: nord\n");
    let config = Effective::load(&env_for(tmp.path()), None, Some("vim")).unwrap();
    let report = config.report();
    assert!(
        report.contains(&format!(
            "# config directory: {} (chosen by $KVIEW_CONFIG_DIR)",
            tmp.path().display()
        )),
        "{report}"
    );
    assert!(report.contains("# themes available: default, light, high-contrast, solarized-dark, dracula, gruvbox, nord, mine"), "{report}");
    let theme_line = report.lines().find(|l| l.starts_with("theme:")).unwrap();
    assert!(
        theme_line.ends_with("# config.yaml: built-in theme `nord` → built-in theme `default`"),
        "{theme_line}"
    );
    let keymap_line = report.lines().find(|l| l.starts_with("keymap:")).unwrap();
    assert!(
        keymap_line.contains("# --keymap: built-in keymap `vim`"),
        "{keymap_line}"
    );
    assert!(report.contains("colors: truecolor"), "{report}");
    assert!(
        report
            .lines()
            .any(|l| l.starts_with("log_tail_lines: 1000") && l.ends_with("# config.yaml")),
        "{report}"
    );
    let back: Settings = serde_yaml::from_str(&report).unwrap();
    assert_eq!(back.theme.as_deref(), Some("nord"));
    assert_eq!(back.keymap.as_deref(), Some("vim"));
    assert!(!back.mouse);
    assert_eq!(back.log_tail_lines, 1000);
    assert_eq!(back.debug_images, vec!["nicolaka/netshoot".to_owned()]);
    assert_eq!(back.contexts["prod"].confirm, Confirmation::Name);
    assert_eq!(back.aliases["dp"], "deploy");

    let defaults = Effective::load(&env_for(&tmp.path().join("none")), None, None).unwrap();
    let report = defaults.report();
    assert!(report.contains("no config.yaml, defaults used"), "{report}");
    let back: Settings = serde_yaml::from_str(&report).unwrap();
    assert_eq!(back.contexts, Settings::default().contexts);
    assert_eq!(back.debug_images, Settings::default().debug_images);
}

#[test]
fn edit_confirmation_can_be_turned_off_and_is_printed() {
    let s = super::Settings::from_yaml("config.yaml", "edit:\n  confirm_diff: false\n").unwrap();
    assert!(!s.edit.confirm_diff);
    assert!(super::Settings::default().edit.confirm_diff);
    let e = super::Settings::from_yaml("config.yaml", "edit:\n  confirm: false\n").unwrap_err();
    assert!(e.to_string().contains("confirm"), "{e}");
}
