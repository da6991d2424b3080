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

mod session;

use std::collections::HashMap;
use std::path::PathBuf;

use serde_json::Value;
use tokio::sync::mpsc;

use session::{
    End, Session, Step, WriteError, check_text, classify, edit_once, rebase, rejected, validate,
};

use super::AppEvent;
use super::input::Input;
use crate::cluster::object::{self, ObjectRef};
use crate::cluster::{Mutator, ops};
use crate::editor::EditFile;
use crate::journal::{Journal, JournalEntry, masked_objects};
use crate::manifest::edit::{describe_target, editable, initial_body, to_send};
use crate::manifest::{diff, yaml::to_yaml};
use crate::resources::{ObjKey, ResourceKind};
use crate::state::{EditDecision, EditReview, Msg, ToastLevel};
use crate::terminal::TerminalGuard;

/// What the app lends a session step.
pub(super) struct Ctx<'a> {
    pub guard: &'a mut TerminalGuard,
    pub input: &'a Input,
    pub client: &'a kube::Client,
    /// The context the client talks to, for the journal.
    pub context: &'a str,
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

/// Every edit in progress, by session id.
pub(super) struct Editing {
    sessions: HashMap<u64, Session>,
    next_id: u64,
    recovery_dir: Option<PathBuf>,
    /// Where applied changes are recorded.
    journal: Option<Journal>,
}

impl Editing {
    pub fn new(recovery_dir: Option<PathBuf>, journal: Option<Journal>) -> Self {
        Self {
            sessions: HashMap::new(),
            next_id: 1,
            recovery_dir,
            journal,
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
        match self.start(kind, key, live, "edit") {
            Ok(id) => self.drive(ctx, id, Step::Edit).await,
            Err(text) => vec![toast(ToastLevel::Error, text)],
        }
    }

    /// The live object to undo a journaled change on arrived: the change back to the version
    /// before it is checked by the server and shown for review, as an edit would be.
    pub async fn open_undo(
        &mut self,
        ctx: &mut Ctx<'_>,
        entry: JournalEntry,
        live: Result<Value, String>,
    ) -> Vec<Msg> {
        let (Some(kind), Some(previous)) = (entry.kind(), entry.previous.clone()) else {
            let why = entry
                .not_undoable
                .clone()
                .unwrap_or_else(|| "the journal does not hold its previous version".to_owned());
            let text = format!("cannot undo the change of {}: {why}", entry.label());
            return vec![toast(ToastLevel::Warn, text)];
        };
        let id = match self.start(kind, entry.key(), live, "undo") {
            Ok(id) => id,
            Err(text) => return vec![toast(ToastLevel::Error, text)],
        };
        let Some(session) = self.sessions.get_mut(&id) else {
            return Vec::new();
        };
        session.undo = true;
        if previous == session.base {
            let end = End::quiet(
                ToastLevel::Info,
                format!("{} is already as it was before that change", session.label),
            );
            return self.drive(ctx, id, Step::End(end)).await;
        }
        session.body = to_yaml(&previous);
        session.edited = Some(previous);
        let note = format!(
            "Undo: this puts {} back as it was before the change of {}.",
            session.label,
            clock(entry.time_unix)
        );
        self.drive(ctx, id, Step::Validate { note: Some(note) })
            .await
    }

    /// A new session on the live object, or why there is none (an error for the user).
    fn start(
        &mut self,
        kind: ResourceKind,
        key: ObjKey,
        live: Result<Value, String>,
        verb: &str,
    ) -> Result<u64, String> {
        let target = ObjectRef::new(kind, &key);
        let label = target.label();
        let live = live.map_err(|e| format!("cannot {verb} {label}: {e}"))?;
        let file = EditFile::create(&label)
            .map_err(|e| format!("cannot {verb} {label}: no temporary file: {e}"))?;
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
                undo: false,
            },
        );
        Ok(id)
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
                let (verb, done) = if session.undo {
                    ("undo the change of", "restored")
                } else {
                    ("edit", "edited")
                };
                let tx = tx.clone();
                mutator.start(format!("{verb} {label}"), move |client, _| async move {
                    let report = |outcome| {
                        let _ = tx.send(AppEvent::EditApplied {
                            session: id,
                            outcome,
                        });
                    };
                    match object::replace(&client, &target, &body, false).await {
                        Ok(_) => {
                            report(Applied::Done);
                            Ok(format!("{label} {done}"))
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
            Applied::Done => {
                // The change is made: a journal that cannot be written is only a warning.
                let warning = record(self.journal.as_ref(), ctx.context, session);
                Step::End(End {
                    level: ToastLevel::Warn,
                    text: warning.unwrap_or_default(),
                    keep_recovery: false,
                    changed: true,
                })
            }
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
                Step::Check(text) => check_text(session, self.recovery_dir.as_ref(), &text),
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
                        always_ask: session.undo,
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

/// Writes the applied change of `session` to the journal; the warning to show if it could not.
fn record(journal: Option<&Journal>, context: &str, session: &Session) -> Option<String> {
    let journal = journal?;
    let edited = session.edited.as_ref()?;
    let (before, after) = masked_objects(&session.base, edited);
    let lines = diff::unified(&to_yaml(&before), &to_yaml(&after), 3)
        .iter()
        .map(diff::DiffLine::marked)
        .collect();
    let entry = JournalEntry::new(
        jiff::Timestamp::now().as_second(),
        context,
        session.kind,
        &session.key,
        lines,
        &session.base,
    );
    journal.append(&entry).err().map(|e| {
        format!(
            "the change was made but not recorded in {}: {e}",
            journal.path().display()
        )
    })
}

/// "14:03:07", local time, for messages.
fn clock(time_unix: i64) -> String {
    jiff::Timestamp::from_second(time_unix).map_or_else(
        |_| time_unix.to_string(),
        |t| {
            t.to_zoned(jiff::tz::TimeZone::system())
                .strftime("%Y-%m-%d %H:%M:%S")
                .to_string()
        },
    )
}

fn toast(level: ToastLevel, text: String) -> Msg {
    Msg::Toast { level, text }
}
