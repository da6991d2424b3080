//! The screen shown while kview waits for a cluster it cannot reach at start: the context and
//! server, why the last attempt failed, the attempt count and when the next one starts, and
//! the keys (from the keymap).
//!
//! Owns that screen's wording. Must not mutate state or read the clock (the caller passes the
//! seconds until the next attempt).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Padding, Paragraph, Wrap};

use crate::config::{Action, Keymap, Meaning, Section, Theme};
use crate::sanitize::sanitize;
use crate::state::connecting::Connecting;

/// Draws the whole screen; `retry_in` is `None` while an attempt runs.
pub fn draw_connecting(
    frame: &mut Frame<'_>,
    screen: &Connecting,
    retry_in: Option<u64>,
    theme: &Theme,
    keymap: &Keymap,
) {
    let area = frame.area();
    frame
        .buffer_mut()
        .set_style(area, theme.style(Meaning::UiBase));
    let label =
        |text: &'static str| Span::styled(format!("{text:<9}"), theme.style(Meaning::UiKey));
    let next = match retry_in {
        Some(s) => format!("retrying in {s}s"),
        None => "trying now…".to_string(),
    };
    let mut keys = Vec::new();
    for action in [Action::RetryNow, Action::Quit] {
        let sections = [Section::Connecting, Section::Global];
        if let Some(key) = keymap.key_for(&sections, action) {
            keys.push(Span::styled(
                format!("<{key}>"),
                theme.style(Meaning::UiKey),
            ));
            keys.push(Span::raw(format!(
                " {}  ",
                super::footer::short_label(action)
            )));
        }
    }
    let lines = vec![
        Line::from(vec![label("context"), Span::raw(sanitize(&screen.context))]),
        Line::from(vec![label("server"), Span::raw(sanitize(&screen.server))]),
        Line::from(vec![
            label("problem"),
            Span::styled(
                sanitize(&screen.reason).into_owned(),
                theme.style(Meaning::StatusFailed),
            ),
        ]),
        Line::from(vec![
            label("attempt"),
            Span::raw(format!("{} · ", screen.attempts)),
            Span::styled(next, theme.style(Meaning::StatusPending)),
        ]),
        Line::default(),
        Line::from(keys),
    ];
    let width = area.width.saturating_sub(4).min(100);
    let [_, middle, _] = Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Length(width),
        Constraint::Fill(1),
    ])
    .areas(area);
    let [_, boxed, _] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(12),
        Constraint::Fill(1),
    ])
    .areas(middle);
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(theme.style(Meaning::UiBorderFocused))
        .padding(Padding::new(1, 1, 1, 0))
        .title(" kview · waiting for the cluster ");
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        boxed,
    );
}

#[cfg(test)]
mod tests {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    use super::*;

    fn render(retry_in: Option<u64>) -> String {
        render_at(80, 16, retry_in)
    }

    fn render_at(width: u16, height: u16, retry_in: Option<u64>) -> String {
        let screen = Connecting {
            context: "prod".into(),
            server: "https://10.0.0.1:6443/".into(),
            reason: "error trying to connect: tcp connect error: Connection refused (os error 111)"
                .into(),
            attempts: 3,
            next_at: None,
        };
        let theme = Theme::builtin("default").unwrap();
        let keymap = Keymap::builtin("default").unwrap();
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        terminal
            .draw(|f| draw_connecting(f, &screen, retry_in, &theme, &keymap))
            .unwrap();
        let buf = terminal.backend().buffer();
        (0..buf.area.height)
            .map(|y| {
                (0..buf.area.width)
                    .map(|x| buf[(x, y)].symbol())
                    .collect::<String>()
                    .trim_end()
                    .to_string()
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn waiting_for_the_cluster() {
        insta::assert_snapshot!("connecting_waiting", render(Some(4)));
        assert!(render(None).contains("trying now…"));
    }

    #[test]
    fn tiny_terminals_get_what_fits() {
        for (w, h) in [(1, 1), (4, 2), (12, 5)] {
            render_at(w, h, Some(1));
        }
        assert!(render_at(30, 8, Some(1)).contains("context"));
    }
}
