//! The header line: context, namespace, read-only mode, and the cluster connection (with
//! watches that are down).
//!
//! Owns the header's wording. Must not mutate state.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::config::{Meaning, Theme};
use crate::sanitize::sanitize;
use crate::state::{ClusterStatus, PaneConnection, PaneId, State};

pub fn draw_header(buf: &mut Buffer, area: Rect, state: &State, theme: &Theme) {
    let base = theme.style(Meaning::UiHeader);
    buf.set_style(area, base);
    let separator = || Span::styled(" │ ", base);
    let namespace = state.namespace.as_deref().map_or("all".into(), sanitize);
    let mut spans = vec![Span::styled(
        " kview",
        base.patch(theme.style(Meaning::UiKey)),
    )];
    if state.policy.readonly {
        spans.push(Span::raw(" "));
        spans.push(Span::styled(
            " read-only ",
            theme.style(Meaning::UiReadonly),
        ));
    }
    spans.extend([
        separator(),
        Span::styled(format!("context: {}", sanitize(&state.context)), base),
        separator(),
        Span::styled(format!("namespace: {namespace}"), base),
        separator(),
    ]);
    let down: Vec<&str> = PaneId::ALL
        .iter()
        .filter(|id| {
            matches!(
                state.pane(**id).connection(),
                PaneConnection::Retrying { .. }
            )
        })
        .map(|id| id.kind().plural())
        .collect();
    let (text, meaning) = match &state.cluster {
        ClusterStatus::Connecting => ("◌ connecting…".to_owned(), Meaning::StatusPending),
        ClusterStatus::Connected { server_version } if down.is_empty() => {
            let version = server_version.as_deref().map(sanitize).unwrap_or_default();
            (
                format!("● connected {version}").trim_end().to_owned(),
                Meaning::StatusRunning,
            )
        }
        ClusterStatus::Connected { .. } => (
            format!("◐ watch down: {}", down.join(", ")),
            Meaning::StatusPending,
        ),
        ClusterStatus::Unreachable { message } => (
            format!("✖ unreachable: {}", sanitize(message)),
            Meaning::StatusFailed,
        ),
    };
    spans.push(Span::styled(text, base.patch(theme.style(meaning))));
    Line::from(spans).render(area, buf);
}
