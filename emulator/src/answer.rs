//! One answer to one question, how UpdateAnswer changes it, and the risk it carries.
//!
//! An answer keeps, per choice, a status (`SELECTED`, `NOT_APPLICABLE`, `UNSELECTED`) with an
//! optional reason and notes; the selection is the set of `SELECTED` choices. UpdateAnswer's
//! rules:
//! - `SelectedChoices` replaces the selection: listed choices become `SELECTED`, other selected
//!   choices become `UNSELECTED` (choices marked `NOT_APPLICABLE` stay so, notes stay).
//! - `ChoiceUpdates` then changes the listed choices only; a reason or notes absent from a choice
//!   update leaves the stored one.
//! - `Notes`, `IsApplicable` and `Reason` change the question only when present.
//! - Unknown choice ids, and a selection that mixes "None of these" with other choices, are
//!   rejected and leave the answer unchanged.

use std::collections::BTreeMap;

use crate::errors::ApiError;
use crate::lens::{ChoiceKind, Question, Weight};

/// The status of one choice in an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum ChoiceStatus {
    Selected,
    NotApplicable,
    #[default]
    Unselected,
}

impl ChoiceStatus {
    pub const NAMES: &[&str] = &["SELECTED", "NOT_APPLICABLE", "UNSELECTED"];

    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "SELECTED" => Some(Self::Selected),
            "NOT_APPLICABLE" => Some(Self::NotApplicable),
            "UNSELECTED" => Some(Self::Unselected),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Selected => "SELECTED",
            Self::NotApplicable => "NOT_APPLICABLE",
            Self::Unselected => "UNSELECTED",
        }
    }

    /// Whether the best practice counts as established for the risk.
    fn established(self) -> bool {
        self != Self::Unselected
    }
}

/// The reasons a question or a choice may be marked not applicable.
pub(crate) const REASONS: &[&str] = &[
    "OUT_OF_SCOPE",
    "BUSINESS_PRIORITIES",
    "ARCHITECTURE_CONSTRAINTS",
    "OTHER",
    "NONE",
];

/// The risk of a question, as the service reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Risk {
    Unanswered,
    High,
    Medium,
    None,
    NotApplicable,
}

impl Risk {
    pub const ALL: [Risk; 5] = [
        Risk::Unanswered,
        Risk::High,
        Risk::Medium,
        Risk::None,
        Risk::NotApplicable,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unanswered => "UNANSWERED",
            Self::High => "HIGH",
            Self::Medium => "MEDIUM",
            Self::None => "NONE",
            Self::NotApplicable => "NOT_APPLICABLE",
        }
    }
}

/// What is recorded for one choice.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ChoiceState {
    pub status: ChoiceStatus,
    pub reason: Option<String>,
    pub notes: Option<String>,
}

impl ChoiceState {
    /// Whether the choice carries anything worth reporting in `ChoiceAnswers`.
    pub fn is_recorded(&self) -> bool {
        self.status != ChoiceStatus::Unselected || self.reason.is_some() || self.notes.is_some()
    }
}

/// The stored answer to one question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AnswerState {
    /// Per choice id; a choice absent from the map is unselected with no notes.
    pub choices: BTreeMap<String, ChoiceState>,
    pub notes: Option<String>,
    pub is_applicable: bool,
    pub reason: Option<String>,
}

impl Default for AnswerState {
    fn default() -> Self {
        Self {
            choices: BTreeMap::new(),
            notes: None,
            is_applicable: true,
            reason: None,
        }
    }
}

/// A validated UpdateAnswer request body.
#[derive(Debug, Clone, Default)]
pub(crate) struct AnswerUpdate {
    pub selected_choices: Option<Vec<String>>,
    pub choice_updates: BTreeMap<String, ChoiceUpdate>,
    pub notes: Option<String>,
    pub is_applicable: Option<bool>,
    pub reason: Option<String>,
}

/// A validated entry of `ChoiceUpdates`.
#[derive(Debug, Clone)]
pub(crate) struct ChoiceUpdate {
    pub status: ChoiceStatus,
    pub reason: Option<String>,
    pub notes: Option<String>,
}

impl AnswerState {
    /// The status of a choice.
    pub fn status(&self, choice_id: &str) -> ChoiceStatus {
        self.choices
            .get(choice_id)
            .map_or(ChoiceStatus::Unselected, |c| c.status)
    }

