//! One log line as screen rows: timestamp, the source prefix in its stable color, JSON lines
//! compact (level coloured) or pretty-printed, notices, search matches highlighted, context
//! lines dimmed, and wrapping or clipping to the width. Styling happens here, only for the
//! lines on the screen; the buffer keeps plain text.
//!
//! Owns the look of a log line. Must not mutate state; text arrives sanitized (JSON text is
//! sanitized again by `state::logs::json`).

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthChar;

use crate::config::{Meaning, Theme};
use crate::state::logs::json::{self, Level};
use crate::state::logs::{LogView, StoredLine};

/// The theme meaning of a source prefix: one of six colors, the same for a name every time.
pub fn source_meaning(label: &str) -> Meaning {
    const COLORS: [Meaning; 6] = [
        Meaning::LogSource1,
        Meaning::LogSource2,
        Meaning::LogSource3,
        Meaning::LogSource4,
        Meaning::LogSource5,
        Meaning::LogSource6,
    ];
    // FNV-1a: stable across runs and platforms, unlike the std hasher.
    let hash = label.bytes().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    });
    COLORS[hash as usize % COLORS.len()]
}

fn level_meaning(level: Level) -> Meaning {
    match level {
        Level::Error => Meaning::LogLevelError,
        Level::Warn => Meaning::LogLevelWarn,
        Level::Info => Meaning::LogLevelInfo,
        Level::Debug => Meaning::LogLevelDebug,
    }
}

/// `HH:MM:SS.mmm` in the zone `utc_offset_secs` from UTC.
fn time_text(t: jiff::Timestamp, utc_offset_secs: i32) -> String {
    let seconds = (t.as_second() + i64::from(utc_offset_secs)).rem_euclid(86_400);
    format!(
        "{:02}:{:02}:{:02}.{:03}",
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60,
        t.subsec_millisecond()
    )
}

/// Splits `text` into spans with the search matches highlighted.
fn highlighted<'a>(
    text: String,
    base: Style,
    view: &LogView,
    current: bool,
    theme: &Theme,
) -> Vec<Span<'a>> {
    let Some(search) = &view.search else {
        return vec![Span::styled(text, base)];
    };
    let ranges = search.ranges(&text);
    if ranges.is_empty() {
        return vec![Span::styled(text, base)];
    }
    let mark = theme.style(if current {
        Meaning::LogMatchCurrent
    } else {
        Meaning::LogMatch
    });
    let mut spans = Vec::new();
    let mut at = 0;
    for r in ranges {
        if r.start > at {
            spans.push(Span::styled(text[at..r.start].to_owned(), base));
        }
        spans.push(Span::styled(text[r.clone()].to_owned(), base.patch(mark)));
        at = r.end;
    }
    if at < text.len() {
        spans.push(Span::styled(text[at..].to_owned(), base));
    }
    spans
}

/// The rows one line takes at `width` columns.
pub fn line_rows(
    view: &LogView,
    seq: u64,
    line: &StoredLine,
    width: usize,
    utc_offset_secs: i32,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let mut lead: Vec<Span<'static>> = Vec::new();
    if view.timestamps {
        let time = line
            .time
            .map_or_else(|| " ".repeat(12), |t| time_text(t, utc_offset_secs));
        lead.push(Span::styled(
            format!("{time} "),
            theme.style(Meaning::LogTimestamp),
        ));
    }
    if let Some(label) = view.source_label(line.source) {
        lead.push(Span::styled(
            format!("{label} "),
            theme.style(source_meaning(label)),
        ));
    }
    let current = view.current_match == Some(seq);
    let mut rows: Vec<Vec<Span<'static>>> = Vec::new();
    if line.notice {
        let style = theme.style(Meaning::LogNotice);
        rows.push(vec![Span::styled(format!("── {} ──", line.text), style)]);
    } else {
        let context = view.filter.as_ref().is_some_and(|f| !f.matches(&line.text));
        let base = if context {
            theme.style(Meaning::LogContext)
        } else {
            Style::default()
        };
        match json::parse(&line.text) {
            Some(object) if view.json_pretty => {
                let level = json::level_of(&object);
                for (i, text) in json::pretty(&object).into_iter().enumerate() {
                    let mut row = Vec::new();
                    if i == 0
                        && let Some(level) = level
                    {
                        row.push(level_span(level, theme));
                    }
                    row.extend(highlighted(text, base, view, current, theme));
                    rows.push(row);
                }
            }
            Some(object) => {
                let compact = json::compact(&object);
                let mut row = Vec::new();
                if let Some(level) = compact.level {
                    row.push(level_span(level, theme));
                }
                row.extend(highlighted(compact.text, base, view, current, theme));
                rows.push(row);
            }
            None => rows.push(highlighted(
                line.text.to_string(),
                base,
                view,
                current,
                theme,
            )),
        }
    }
    let mut out = Vec::new();
    for (i, row) in rows.into_iter().enumerate() {
        let mut spans = if i == 0 {
            lead.clone()
        } else {
            vec![Span::raw(" ".repeat(
                lead.iter().map(|s| super::text::width(&s.content)).sum(),
            ))]
        };
        spans.extend(row);
        if view.wrap {
            out.extend(wrap(spans, width));
        } else {
            out.push(Line::from(spans));
        }
    }
    out
}

fn level_span(level: Level, theme: &Theme) -> Span<'static> {
    Span::styled(
        format!("{:<5} ", level.label()),
        theme.style(level_meaning(level)),
    )
}

/// Cuts a row into rows of at most `width` columns, keeping each piece's style.
fn wrap(spans: Vec<Span<'static>>, width: usize) -> Vec<Line<'static>> {
    let width = width.max(1);
    let mut rows: Vec<Line<'static>> = Vec::new();
    let mut row: Vec<Span<'static>> = Vec::new();
    let mut used = 0;
    for span in spans {
        let style = span.style;
        let mut piece = String::new();
        for c in span.content.chars() {
            let w = c.width().unwrap_or(0);
            if used + w > width && used > 0 {
                if !piece.is_empty() {
                    row.push(Span::styled(std::mem::take(&mut piece), style));
                }
                rows.push(Line::from(std::mem::take(&mut row)));
                used = 0;
            }
            piece.push(c);
            used += w;
        }
        if !piece.is_empty() {
            row.push(Span::styled(piece, style));
        }
    }
    if !row.is_empty() || rows.is_empty() {
        rows.push(Line::from(row));
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_cuts_at_the_width_and_keeps_styles() {
        let bold = Style::default().add_modifier(ratatui::style::Modifier::BOLD);
        let rows = wrap(
            vec![
                Span::raw("abcd"),
                Span::styled("efgh", bold),
                Span::raw("ij"),
            ],
            3,
        );
        let text: Vec<String> = rows.iter().map(ToString::to_string).collect();
        assert_eq!(text, vec!["abc", "def", "ghi", "j"]);
        assert_eq!(rows[1].spans[1].style, bold);
        assert_eq!(
            wrap(vec![Span::raw("日本語")], 4).len(),
            2,
            "wide characters"
        );
    }

    #[test]
    fn source_colors_are_stable_per_name() {
        assert_eq!(source_meaning("frontend-1"), source_meaning("frontend-1"));
        let distinct: std::collections::HashSet<Meaning> = (0..20)
            .map(|i| source_meaning(&format!("web-{i}")))
            .collect();
        assert!(distinct.len() > 3, "{distinct:?}");
    }
}
