//! Modal dialogs drawn over the dashboard: the confirmations of delete, scale to 0, restart
//! and drain, each naming the object and the context it lives in, with their keys taken from
//! the keymap's `dialog` section.
//!
//! Owns the dialogs' wording and look. Must not mutate state.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Widget, Wrap};

use super::text::width;
use crate::config::{Action, Keymap, Meaning, Section, Theme};
use crate::sanitize::sanitize;
use crate::state::Dialog;

/// The question, what follows from a yes, and the word on the yes key.
fn wording(dialog: &Dialog, context: &str) -> (String, &'static str, &'static str) {
    let context = sanitize(context);
    match dialog {
        Dialog::ConfirmDelete { kind, key } => (
            format!(
                "Delete {} {} in context {context}?",
                kind.singular(),
                sanitize(&key.to_string())
            ),
            "",
            "delete",
        ),
        Dialog::ConfirmScale { key, replicas } => (
            format!(
                "Scale deployment {} to {replicas} in context {context}?",
                sanitize(&key.to_string())
            ),
            "Every pod of the deployment stops.",
            "scale",
        ),
        Dialog::ConfirmRestart { key } => (
            format!(
                "Restart deployment {} in context {context}?",
                sanitize(&key.to_string())
            ),
            "Its pods are replaced, a few at a time.",
            "restart",
        ),
        Dialog::ConfirmDrain { key } => (
            format!(
                "Drain node {} in context {context}?",
                sanitize(&key.to_string())
            ),
            "Cordons it and evicts its pods; DaemonSet, mirror and unmanaged pods stay.",
            "drain",
        ),
    }
}

pub fn draw_dialog(
    buf: &mut Buffer,
    dialog: &Dialog,
    context: &str,
    theme: &Theme,
    keymap: &Keymap,
) {
    let (question, detail, verb) = wording(dialog, context);
    let key_for = |action| {
        keymap
            .key_for(&[Section::Dialog], action)
            .map_or_else(|| "?".to_owned(), |k| k.to_string())
    };
    let key_style = theme.style(Meaning::UiKey);
    let answers = Line::from(vec![
        Span::styled(format!("<{}>", key_for(Action::Confirm)), key_style),
        Span::raw(format!(" {verb}    ")),
        Span::styled(format!("<{}>", key_for(Action::Back)), key_style),
        Span::raw(" cancel"),
    ]);
    let screen = buf.area;
    let max_width = screen.width.saturating_sub(4).max(1);
    let text_width = width(&question).max(width(detail)) as u16;
    let w = (text_width + 6).clamp(30.min(max_width), max_width);
    let inner_width = usize::from(w.saturating_sub(4).max(1));
    // Lines each text wraps to inside the border and padding.
    let lines_of = |text: &str| width(text).div_ceil(inner_width).max(1) as u16;
    let mut lines = vec![Line::from(question.clone())];
    let mut height = 4 + lines_of(&question);
    if !detail.is_empty() {
        lines.push(Line::from(detail));
        height += lines_of(detail);
    }
    lines.push(Line::raw(""));
    lines.push(answers);
    let height = height.min(screen.height);
    let area = Rect::new(
        screen.x + screen.width.saturating_sub(w) / 2,
        screen.y + screen.height.saturating_sub(height) / 2,
        w.min(screen.width),
        height,
    );
    Clear.render(area, buf);
    buf.set_style(area, theme.style(Meaning::UiBase));
    let block = Block::bordered()
        .border_type(BorderType::Thick)
        .border_style(theme.style(Meaning::StatusFailed))
        .title(" Confirm ");
    Paragraph::new(lines)
        .alignment(Alignment::Center)
        .wrap(Wrap { trim: true })
        .block(block)
        .render(area, buf);
}
