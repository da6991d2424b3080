//! The steps of an edit session and what they work on: the session's texts and versions,
//! its recovery file, and how a failed write is told apart (conflict, rejection, failure).
//!
//! Owns each step's logic; the order and the terminal are `edit`'s. Must not draw.

use std::path::PathBuf;

use serde_json::Value;

use crate::cluster::object::{self, ObjectRef};
use crate::cluster::ops;
use crate::editor::{self, EditFile, EditorCommand, RecoveryFile};
use crate::manifest::edit::{Checked, check, editable, file_text, strip_header, to_send};
use crate::manifest::merge;
use crate::manifest::yaml::to_yaml;
use crate::resources::{ObjKey, ResourceKind};
use crate::state::ToastLevel;

/// How often an edit is re-merged onto an object that keeps changing before giving up.
const MAX_REBASES: usize = 5;

/// A failed write, as the session treats it.
pub(super) enum WriteError {
    Conflict,
    Rejected(String),
    Failed(String),
}

pub(super) fn classify(e: &kube::Error) -> WriteError {
    match e {
        kube::Error::Api(s) if s.code == 409 => WriteError::Conflict,
        kube::Error::Api(s) if matches!(s.code, 400 | 403 | 422) => {
            WriteError::Rejected(ops::error_text(e))
        }
        _ => WriteError::Failed(ops::error_text(e)),
    }
}

pub(super) struct Session {
    pub(super) kind: ResourceKind,
    pub(super) key: ObjKey,
    pub(super) target: ObjectRef,
    /// "pod shop/web-1".
    pub(super) label: String,
    /// The editable form of the live version the edit applies to.
    pub(super) base: Value,
    pub(super) resource_version: Option<String>,
    /// What the editor opens next: the user's own text (or the first YAML).
    pub(super) body: String,
    /// Shown in the comment block the next time the editor opens.
    pub(super) problem: Option<String>,
    /// The last edit that parsed and changed something.
    pub(super) edited: Option<Value>,
    pub(super) file: EditFile,
    pub(super) recovery: Option<RecoveryFile>,
    pub(super) rebases: usize,
    /// This session puts back a journaled object's previous version.
    pub(super) undo: bool,
}

impl Session {
    /// Keeps the user's text where it survives anything, before anything is sent.
    pub(super) fn keep(&mut self, dir: Option<&PathBuf>) -> Option<String> {
        let dir = dir?;
        let recovery = self
            .recovery
            .get_or_insert_with(|| RecoveryFile::new_in(dir, &self.label));
        let text = format!(
            "# Your edit of {}, kept by kview until it is applied.\n{}",
            self.label, self.body
        );
        recovery
            .save(&text)
            .err()
            .map(|e| format!("cannot keep a recovery copy of your edit: {e}"))
    }

    pub(super) fn kept_at(&self) -> String {
        self.recovery.as_ref().map_or_else(String::new, |r| {
            format!("; your text is kept in {}", r.path().display())
        })
    }
}

/// A step of a session.
pub(super) enum Step {
    Edit,
    Check(String),
    Validate { note: Option<String> },
    Rebase,
    Review { note: Option<String> },
    End(End),
}

/// How a session ends: what the user is told, and whether the recovery file stays.
pub(super) struct End {
    pub(super) level: ToastLevel,
    pub(super) text: String,
    pub(super) keep_recovery: bool,
    pub(super) changed: bool,
}

impl End {
    pub(super) fn quiet(level: ToastLevel, text: String) -> Self {
        Self {
            level,
            text,
            keep_recovery: false,
            changed: false,
        }
    }

    pub(super) fn failed(text: String) -> Self {
        Self {
            level: ToastLevel::Error,
            text,
            keep_recovery: true,
            changed: false,
        }
    }
}

pub(super) fn rejected(message: &str) -> String {
    format!("The server rejected the change:\n{message}")
}

