//! Edit sessions: the `e` round trip from the live object to an applied change, never losing
//! what the user typed and never overwriting someone else's change unseen.
//!
//! A session runs in steps: open the editor (TUI suspended, input paused) → check the text
//! (empty: cancel; unchanged: nothing to do; bad YAML or another object: reopen with the
//! problem on top) → keep it in a recovery file → validate with a server-side dry run
//! (rejected: reopen with the server's message) → the user reviews the diff → apply through
//! `Mutator`, conditional on the version read → on a conflict, re-read and three-way merge:
//! clean merges are shown again for review, overlapping ones reopen the editor explained.
//! The recovery file goes only once the change is applied.
//!
//! Owns the session bookkeeping and the order of steps. Must not decide how anything looks
//! (the state and ui do) nor what edited text means (`manifest::edit`).

use std::collections::HashMap;
use std::path::PathBuf;

use serde_json::Value;
use tokio::sync::mpsc;

use super::AppEvent;
use super::input::Input;
use crate::cluster::object::{self, ObjectRef};
use crate::cluster::{Mutator, ops};
use crate::editor::{self, EditFile, EditorCommand, RecoveryFile};
use crate::manifest::edit::{
    Checked, check, describe_target, editable, file_text, initial_body, strip_header, to_send,
};
use crate::manifest::{diff, merge, yaml::to_yaml};
use crate::resources::{ObjKey, ResourceKind};
use crate::state::{EditDecision, EditReview, Msg, ToastLevel};
use crate::terminal::TerminalGuard;

/// How often an edit is re-merged onto an object that keeps changing before giving up.
const MAX_REBASES: usize = 5;

/// What the app lends a session step.
pub(super) struct Ctx<'a> {
    pub guard: &'a mut TerminalGuard,
    pub input: &'a Input,
    pub client: &'a kube::Client,
}

/// How an apply ended, reported by the operation's task.
#[derive(Debug)]
pub(super) enum Applied {
    Done,
    /// The object changed since it was read (409).
    Conflict,
    /// The server refused the change itself (422, admission); its message.
    Rejected(String),
    Failed(String),
}

/// A failed write, as the session treats it.
enum WriteError {
    Conflict,
    Rejected(String),
    Failed(String),
}

fn classify(e: &kube::Error) -> WriteError {
    match e {
        kube::Error::Api(s) if s.code == 409 => WriteError::Conflict,
        kube::Error::Api(s) if matches!(s.code, 400 | 403 | 422) => {
            WriteError::Rejected(ops::error_text(e))
        }
        _ => WriteError::Failed(ops::error_text(e)),
    }
}

struct Session {
    kind: ResourceKind,
    key: ObjKey,
    target: ObjectRef,
    /// "pod shop/web-1".
    label: String,
    /// The editable form of the live version the edit applies to.
    base: Value,
    resource_version: Option<String>,
    /// What the editor opens next: the user's own text (or the first YAML).
    body: String,
    /// Shown in the comment block the next time the editor opens.
    problem: Option<String>,
    /// The last edit that parsed and changed something.
    edited: Option<Value>,
    file: EditFile,
    recovery: Option<RecoveryFile>,
    rebases: usize,
}

impl Session {
    /// Keeps the user's text where it survives anything, before anything is sent.
    fn keep(&mut self, dir: Option<&PathBuf>) -> Option<String> {
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

    fn kept_at(&self) -> String {
        self.recovery.as_ref().map_or_else(String::new, |r| {
            format!("; your text is kept in {}", r.path().display())
        })
    }
}

/// A step of a session.
enum Step {
    Edit,
    Check(String),
    Validate { note: Option<String> },
    Rebase,
    Review { note: Option<String> },
    End(End),
}

/// How a session ends: what the user is told, and whether the recovery file stays.
struct End {
    level: ToastLevel,
    text: String,
    keep_recovery: bool,
    changed: bool,
}

impl End {
    fn quiet(level: ToastLevel, text: String) -> Self {
        Self {
            level,
            text,
            keep_recovery: false,
            changed: false,
        }
    }

