//! One pane: a bordered block titled with its kind, row count, filter and connection state,
//! holding the table or, when there is nothing to list, why ("forbidden: …", "loading 3,500
//! pods…", "no pods match /web").
//!
//! Owns the pane's title and body messages. Must not mutate the pane.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph, Widget, Wrap};

use super::table::{CellOverride, TableOptions, draw_table};
use super::text::{clock, thousands};
use crate::config::{Meaning, Theme};
use crate::resources::Row;
use crate::sanitize::sanitize;
use crate::state::{Pane, PaneConnection, State};

/// Draws `pane` into `area`; `focused` decides the border and the selection highlight.
pub fn draw_pane<R: Row>(
    buf: &mut Buffer,
    area: Rect,
    pane: &Pane<R>,
    focused: bool,
    state: &State,
    theme: &Theme,
) {
    draw_pane_with(buf, area, pane, focused, state, theme, None);
}

/// `draw_pane`, with some cells' text replaced by `cell_override`.
pub fn draw_pane_with<R: Row>(
    buf: &mut Buffer,
    area: Rect,
    pane: &Pane<R>,
    focused: bool,
    state: &State,
    theme: &Theme,
    cell_override: Option<CellOverride<'_>>,
) {
    let border = theme.style(if focused {
        Meaning::UiBorderFocused
    } else {
        Meaning::UiBorder
    });
    let block = Block::bordered()
        .border_type(if focused {
            BorderType::Thick
        } else {
            BorderType::Plain
        })
        .border_style(border)
        .title(title(pane, focused, state, theme));
    let inner = block.inner(area);
    block.render(area, buf);

    let kind = R::KIND.plural();
    let message = match &pane.connection {
        PaneConnection::Forbidden { message } if pane.store.is_empty() => {
            // A user bound to a few namespaces cannot list across all of them, but can look
            // inside each: say how.
            let hint = if state.all_namespaces() && R::KIND.is_namespaced() {
                "\n\nYou may still see single namespaces: :ns NAME"
            } else {
                ""
            };
            Some((
                format!("forbidden: {}{hint}", sanitize(message)),
                Meaning::PaneForbidden,
            ))
        }
        PaneConnection::Connecting if pane.store.is_empty() => {
            Some(("connecting…".to_owned(), Meaning::PaneLoading))
        }
        PaneConnection::Loading { received } if pane.store.is_empty() => Some((
            format!("loading {} {kind}…", thousands(*received)),
            Meaning::PaneLoading,
        )),
        _ if pane.store.is_empty() => Some((format!("no {kind}"), Meaning::UiFooter)),
        _ if pane.store.visible_len() == 0 => Some((
            format!("no {kind} match /{}", sanitize(pane.store.filter().text())),
            Meaning::UiFooter,
        )),
        _ => None,
    };
    if let Some((text, meaning)) = message {
        // Center the message as wrapped (roughly: word wrapping may add a line).
        let text_width = inner.width.saturating_sub(2).max(1);
        let lines = (super::text::width(&text) as u16).div_ceil(text_width) + 1;
        let top = inner.y + inner.height.saturating_sub(lines) / 2;
        let area = Rect::new(inner.x + 1, top, text_width, inner.bottom() - top);
        Paragraph::new(text)
            .style(theme.style(meaning))
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true })
            .render(area, buf);
        return;
    }
    let options = TableOptions {
        all_namespaces: state.all_namespaces(),
        now_unix: state.now_unix,
        show_selection: focused,
        stale: matches!(pane.connection, PaneConnection::Retrying { .. }),
        cell_override,
    };
    draw_table(buf, inner, &pane.store, options, theme);
}

/// " Pods (12/1,234) /web · loading 3,500 pods… "
fn title<'a, R: Row>(pane: &Pane<R>, focused: bool, state: &State, theme: &Theme) -> Line<'a> {
    let store = &pane.store;
    let name_style = if focused {
        theme
            .style(Meaning::UiBorderFocused)
            .add_modifier(Modifier::BOLD)
    } else {
        theme.style(Meaning::UiBorder)
    };
    let count = if store.filter().is_active() {
        format!(
            "({}/{})",
            thousands(store.visible_len()),
            thousands(store.len())
        )
    } else {
        format!("({})", thousands(store.len()))
    };
    let mut spans = vec![
        Span::styled(format!(" {} ", R::KIND.title()), name_style),
        Span::styled(count, name_style.remove_modifier(Modifier::BOLD)),
        Span::raw(" "),
    ];
    if store.filter().is_active() {
        let filter = format!("/{} ", sanitize(store.filter().text()));
        spans.push(Span::styled(filter, theme.style(Meaning::UiKey)));
    }
    let kind = R::KIND.plural();
    let connection = match &pane.connection {
        PaneConnection::Live => None,
        PaneConnection::Connecting => Some(("connecting…".to_owned(), Meaning::PaneLoading)),
        PaneConnection::Loading { received } => Some((
            format!("loading {} {kind}…", thousands(*received)),
            Meaning::PaneLoading,
        )),
        PaneConnection::Retrying {
            in_secs,
            since_unix,
        } => Some((
            format!(
                "stale since {}, retry {in_secs}s",
                clock(*since_unix, state.utc_offset_secs)
            ),
            Meaning::PaneStale,
        )),
        // With no rows the body shows the whole message; the title only names the problem.
        PaneConnection::Forbidden { .. } if store.is_empty() => {
            Some(("forbidden".to_owned(), Meaning::PaneForbidden))
        }
        PaneConnection::Forbidden { message } => Some((
            format!("forbidden: {}", sanitize(message)),
            Meaning::PaneForbidden,
        )),
    };
    if let Some((text, meaning)) = connection {
        spans.push(Span::styled(format!("· {text} "), theme.style(meaning)));
    }
    Line::from(spans).style(Style::default())
}
