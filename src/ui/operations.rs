//! The recent-actions overlay: every mutation the user started this session, newest first,
//! with when it last changed, where it stands and the outcome's message (the API's words on
//! failure).
//!
//! Owns the overlay's look. Must not mutate state.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Widget};

use super::text::{clock, truncate};
use crate::cluster::OpStatus;
use crate::config::{Action, Keymap, Meaning, Section, Theme};
use crate::sanitize::sanitize;
use crate::state::State;

/// Draws the overlay over `area` (the dashboard's body).
pub fn draw_operations(
    buf: &mut Buffer,
    area: Rect,
    state: &State,
    theme: &Theme,
    keymap: &Keymap,
) {
    if area.width < 20 || area.height < 4 {
        return;
    }
    let close = keymap
        .key_for(&[Section::Dialog], Action::Back)
        .map_or_else(String::new, |k| format!(" <{k}> close "));
    let block = Block::bordered()
        .border_type(BorderType::Thick)
        .border_style(theme.style(Meaning::UiBorderFocused))
        .title(Line::from(format!(
            " Recent actions ({}) ",
            state.operations.len()
        )))
        .title_bottom(Line::from(close).right_aligned());
    Clear.render(area, buf);
    let inner = block.inner(area);
    block.render(area, buf);
    let room = usize::from(inner.width.saturating_sub(2));
    let mut lines: Vec<Line<'_>> = Vec::new();
    if state.operations.is_empty() {
        lines.push(Line::styled(
            "No actions yet: scale, restart, delete, cordon or drain from a row.",
            theme.style(Meaning::UiFooter),
        ));
    }
    for op in state.operations.iter().rev() {
        let (icon, meaning, message) = match &op.status {
            OpStatus::Pending => ("…", Meaning::StatusPending, None),
            OpStatus::Progress(text) => ("⟳", Meaning::StatusPending, Some(text)),
            OpStatus::Succeeded(text) => ("✔", Meaning::StatusRunning, Some(text)),
            OpStatus::Failed(text) => ("✖", Meaning::StatusFailed, Some(text)),
            OpStatus::Refused(text) => ("⊘", Meaning::ToastWarn, Some(text)),
        };
        let when = clock(op.updated_unix, state.utc_offset_secs);
        let head = format!("{when}  {icon} {}", sanitize(&op.label));
        lines.push(Line::from(vec![Span::styled(
            truncate(&head, room).into_owned(),
            Style::default().add_modifier(Modifier::BOLD),
        )]));
        if let Some(message) = message {
            let text = format!("          {}", sanitize(message));
            lines.push(Line::styled(
                truncate(&text, room).into_owned(),
                theme.style(meaning),
            ));
        }
    }
    for (i, line) in lines
        .into_iter()
        .take(usize::from(inner.height))
        .enumerate()
    {
        let y = inner.y + i as u16;
        line.render(
            Rect::new(inner.x + 1, y, inner.width.saturating_sub(2), 1),
            buf,
        );
    }
}
