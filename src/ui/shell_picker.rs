//! The container picker of `x`/`a` over the dashboard: the pod, its containers with their kind
//! and state (the highlighted one is what Enter opens; those that do not run are dimmed), in
//! the look of the log view's container picker.
//!
//! Owns the picker's look. Must not mutate state.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::{Block, BorderType, Clear, Widget};

use super::text::{truncate, width};
use crate::cluster::debug::ShellKind;
use crate::cluster::logs::ContainerKind;
use crate::cluster::shell_target::is_running;
use crate::config::{Meaning, Theme};
use crate::sanitize::sanitize;
use crate::state::shell_picker::ShellPicker;

pub fn draw_shell_picker(buf: &mut Buffer, picker: &ShellPicker, theme: &Theme) {
    let screen = buf.area;
    let what = match &picker.kind {
        ShellKind::Attach => "Attach to",
        ShellKind::Exec(_) | ShellKind::Shell(_) => "Shell in",
    };
    let title = format!(
        " {what} {} · enter chooses · esc closes ",
        sanitize(&picker.targets.pod.to_string())
    );
    let labels: Vec<String> = picker
        .targets
        .containers
        .iter()
        .map(|c| {
            let kind = match c.kind {
                ContainerKind::Init => " (sidecar)",
                ContainerKind::Main => "",
                ContainerKind::Ephemeral => " (ephemeral)",
            };
            format!("{}{kind}", sanitize(&c.name))
        })
        .collect();
    let label_width = labels.iter().map(|l| width(l)).max().unwrap_or(0);
    let entries: Vec<(String, bool)> = picker
        .targets
        .containers
        .iter()
        .zip(&labels)
        .map(|(c, label)| {
            let pad = " ".repeat(label_width - width(label) + 2);
            (format!("{label}{pad}{}", sanitize(&c.state)), is_running(c))
        })
        .collect();
    let inner_width = entries
        .iter()
        .map(|(t, _)| width(t) + 2)
        .chain(std::iter::once(width(&title)))
        .max()
        .unwrap_or(20)
        .max(40);
    let w = (inner_width as u16 + 2).min(screen.width);
    let h = (entries.len() as u16 + 2).min(screen.height);
    if w < 10 || h < 3 {
        return;
    }
    let area = Rect::new(
        screen.x + (screen.width - w) / 2,
        screen.y + (screen.height - h) / 2,
        w,
        h,
    );
    Clear.render(area, buf);
    buf.set_style(area, theme.style(Meaning::UiBase));
    let block = Block::bordered()
        .border_type(BorderType::Thick)
        .border_style(theme.style(Meaning::UiBorderFocused))
        .title(title);
    let inner = block.inner(area);
    block.render(area, buf);
    let room = usize::from(inner.width);
    for (i, (text, running)) in entries.iter().enumerate().take(usize::from(inner.height)) {
        let y = inner.y + i as u16;
        let style = if i == picker.selected {
            theme.style(Meaning::UiSelected)
        } else if *running {
            Style::default()
        } else {
            theme.style(Meaning::StatusUnknown)
        };
        buf.set_style(
            Rect {
                y,
                height: 1,
                ..inner
            },
            style,
        );
        let mark = if i == picker.selected { "▶ " } else { "  " };
        let line = format!("{mark}{text}");
        buf.set_stringn(inner.x, y, truncate(&line, room), room, style);
    }
}
