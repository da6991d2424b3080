//! End to end: the real `kview --demo` in a pseudo-terminal with a user config directory
//! (`KVIEW_CONFIG_DIR`): a user keymap rebinding keys shows in the footer and help, a user
//! theme's colors reach the terminal, `:theme`/`:keymap` switch live, a read-only context
//! refuses changes, and the mouse focuses, selects and scrolls.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test support code

mod common;

use std::ffi::OsStr;
use std::path::Path;

use common::pty::{Session, line_with};
use vt100::Color;

/// A config directory holding `files` (path → text).
fn config_dir(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

fn start(dir: &Path, args: &[&str], extra: &[(&str, &str)]) -> Session {
    let mut env: Vec<(&str, &OsStr)> = vec![
        ("KVIEW_CONFIG_DIR", dir.as_os_str()),
        ("COLORTERM", OsStr::new("truecolor")),
    ];
    env.extend(extra.iter().map(|(k, v)| (*k, OsStr::new(*v))));
    let mut all = vec!["--demo"];
    all.extend_from_slice(args);
    Session::start_with_env(&all, &env)
}

fn wait_for_rows(s: &Session) -> String {
    // The footer is the last thing a frame writes: wait for it too, so the whole frame is in.
    s.wait_for("pod rows and the footer", |t| {
        t.contains("Pods (") && t.contains("Running") && footer(t).contains("help")
    })
}

fn footer(screen: &str) -> &str {
    screen.lines().last().unwrap_or_default()
}

/// The row (0-based) of the first screen line containing `needle`.
fn row_of(screen: &str, needle: &str) -> u16 {
    screen
        .lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle} not on screen:\n{screen}")) as u16
}

const MY_KEYMAP: &str = "extends: default\npods:\n  l: no_op\n  L: logs\n";
const MY_THEME: &str = "extends: nord\nstyles:\n  ui.header: { fg: black, bg: '#ff00ff' }\n";

#[test]
fn a_user_keymap_and_theme_from_the_config_dir_are_used() {
    let dir = config_dir(&[
        ("config.yaml", "keymap: mine\n"),
        ("keymaps/mine.yaml", MY_KEYMAP),
        ("themes/mine.yaml", MY_THEME),
    ]);
    let mut s = start(dir.path(), &["--theme", "mine"], &[]);
    wait_for_rows(&s);
    // Row hints appear once a row is selected; wait for them rather than read one frame.
    let screen = s.wait_for("the rebound key in the footer", |t| {
        footer(t).contains("<L> logs")
    });
    let hints = footer(&screen);
    assert!(
        !hints.contains("<l>"),
        "old key gone from the footer: {hints}"
    );

    // The user's header color, and nord's (the parent's) focused border.
    assert_eq!(s.colors_at(0, 20).1, Color::Rgb(0xff, 0, 0xff));
    let pods_row = row_of(&screen, "┏ Pods");
    assert_eq!(s.colors_at(pods_row, 0).0, Color::Rgb(0x88, 0xc0, 0xd0));

    s.keys("?");
    let help = s.wait_for("help", |t| t.contains("keys from the active keymap"));
    let logs = line_with(&help, "Logs of the selected pod").expect("logs in help");
    let keys = &logs[..logs.find("Logs of the selected pod").unwrap()];
    assert!(
        keys.trim_end().ends_with(" L"),
        "help shows the rebound key: {logs}"
    );
    s.keys("\u{1b}");
    // A key sent right after Esc would read as Alt+key: wait for the overlay to close.
    s.wait_for("the overlay closed", |t| !t.contains("Recent actions"));
    s.wait_for("help closed", |t| {
        !t.contains("keys from the active keymap")
    });
    s.keys("q");
    assert!(s.wait_exit().success());
    s.assert_restored();
}

#[test]
fn theme_and_keymap_switch_live_and_bad_names_are_toasts() {
    let dir = config_dir(&[("keymaps/broken.yaml", "table:\n  j: jump\n")]);
    let mut s = start(dir.path(), &[], &[]);
    wait_for_rows(&s);
    let default_header = s.colors_at(0, 20).1;
    assert_eq!(default_header, Color::Rgb(0x26, 0x26, 0x26));

    s.keys(":theme light\r");
    s.wait_for("the theme toast", |t| t.contains("theme light"));
    assert_eq!(s.colors_at(0, 20).1, Color::Rgb(0xd0, 0xd0, 0xd0));

    s.keys(":theme nope\r");
    s.wait_for("an unknown theme refused", |t| {
        t.contains("no theme named `nope`")
    });
    assert_eq!(s.colors_at(0, 20).1, Color::Rgb(0xd0, 0xd0, 0xd0), "kept");

    s.keys(":keymap vim\r");
    let screen = s.wait_for("vim keys in the footer", |t| {
        footer(t).contains("<x> delete")
    });
    assert!(!footer(&screen).contains("ctrl-d"), "{screen}");

    s.keys(":keymap broken\r");
    let screen = s.wait_for("a broken keymap refused", |t| t.contains("broken.yaml"));
    assert!(screen.contains("unknown action `jump`"), "{screen}");
    assert!(footer(&screen).contains("<x> delete"), "vim kept: {screen}");

    s.keys("q");
    assert!(s.wait_exit().success());
}

