//! The service's shapes in rel04's terms: an SDK `Answer` read as a [`Remote`].

use std::collections::BTreeMap;

use aws_sdk_wellarchitected::types::{Answer, ChoiceStatus};

use super::error::{AwsError, ErrorKind};
use crate::answers::model::{ChoiceSnapshot, Snapshot};
use crate::catalogue::{NONE_CHOICE_ID, OFFICIAL_CHOICE_IDS};
use crate::sync::model::Remote;
use crate::vocab::{Reason, Risk, Status};

/// The SDK's answer in rel04's terms. A practice the service does not mention is unselected
/// once anything is answered, and unanswered before.
pub(super) fn remote(answer: &Answer) -> Result<Remote, AwsError> {
    let selected = answer.selected_choices();
    let is_selected = |id: &str| selected.iter().any(|s| s == id);
    let risk = answer.risk().and_then(|r| Risk::from_service(r.as_str()));
    let answered = !selected.is_empty()
        || !answer.choice_answers().is_empty()
        || !matches!(risk, None | Some(Risk::Unanswered));
    let mut choices = BTreeMap::new();
    for id in OFFICIAL_CHOICE_IDS
        .iter()
        .filter(|id| **id != NONE_CHOICE_ID)
    {
        let found = answer
            .choice_answers()
            .iter()
            .find(|c| c.choice_id() == Some(*id));
        let status = match found.and_then(|c| c.status()) {
            Some(status) => status_of(status)?,
            None if is_selected(id) => Status::Selected,
            None if answered => Status::Unselected,
            None => Status::Unanswered,
        };
        let choice = ChoiceSnapshot {
            status,
            reason: found
                .and_then(|c| c.reason())
                .and_then(|r| Reason::from_service(r.as_str())),
            notes: found
                .and_then(|c| c.notes())
                .unwrap_or_default()
                .to_string(),
        };
        choices.insert(id.to_string(), choice);
    }
    let snapshot = Snapshot {
        applicable: answer.is_applicable().unwrap_or(true),
        reason: answer
            .reason()
            .and_then(|r| Reason::from_service(r.as_str())),
        notes: answer.notes().unwrap_or_default().to_string(),
        none_of_these: is_selected(NONE_CHOICE_ID),
        choices,
    };
    Ok(Remote { snapshot, risk })
}

fn status_of(status: &ChoiceStatus) -> Result<Status, AwsError> {
    Status::from_service(status.as_str()).ok_or_else(|| {
        AwsError::new(
            ErrorKind::Other,
            format!(
                "the Well-Architected Tool reports a choice status this rel04 does not know ({}); upgrade rel04",
                status.as_str()
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_wellarchitected::types::{
        AnswerReason, ChoiceAnswer, ChoiceReason, Risk as SdkRisk, WorkloadEnvironment,
    };

    #[test]
    fn fresh_answer_is_unanswered() {
        let answer = Answer::builder().risk(SdkRisk::Unanswered).build();
        let remote = remote(&answer).unwrap();
        assert_eq!(remote.risk, Some(Risk::Unanswered));
        assert!(
            remote
                .snapshot
                .choices
                .values()
                .all(|c| c.status == Status::Unanswered)
        );
        assert_eq!(remote.snapshot.choices.len(), 4);
    }

    #[test]
    fn answered_maps_statuses_reasons_and_notes() {
        let answer = Answer::builder()
            .selected_choices("rel_prevent_interaction_failure_identify")
            .choice_answers(
                ChoiceAnswer::builder()
                    .choice_id("rel_prevent_interaction_failure_constant_work")
                    .status(ChoiceStatus::NotApplicable)
                    .reason(ChoiceReason::OutOfScope)
                    .notes("no fleet")
                    .build(),
            )
            .notes("q notes")
            .is_applicable(true)
            .reason(AnswerReason::None)
            .risk(SdkRisk::High)
            .build();
        let remote = remote(&answer).unwrap();
        let s = &remote.snapshot;
        assert_eq!(s.notes, "q notes");
        assert_eq!(s.reason, None);
        assert!(!s.none_of_these);
        assert_eq!(
            s.choices["rel_prevent_interaction_failure_identify"].status,
            Status::Selected
        );
        assert_eq!(
            s.choices["rel_prevent_interaction_failure_idempotent"].status,
            Status::Unselected
        );
        let bp03 = &s.choices["rel_prevent_interaction_failure_constant_work"];
        assert_eq!(bp03.status, Status::NotApplicable);
        assert_eq!(bp03.reason, Some(Reason::OutOfScope));
        assert_eq!(bp03.notes, "no fleet");
    }

    /// Every word of rel04's vocabulary is one the SDK knows: a misspelt service name would
    /// otherwise go out as an unknown value and fail only at the service.
    #[test]
    fn every_service_name_is_known_to_the_sdk() {
        use crate::vocab::{Environment, Reason, Status};
        for status in [
            Status::Unanswered,
            Status::Selected,
            Status::Unselected,
            Status::NotApplicable,
        ] {
            let name = status.service_name();
            assert!(ChoiceStatus::values().contains(&name), "{status:?}");
        }
        for reason in Reason::ALL.map(Some).into_iter().chain([None]) {
            let name = Reason::service_name(reason);
            assert!(ChoiceReason::values().contains(&name), "{name}");
            assert!(AnswerReason::values().contains(&name), "{name}");
        }
        for env in [Environment::Production, Environment::Preproduction] {
            let name = env.service_name();
            assert!(WorkloadEnvironment::values().contains(&name), "{env:?}");
        }
    }
}
