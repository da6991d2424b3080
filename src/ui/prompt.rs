//! The prompt line that replaces the footer while typing: `/` filter (with its error),
//! `:` command, the replica count of a scale, or the name that confirms a deletion.
//!
//! Owns the prompt's look and the terminal cursor position. Must not mutate state.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::text::width;
use crate::config::{Meaning, Theme};
use crate::sanitize::sanitize;
use crate::state::Prompt;

pub fn draw_prompt(frame: &mut Frame<'_>, area: Rect, prompt: &Prompt, theme: &Theme) {
    let style = theme.style(Meaning::UiPrompt);
    let (lead, line, error) = match prompt {
        Prompt::Filter { line, error } => ("/".to_owned(), line, error.as_deref()),
        Prompt::Command { line } => (":".to_owned(), line, None),
        Prompt::Search { line } => ("search: ".to_owned(), line, None),
        Prompt::Scale { key, line } => (
            format!("scale {} to replicas: ", sanitize(&key.name)),
            line,
            None,
        ),
        Prompt::ConfirmDelete { kind, key, line } => (
            format!(
                "delete {} {}? type its name to confirm (esc cancels): ",
                kind.plural().trim_end_matches('s'),
                sanitize(&key.to_string())
            ),
            line,
            None,
        ),
    };
    let typed = sanitize(line);
    let cursor_x = area.x + (width(&lead) + width(&typed)) as u16;
    let mut spans = vec![
        Span::styled(lead, style),
        Span::styled(typed.into_owned(), style),
    ];
    if let Some(error) = error {
        spans.push(Span::styled(
            format!("   ✖ {}", sanitize(error)),
            theme.style(Meaning::StatusFailed),
        ));
    }
    let buf = frame.buffer_mut();
    buf.set_style(area, theme.style(Meaning::UiFooter));
    Line::from(spans).render(area, buf);
    if cursor_x < area.right() {
        frame.set_cursor_position(Position::new(cursor_x, area.y));
    }
}
