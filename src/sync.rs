//! Comparing the answers file with the Well-Architected Tool: what `push` would write, field by
//! field, what `pull` would change in the file, and whether both sides changed since the last
//! sync. Pure: no AWS types, no I/O.
//!
//! Two rules make the comparison fit the service:
//! - The console has no "unanswered" per choice: a choice it does not mention is unselected.
//!   So `unanswered` and `unselected` compare equal, and an unanswered practice is never pushed.
//! - The file does not always carry the console's notes: empty notes in the file never blank
//!   notes the console holds.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::answers::{AnswersFile, ChoiceSnapshot, Snapshot, SyncState};
use crate::catalogue::{NONE_CHOICE_ID, OFFICIAL_CHOICE_IDS};
use crate::context::Context;
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
fn same_status(a: Status, b: Status) -> bool {
    let norm = |s| match s {
        Status::Unanswered => Status::Unselected,
        s => s,
    };
    norm(a) == norm(b)
}

fn choice<'a>(snapshot: &'a Snapshot, id: &str) -> &'a ChoiceSnapshot {
    static UNANSWERED: ChoiceSnapshot = ChoiceSnapshot {
        status: Status::Unanswered,
        reason: None,
        notes: String::new(),
    };
    snapshot.choices.get(id).unwrap_or(&UNANSWERED)
}

