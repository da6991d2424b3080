//! `--print-config`, `--check-config`, and bad configuration refused before the TUI starts:
//! the real binary with a temporary config directory, one precise line (file, line, entry)
//! and a non-zero exit for every kind of mistake.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test support code

use std::path::Path;
use std::process::{Command, Output};

fn kview(dir: &Path, args: &[&str]) -> Output {
    let home = tempfile::tempdir().unwrap();
    Command::new(env!("CARGO_BIN_EXE_kview"))
        .args(args)
        .env_remove("KUBECONFIG")
        .env_remove("XDG_CONFIG_HOME")
        .env_remove("NO_COLOR")
        .env("KVIEW_CONFIG_DIR", dir)
        .env("HOME", home.path())
        .env("TERM", "xterm-256color")
        .env("COLORTERM", "truecolor")
        .output()
        .expect("kview runs")
}

fn dir_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

fn stdout(out: &Output) -> String {
    assert!(
        out.status.success(),
        "exit {:?}: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Fails with exactly one line on stderr, nothing on stdout and no terminal control.
fn one_line_error(out: &Output) -> String {
    assert!(!out.status.success(), "expected failure");
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    assert!(!err.contains('\u{1b}'), "no escape sequences: {err:?}");
    err
}

#[test]
fn print_config_shows_values_and_origins_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("kview");
    let text = stdout(&kview(&dir, &["--print-config"]));
    assert!(!dir.exists(), "nothing written on first run");
    assert!(
        text.contains(&format!("# config directory: {}", dir.display())),
        "{text}"
    );
    assert!(text.contains("no config.yaml, defaults used"), "{text}");
    assert!(
        text.lines().any(|l| l.starts_with("theme: default")
            && l.ends_with("# default: built-in theme `default`")),
        "{text}"
    );
    assert!(text.contains("colors: truecolor"), "{text}");
    assert!(text.contains("detected: COLORTERM=truecolor"), "{text}");

    let dir = dir_with(&[
        ("config.yaml", "theme: mine\nlog_tail_lines: 50\n"),
        ("themes/mine.yaml", "extends: gruvbox\n"),
    ]);
    let text = stdout(&kview(dir.path(), &["--print-config", "--keymap", "emacs"]));
    let theme = text.lines().find(|l| l.starts_with("theme:")).unwrap();
    assert!(theme.contains("# config.yaml: "), "{theme}");
    assert!(
        theme.ends_with("mine.yaml → built-in theme `gruvbox` → built-in theme `default`"),
        "{theme}"
    );
    let keymap = text.lines().find(|l| l.starts_with("keymap:")).unwrap();
    assert!(keymap.contains("keymap: emacs"), "{keymap}");
    assert!(
        keymap.contains("# --keymap: built-in keymap `emacs`"),
        "{keymap}"
    );
    assert!(
        text.lines()
            .any(|l| l.starts_with("log_tail_lines: 50") && l.ends_with("# config.yaml")),
        "{text}"
    );
}

#[test]
fn check_config_accepts_a_good_configuration() {
    let dir = dir_with(&[
        (
            "config.yaml",
            "keymap: mine\ncontexts:\n  prod:\n    readonly: true\n",
        ),
        ("keymaps/mine.yaml", "extends: vim\npods:\n  L: logs\n"),
        ("themes/a.yaml", "extends: b\n"),
        ("themes/b.yaml", "extends: nord\n"),
    ]);
    let text = stdout(&kview(dir.path(), &["--check-config", "--theme", "a"]));
    assert!(text.starts_with("configuration ok: theme a ("), "{text}");
    assert!(text.contains("keymap mine ("), "{text}");
}

/// Files in the config directory, the arguments, and what the error must say.
type Mistake = (
    &'static [(&'static str, &'static str)],
    &'static [&'static str],
    &'static [&'static str],
);

#[test]
fn each_kind_of_mistake_is_one_precise_line_before_the_tui() {
    let cases: &[Mistake] = &[
        (
            &[("keymaps/k.yaml", "table:\n  j: move_down\n  x: explode\n")],
            &["--keymap", "k"],
            &[
                "keymaps/k.yaml: ",
                "unknown action `explode` for key `x`",
                "line 3",
            ],
        ),
        (
            &[("keymaps/k.yaml", "pods:\n  hyper-x: logs\n")],
            &["--keymap", "k"],
            &["keymaps/k.yaml: ", "unknown key `hyper-x`", "line 2"],
        ),
        (
            &[("keymaps/k.yaml", "table:\n  G: bottom\n  shift-g: top\n")],
            &["--keymap", "k"],
            &["duplicate key `shift-g` (already bound as `G`)", "line 3"],
        ),
        (
            &[("themes/t.yaml", "styles:\n  status.failed: '#ff00'\n")],
            &["--theme", "t"],
            &["themes/t.yaml: ", "bad color `#ff00`", "line 2"],
        ),
        (
            &[("themes/t.yaml", "styles:\n  status.faild: red\n")],
            &["--theme", "t"],
            &["unknown theme entry `status.faild`", "line 2"],
        ),
        (
            &[],
            &["--theme", "solarised"],
            &["no theme named `solarised` (available: default, light,"],
        ),
        (
            &[],
            &["--keymap", "helix"],
            &["no keymap named `helix` (available: default, vim, emacs)"],
        ),
        (
            &[("themes/t.yaml", "extends: t2\n")],
            &["--theme", "t"],
            &["themes/t.yaml: extends unknown theme `t2`"],
        ),
        (
            &[("config.yaml", "theme: nord\nmouse: maybe\n")],
            &[],
            &["config.yaml: ", "mouse", "line 2"],
        ),
        (
            &[("config.yaml", "contexts:\n  prod:\n    confirm: twice\n")],
            &[],
            &["config.yaml: ", "unknown variant `twice`", "line 3"],
        ),
        (
            &[("config.yaml", "theme: midnight\n")],
            &[],
            &["no theme named `midnight`"],
        ),
    ];
    for (files, args, expected) in cases {
        let dir = dir_with(files);
        // Both before the dashboard starts and in --check-config.
        for mode in [&["--demo"][..], &["--check-config"], &["--print-config"]] {
            let mut all: Vec<&str> = mode.to_vec();
            all.extend_from_slice(args);
            let err = one_line_error(&kview(dir.path(), &all));
            assert!(err.starts_with("kview: "), "{err}");
            for part in *expected {
                assert!(err.contains(part), "{all:?}: `{part}` missing in: {err}");
            }
        }
    }
}

#[test]
fn check_config_finds_problems_in_files_not_in_use() {
    let dir = dir_with(&[
        ("themes/old.yaml", "styles:\n  ui.border: blu\n"),
        ("keymaps/old.yaml", "global:\n  q: quit\n  q: help\n"),
    ]);
    let out = kview(dir.path(), &["--check-config"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 3, "{err}");
    assert!(
        lines[0].contains("themes/old.yaml: ")
            && lines[0].contains("ui.border: unknown color `blu`"),
        "{err}"
    );
    assert!(
        lines[1].contains("keymaps/old.yaml: ") && lines[1].contains("duplicate key `q`"),
        "{err}"
    );
    assert!(lines[2].contains("2 problem(s)"), "{err}");
}