    /// The selected choice ids, in the question's order.
    pub fn selected<'q>(&self, question: &'q Question) -> Vec<&'q str> {
        question
            .choices
            .iter()
            .filter(|c| self.status(c.id) == ChoiceStatus::Selected)
            .map(|c| c.id)
            .collect()
    }

    /// The recorded choices, in the question's order.
    pub fn recorded<'a>(
        &'a self,
        question: &'a Question,
    ) -> impl Iterator<Item = (&'a str, &'a ChoiceState)> {
        question.choices.iter().filter_map(|c| {
            self.choices
                .get(c.id)
                .filter(|s| s.is_recorded())
                .map(|s| (c.id, s))
        })
    }

    /// The answer after `update`, or why the update is rejected (self is left as it was).
    pub fn updated(
        &self,
        question: &Question,
        update: &AnswerUpdate,
    ) -> Result<AnswerState, ApiError> {
        check_choice_ids(question, update)?;
        let mut next = self.clone();
        if let Some(selection) = &update.selected_choices {
            next.replace_selection(question, selection);
        }
        for (choice_id, change) in &update.choice_updates {
            next.apply_choice_update(choice_id, change);
        }
        if let Some(notes) = &update.notes {
            next.notes = non_empty(notes);
        }
        if let Some(is_applicable) = update.is_applicable {
            next.is_applicable = is_applicable;
        }
        if let Some(reason) = &update.reason {
            next.reason = Some(reason.clone());
        }
        next.check_none_of_these_is_exclusive(question)?;
        Ok(next)
    }

    fn replace_selection(&mut self, question: &Question, selection: &[String]) {
        for choice in question.choices {
            let wanted = selection.iter().any(|id| id == choice.id);
            let current = self.status(choice.id);
            let status = match (wanted, current) {
                (true, _) => ChoiceStatus::Selected,
                (false, ChoiceStatus::Selected) => ChoiceStatus::Unselected,
                (false, other) => other,
            };
            if status != current {
                self.choices.entry(choice.id.to_owned()).or_default().status = status;
            }
        }
    }

    fn apply_choice_update(&mut self, choice_id: &str, change: &ChoiceUpdate) {
        let state = self.choices.entry(choice_id.to_owned()).or_default();
        state.status = change.status;
        if let Some(reason) = &change.reason {
            state.reason = Some(reason.clone());
        }
        if let Some(notes) = &change.notes {
            state.notes = non_empty(notes);
        }
    }

    fn check_none_of_these_is_exclusive(&self, question: &Question) -> Result<(), ApiError> {
        let selected: Vec<_> = question
            .choices
            .iter()
            .filter(|c| self.status(c.id) == ChoiceStatus::Selected)
            .collect();
        let none = selected.iter().find(|c| c.kind == ChoiceKind::NoneOfThese);
        match none {
            Some(none) if selected.len() > 1 => Err(ApiError::validation(
                "SelectedChoices",
                format!(
                    "Choice {} (None of these) cannot be selected together with other choices of question {}",
                    none.id, question.id
                ),
            )),
            _ => Ok(()),
        }
    }
}

fn check_choice_ids(question: &Question, update: &AnswerUpdate) -> Result<(), ApiError> {
    let selected = update
        .selected_choices
        .iter()
        .flatten()
        .map(|id| ("SelectedChoices", id.as_str()));
    let updated = update
        .choice_updates
        .keys()
        .map(|id| ("ChoiceUpdates", id.as_str()));
    match selected
        .chain(updated)
        .find(|(_, id)| question.choice(id).is_none())
    {
        Some((field, id)) => Err(ApiError::validation(
            field,
            format!("Choice {id} is not a choice of question {}", question.id),
        )),
        None => Ok(()),
    }
}

fn non_empty(text: &str) -> Option<String> {
    (!text.is_empty()).then(|| text.to_owned())
}