/// The practice ids either side mentions, "None of these" left out.
fn practice_ids<'a>(a: &'a Snapshot, b: &'a Snapshot) -> Vec<&'a str> {
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

fn text(notes: &str) -> Value {
    json!(notes)
}

fn reason_text(reason: Option<Reason>) -> Value {
    json!(reason.map(Reason::as_str))
}

fn change(field: String, console: Value, local: Value) -> FieldChange {
    FieldChange {
        field,
        console,
        local,
    }
}

/// What push must write so that the console holds the file's answers (`local`), given what
/// the console holds now (`remote`): exactly the fields that differ.
pub fn plan(local: &Snapshot, remote: &Snapshot) -> UpdatePlan {
    let mut plan = UpdatePlan::default();
    if local.applicable != remote.applicable {
        plan.applicable = Some(local.applicable);
        plan.changes.push(change(
            "question.applicable".into(),
            json!(remote.applicable),
            json!(local.applicable),
        ));
    }
    if local.reason != remote.reason {
        plan.reason = Some(local.reason);
        plan.changes.push(change(
            "question.reason".into(),
            reason_text(remote.reason),
            reason_text(local.reason),
        ));
    }
    if !local.notes.is_empty() && local.notes != remote.notes {
        plan.notes = Some(local.notes.clone());
        plan.changes.push(change(
            "question.notes".into(),
            text(&remote.notes),
            text(&local.notes),
        ));
    }
    if local.none_of_these != remote.none_of_these {
        plan.selected_choices = Some(if local.none_of_these {
            vec![NONE_CHOICE_ID.to_string()]
        } else {
            practice_ids(local, remote)
                .into_iter()
                .filter(|id| choice(local, id).status == Status::Selected)
                .map(str::to_string)
                .collect()
        });
        plan.changes.push(change(
            "question.noneOfThese".into(),
            json!(remote.none_of_these),
            json!(local.none_of_these),
        ));
    }
    for id in practice_ids(local, remote) {
        if let Some(update) = plan_choice(id, choice(local, id), choice(remote, id), &mut plan) {
            plan.choice_updates.insert(id.to_string(), update);
        }
    }
    plan
}

fn plan_choice(
    id: &str,
    local: &ChoiceSnapshot,
    remote: &ChoiceSnapshot,
    plan: &mut UpdatePlan,
) -> Option<ChoiceUpdate> {
    // A practice the file has not answered is never pushed: the console keeps its own status.
    let status = local.status != Status::Unanswered && !same_status(local.status, remote.status);
    let reason = local.status != Status::Unanswered && local.reason != remote.reason;
    let notes = !local.notes.is_empty() && local.notes != remote.notes;
    if !(status || reason || notes) {
        return None;
    }
    let field = |name: &str| format!("practices.{id}.{name}");
    if status {
        plan.changes.push(change(
            field("status"),
            json!(remote.status.as_str()),
            json!(local.status.as_str()),
        ));
    }
    if reason {
        plan.changes.push(change(
            field("reason"),
            reason_text(remote.reason),
            reason_text(local.reason),
        ));
    }
    if notes {
        plan.changes.push(change(
            field("notes"),
            text(&remote.notes),
            text(&local.notes),
        ));
    }
    Some(ChoiceUpdate {
        // ChoiceUpdate needs a status. For a practice the file has not answered (only its
        // notes are written) that is the console's own status, so it stays as it is; the console
        // knows no "unanswered", the nearest is unselected.
        status: match (local.status, remote.status) {
            (Status::Unanswered, Status::Unanswered) => Status::Unselected,
            (Status::Unanswered, console) => console,
            (file, _) => file,
        },
        reason: reason.then_some(local.reason),
        notes: notes.then(|| local.notes.clone()),
    })
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

/// Compares the file (`local`), the console (`remote`) and what the console held at the last
/// sync (`base`, the file's `sync.console`), field by field over what push would write: a
/// field push would write that the console changed since the base is a console change, and a
/// conflict when the file changed it too. Console changes push would not touch (notes the file
/// does not carry) are no obstacle.
pub fn drift(local: &Snapshot, remote: &Snapshot, base: Option<&Snapshot>) -> Drift {
    let writes = plan(local, remote).changes;
    if writes.is_empty() {
        return Drift::InSync;
    }
    // Never synced: compare with a blank console, so that answers already in the console
    // count as changes made there.
    let blank = blank();
    let base = base.unwrap_or(&blank);
    let console_changed = pull_changes(base, remote);
    let local_changed = plan(local, base).changes;
    let has = |list: &[FieldChange], field: &str| list.iter().any(|c| c.field == field);
    let overwritten: Vec<&str> = writes
        .iter()
        .map(|c| c.field.as_str())
        .filter(|f| has(&console_changed, f))
        .collect();
    if overwritten.is_empty() {
        Drift::LocalChanged
    } else if local_changed.is_empty() {
        Drift::ConsoleChanged
    } else {
        Drift::Conflict
    }
}

/// A three-way merge for pull: the console's changes since the last sync come into the file,
/// the file's own changes since then stay (push will write them), and a field both changed
/// differently is a conflict (taken from the console only with `force`).
#[derive(Debug, Clone, PartialEq)]
pub struct Merge {
    /// The file's answers after the merge.
    pub merged: Snapshot,
    /// Fields taken from the console (console value, file value before).
    pub from_console: Vec<FieldChange>,
    /// Fields changed on both sides (console value, file value).
    pub conflicts: Vec<FieldChange>,
    /// Fields changed in the file and kept, to be pushed (console value, file value).
    pub kept: Vec<FieldChange>,
}

/// Merges the console (`remote`) into the file (`local`), given what the console held at the
/// last sync (`base`; a blank console when the file was never synced).
pub fn merge(local: &Snapshot, remote: &Snapshot, base: Option<&Snapshot>, force: bool) -> Merge {
    let blank = blank();
    let base = base.unwrap_or(&blank);
    let mut m = Merge {
        merged: local.clone(),
        from_console: Vec::new(),
        conflicts: Vec::new(),
        kept: Vec::new(),
    };
    let bool_text = |b: &bool| json!(b);
    let notes_text = |n: &String| text(n);
    let reason = |r: &Option<Reason>| reason_text(*r);
    m.pick(
        "question.applicable",
        [&local.applicable, &remote.applicable, &base.applicable],
        PartialEq::eq,
        bool_text,
        force,
        |s, v| s.applicable = v,
    );
    m.pick(
        "question.reason",
        [&local.reason, &remote.reason, &base.reason],
        PartialEq::eq,
        reason,
        force,
        |s, v| s.reason = v,
    );
    let base_notes = if local.notes.is_empty() {
        &local.notes
    } else {
        &base.notes
    };
    m.pick(
        "question.notes",
        [&local.notes, &remote.notes, base_notes],
        PartialEq::eq,
        notes_text,
        force,
        |s, v| s.notes = v,
    );
    m.pick(
        "question.noneOfThese",
        [
            &local.none_of_these,
            &remote.none_of_these,
            &base.none_of_these,
        ],
        PartialEq::eq,
        bool_text,
        force,
        |s, v| s.none_of_these = v,
    );
    let mut ids = practice_ids(local, remote);
    ids.extend(practice_ids(base, base));
    ids.sort_unstable_by_key(|id| {
        OFFICIAL_CHOICE_IDS
            .iter()
            .position(|o| o == id)
            .unwrap_or(usize::MAX)
    });
    ids.dedup();
    for id in ids {
        let (l, r, b) = (choice(local, id), choice(remote, id), choice(base, id));
        let field = |name: &str| format!("practices.{id}.{name}");
        m.pick(
            &field("status"),
            [&l.status, &r.status, &b.status],
            |x, y| same_status(*x, *y),
            |v: &Status| json!(v.as_str()),
            force,
            |s, v| choice_mut(s, id).status = v,
        );
        m.pick(
            &field("reason"),
            [&l.reason, &r.reason, &b.reason],
            PartialEq::eq,
            reason,
            force,
            |s, v| choice_mut(s, id).reason = v,
        );
        // Empty notes in the file mean "none given here", never "remove them" (push does not
        // blank the console's notes either), so they are not a change of the file's.
        let b_notes = if l.notes.is_empty() {
            &l.notes
        } else {
            &b.notes
        };
        m.pick(
            &field("notes"),
            [&l.notes, &r.notes, b_notes],
            PartialEq::eq,
            notes_text,
            force,
            |s, v| choice_mut(s, id).notes = v,
        );
    }
    // "None of these" from one side and a selected practice from the other cannot live in
    // one file: that is a conflict too, and with `force` the console's selection wins whole.
    let selected = |s: &Snapshot| s.choices.values().any(|c| c.status == Status::Selected);
    if m.merged.none_of_these && selected(&m.merged) {
        m.conflicts.push(change(
            "question.noneOfThese".into(),
            json!(remote.none_of_these),
            json!(local.none_of_these),
        ));
        if force {
            m.merged.none_of_these = remote.none_of_these;
            for (id, c) in &remote.choices {
                choice_mut(&mut m.merged, id).status = c.status;
            }
            for (id, c) in m.merged.choices.iter_mut() {
                if !remote.choices.contains_key(id) && c.status == Status::Selected {
                    c.status = Status::Unselected;
                }
            }
        } else {
            m.merged.none_of_these = local.none_of_these;
        }
    }
    m
}

fn choice_mut<'a>(snapshot: &'a mut Snapshot, id: &str) -> &'a mut ChoiceSnapshot {
    snapshot
        .choices
        .entry(id.to_string())
        .or_insert_with(|| ChoiceSnapshot {
            status: Status::Unanswered,
            reason: None,
            notes: String::new(),
        })
}

