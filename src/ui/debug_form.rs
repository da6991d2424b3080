//! The `D` form drawn over the dashboard: the pod, its four fields (the focused one marked),
//! and the keys that drive it.
//!
//! Owns the form's look. Must not mutate state.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Widget};

use crate::config::{Meaning, Theme};
use crate::sanitize::sanitize;
use crate::state::debug_form::{DebugForm, Field};

pub fn draw_debug_form(buf: &mut Buffer, form: &DebugForm, theme: &Theme) {
    let screen = buf.area;
    let w = 64.min(screen.width);
    let h = 10.min(screen.height);
    let area = Rect::new(
        screen.x + screen.width.saturating_sub(w) / 2,
        screen.y + screen.height.saturating_sub(h) / 2,
        w,
        h,
    );
    Clear.render(area, buf);
    buf.set_style(area, theme.style(Meaning::UiBase));
    let key = theme.style(Meaning::UiKey);
    let focus = theme.style(Meaning::UiPrompt);
    let profile = format!("‹ {} ›", form.profile.name());
    let target = if form.target.is_empty() {
        "(first container)".to_owned()
    } else {
        sanitize(&form.target).into_owned()
    };
    let command = if form.command.is_empty() {
        "(the image's own)".to_owned()
    } else {
        sanitize(&form.command).into_owned()
    };
    let row = |field: Field, label: &str, value: String| {
        let on = form.field == field;
        let marker = if on { "▶ " } else { "  " };
        let value_style = if on {
            focus
        } else {
            theme.style(Meaning::UiBase)
        };
        Line::from(vec![
            Span::raw(format!("{marker}{label:<10}")),
            Span::styled(value, value_style),
        ])
    };
    let lines = vec![
        Line::from(format!("Pod {}", sanitize(&form.pod.to_string()))),
        Line::raw(""),
        row(Field::Image, "image", sanitize(&form.image).into_owned()),
        row(Field::Target, "target", target),
        row(Field::Profile, "profile", profile),
        row(Field::Command, "command", command),
        Line::raw(""),
        Line::from(vec![
            Span::styled("<enter>", key),
            Span::raw(" start  "),
            Span::styled("<tab>", key),
            Span::raw(" next field  "),
            Span::styled("<←/→>", key),
            Span::raw(" choose  "),
            Span::styled("<esc>", key),
            Span::raw(" cancel"),
        ]),
    ];
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(theme.style(Meaning::UiKey))
        .title(" Debug container ");
    Paragraph::new(lines).block(block).render(area, buf);
}
