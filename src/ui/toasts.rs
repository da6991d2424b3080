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
    let max_width = usize::from(footer.width) * 6 / 10;
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
        let text = truncate(&text, max_width);
        let w = width(&text) as u16;
        let x = footer.right().saturating_sub(w + 1);
        buf.set_string(x, y, text, theme.style(meaning));
    }
}
