//! End to end: the terminal survives kview. A panic with the dashboard on screen hands the
//! terminal back (alternate screen left, cursor shown, raw mode off) before the panic message
//! is printed; a storm of resizes ends with a correct screen at the final size and keys that
//! still work.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test support code

mod common;

use common::pty::{Session, line_with};

#[test]
fn a_panic_restores_the_terminal_before_printing_the_message() {
    let mut s = Session::start_with(&["--demo"], &[("KVIEW_DEBUG_PANIC", "1")]);
    let status = s.wait_exit();
    assert!(!status.success(), "a panic is a failure exit");
    s.assert_restored();
    if let Some(cooked) = s.cooked() {
        assert!(cooked, "raw mode switched off");
    }
    let raw = String::from_utf8_lossy(&s.raw()).into_owned();
    // The first restore after the dashboard was drawn (dropping the guard while unwinding
    // restores again, later).
    let entered = raw.rfind("\u{1b}[?1049h").unwrap();
    let left = entered + raw[entered..].find("\u{1b}[?1049l").unwrap();
    let message = raw
        .find("panicking on purpose")
        .expect("the panic message reaches stderr");
    assert!(
        message > left,
        "the message is printed after the alternate screen is left, where the user sees it"
    );
    assert!(raw[left..].contains("panicked at"), "{}", &raw[left..]);
}

#[test]
fn after_a_resize_storm_the_screen_fits_the_final_size_and_keys_work() {
    let mut s = Session::start(&["--demo"]);
    s.wait_for("pod rows", |t| {
        t.contains("Pods (") && t.contains("Running")
    });
    if let Some(cooked) = s.cooked() {
        assert!(!cooked, "raw mode while the dashboard runs");
    }
    // Sizes all over the place, tiny ones included, as fast as they come.
    let mut seed: u32 = 7;
    for _ in 0..400 {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        let rows = 3 + (seed >> 16) as u16 % 60;
        let cols = 10 + (seed >> 8) as u16 % 200;
        s.resize(rows, cols);
    }
    let (rows, cols) = (30u16, 100u16);
    s.resize(rows, cols);
    let screen = s.wait_for("the dashboard at 100x30", |t| {
        let lines: Vec<&str> = t.lines().collect();
        lines.len() <= rows as usize
            && lines.first().is_some_and(|l| l.contains("context:"))
            && lines
                .get(rows as usize - 1)
                .is_some_and(|l| l.contains("help"))
            && lines.iter().any(|l| {
                l.starts_with('┏') && l.chars().count() == cols as usize && l.ends_with('┓')
            })
            && t.contains("Running")
    });
    assert!(
        line_with(&screen, "┏").is_some_and(|l| l.contains("Pods")),
        "pods still focused:\n{screen}"
    );
    s.keys(":deploy\r");
    s.wait_for("deployments focused after the storm", |t| {
        line_with(t, "┏").is_some_and(|l| l.contains("Deployments"))
    });
    s.keys("q");
    assert!(s.wait_exit().success());
    s.assert_restored();
    if let Some(cooked) = s.cooked() {
        assert!(cooked, "raw mode switched off on quit");
    }
}
