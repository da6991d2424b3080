//! Modal dialogs drawn over the dashboard (the delete confirmation), with their keys taken
//! from the keymap's `dialog` section.
//!
//! Owns the dialog's look. Must not mutate state.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Widget};

use super::text::width;
use crate::config::{Action, Keymap, Meaning, Section, Theme};
use crate::sanitize::sanitize;
use crate::state::Dialog;

pub fn draw_dialog(buf: &mut Buffer, dialog: &Dialog, theme: &Theme, keymap: &Keymap) {
    let Dialog::ConfirmDelete { kind, key } = dialog;
    let question = format!(
        "Delete {} {}?",
        kind.plural().trim_end_matches('s'),
        sanitize(&key.to_string())
    );
    let key_for = |action| {
        keymap
            .key_for(&[Section::Dialog], action)
            .map_or_else(|| "?".to_owned(), |k| k.to_string())
    };
    let key_style = theme.style(Meaning::UiKey);
    let answers = Line::from(vec![
        Span::styled(format!("<{}>", key_for(Action::Confirm)), key_style),
        Span::raw(" delete    "),
        Span::styled(format!("<{}>", key_for(Action::Back)), key_style),
        Span::raw(" cancel"),
    ]);
    let screen = buf.area;
    let w = (width(&question) as u16 + 6).clamp(30, screen.width.saturating_sub(4).max(1));
    let area = Rect::new(
        screen.x + screen.width.saturating_sub(w) / 2,
        screen.y + screen.height.saturating_sub(5) / 2,
        w.min(screen.width),
        5.min(screen.height),
    );
    Clear.render(area, buf);
    buf.set_style(area, theme.style(Meaning::UiBase));
    let block = Block::bordered()
        .border_type(BorderType::Thick)
        .border_style(theme.style(Meaning::StatusFailed))
        .title(" Confirm ");
    Paragraph::new(vec![Line::from(question), Line::raw(""), answers])
        .alignment(Alignment::Center)
        .block(block)
        .render(area, buf);
}
