//! The confirmation of an edit: the diff of the live object against the edited one, scrolled
//! by the user, answered with apply, back to the editor, or cancel.
//!
//! Owns the review's state and keys. Must not apply anything: the answer becomes an effect for
//! the edit session the app runs.

use super::layout::detail_rows;
use super::{Effect, State};
use crate::config::Action;
use crate::manifest::diff::DiffLine;

/// What the user answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditDecision {
    Apply,
    /// Reopen the editor on the edited text.
    EditAgain,
    Cancel,
}

/// An edit waiting for confirmation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditReview {
    /// The edit session this answers to.
    pub session: u64,
    /// "pod shop/web-1".
    pub target: String,
    /// Why this is shown again, e.g. the object changed meanwhile and the edit was re-applied.
    pub note: Option<String>,
    pub diff: Vec<DiffLine>,
    /// The first diff line shown.
    pub scroll: usize,
    /// Always asked, even with `edit: {confirm_diff: false}` (an undo).
    pub always_ask: bool,
}

/// A review arrived: it replaces any other.
pub(super) fn open(state: &mut State, review: EditReview) {
    state.review = Some(review);
}

/// The session ended (applied, failed, cancelled): its review goes away.
pub(super) fn close(state: &mut State, session: u64) {
    if state.review.as_ref().is_some_and(|r| r.session == session) {
        state.review = None;
    }
}

pub(super) fn perform(state: &mut State, action: Action, effects: &mut Vec<Effect>) {
    let rows = detail_rows(state.screen).saturating_sub(2).max(1);
    let Some(review) = state.review.as_mut() else {
        return;
    };
    let max = review.diff.len().saturating_sub(rows);
    let page = isize::try_from(rows).unwrap_or(isize::MAX);
    let scroll_to = match action {
        Action::MoveDown => Some(review.scroll.saturating_add(1)),
        Action::MoveUp => Some(review.scroll.saturating_sub(1)),
        Action::PageDown => Some(review.scroll.saturating_add_signed(page)),
        Action::PageUp => Some(review.scroll.saturating_add_signed(-page)),
        Action::Top => Some(0),
        Action::Bottom => Some(max),
        _ => None,
    };
    if let Some(scroll) = scroll_to {
        review.scroll = scroll.min(max);
        return;
    }
    let decision = match action {
        Action::ApplyEdit | Action::Confirm => EditDecision::Apply,
        Action::Edit => EditDecision::EditAgain,
        Action::Back => EditDecision::Cancel,
        Action::Help => {
            state.help_open = true;
            return;
        }
        _ => return,
    };
    let session = review.session;
    state.review = None;
    effects.push(Effect::EditDecision { session, decision });
}
