//! The `?` help overlay, generated from the active keymap: every binding of the sections that
//! apply where it was opened (the dashboard's, a view's) with its action's doc comment, keys for
//! the same action merged ("j, down").
//!
//! Owns the overlay's content and flow into columns. Must not mutate state.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::widgets::{Block, BorderType, Clear, Widget};

use super::text::{truncate, width};
use crate::config::{Action, Keymap, Meaning, Section, Theme};

/// The sections a dashboard user can use, with their headings.
pub const DASHBOARD_SECTIONS: &[(Section, &str)] = &[
    (Section::Global, "Everywhere"),
    (Section::Table, "In a pane"),
    (Section::Pods, "Pods"),
    (Section::Deployments, "Deployments"),
    (Section::Nodes, "Nodes"),
    (Section::Dialog, "In a dialog"),
];

/// The sections of the YAML view.
pub const YAML_SECTIONS: &[(Section, &str)] = &[
    (Section::Yaml, "In the YAML view"),
    (Section::Global, "Everywhere"),
];

/// The sections of the describe view.
pub const DESCRIBE_SECTIONS: &[(Section, &str)] = &[
    (Section::Describe, "In the describe view"),
    (Section::Global, "Everywhere"),
];

/// The sections of the edit review.
pub const REVIEW_SECTIONS: &[(Section, &str)] = &[
    (Section::Review, "Reviewing an edit"),
    (Section::Global, "Everywhere"),
];

/// The sections of the `:history` view.
pub const HISTORY_SECTIONS: &[(Section, &str)] = &[
    (Section::History, "In the edit history"),
    (Section::Global, "Everywhere"),
];

enum HelpLine {
    Heading(&'static str),
    Entry { keys: String, help: &'static str },
    Blank,
}

/// The sections of the log view's help, with their headings.
pub const LOG_SECTIONS: &[(Section, &str)] = &[
    (Section::Logs, "In the log view"),
    (Section::Global, "Everywhere"),
];

/// One block of lines per section: a heading, then one line per action.
fn section_blocks(keymap: &Keymap, sections: &[(Section, &'static str)]) -> Vec<Vec<HelpLine>> {
    let mut blocks = Vec::new();
    for &(section, heading) in sections {
        let mut entries: Vec<(Action, Vec<String>)> = Vec::new();
        for (chord, action) in keymap.bindings(section) {
            match entries.iter_mut().find(|(a, _)| a == action) {
                Some((_, keys)) => keys.push(chord.to_string()),
                None => entries.push((*action, vec![chord.to_string()])),
            }
        }
        if entries.is_empty() {
            continue;
        }
        let mut lines = vec![HelpLine::Heading(heading)];
        lines.extend(entries.into_iter().map(|(a, keys)| HelpLine::Entry {
            keys: keys.join(", "),
            help: a.help(),
        }));
        lines.push(HelpLine::Blank);
        blocks.push(lines);
    }
    blocks
}

/// The same help as a Markdown table (for the README), section by section.
pub fn keys_markdown(keymap: &Keymap) -> String {
    let mut out = String::from("| keys | action |\n|---|---|\n");
    for block in section_blocks(keymap, DASHBOARD_SECTIONS) {
        for line in block {
            match line {
                HelpLine::Heading(text) => out.push_str(&format!("| **{text}** | |\n")),
                HelpLine::Entry { keys, help } => {
                    let keys: Vec<String> = keys.split(", ").map(|k| format!("`{k}`")).collect();
                    out.push_str(&format!("| {} | {help} |\n", keys.join(", ")));
                }
                HelpLine::Blank => {}
            }
        }
    }
    out
}

/// Splits the sections, in order, into one column or two columns as even as whole sections
/// allow.
fn flow(blocks: Vec<Vec<HelpLine>>, two_columns: bool) -> Vec<Vec<HelpLine>> {
    let lengths: Vec<usize> = blocks.iter().map(Vec::len).collect();
    let total: usize = lengths.iter().sum();
    let split = if two_columns {
        (1..blocks.len())
            .min_by_key(|&k| {
                let left: usize = lengths[..k].iter().sum();
                left.max(total - left)
            })
            .unwrap_or(blocks.len())
    } else {
        blocks.len()
    };
    let mut columns = vec![Vec::new(), Vec::new()];
    for (i, block) in blocks.into_iter().enumerate() {
        columns[usize::from(i >= split)].extend(block);
    }
    columns.retain(|c| !c.is_empty());
    columns
}

/// Draws the help over `area` (the dashboard's body).
pub fn draw_help(
    buf: &mut Buffer,
    area: Rect,
    theme: &Theme,
    keymap: &Keymap,
    sections: &[(Section, &'static str)],
) {
    if area.width < 20 || area.height < 5 {
        return;
    }
    Clear.render(area, buf);
    buf.set_style(area, theme.style(Meaning::UiBase));
    let block = Block::bordered()
        .border_type(BorderType::Thick)
        .border_style(theme.style(Meaning::UiBorderFocused))
        .title(" Help · keys from the active keymap · esc closes ");
    let inner = block.inner(area);
    block.render(area, buf);

    let columns = flow(section_blocks(keymap, sections), inner.width >= 80);
    let column_width = usize::from(inner.width) / columns.len().max(1);
    let key_style = theme.style(Meaning::UiKey);
    let heading_style = theme
        .style(Meaning::TableHeader)
        .add_modifier(Modifier::UNDERLINED);
    for (c, lines) in columns.iter().enumerate() {
        let x = inner.x + (c * column_width) as u16 + 1;
        let room = column_width.saturating_sub(2);
        let key_width = lines
            .iter()
            .filter_map(|l| match l {
                HelpLine::Entry { keys, .. } => Some(width(keys)),
                _ => None,
            })
            .max()
            .unwrap_or(0)
            .min(room / 3);
        for (row, line) in lines.iter().enumerate().take(usize::from(inner.height)) {
            let y = inner.y + row as u16;
            match line {
                HelpLine::Heading(text) => {
                    buf.set_stringn(x, y, *text, room, heading_style);
                }
                HelpLine::Entry { keys, help } => {
                    buf.set_stringn(x, y, truncate(keys, key_width), key_width, key_style);
                    let help_x = x + key_width as u16 + 2;
                    let help_room = room.saturating_sub(key_width + 2);
                    buf.set_stringn(
                        help_x,
                        y,
                        truncate(help, help_room),
                        help_room,
                        Style::default(),
                    );
                }
                HelpLine::Blank => {}
            }
        }
    }
}