    fn failed(text: String) -> Self {
        Self {
            level: ToastLevel::Error,
            text,
            keep_recovery: true,
            changed: false,
        }
    }
}

/// Every edit in progress, by session id.
pub(super) struct Editing {
    sessions: HashMap<u64, Session>,
    next_id: u64,
    recovery_dir: Option<PathBuf>,
}

impl Editing {
    pub fn new(recovery_dir: Option<PathBuf>) -> Self {
        Self {
            sessions: HashMap::new(),
            next_id: 1,
            recovery_dir,
        }
    }

    /// The live object arrived (or could not be read): open the editor on it.
    pub async fn open(
        &mut self,
        ctx: &mut Ctx<'_>,
        kind: ResourceKind,
        key: ObjKey,
        live: Result<Value, String>,
    ) -> Vec<Msg> {
        let target = ObjectRef::new(kind, &key);
        let label = target.label();
        let live = match live {
            Ok(v) => v,
            Err(e) => {
                return vec![toast(
                    ToastLevel::Error,
                    format!("cannot edit {label}: {e}"),
                )];
            }
        };
        let file = match EditFile::create(&label) {
            Ok(f) => f,
            Err(e) => {
                let text = format!("cannot edit {label}: no temporary file: {e}");
                return vec![toast(ToastLevel::Error, text)];
            }
        };
        let editable = editable(&live);
        let id = self.next_id;
        self.next_id += 1;
        self.sessions.insert(
            id,
            Session {
                kind,
                key,
                label: describe_target(&editable.value),
                target,
                body: initial_body(&editable),
                base: editable.value,
                resource_version: editable.resource_version,
                problem: None,
                edited: None,
                file,
                recovery: None,
                rebases: 0,
            },
        );
        self.drive(ctx, id, Step::Edit).await
    }

    /// The user answered the review.
    pub async fn decide(
        &mut self,
        ctx: &mut Ctx<'_>,
        mutator: &Mutator,
        tx: &mpsc::UnboundedSender<AppEvent>,
        id: u64,
        decision: EditDecision,
    ) -> Vec<Msg> {
        let Some(session) = self.sessions.get(&id) else {
            return Vec::new();
        };
        match decision {
            EditDecision::Apply => {
                let Some(edited) = &session.edited else {
                    return Vec::new();
                };
                let body = to_send(edited, session.resource_version.as_deref());
                let target = session.target.clone();
                let label = session.label.clone();
                let tx = tx.clone();
                mutator.start(format!("edit {label}"), move |client, _| async move {
                    let report = |outcome| {
                        let _ = tx.send(AppEvent::EditApplied {
                            session: id,
                            outcome,
                        });
                    };
                    match object::replace(&client, &target, &body, false).await {
                        Ok(_) => {
                            report(Applied::Done);
                            Ok(format!("{label} edited"))
                        }
                        Err(e) => {
                            let text = ops::error_text(&e);
                            report(match classify(&e) {
                                WriteError::Conflict => Applied::Conflict,
                                WriteError::Rejected(m) => Applied::Rejected(m),
                                WriteError::Failed(m) => Applied::Failed(m),
                            });
                            Err(text)
                        }
                    }
                });
                Vec::new()
            }
            EditDecision::EditAgain => self.drive(ctx, id, Step::Edit).await,
            EditDecision::Cancel => {
                let text = format!("edit of {} cancelled{}", session.label, session.kept_at());
                let end = End {
                    level: ToastLevel::Info,
                    text,
                    keep_recovery: true,
                    changed: false,
                };
                self.drive(ctx, id, Step::End(end)).await
            }
        }
    }

