//! What a sync does to the answers file: the base it last recorded, the console's answer
//! written in (pull), the sync recorded, and the file compared with the console (diff).

use crate::answers::AnswersFile;
use crate::answers::model::{Snapshot, SyncState};
use crate::context::Context;
use crate::sync::merge::{drift, merge, plan};
use crate::sync::model::{
    Comparison, Drift, Place, PullOutcome, PullReport, Remote, UpdatePlan, choice, practice_ids,
    same_status,
};

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
    use crate::sync::merge::{pull_changes, same_snapshot};
    use crate::vocab::Status;

    const BP01: &str = "rel_prevent_interaction_failure_identify";
    const BP02: &str = "rel_prevent_interaction_failure_loosely_coupled_system";

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
