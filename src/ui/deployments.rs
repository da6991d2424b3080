//! The deployments pane: the table, with the replica count a pending scale asks for shown at
//! once in READY ("3/3→6"), and, when zoomed, a "Rollouts" panel below it with a progress bar
//! per deployment whose rollout is running (all of them, whoever started it, and those the
//! user started until they settle).
//!
//! Owns the rollout panel's look and the pending-target cell. Must not mutate state.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Widget};

use super::pane::draw_pane_with;
use super::text::{truncate, width};
use crate::config::{Meaning, Theme};
use crate::resources::deployment::{RolloutPhase, col};
use crate::resources::{DeploymentRow, ObjKey};
use crate::sanitize::sanitize;
use crate::state::State;
use crate::state::actions::RolloutCause;

/// Rollouts listed at most; more are counted on the last line.
const MAX_LINES: usize = 6;
const BAR_WIDTH: usize = 20;

pub fn draw_deployments(buf: &mut Buffer, area: Rect, focused: bool, state: &State, theme: &Theme) {
    let rollouts = if state.zoomed {
        running(state)
    } else {
        Vec::new()
    };
    let lines = rollouts.len().min(MAX_LINES) as u16;
    let panel_height = lines + 2;
    let (table_area, panel) = if lines > 0 && area.height >= panel_height + 6 {
        (
            Rect {
                height: area.height - panel_height,
                ..area
            },
            Some(Rect {
                y: area.bottom() - panel_height,
                height: panel_height,
                ..area
            }),
        )
    } else {
        (area, None)
    };
    let pending = |key: &ObjKey, column: usize| -> Option<String> {
        if column != col::READY {
            return None;
        }
        let target = state.actions.pending_target(key)?;
        let row = state.deployments.store.get(key)?;
        (target != row.desired).then(|| format!("{}/{}→{target}", row.ready, row.desired))
    };
    draw_pane_with(
        buf,
        table_area,
        &state.deployments,
        focused,
        state,
        theme,
        Some(&pending),
    );
    if let Some(panel) = panel {
        draw_rollouts(buf, panel, &rollouts, state, theme);
    }
}

/// The deployments to show in the panel: the ones the user started first, then every other
/// one whose rollout is not settled, in the pane's order.
fn running(state: &State) -> Vec<&DeploymentRow> {
    let store = &state.deployments.store;
    let followed = &state.actions.rollouts;
    let mut rows: Vec<&DeploymentRow> = followed.keys().filter_map(|k| store.get(k)).collect();
    rows.extend(
        store.visible(0..store.visible_len()).filter(|d| {
            d.rollout_phase() != RolloutPhase::Settled && !followed.contains_key(&d.key)
        }),
    );
    rows
}

/// How far a rollout is: pods of the new template that are available, out of every pod the
/// deployment has now (so old pods still terminating keep the bar short of full).
pub fn progress(row: &DeploymentRow) -> f64 {
    let done = row.up_to_date.min(row.available).min(row.desired).max(0);
    let total = row.desired.max(row.current);
    if total <= 0 {
        1.0
    } else {
        f64::from(done) / f64::from(total)
    }
}

fn draw_rollouts(
    buf: &mut Buffer,
    area: Rect,
    rows: &[&DeploymentRow],
    state: &State,
    theme: &Theme,
) {
    let block = Block::bordered()
        .border_style(theme.style(Meaning::UiBorder))
        .title(Line::from(format!(" Rollouts ({}) ", rows.len())));
    let inner = block.inner(area);
    block.render(area, buf);
    let name_of = |row: &DeploymentRow| {
        if state.all_namespaces() {
            sanitize(&row.key.to_string()).into_owned()
        } else {
            sanitize(&row.key.name).into_owned()
        }
    };
    let shown = if rows.len() > MAX_LINES {
        MAX_LINES - 1
    } else {
        rows.len()
    };
    let name_width = rows[..shown]
        .iter()
        .map(|r| width(&name_of(r)))
        .max()
        .unwrap_or(0)
        .min(usize::from(inner.width) / 3);
    for (i, row) in rows[..shown].iter().enumerate() {
        let y = inner.y + i as u16;
        let line = rollout_line(row, &name_of(row), name_width, state, theme);
        line.render(
            Rect::new(inner.x + 1, y, inner.width.saturating_sub(2), 1),
            buf,
        );
    }
    if rows.len() > shown {
        let more = format!("+{} more", rows.len() - shown);
        let y = inner.y + shown as u16;
        buf.set_string(inner.x + 1, y, more, theme.style(Meaning::UiFooter));
    }
}

fn rollout_line<'a>(
    row: &DeploymentRow,
    name: &str,
    name_width: usize,
    state: &State,
    theme: &Theme,
) -> Line<'a> {
    let stuck = row.rollout_phase() == RolloutPhase::Stuck;
    let fraction = progress(row);
    let filled = ((fraction * BAR_WIDTH as f64).round() as usize).min(BAR_WIDTH);
    let bar_style = theme.style(if stuck {
        Meaning::StatusFailed
    } else {
        Meaning::StatusRunning
    });
    let name = truncate(name, name_width);
    let pad = " ".repeat(name_width.saturating_sub(width(&name)) + 2);
    let mut counts = format!(
        "  {:>3}%  {}/{} up to date · {} ready · {} available",
        (fraction * 100.0).round(),
        row.up_to_date,
        row.desired,
        row.ready,
        row.available
    );
    if row.current > row.up_to_date {
        counts.push_str(&format!(" · {} old", row.current - row.up_to_date));
    }
    let mut spans = vec![
        Span::raw(format!("{name}{pad}")),
        Span::styled("█".repeat(filled), bar_style),
        Span::styled(
            "░".repeat(BAR_WIDTH - filled),
            theme.style(Meaning::UiBorder),
        ),
        Span::raw(counts),
    ];
    let note = match state.actions.rollouts.get(&row.key) {
        Some(r) => {
            let what = match r.cause {
                RolloutCause::Scale { to } => format!("scale to {to}"),
                RolloutCause::Restart => "restart".to_owned(),
            };
            Some(format!(
                "{what}, {}s",
                (state.now_unix - r.since_unix).max(0)
            ))
        }
        None => None,
    };
    if stuck {
        spans.push(Span::styled(
            "  stuck".to_owned(),
            theme.style(Meaning::StatusFailed),
        ));
    }
    if let Some(note) = note {
        spans.push(Span::styled(
            format!("  ({note})"),
            theme.style(Meaning::UiKey),
        ));
    }
    Line::from(spans).style(Style::default())
}
