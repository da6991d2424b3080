//! Toasts: short notices stacked at the bottom right, above the footer, newest lowest.
//!
//! Owns their placement and look. Must not expire them (that is `update` on `Tick`).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::text::{truncate, width};
use crate::config::{Meaning, Theme};
use crate::sanitize::sanitize;
use crate::state::{Toast, ToastLevel};

/// Draws `toasts` right-aligned in the rows just above `footer`.
pub fn draw_toasts(buf: &mut Buffer, footer: Rect, toasts: &[Toast], theme: &Theme) {
    for (i, toast) in toasts.iter().rev().enumerate() {
        let Some(y) = footer.y.checked_sub(1 + i as u16) else {
            break;
        };
        if y == 0 {
            break;
        }
        let (icon, meaning) = match toast.level {
            ToastLevel::Info => ("ℹ", Meaning::ToastInfo),
            ToastLevel::Warn => ("⚠", Meaning::ToastWarn),
            ToastLevel::Error => ("✖", Meaning::ToastError),
        };
        let text = format!(" {icon} {} ", sanitize(&toast.text));
        // Notices stay out of the way; warnings and errors carry the API's message, which the
        // user needs whole, so they may use the full width.
        let max_width = match toast.level {
            ToastLevel::Info => usize::from(footer.width) * 6 / 10,
            ToastLevel::Warn | ToastLevel::Error => usize::from(footer.width).saturating_sub(2),
        };
        let text = truncate(&text, max_width);
        let w = width(&text) as u16;
        let x = footer.right().saturating_sub(w + 1);
        buf.set_string(x, y, text, theme.style(meaning));
    }
}