/// Opens the editor once on the session's text.
pub(super) async fn edit_once(session: &mut Session) -> Step {
    let text = file_text(&session.label, session.problem.as_deref(), &session.body);
    if let Err(e) = session.file.write(&text) {
        return Step::End(End::failed(format!("cannot edit {}: {e}", session.label)));
    }
    let editor = match EditorCommand::from_env() {
        Ok(editor) => editor,
        Err(e) => return Step::End(End::failed(e.to_string())),
    };
    if let Err(e) = editor::run(&editor, session.file.path()).await {
        let kept = session.kept_at();
        return Step::End(End::failed(format!("{e}; nothing was applied{kept}")));
    }
    match session.file.read() {
        Ok(text) => Step::Check(text),
        Err(e) => Step::End(End::failed(format!("cannot read the edited file: {e}"))),
    }
}

/// The server checks the change (validation, admission) without making it.
pub(super) async fn validate(
    client: &kube::Client,
    session: &mut Session,
    note: Option<String>,
) -> Step {
    let Some(edited) = &session.edited else {
        return Step::Edit;
    };
    let body = to_send(edited, session.resource_version.as_deref());
    match object::replace(client, &session.target, &body, true).await {
        Ok(_) => Step::Review { note },
        Err(e) => match classify(&e) {
            WriteError::Conflict => Step::Rebase,
            WriteError::Rejected(message) => {
                session.problem = Some(rejected(&message));
                Step::Edit
            }
            WriteError::Failed(message) => Step::End(End::failed(format!(
                "cannot check the edit of {}: {message}{}",
                session.label,
                session.kept_at()
            ))),
        },
    }
}

/// The object changed since it was read: re-read it and put the user's changes on top.
pub(super) async fn rebase(client: &kube::Client, session: &mut Session) -> Step {
    session.rebases += 1;
    if session.rebases > MAX_REBASES {
        return Step::End(End::failed(format!(
            "{} keeps changing; the edit was not applied{}",
            session.label,
            session.kept_at()
        )));
    }
    let live = match object::get(client, &session.target).await {
        Ok(v) => v,
        Err(e) => {
            return Step::End(End::failed(format!(
                "{} changed and cannot be read again: {}{}",
                session.label,
                ops::error_text(&e),
                session.kept_at()
            )));
        }
    };
    let Some(mine) = session.edited.clone() else {
        return Step::Edit;
    };
    let theirs = editable(&live);
    let merged = merge::three_way(&session.base, &mine, &theirs.value);
    session.base = theirs.value;
    session.resource_version = theirs.resource_version;
    session.body = to_yaml(&merged.value);
    if merged.conflicts.is_empty() {
        if merged.value == session.base {
            return Step::End(End::quiet(
                ToastLevel::Info,
                format!(
                    "{} already has your changes; nothing to apply",
                    session.label
                ),
            ));
        }
        session.edited = Some(merged.value);
        let note = format!(
            "{} was changed by someone else since you opened it. Your changes were put on top \
             of the new version without touching theirs: this is the diff against it now.",
            session.label
        );
        return Step::Validate { note: Some(note) };
    }
    session.edited = None;
    session.problem = Some(format!(
        "{} was changed by someone else while you were editing it, and some of the same \
         fields\nwere changed on both sides. Below is the new version with your changes; where \
         both changed\na field, your value is in the text:\n{}\nSave to apply it (you will see \
         the diff first), fix it, or save an empty file to cancel.",
        session.label,
        merge::explain(&merged.conflicts)
    ));
    Step::Edit
}

/// What the edited text means for the session.
pub(super) fn check_text(session: &mut Session, dir: Option<&PathBuf>, text: &str) -> Step {
    let checked = check(&session.base, text);
    if !matches!(checked, Checked::Empty | Checked::Unchanged) {
        strip_header(text).clone_into(&mut session.body);
    }
    match checked {
        Checked::Empty => Step::End(End::quiet(
            ToastLevel::Info,
            format!("edit of {} cancelled: the file was empty", session.label),
        )),
        Checked::Unchanged => Step::End(End::quiet(
            ToastLevel::Info,
            "edit cancelled, no changes made".to_owned(),
        )),
        Checked::Invalid(problem) => {
            session.problem = Some(problem);
            if let Some(warning) = session.keep(dir) {
                tracing::warn!(%warning);
            }
            Step::Edit
        }
        Checked::Changed(value) => {
            session.problem = None;
            session.edited = Some(value);
            match session.keep(dir) {
                // Nothing is sent that is not also kept.
                Some(warning) => Step::End(End::failed(format!("{warning}; nothing was applied"))),
                None => Step::Validate { note: None },
            }
        }
    }
}
