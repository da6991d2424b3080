//! The edit review: the diff of the live object against the edited one (removed lines, added
//! lines, hunk headers in their theme meanings), a note when the object changed meanwhile, and
//! the answers in the footer.
//!
//! Owns the review's look. Must not mutate state.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, BorderType, Paragraph, Widget, Wrap};

use super::footer::labelled_hints;
use crate::config::{Action, Keymap, Meaning, Section, Theme};
use crate::manifest::diff::{DiffKind, counts};
use crate::sanitize::sanitize;
use crate::state::EditReview;

pub fn draw_review(buf: &mut Buffer, area: Rect, review: &EditReview, theme: &Theme) {
    let (added, removed) = counts(&review.diff);
    let block = Block::bordered()
        .border_type(BorderType::Thick)
        .border_style(theme.style(Meaning::UiBorderFocused))
        .title(format!(
            " Apply this edit of {}? · +{added} −{removed} lines ",
            sanitize(&review.target)
        ))
        .title_bottom(
            Line::from(format!(
                " {}-{} of {} ",
                review.scroll + 1,
                (review.scroll + usize::from(area.height.saturating_sub(2))).min(review.diff.len()),
                review.diff.len()
            ))
            .alignment(Alignment::Right),
        );
    let mut inner = block.inner(area);
    block.render(area, buf);
    if let Some(note) = &review.note {
        let note_area = Rect {
            height: 2.min(inner.height),
            ..inner
        };
        Paragraph::new(format!("⚠ {}", sanitize(note)))
            .style(theme.style(Meaning::StatusPending))
            .wrap(Wrap { trim: true })
            .render(note_area, buf);
        inner.y += note_area.height;
        inner.height -= note_area.height;
    }
    for (row, line) in review
        .diff
        .iter()
        .skip(review.scroll)
        .take(usize::from(inner.height))
        .enumerate()
    {
        let style = match line.kind {
            DiffKind::Hunk => theme.style(Meaning::DiffHeader),
            DiffKind::Added => theme.style(Meaning::DiffAdded),
            DiffKind::Removed => theme.style(Meaning::DiffRemoved),
            DiffKind::Context => theme.style(Meaning::UiFooter),
        };
        let text = sanitize(&line.marked()).into_owned();
        buf.set_stringn(
            inner.x + 1,
            inner.y + row as u16,
            text,
            usize::from(inner.width.saturating_sub(1)),
            style,
        );
    }
}

pub fn draw_review_footer(buf: &mut Buffer, area: Rect, theme: &Theme, keymap: &Keymap) {
    let items = [
        (Action::ApplyEdit, "apply"),
        (Action::Edit, "edit again"),
        (Action::Back, "cancel"),
        (Action::PageDown, "scroll"),
        (Action::Help, "help"),
    ];
    buf.set_style(area, theme.style(Meaning::UiFooter));
    let sections = [Section::Review, Section::Global];
    labelled_hints(&items, &sections, usize::from(area.width), theme, keymap).render(area, buf);
}