    /// The apply started by `decide` finished.
    pub async fn applied(&mut self, ctx: &mut Ctx<'_>, id: u64, outcome: Applied) -> Vec<Msg> {
        let Some(session) = self.sessions.get_mut(&id) else {
            return Vec::new();
        };
        let step = match outcome {
            Applied::Done => Step::End(End {
                level: ToastLevel::Info,
                text: String::new(),
                keep_recovery: false,
                changed: true,
            }),
            Applied::Conflict => Step::Rebase,
            Applied::Rejected(message) => {
                session.problem = Some(rejected(&message));
                Step::Edit
            }
            Applied::Failed(message) => Step::End(End::failed(format!(
                "{} was not edited: {message}{}",
                session.label,
                session.kept_at()
            ))),
        };
        self.drive(ctx, id, step).await
    }

    /// Runs steps until the session waits for the user (review) or ends. The terminal is
    /// suspended while the editor is needed and given back before returning.
    async fn drive(&mut self, ctx: &mut Ctx<'_>, id: u64, mut step: Step) -> Vec<Msg> {
        let mut msgs = Vec::new();
        let mut suspended = false;
        while let Some(session) = self.sessions.get_mut(&id) {
            step = match step {
                Step::Edit => {
                    if !suspended {
                        ctx.input.pause();
                        if let Err(e) = ctx.guard.suspend() {
                            tracing::warn!(error = %e, "suspending the terminal");
                        }
                        suspended = true;
                    }
                    edit_once(session).await
                }
                Step::Check(text) => self.check(id, &text),
                Step::Validate { note } => validate(ctx.client, session, note).await,
                Step::Rebase => rebase(ctx.client, session).await,
                Step::Review { note } => {
                    let edited = session.edited.clone().unwrap_or(Value::Null);
                    let diff = diff::unified(&to_yaml(&session.base), &to_yaml(&edited), 3);
                    msgs.push(Msg::EditReview(EditReview {
                        session: id,
                        target: session.label.clone(),
                        note,
                        diff,
                        scroll: 0,
                    }));
                    break;
                }
                Step::End(end) => {
                    msgs.extend(self.end(id, end));
                    break;
                }
            };
        }
        if suspended {
            if let Err(e) = ctx.guard.resume() {
                tracing::warn!(error = %e, "resuming the terminal");
            }
            ctx.input.resume();
            if let Ok(size) = ctx.guard.terminal().size() {
                msgs.push(Msg::Resize {
                    width: size.width,
                    height: size.height,
                });
            }
        }
        msgs
    }

    fn check(&mut self, id: u64, text: &str) -> Step {
        let dir = self.recovery_dir.clone();
        let Some(session) = self.sessions.get_mut(&id) else {
            return Step::End(End::quiet(ToastLevel::Info, String::new()));
        };
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
                if let Some(warning) = session.keep(dir.as_ref()) {
                    tracing::warn!(%warning);
                }
                Step::Edit
            }
            Checked::Changed(value) => {
                session.problem = None;
                session.edited = Some(value);
                match session.keep(dir.as_ref()) {
                    // Nothing is sent that is not also kept.
                    Some(warning) => {
                        Step::End(End::failed(format!("{warning}; nothing was applied")))
                    }
                    None => Step::Validate { note: None },
                }
            }
        }
    }

    fn end(&mut self, id: u64, end: End) -> Vec<Msg> {
        let Some(session) = self.sessions.remove(&id) else {
            return Vec::new();
        };
        if !end.keep_recovery
            && let Some(r) = session.recovery
        {
            r.remove();
        }
        let mut msgs = vec![Msg::EditEnded { session: id }];
        if end.changed {
            msgs.push(Msg::ObjectChanged {
                kind: session.kind,
                key: session.key,
            });
        }
        if !end.text.is_empty() {
            msgs.push(toast(end.level, end.text));
        }
        msgs
    }
}

fn toast(level: ToastLevel, text: String) -> Msg {
    Msg::Toast { level, text }
}

fn rejected(message: &str) -> String {
    format!("The server rejected the change:\n{message}")
}

/// Opens the editor once on the session's text.
async fn edit_once(session: &mut Session) -> Step {
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
async fn validate(client: &kube::Client, session: &mut Session, note: Option<String>) -> Step {
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
async fn rebase(client: &kube::Client, session: &mut Session) -> Step {
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
