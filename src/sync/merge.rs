//! Comparing the answers file with the Well-Architected Tool: what `push` would write, field by
//! field, what `pull` would change in the file, and whether both sides changed since the last
//! sync. Pure: no AWS types, no I/O.
//!
//! Two rules make the comparison fit the service:
//! - The console has no "unanswered" per choice: a choice it does not mention is unselected.
//!   So `unanswered` and `unselected` compare equal, and an unanswered practice is never pushed.
//! - The file does not always carry the console's notes: empty notes in the file never blank
//!   notes the console holds.

use serde_json::{Value, json};

use crate::answers::model::{ChoiceSnapshot, Snapshot};
use crate::catalogue::{NONE_CHOICE_ID, OFFICIAL_CHOICE_IDS};
use crate::sync::model::{
    ChoiceUpdate, Drift, FieldChange, UpdatePlan, blank, change, choice, practice_ids, reason_text,
    same_status, text,
};
use crate::vocab::{Reason, Status};

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

#[cfg(test)]
mod tests;
