//! The sync's own types: the console's answer ([`Remote`]), what push writes ([`UpdatePlan`]),
//! a field that differs ([`FieldChange`]), how the sides moved ([`Drift`]), what pull and diff
//! report; and the snapshot of a file, the part of it that syncs. No AWS types, no I/O.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::answers::AnswersFile;
use crate::answers::model::{ChoiceSnapshot, Snapshot};
use crate::catalogue::{NONE_CHOICE_ID, OFFICIAL_CHOICE_IDS};
use crate::vocab::{Reason, Risk, Status};

/// The REL 4 answer as the Well-Architected Tool holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct Remote {
    pub snapshot: Snapshot,
    /// The question's risk as the service rates it.
    pub risk: Option<Risk>,
}

impl Remote {
    /// What a workload holds before anything is answered (or before it exists).
    pub fn blank() -> Remote {
        Remote {
            snapshot: blank(),
            risk: None,
        }
    }
}

/// One practice's update. The status is always sent (the service needs it); reason and notes
/// only when they change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChoiceUpdate {
    /// Never `Unanswered`.
    pub status: Status,
    /// `Some(None)` clears the reason.
    pub reason: Option<Option<Reason>>,
    pub notes: Option<String>,
}

/// Exactly the fields one UpdateAnswer call must change; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UpdatePlan {
    /// The whole selection; only when "None of these" changes, never `_no` with another choice.
    pub selected_choices: Option<Vec<String>>,
    pub choice_updates: BTreeMap<String, ChoiceUpdate>,
    pub notes: Option<String>,
    pub applicable: Option<bool>,
    /// `Some(None)` clears the reason.
    pub reason: Option<Option<Reason>>,
    /// The same changes, for people: one line per field.
    pub changes: Vec<FieldChange>,
}

/// One field that differs: its key path in the answers file and both values, as text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    pub field: String,
    /// The console's value, as the answers file spells it (`null` for no reason).
    pub console: Value,
    /// The file's value.
    pub local: Value,
}

impl UpdatePlan {
    /// Nothing to write.
    pub fn is_empty(&self) -> bool {
        self.selected_choices.is_none()
            && self.choice_updates.is_empty()
            && self.notes.is_none()
            && self.applicable.is_none()
            && self.reason.is_none()
    }

    /// The UpdateAnswer request body this plan stands for, with the service's field names.
    pub fn to_request_json(&self) -> Value {
        let mut body = Map::new();
        if let Some(selected) = &self.selected_choices {
            body.insert("SelectedChoices".into(), json!(selected));
        }
        if !self.choice_updates.is_empty() {
            let updates: Map<String, Value> = self
                .choice_updates
                .iter()
                .map(|(id, u)| (id.clone(), choice_update_json(u)))
                .collect();
            body.insert("ChoiceUpdates".into(), Value::Object(updates));
        }
        if let Some(notes) = &self.notes {
            body.insert("Notes".into(), json!(notes));
        }
        if let Some(applicable) = self.applicable {
            body.insert("IsApplicable".into(), json!(applicable));
        }
        if let Some(reason) = self.reason {
            body.insert("Reason".into(), json!(Reason::service_name(reason)));
        }
        Value::Object(body)
    }
}

fn choice_update_json(update: &ChoiceUpdate) -> Value {
    let mut out = Map::new();
    out.insert("Status".into(), json!(update.status.service_name()));
    if let Some(reason) = update.reason {
        out.insert("Reason".into(), json!(Reason::service_name(reason)));
    }
    if let Some(notes) = &update.notes {
        out.insert("Notes".into(), json!(notes));
    }
    Value::Object(out)
}

/// A snapshot with nothing answered: what a workload's console holds before any answer.
pub fn blank() -> Snapshot {
    Snapshot {
        applicable: true,
        reason: None,
        notes: String::new(),
        none_of_these: false,
        choices: BTreeMap::new(),
    }
}

/// `unanswered` compares equal to `unselected`, as the console knows no difference.
pub(super) fn same_status(a: Status, b: Status) -> bool {
    let norm = |s| match s {
        Status::Unanswered => Status::Unselected,
        s => s,
    };
    norm(a) == norm(b)
}