impl Merge {
    /// One field of the merge: `[local, remote, base]`.
    fn pick<T: Clone>(
        &mut self,
        field: &str,
        [local, remote, base]: [&T; 3],
        same: impl Fn(&T, &T) -> bool,
        show: impl Fn(&T) -> Value,
        force: bool,
        set: impl FnOnce(&mut Snapshot, T),
    ) {
        if same(local, remote) {
            return;
        }
        let row = change(field.to_string(), show(remote), show(local));
        let (console_moved, file_moved) = (!same(remote, base), !same(local, base));
        if console_moved && file_moved {
            self.conflicts.push(row.clone());
            if !force {
                return;
            }
        } else if file_moved {
            self.kept.push(row);
            return;
        }
        self.from_console.push(row);
        set(&mut self.merged, remote.clone());
    }
}

/// Equal, with `unanswered` and `unselected` taken as the same (the round-trip tests' notion
/// of "the same answers").
#[cfg(test)]
pub fn same_snapshot(a: &Snapshot, b: &Snapshot) -> bool {
    a.applicable == b.applicable
        && a.reason == b.reason
        && a.notes == b.notes
        && a.none_of_these == b.none_of_these
        && practice_ids(a, b).into_iter().all(|id| {
            let (x, y) = (choice(a, id), choice(b, id));
            same_status(x.status, y.status) && x.reason == y.reason && x.notes == y.notes
        })
}

