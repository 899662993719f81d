//! The tests of the plan, the drift and the merge.

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