#[test]
fn a_read_only_context_refuses_changes_and_name_confirmation_is_asked() {
    let config = "contexts:\n  kview-sim:\n    readonly: true\n    confirm: name\n\
                  aliases:\n  dp: deploy\n";
    let dir = config_dir(&[("config.yaml", config)]);
    let mut s = start(dir.path(), &[], &[]);
    let screen = wait_for_rows(&s);
    assert!(
        screen.lines().next().unwrap().contains("read-only"),
        "{screen}"
    );

    s.keys(":dp\r");
    s.wait_for("deployments focused by the alias", |t| {
        line_with(t, "┏").is_some_and(|l| l.contains("Deployments"))
    });
    s.keys("+");
    s.wait_for("the refusal, saying why", |t| {
        t.contains("context kview-sim is read-only in config.yaml")
    });
    s.keys("H");
    s.wait_for("the refusal in the recent actions", |t| {
        t.contains("Recent actions") && t.contains("⊘ scale deployment")
    });
    s.keys("\u{1b}");
    // A key sent right after Esc would read as Alt+key: wait for the overlay to close.
    s.wait_for("the overlay closed", |t| !t.contains("Recent actions"));

    s.keys("\u{4}"); // ctrl-d
    s.wait_for("the name prompt", |t| {
        t.contains("type its name to confirm")
    });
    s.keys("wrong\r");
    s.wait_for("nothing deleted", |t| t.contains("not deleted: `wrong`"));
    s.keys("q");
    assert!(s.wait_exit().success());
}

#[test]
fn clicks_focus_and_select_and_the_wheel_scrolls() {
    let dir = config_dir(&[]);
    let mut s = start(dir.path(), &[], &[]);
    wait_for_rows(&s);
    // The pods pane is drawn as soon as its rows arrive; the click below needs the
    // deployments' rows too.
    let screen = s.wait_for("deployment rows and the footer", |t| {
        t.contains("Deployments (") && !t.contains("Deployments (0)") && footer(t).contains("help")
    });
    let selection = Color::Rgb(0x30, 0x3a, 0x4a);
    let pods_top = row_of(&screen, "┏ Pods");
    assert_eq!(
        s.colors_at(pods_top + 2, 5).1,
        selection,
        "first row selected"
    );

    // Click the second row of Deployments (1-based coordinates in SGR mouse reports).
    let deployments_top = row_of(&screen, "Deployments (");
    let row = deployments_top + 3;
    s.keys(&format!("\u{1b}[<0;6;{}M\u{1b}[<0;6;{}m", row + 1, row + 1));
    s.wait_for("deployments focused", |t| {
        line_with(t, "┏").is_some_and(|l| l.contains("Deployments"))
    });
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while s.colors_at(row, 5).1 != selection {
        assert!(std::time::Instant::now() < deadline, "clicked row selected");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert_ne!(s.colors_at(row - 1, 5).1, selection);

    // One wheel step down over the pods: focus comes back and the selection moves down.
    s.keys(&format!("\u{1b}[<65;10;{}M", pods_top + 6));
    s.wait_for("pods focused", |t| {
        line_with(t, "┏").is_some_and(|l| l.contains("Pods"))
    });
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let selected: Vec<u16> = (pods_top + 2..pods_top + 20)
            .filter(|r| s.colors_at(*r, 5).1 == selection)
            .collect();
        if selected.len() == 1 && selected[0] > pods_top + 3 {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "wheel moved the selection: {selected:?}"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    s.keys("q");
    assert!(s.wait_exit().success());
    s.assert_restored();
}

#[test]
fn mouse_can_be_turned_off_and_no_color_is_honoured() {
    let dir = config_dir(&[("config.yaml", "mouse: false\n")]);
    let mut s = start(dir.path(), &[], &[("NO_COLOR", "1")]);
    wait_for_rows(&s);
    assert_eq!(s.colors_at(0, 20), (Color::Default, Color::Default));
    let raw = String::from_utf8_lossy(&s.raw()).into_owned();
    assert!(!raw.contains("\u{1b}[?1000h"), "mouse not captured");
    assert!(!raw.contains("\u{1b}[38;2;"), "no colors at all");
    s.keys("q");
    assert!(s.wait_exit().success());
    s.assert_restored();
}