pub(super) fn choice<'a>(snapshot: &'a Snapshot, id: &str) -> &'a ChoiceSnapshot {
    static UNANSWERED: ChoiceSnapshot = ChoiceSnapshot {
        status: Status::Unanswered,
        reason: None,
        notes: String::new(),
    };
    snapshot.choices.get(id).unwrap_or(&UNANSWERED)
}

/// The practice ids either side mentions, "None of these" left out.
pub(super) fn practice_ids<'a>(a: &'a Snapshot, b: &'a Snapshot) -> Vec<&'a str> {
    let mut ids: Vec<&str> = a
        .choices
        .keys()
        .chain(b.choices.keys())
        .map(String::as_str)
        .filter(|id| *id != NONE_CHOICE_ID)
        .collect();
    let rank = |id: &str| OFFICIAL_CHOICE_IDS.iter().position(|o| *o == id);
    ids.sort_unstable_by_key(|id| (rank(id).unwrap_or(usize::MAX), *id));
    ids.dedup();
    ids
}

pub(super) fn text(notes: &str) -> Value {
    json!(notes)
}

pub(super) fn reason_text(reason: Option<Reason>) -> Value {
    json!(reason.map(Reason::as_str))
}

pub(super) fn change(field: String, console: Value, local: Value) -> FieldChange {
    FieldChange {
        field,
        console,
        local,
    }
}

/// How the file and the console moved since the last sync.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Drift {
    /// The file and the console hold the same answers (for what push would write).
    InSync,
    /// Only the file changed: push is safe.
    LocalChanged,
    /// Only the console changed: pull brings the change into the file.
    ConsoleChanged,
    /// Both changed and they differ: a person must choose.
    Conflict,
}

/// Where a sync happened: the workload, its Region and the lens the answer lives in.
#[derive(Debug, Clone, Copy)]
pub struct Place<'a> {
    pub workload_id: &'a str,
    pub region: &'a str,
    pub lens_alias: &'a str,
}

/// What a pull did to the file.
#[derive(Debug, Clone)]
pub struct PullReport {
    pub workload_id: String,
    pub outcome: PullOutcome,
    /// The file's own changes since the last sync, kept for push (console, file).
    pub kept: Vec<FieldChange>,
    /// The risk the service reported.
    pub service_risk: Option<Risk>,
    /// The file changed (answers or sync state) and must be saved.
    pub save: bool,
}

#[derive(Debug, Clone)]
pub enum PullOutcome {
    /// Fields changed on both sides since the last sync: nothing was pulled.
    Conflicts(Vec<FieldChange>),
    /// Nothing changed in the console that the file does not have.
    UpToDate,
    /// These fields came from the console (console, file before).
    Pulled(Vec<FieldChange>),
}

/// What diff shows: what push would write, what pull would bring, how the sides moved.
#[derive(Debug, Clone)]
pub struct Comparison {
    /// What push would write (nothing when `blocked`).
    pub plan: UpdatePlan,
    /// What pull would bring into the file: the console's changes since the last sync.
    pub incoming: Vec<FieldChange>,
    pub drift: Drift,
    /// Push refuses this file: every practice is not applicable.
    pub blocked: bool,
}

impl Comparison {
    /// The file and the console hold the same answers, in both directions.
    pub fn agrees(&self) -> bool {
        self.plan.is_empty() && self.incoming.is_empty() && !self.blocked
    }
}

impl AnswersFile {
    /// The synced part of the review. A reason counts only where it belongs (a practice or
    /// question marked not applicable), so a stray one in a hand-edited file is never pushed.
    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            applicable: self.question.applicable,
            reason: self.question.reason.filter(|_| !self.question.applicable),
            notes: self.question.notes.clone(),
            none_of_these: self.none_of_these(),
            choices: self
                .practices
                .iter()
                .map(|(id, a)| {
                    let choice = ChoiceSnapshot {
                        status: a.status,
                        reason: a.reason.filter(|_| a.status == Status::NotApplicable),
                        notes: a.notes.clone(),
                    };
                    (id.clone(), choice)
                })
                .collect(),
        }
    }
}