/// The risk of an answer, following rel04's documented model (the AWS lens's own rules are not
/// published): not applicable; unanswered when nothing is selected; HIGH when "None of these" is
/// selected or a high-weight best practice is not established; MEDIUM when a medium-weight one is
/// not; NONE otherwise. A choice marked `NOT_APPLICABLE` counts as established.
pub(crate) fn risk(question: &Question, answer: &AnswerState) -> Risk {
    let status = |id: &str| answer.status(id);
    let missing = |weight: Weight| {
        question
            .choices
            .iter()
            .any(|c| c.kind == ChoiceKind::BestPractice(weight) && !status(c.id).established())
    };
    let none_selected = question
        .choices
        .iter()
        .any(|c| c.kind == ChoiceKind::NoneOfThese && status(c.id) == ChoiceStatus::Selected);

    if !answer.is_applicable {
        Risk::NotApplicable
    } else if !question
        .choices
        .iter()
        .any(|c| status(c.id) == ChoiceStatus::Selected)
    {
        Risk::Unanswered
    } else if none_selected || missing(Weight::High) {
        Risk::High
    } else if missing(Weight::Medium) {
        Risk::Medium
    } else {
        Risk::None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lens::{self, REL04_QUESTION, WELL_ARCHITECTED};

    const IDENTIFY: &str = "rel_prevent_interaction_failure_identify";
    const LOOSE: &str = "rel_prevent_interaction_failure_loosely_coupled_system";
    const CONSTANT: &str = "rel_prevent_interaction_failure_constant_work";
    const IDEMPOTENT: &str = "rel_prevent_interaction_failure_idempotent";
    const NO: &str = "rel_prevent_interaction_failure_no";

    fn rel04() -> &'static Question {
        lens::find(WELL_ARCHITECTED)
            .and_then(|l| l.question(REL04_QUESTION))
            .expect("REL 4 is in the lens")
    }

    fn select(ids: &[&str]) -> AnswerUpdate {
        AnswerUpdate {
            selected_choices: Some(ids.iter().map(|s| s.to_string()).collect()),
            ..Default::default()
        }
    }

    fn choice_update(id: &str, status: ChoiceStatus, notes: Option<&str>) -> AnswerUpdate {
        let change = ChoiceUpdate {
            status,
            reason: None,
            notes: notes.map(str::to_owned),
        };
        AnswerUpdate {
            choice_updates: BTreeMap::from([(id.to_owned(), change)]),
            ..Default::default()
        }
    }

    fn answered(ids: &[&str]) -> AnswerState {
        AnswerState::default()
            .updated(rel04(), &select(ids))
            .expect("valid selection")
    }

    #[test]
    fn risk_follows_the_documented_model() {
        let q = rel04();
        assert_eq!(risk(q, &AnswerState::default()), Risk::Unanswered);
        assert_eq!(risk(q, &answered(&[NO])), Risk::High);
        assert_eq!(
            risk(q, &answered(&[IDENTIFY, IDEMPOTENT, CONSTANT])),
            Risk::High
        );
        assert_eq!(risk(q, &answered(&[IDENTIFY, LOOSE])), Risk::Medium);
        assert_eq!(
            risk(q, &answered(&[IDENTIFY, LOOSE, IDEMPOTENT])),
            Risk::None
        );
        assert_eq!(
            risk(q, &answered(&[IDENTIFY, LOOSE, IDEMPOTENT, CONSTANT])),
            Risk::None
        );
    }

    #[test]
    fn a_choice_not_applicable_counts_as_established() {
        let q = rel04();
        let answer = answered(&[IDENTIFY, LOOSE])
            .updated(
                q,
                &choice_update(IDEMPOTENT, ChoiceStatus::NotApplicable, None),
            )
            .expect("valid update");
        assert_eq!(risk(q, &answer), Risk::None);
    }

    #[test]
    fn a_question_not_applicable_has_no_risk() {
        let q = rel04();
        let update = AnswerUpdate {
            is_applicable: Some(false),
            reason: Some("OUT_OF_SCOPE".into()),
            ..Default::default()
        };
        let answer = answered(&[NO]).updated(q, &update).expect("valid update");
        assert_eq!(risk(q, &answer), Risk::NotApplicable);
        assert_eq!(answer.reason.as_deref(), Some("OUT_OF_SCOPE"));
    }

    #[test]
    fn selected_choices_replace_the_selection_and_keep_notes() {
        let q = rel04();
        let answer = answered(&[IDENTIFY, LOOSE])
            .updated(
                q,
                &choice_update(LOOSE, ChoiceStatus::Selected, Some("queues everywhere")),
            )
            .and_then(|a| a.updated(q, &select(&[IDEMPOTENT])))
            .expect("valid updates");
        assert_eq!(answer.selected(q), [IDEMPOTENT]);
        assert_eq!(
            answer.choices[LOOSE].notes.as_deref(),
            Some("queues everywhere")
        );
        assert_eq!(answer.status(LOOSE), ChoiceStatus::Unselected);
    }

    #[test]
    fn choice_updates_merge() {
        let q = rel04();
        let answer = answered(&[IDENTIFY])
            .updated(q, &choice_update(LOOSE, ChoiceStatus::Selected, None))
            .expect("valid update");
        assert_eq!(answer.selected(q), [IDENTIFY, LOOSE]);
        let answer = answer
            .updated(q, &choice_update(IDENTIFY, ChoiceStatus::Unselected, None))
            .expect("valid");
        assert_eq!(answer.selected(q), [LOOSE]);
    }

    #[test]
    fn none_of_these_is_exclusive() {
        let q = rel04();
        assert!(
            AnswerState::default()
                .updated(q, &select(&[NO, IDENTIFY]))
                .is_err()
        );
        let before = answered(&[IDENTIFY]);
        assert!(
            before
                .updated(q, &choice_update(NO, ChoiceStatus::Selected, None))
                .is_err()
        );
        assert!(before.updated(q, &select(&[NO])).is_ok());
    }

    #[test]
    fn unknown_choices_are_rejected() {
        let q = rel04();
        assert!(
            AnswerState::default()
                .updated(q, &select(&["rel_made_up"]))
                .is_err()
        );
        assert!(
            AnswerState::default()
                .updated(q, &choice_update("x", ChoiceStatus::Selected, None))
                .is_err()
        );
    }

    #[test]
    fn absent_fields_leave_the_stored_values() {
        let q = rel04();
        let update = AnswerUpdate {
            notes: Some("kept".into()),
            ..Default::default()
        };
        let answer = answered(&[IDENTIFY])
            .updated(q, &update)
            .and_then(|a| a.updated(q, &AnswerUpdate::default()));
        let answer = answer.expect("valid updates");
        assert_eq!(answer.notes.as_deref(), Some("kept"));
        assert_eq!(answer.selected(q), [IDENTIFY]);
    }
}