/// What pull changes in the file: every field where the console differs, notes included.
pub fn pull_changes(local: &Snapshot, remote: &Snapshot) -> Vec<FieldChange> {
    let mut out = Vec::new();
    let mut field = |name: String, differs: bool, console: Value, file: Value| {
        if differs {
            out.push(change(name, console, file));
        }
    };
    field(
        "question.applicable".into(),
        local.applicable != remote.applicable,
        json!(remote.applicable),
        json!(local.applicable),
    );
    field(
        "question.reason".into(),
        local.reason != remote.reason,
        reason_text(remote.reason),
        reason_text(local.reason),
    );
    field(
        "question.notes".into(),
        local.notes != remote.notes,
        text(&remote.notes),
        text(&local.notes),
    );
    field(
        "question.noneOfThese".into(),
        local.none_of_these != remote.none_of_these,
        json!(remote.none_of_these),
        json!(local.none_of_these),
    );
    for id in practice_ids(local, remote) {
        let (l, r) = (choice(local, id), choice(remote, id));
        field(
            format!("practices.{id}.status"),
            !same_status(l.status, r.status),
            json!(r.status.as_str()),
            json!(l.status.as_str()),
        );
        field(
            format!("practices.{id}.reason"),
            l.reason != r.reason,
            reason_text(r.reason),
            reason_text(l.reason),
        );
        field(
            format!("practices.{id}.notes"),
            l.notes != r.notes,
            text(&r.notes),
            text(&l.notes),
        );
    }
    out
}

/// Writes the console's answer into the file, field by field where they differ, stamping the
/// practices and the question that changed. An unanswered practice the console leaves
/// unselected stays unanswered.
pub fn apply_remote(file: &mut AnswersFile, remote: &Snapshot, context: &Context) {
    let (who, when) = (context.who.as_str(), context.now.as_str());
    let local = file.snapshot();
    let q = &mut file.question;
    if q.applicable != remote.applicable
        || q.reason != remote.reason
        || q.notes != remote.notes
        || q.none_of_these != remote.none_of_these
    {
        q.applicable = remote.applicable;
        q.reason = remote.reason;
        q.notes = remote.notes.clone();
        q.none_of_these = remote.none_of_these;
        q.answered_by = Some(who.to_string());
        q.answered_at = Some(when.to_string());
    }
    for id in practice_ids(&local, remote) {
        let (l, r) = (choice(&local, id), choice(remote, id));
        let status = !same_status(l.status, r.status);
        if !(status || l.reason != r.reason || l.notes != r.notes) {
            continue;
        }
        let answer = file.practices.entry(id);
        if status {
            answer.status = r.status;
        }
        answer.reason = r.reason;
        answer.notes = r.notes.clone();
        answer.answered_by = Some(who.to_string());
        answer.answered_at = Some(when.to_string());
    }
}

/// What the console held at the last sync, when the file was last synced with this workload;
/// a sync with another workload says nothing about this one.
pub fn base<'a>(file: &'a AnswersFile, id: &str) -> Option<&'a Snapshot> {
    let same = file.workload.aws_workload_id.as_deref() == Some(id);
    file.sync.as_ref().filter(|_| same).map(|s| &s.console)
}

/// Where a sync happened: the workload, its Region and the lens the answer lives in.
#[derive(Debug, Clone, Copy)]
pub struct Place<'a> {
    pub workload_id: &'a str,
    pub region: &'a str,
    pub lens_alias: &'a str,
}

