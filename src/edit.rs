//! Changing answers: the one place that knows how an answer changes a review, for
//! `rel04 answer` and the questionnaire alike. "None of these" is exclusive with the four
//! practices, as in the Well-Architected Tool's console.

use crate::answers::{self, AnswersFile, PracticeAnswer, limits};
use crate::context::Context;
use crate::vocab::{CheckAnswer, Reason, Status};

/// One answer, as a person gives it.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    Practice {
        choice_id: String,
        status: Status,
        reason: Option<Reason>,
        /// `None` keeps the notes as they are.
        notes: Option<String>,
        checks: Vec<(String, CheckAnswer)>,
    },
    /// One check of a practice answered, on its own.
    Check {
        choice_id: String,
        check_id: String,
        answer: CheckAnswer,
    },
    /// A practice's notes alone.
    PracticeNotes { choice_id: String, notes: String },
    /// "None of these" chosen (true) or taken back (false).
    NoneOfThese(bool),
    Question {
        applicable: bool,
        reason: Option<Reason>,
        notes: Option<String>,
    },
    /// The question's notes alone.
    QuestionNotes(String),
}

/// Applies a change, stamping who made it and when. Refuses what the file could not hold.
pub fn apply(file: &mut AnswersFile, change: Change, context: &Context) -> Result<(), String> {
    let (who, when) = (context.who.as_str(), context.now.as_str());
    match change {
        Change::Practice {
            choice_id,
            status,
            reason,
            notes,
            checks,
        } => {
            check_reason(status == Status::NotApplicable, reason, "not-applicable")?;
            if let Some(notes) = &notes
                && let Some(e) = answers::notes_problem(notes, limits::PRACTICE_NOTES)
            {
                return Err(format!("notes {e}"));
            }
            if status.is_established() {
                file.question.none_of_these = false;
            }
            let answer = file.practices.entry(&choice_id);
            answer.status = status;
            answer.reason = reason;
            if let Some(notes) = notes {
                answer.notes = notes;
            }
            answer.checks.extend(checks);
            stamp(answer, who, when);
        }
        Change::Check {
            choice_id,
            check_id,
            answer,
        } => {
            let entry = file.practices.entry(&choice_id);
            entry.checks.insert(check_id, answer);
            stamp(entry, who, when);
        }
        Change::PracticeNotes { choice_id, notes } => {
            if let Some(e) = answers::notes_problem(&notes, limits::PRACTICE_NOTES) {
                return Err(format!("notes {e}"));
            }
            let entry = file.practices.entry(&choice_id);
            entry.notes = notes;
            stamp(entry, who, when);
        }
        Change::NoneOfThese(chosen) => {
            file.question.none_of_these = chosen;
            if chosen {
                for answer in file.practices.values_mut() {
                    answer.status = Status::Unselected;
                    answer.reason = None;
                    stamp(answer, who, when);
                }
            }
            stamp_question(file, who, when);
        }
        Change::Question {
            applicable,
            reason,
            notes,
        } => {
            check_reason(!applicable, reason, "not-applicable")?;
            file.question.applicable = applicable;
            file.question.reason = reason;
            if let Some(notes) = notes {
                set_question_notes(file, notes)?;
            }
            stamp_question(file, who, when);
        }
        Change::QuestionNotes(notes) => {
            set_question_notes(file, notes)?;
            stamp_question(file, who, when);
        }
    }
    Ok(())
}

fn set_question_notes(file: &mut AnswersFile, notes: String) -> Result<(), String> {
    if let Some(e) = answers::notes_problem(&notes, limits::QUESTION_NOTES) {
        return Err(format!("question notes {e}"));
    }
    file.question.notes = notes;
    Ok(())
}

/// Records who gave a practice's answer, and when.
fn stamp(answer: &mut PracticeAnswer, who: &str, when: &str) {
    answer.answered_by = Some(who.to_string());
    answer.answered_at = Some(when.to_string());
}

fn stamp_question(file: &mut AnswersFile, who: &str, when: &str) {
    file.question.answered_by = Some(who.to_string());
    file.question.answered_at = Some(when.to_string());
}

fn check_reason(not_applicable: bool, reason: Option<Reason>, word: &str) -> Result<(), String> {
    match (not_applicable, reason) {
        (true, None) => Err(format!(
            "{word} needs a reason: add --reason out-of-scope, business-priorities, architecture-constraints or other"
        )),
        (false, Some(_)) => Err(format!(
            "a reason only goes with {word}; leave out --reason"
        )),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::Workload;
    use crate::catalogue::Catalogue;
    use crate::vocab::Environment;

    fn at(now: &str) -> Context {
        Context::fixed("me", now)
    }

    const BP01: &str = "rel_prevent_interaction_failure_identify";

    fn file() -> AnswersFile {
        let w = Workload {
            name: "w1".repeat(2),
            description: "desc".into(),
            environment: Environment::Production,
            review_owner: "me@example.com".into(),
            aws_workload_id: None,
            aws_region: None,
            aws_profile: None,
            aws_role_arn: None,
        };
        AnswersFile::new(Catalogue::embedded().unwrap(), w)
    }

    fn select(id: &str, status: Status) -> Change {
        Change::Practice {
            choice_id: id.into(),
            status,
            reason: None,
            notes: None,
            checks: vec![],
        }
    }

    #[test]
    fn none_of_these_is_exclusive() {
        let mut f = file();
        apply(
            &mut f,
            select(BP01, Status::Selected),
            &at("2026-01-01T00:00:00Z"),
        )
        .unwrap();
        apply(
            &mut f,
            Change::NoneOfThese(true),
            &at("2026-01-01T00:00:00Z"),
        )
        .unwrap();
        assert!(f.question.none_of_these);
        assert!(
            f.practices
                .iter()
                .all(|(_, a)| a.status == Status::Unselected)
        );
        apply(
            &mut f,
            select(BP01, Status::Selected),
            &at("2026-01-01T00:00:00Z"),
        )
        .unwrap();
        assert!(!f.question.none_of_these);
    }

    #[test]
    fn not_applicable_needs_a_reason_and_only_then() {
        let mut f = file();
        let err = apply(&mut f, select(BP01, Status::NotApplicable), &at("t")).unwrap_err();
        assert!(err.contains("--reason"), "{err}");
        let change = Change::Practice {
            choice_id: BP01.into(),
            status: Status::Selected,
            reason: Some(Reason::Other),
            notes: None,
            checks: vec![],
        };
        assert!(apply(&mut f, change, &at("t")).is_err());
    }

    #[test]
    fn notes_kept_unless_given_and_limited() {
        let mut f = file();
        let with_notes = Change::Practice {
            choice_id: BP01.into(),
            status: Status::Selected,
            reason: None,
            notes: Some("evidence".into()),
            checks: vec![("timeouts".into(), CheckAnswer::Yes)],
        };
        apply(&mut f, with_notes, &at("t")).unwrap();
        apply(&mut f, select(BP01, Status::Unselected), &at("t")).unwrap();
        let a = f.practices.get(BP01).unwrap();
        assert_eq!(a.notes, "evidence");
        assert_eq!(a.checks.get("timeouts"), Some(&CheckAnswer::Yes));
        let long = Change::Practice {
            choice_id: BP01.into(),
            status: Status::Selected,
            reason: None,
            notes: Some("x".repeat(251)),
            checks: vec![],
        };
        let err = apply(&mut f, long, &at("t")).unwrap_err();
        assert!(err.contains("1 over"), "{err}");
    }
}
