//! The dashboard in several themes and keymaps: colors read back from the `TestBackend`
//! buffer (insta's text snapshots cannot see them), snapshots of a few rows with their styles,
//! and the footer and help following the keymap.

use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

use super::tests::{cluster, render_with};
use crate::config::{Keymap, Meaning, Theme};
use crate::state::State;

fn draw_in(state: &State, theme: &str) -> Buffer {
    let theme = Theme::builtin(theme).unwrap();
    render_with(state, 120, 40, &theme, &Keymap::builtin("default").unwrap())
}

fn row_text(buffer: &Buffer, y: u16) -> String {
    (0..buffer.area.width)
        .map(|x| buffer[(x, y)].symbol().to_owned())
        .collect()
}

/// The cell where `needle` starts.
fn find(buffer: &Buffer, needle: &str) -> (u16, u16) {
    (0..buffer.area.height)
        .find_map(|y| {
            let line = row_text(buffer, y);
            line.find(needle)
                .map(|x| (line[..x].chars().count() as u16, y))
        })
        .unwrap_or_else(|| panic!("{needle} not drawn"))
}

fn color_name(color: Color) -> String {
    match color {
        Color::Rgb(r, g, b) => format!("#{r:02x}{g:02x}{b:02x}"),
        Color::Reset => "-".to_owned(),
        other => format!("{other:?}").to_lowercase(),
    }
}

/// One row as runs of equally styled cells: `[fg on bg +mods] "text"`.
fn styled_row(buffer: &Buffer, y: u16) -> String {
    let mut runs: Vec<(String, String)> = Vec::new();
    for x in 0..buffer.area.width {
        let cell = &buffer[(x, y)];
        let mut style = format!("{} on {}", color_name(cell.fg), color_name(cell.bg));
        for (modifier, name) in [
            (Modifier::BOLD, "bold"),
            (Modifier::ITALIC, "italic"),
            (Modifier::UNDERLINED, "underlined"),
            (Modifier::REVERSED, "reversed"),
        ] {
            if cell.modifier.contains(modifier) {
                style.push_str(" +");
                style.push_str(name);
            }
        }
        match runs.last_mut() {
            Some((last, text)) if *last == style => text.push_str(cell.symbol()),
            _ => runs.push((style, cell.symbol().to_owned())),
        }
    }
    let mut out = String::new();
    for (style, text) in runs {
        out.push_str(&format!("  [{style}] {text:?}\n"));
    }
    out
}

/// The header, the pods' title, column header and first rows, a failing pod, and the footer.
fn styled_snapshot(theme: &str) -> String {
    let buffer = draw_in(&cluster(), theme);
    let (_, failing) = find(&buffer, "CrashLoopBackOff");
    let mut out = String::new();
    for y in [0, 1, 2, 3, 4, failing, buffer.area.height - 1] {
        out.push_str(&format!("row {y}:\n{}", styled_row(&buffer, y)));
    }
    out
}

#[test]
fn dashboard_styled_default() {
    insta::assert_snapshot!("dashboard_styled_default", styled_snapshot("default"));
}

#[test]
fn dashboard_styled_dracula() {
    insta::assert_snapshot!("dashboard_styled_dracula", styled_snapshot("dracula"));
}

#[test]
fn cells_take_the_colors_of_each_theme() {
    let state = cluster();
    let mut seen_headers = Vec::new();
    for name in ["light", "dracula", "high-contrast"] {
        let theme = Theme::builtin(name).unwrap();
        let buffer = draw_in(&state, name);
        let style = |m: Meaning| theme.style(m);
        // The header bar.
        let header = &buffer[(30, 0)];
        assert_eq!(Some(header.bg), style(Meaning::UiHeader).bg, "{name}");
        seen_headers.push(header.bg);
        // The focused pane's border, and an unfocused one.
        assert_eq!(
            Some(buffer[(0, 1)].fg),
            style(Meaning::UiBorderFocused).fg,
            "{name}"
        );
        let (x, y) = find(&buffer, "Deployments (");
        assert_eq!(Some(buffer[(x - 2, y)].fg), style(Meaning::UiBorder).fg);
        // Status classes.
        let (x, y) = find(&buffer, "CrashLoopBackOff");
        assert_eq!(Some(buffer[(x, y)].fg), style(Meaning::StatusFailed).fg);
        assert!(buffer[(x, y)].modifier.contains(Modifier::BOLD), "{name}");
        let (x, y) = find(&buffer, "Pending");
        assert_eq!(Some(buffer[(x, y)].fg), style(Meaning::StatusPending).fg);
        // The selected row, across its width; the screen's background elsewhere.
        let (_, y) = find(&buffer, "report-28473920");
        assert_eq!(Some(buffer[(60, y)].bg), style(Meaning::UiSelected).bg);
        let (_, y) = find(&buffer, "pending-job-runner");
        assert_eq!(
            Some(buffer[(60, y)].bg),
            style(Meaning::UiBase).bg,
            "{name}"
        );
        // Key names in the footer.
        let (x, y) = find(&buffer, "<?>");
        assert_eq!(Some(buffer[(x, y)].fg), style(Meaning::UiKey).fg);
    }
    seen_headers.dedup();
    assert_eq!(seen_headers.len(), 3, "every theme looks different");
}

#[test]
fn footer_and_help_follow_the_keymap() {
    let mut state = cluster();
    let theme = Theme::builtin("default").unwrap();
    let vim = Keymap::builtin("vim").unwrap();
    let buffer = render_with(&state, 120, 40, &theme, &vim);
    let footer = row_text(&buffer, 39);
    assert!(footer.contains("<x> delete"), "{footer}");
    assert!(!footer.contains("ctrl-d"), "{footer}");
    state.help_open = true;
    let buffer = render_with(&state, 120, 40, &theme, &vim);
    let screen: String = (0..40).map(|y| row_text(&buffer, y) + "\n").collect();
    insta::assert_snapshot!("help_screen_vim", screen);
}

#[test]
fn read_only_badge_and_the_name_prompt() {
    use crate::config::{Confirmation, ContextPolicy};
    use crate::resources::{ObjKey, ResourceKind};
    use crate::state::Prompt;

    let mut state = cluster();
    state.policy = ContextPolicy {
        readonly: true,
        confirm: Confirmation::Name,
    };
    state.prompt = Some(Prompt::ConfirmDelete {
        kind: ResourceKind::Pod,
        key: ObjKey::new("shop", "search-0"),
        line: "sea".to_owned(),
    });
    let theme = Theme::builtin("default").unwrap();
    let buffer = draw_in(&state, "default");
    let header = row_text(&buffer, 0);
    assert!(
        header.starts_with(" kview  read-only  │ context: kind-dev"),
        "{header}"
    );
    let (x, y) = find(&buffer, "read-only");
    assert_eq!(Some(buffer[(x, y)].bg), theme.style(Meaning::UiReadonly).bg);
    let prompt = row_text(&buffer, 39);
    assert_eq!(
        prompt.trim_end(),
        "delete pod shop/search-0? type its name to confirm (esc cancels): sea"
    );
}