/// Records in the file which workload it is synced with and what the console now holds.
/// Returns false (and leaves the file alone) when nothing but the time would change, so that
/// a sync that changes nothing leaves no diff in git.
pub fn record_sync(file: &mut AnswersFile, place: Place<'_>, remote: &Remote, now: &str) -> bool {
    let unchanged = file.workload.aws_workload_id.as_deref() == Some(place.workload_id)
        && file.workload.aws_region.as_deref() == Some(place.region)
        && file.sync.as_ref().is_some_and(|s| {
            s.lens_alias == place.lens_alias
                && s.service_risk == remote.risk
                && s.console == remote.snapshot
        });
    if unchanged {
        return false;
    }
    file.workload.aws_workload_id = Some(place.workload_id.to_string());
    file.workload.aws_region = Some(place.region.to_string());
    file.sync = Some(SyncState {
        synced_at: now.to_string(),
        lens_alias: place.lens_alias.to_string(),
        service_risk: remote.risk,
        console: remote.snapshot.clone(),
    });
    true
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

/// Brings the console's answer into the file by a three-way merge (see [`merge`]), stamping
/// what changed, and records the sync. With conflicts and no `force`, the file is left alone.
pub fn pull(
    file: &mut AnswersFile,
    remote: &Remote,
    place: Place<'_>,
    force: bool,
    context: &Context,
) -> PullReport {
    let base = base(file, place.workload_id).cloned();
    let merge = merge(&file.snapshot(), &remote.snapshot, base.as_ref(), force);
    let mut report = PullReport {
        workload_id: place.workload_id.to_string(),
        outcome: PullOutcome::UpToDate,
        kept: Vec::new(),
        service_risk: remote.risk,
        save: false,
    };
    if !merge.conflicts.is_empty() && !force {
        report.outcome = PullOutcome::Conflicts(merge.conflicts);
        return report;
    }
    if !merge.from_console.is_empty() {
        // Who changed it in the console is not known: the stamp says where it came from.
        let from_console = Context {
            who: format!("Well-Architected Tool (pulled by {})", context.who),
            now: context.now.clone(),
        };
        apply_remote(file, &merge.merged, &from_console);
        report.outcome = PullOutcome::Pulled(merge.from_console);
    }
    report.kept = merge.kept;
    let synced = record_sync(file, place, remote, &context.now);
    report.save = synced || matches!(report.outcome, PullOutcome::Pulled(_));
    report
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

/// Compares the file with the console's answer of workload `id`.
pub fn compare(file: &AnswersFile, remote: &Remote, id: &str) -> Comparison {
    let local = file.snapshot();
    let base = base(file, id);
    let blocked = file.only_not_applicable();
    let plan = if blocked {
        UpdatePlan::default()
    } else {
        plan(&local, &remote.snapshot)
    };
    let incoming = merge(&local, &remote.snapshot, base, false).from_console;
    let drift = match drift(&local, &remote.snapshot, base) {
        Drift::InSync if !incoming.is_empty() => Drift::ConsoleChanged,
        other => other,
    };
    Comparison {
        plan,
        incoming,
        drift,
        blocked,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BP01: &str = "rel_prevent_interaction_failure_identify";
    const BP02: &str = "rel_prevent_interaction_failure_loosely_coupled_system";

    fn snap(choices: &[(&str, Status)]) -> Snapshot {
        let mut s = blank();
        for (id, status) in choices {
            s.choices.insert(
                id.to_string(),
                ChoiceSnapshot {
                    status: *status,
                    reason: None,
                    notes: String::new(),
                },
            );
        }
        s
    }

    #[test]
    fn equal_snapshots_plan_nothing() {
        let s = snap(&[(BP01, Status::Selected)]);
        let p = plan(&s, &s);
        assert!(p.is_empty());
        assert!(p.changes.is_empty());
        assert_eq!(p.to_request_json(), json!({}));
    }

    #[test]
    fn unanswered_equals_unselected_and_is_never_pushed() {
        let local = snap(&[(BP01, Status::Unanswered)]);
        let remote = snap(&[(BP01, Status::Unselected)]);
        assert!(plan(&local, &remote).is_empty());
        assert!(plan(&remote, &local).is_empty());
        assert!(same_snapshot(&local, &remote));
    }

    #[test]
    fn changed_status_is_one_choice_update() {
        let local = snap(&[(BP01, Status::Selected), (BP02, Status::Unselected)]);
        let remote = snap(&[(BP01, Status::Unselected), (BP02, Status::Unselected)]);
        let p = plan(&local, &remote);
        assert_eq!(p.choice_updates.len(), 1);
        assert_eq!(p.selected_choices, None);
        assert_eq!(
            p.to_request_json(),
            json!({"ChoiceUpdates": {BP01: {"Status": "SELECTED"}}})
        );
        assert_eq!(
            p.changes,
            vec![FieldChange {
                field: format!("practices.{BP01}.status"),
                console: "unselected".into(),
                local: "selected".into(),
            }]
        );
    }

    #[test]
    fn not_applicable_carries_reason_and_status() {
        let mut local = snap(&[(BP01, Status::NotApplicable)]);
        local.choices.get_mut(BP01).unwrap().reason = Some(Reason::OutOfScope);
        let remote = snap(&[(BP01, Status::Selected)]);
        assert_eq!(
            plan(&local, &remote).to_request_json(),
            json!({"ChoiceUpdates": {BP01: {"Status": "NOT_APPLICABLE", "Reason": "OUT_OF_SCOPE"}}})
        );
        // And back: the reason is cleared with NONE.
        assert_eq!(
            plan(&remote, &local).to_request_json(),
            json!({"ChoiceUpdates": {BP01: {"Status": "SELECTED", "Reason": "NONE"}}})
        );
    }

    #[test]
    fn notes_only_change_keeps_status_and_empty_notes_never_blank() {
        let mut local = snap(&[(BP01, Status::Selected)]);
        let mut remote = local.clone();
        remote.choices.get_mut(BP01).unwrap().notes = "from the console".into();
        remote.notes = "question notes in the console".into();
        assert!(
            plan(&local, &remote).is_empty(),
            "empty file notes are kept"
        );
        local.choices.get_mut(BP01).unwrap().notes = "from git".into();
        assert_eq!(
            plan(&local, &remote).to_request_json(),
            json!({"ChoiceUpdates": {BP01: {"Status": "SELECTED", "Notes": "from git"}}})
        );
    }

    #[test]
    fn question_fields() {
        let mut local = blank();
        local.applicable = false;
        local.reason = Some(Reason::BusinessPriorities);
        local.notes = "batch only".into();
        let p = plan(&local, &blank());
        assert_eq!(
            p.to_request_json(),
            json!({"IsApplicable": false, "Reason": "BUSINESS_PRIORITIES", "Notes": "batch only"})
        );
        let fields: Vec<_> = p.changes.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(
            fields,
            ["question.applicable", "question.reason", "question.notes"]
        );
    }

    #[test]
    fn none_of_these_is_sent_alone_in_the_selection() {
        let mut local = snap(&[(BP01, Status::Unselected)]);
        local.none_of_these = true;
        let remote = snap(&[(BP01, Status::Selected)]);
        let p = plan(&local, &remote);
        assert_eq!(p.selected_choices, Some(vec![NONE_CHOICE_ID.to_string()]));
        assert_eq!(p.choice_updates[BP01].status, Status::Unselected);
        // Taking it back selects exactly the file's selected practices.
        let p = plan(&remote, &local);
        assert_eq!(p.selected_choices, Some(vec![BP01.to_string()]));
        assert!(
            !p.selected_choices
                .iter()
                .flatten()
                .any(|c| c == NONE_CHOICE_ID)
        );
    }

    #[test]
    fn unanswered_practice_keeps_the_console_status_when_only_notes_change() {
        let mut local = snap(&[(BP01, Status::Unanswered)]);
        local.choices.get_mut(BP01).unwrap().notes = "todo".into();
        let remote = snap(&[(BP01, Status::Unselected)]);
        let p = plan(&local, &remote);
        assert_eq!(p.choice_updates[BP01].status, Status::Unselected);
        assert_eq!(p.changes.len(), 1);
        // The console has it selected: the notes go with the console's own status.
        for console in [Status::Selected, Status::NotApplicable] {
            let remote = snap(&[(BP01, console)]);
            let p = plan(&local, &remote);
            assert_eq!(p.choice_updates[BP01].status, console);
            assert_eq!(p.changes.len(), 1, "only the notes change");
        }
    }

    #[test]
    fn drift_cases() {
        let base = snap(&[(BP01, Status::Unselected)]);
        let local = snap(&[(BP01, Status::Selected)]);
        let console = snap(&[(BP01, Status::NotApplicable)]);
        assert_eq!(drift(&base, &base, Some(&base)), Drift::InSync);
        assert_eq!(drift(&local, &base, Some(&base)), Drift::LocalChanged);
        assert_eq!(drift(&base, &console, Some(&base)), Drift::ConsoleChanged);
        assert_eq!(drift(&local, &console, Some(&base)), Drift::Conflict);
        // Never synced: the console's answers count as changes made there.
        assert_eq!(drift(&local, &console, None), Drift::Conflict);
        assert_eq!(drift(&local, &blank(), None), Drift::LocalChanged);
        // Both changed the same way: nothing to decide.
        assert_eq!(drift(&local, &local, Some(&base)), Drift::InSync);
    }

    #[test]
    fn console_notes_alone_do_not_block_a_push() {
        let base = snap(&[(BP01, Status::Unselected), (BP02, Status::Unselected)]);
        let local = snap(&[(BP01, Status::Selected), (BP02, Status::Unselected)]);
        let mut console = base.clone();
        console.notes = "added in the console".into();
        assert_eq!(drift(&local, &console, Some(&base)), Drift::LocalChanged);
        // The console changed another field push would write back while the file changed
        // too: both moved, so push stops (pull merges them first).
        console.choices.insert(
            BP02.into(),
            ChoiceSnapshot {
                status: Status::Selected,
                reason: None,
                notes: String::new(),
            },
        );
        assert_eq!(drift(&local, &console, Some(&base)), Drift::Conflict);
        // A practice the file never answered is not written, so the console's answer to it
        // is no obstacle either.
        let unanswered = snap(&[(BP01, Status::Selected)]);
        assert_eq!(
            drift(&unanswered, &console, Some(&base)),
            Drift::LocalChanged
        );
        assert!(
            !plan(&unanswered, &console)
                .choice_updates
                .contains_key(BP02)
        );
    }

    #[test]
    fn merge_takes_console_changes_and_keeps_the_files() {
        let base = snap(&[(BP01, Status::Selected), (BP02, Status::Selected)]);
        // The file changed BP01; the console changed BP02 and the question notes.
        let local = snap(&[(BP01, Status::Unselected), (BP02, Status::Selected)]);
        let mut console = snap(&[(BP01, Status::Selected), (BP02, Status::Unselected)]);
        console.notes = "from the console".into();
        let m = merge(&local, &console, Some(&base), false);
        assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
        assert_eq!(
            m.merged.choices[BP01].status,
            Status::Unselected,
            "the file's change stays"
        );
        assert_eq!(
            m.merged.choices[BP02].status,
            Status::Unselected,
            "the console's change comes in"
        );
        assert_eq!(m.merged.notes, "from the console");
        assert_eq!(m.from_console.len(), 2);
        assert_eq!(m.kept.len(), 1);
        // After the merge, only the file's own change is left to push.
        let left = plan(&m.merged, &console);
        assert_eq!(left.changes.len(), 1);
        assert_eq!(left.changes[0].field, format!("practices.{BP01}.status"));
    }

    #[test]
    fn none_of_these_against_a_selected_practice_is_a_conflict() {
        let base = snap(&[(BP01, Status::Unselected)]);
        let local = snap(&[(BP01, Status::Selected)]);
        let mut console = base.clone();
        console.none_of_these = true;
        let m = merge(&local, &console, Some(&base), false);
        assert_eq!(m.conflicts.len(), 1, "{:?}", m.conflicts);
        assert!(!m.merged.none_of_these, "nothing inconsistent is merged");
        let forced = merge(&local, &console, Some(&base), true);
        assert!(forced.merged.none_of_these);
        assert!(
            forced
                .merged
                .choices
                .values()
                .all(|c| c.status != Status::Selected)
        );
    }

    #[test]
    fn merge_conflicts_on_a_field_both_changed() {
        let base = snap(&[(BP01, Status::Unselected)]);
        let local = snap(&[(BP01, Status::Selected)]);
        let console = snap(&[(BP01, Status::NotApplicable)]);
        let m = merge(&local, &console, Some(&base), false);
        assert_eq!(m.conflicts.len(), 1);
        assert_eq!(m.merged, local, "nothing taken without force");
        let forced = merge(&local, &console, Some(&base), true);
        assert_eq!(forced.merged.choices[BP01].status, Status::NotApplicable);
        // Never synced: what the file answered conflicts with a different console answer,
        // what it left blank comes from the console.
        let fresh = snap(&[(BP02, Status::Selected)]);
        let m = merge(&fresh, &console, None, false);
        assert!(m.conflicts.is_empty());
        assert_eq!(m.merged.choices[BP01].status, Status::NotApplicable);
        assert_eq!(m.kept.len(), 1);
    }

    #[test]
    fn console_notes_the_file_lacks_are_not_a_local_change() {
        let local = snap(&[(BP01, Status::Selected)]);
        let mut base = local.clone();
        base.notes = "kept in the console".into();
        assert!(merge(&local, &base, Some(&base), false).kept.is_empty());
        let mut console = base.clone();
        console.choices.get_mut(BP01).unwrap().status = Status::Unselected;
        assert_eq!(drift(&local, &console, Some(&base)), Drift::ConsoleChanged);
    }

    #[test]
    fn unpushed_changes_without_a_base_means_any_answer() {
        let blank = blank();
        let kept = |s: &Snapshot| merge(s, &blank, None, false).kept.len();
        assert_eq!(kept(&snap(&[(BP01, Status::Unanswered)])), 0);
        assert_eq!(kept(&snap(&[(BP01, Status::Selected)])), 1);
    }

    #[test]
    fn pull_lists_and_applies_console_fields() {
        let catalogue = crate::catalogue::Catalogue::embedded().unwrap();
        let workload = crate::answers::Workload {
            name: "pull".into(),
            description: "Pull test".into(),
            environment: crate::vocab::Environment::Production,
            review_owner: "me@example.com".into(),
            aws_workload_id: None,
            aws_region: None,
            aws_profile: None,
            aws_role_arn: None,
        };
        let mut file = AnswersFile::new(catalogue, workload);
        let mut remote = file.snapshot();
        remote.notes = "from the console".into();
        remote.choices.get_mut(BP01).unwrap().status = Status::Selected;
        remote.choices.get_mut(BP02).unwrap().status = Status::Unselected;
        let changes = pull_changes(&file.snapshot(), &remote);
        let fields: Vec<_> = changes.iter().map(|c| c.field.clone()).collect();
        assert_eq!(
            fields,
            [
                "question.notes".to_string(),
                format!("practices.{BP01}.status")
            ]
        );
        apply_remote(
            &mut file,
            &remote,
            &Context::fixed("me", "2026-01-01T00:00:00Z"),
        );
        assert!(same_snapshot(&file.snapshot(), &remote));
        assert_eq!(
            file.practices.get(BP02).unwrap().status,
            Status::Unanswered,
            "unanswered stays unanswered when the console leaves it unselected"
        );
        assert_eq!(file.question.notes, "from the console");
        assert!(pull_changes(&file.snapshot(), &remote).is_empty());
    }
}
