//! The questionnaire's order, as pure functions of the catalogue and the file: which steps
//! there are, which already have an answer, where a resumed walk starts and what comes next.
//! No prompts here, so all of it is tested without a prompter.

use crate::answers::AnswersFile;
use crate::catalogue::{Catalogue, Practice};
use crate::vocab::Status;

/// One prompt of the walk. Practices are numbered by their place in the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Applicability,
    /// A practice's check: (practice, check).
    Check(usize, usize),
    Status(usize),
    Notes(usize),
    QuestionNotes,
}

/// The practice at place `i` of the catalogue.
pub fn practice(catalogue: &Catalogue, i: usize) -> Option<Practice<'_>> {
    catalogue.practices().nth(i)
}

/// One practice's steps: its checks, its status, its notes.
pub fn practice_steps(catalogue: &Catalogue, i: usize) -> Vec<Step> {
    let checks = practice(catalogue, i).map_or(0, |p| p.choice.checks.len());
    let mut steps: Vec<Step> = (0..checks).map(|j| Step::Check(i, j)).collect();
    steps.extend([Step::Status(i), Step::Notes(i)]);
    steps
}

/// The whole walk as the file stands: the practices only when the question applies and
/// "None of these" is not chosen.
pub fn all_steps(catalogue: &Catalogue, file: &AnswersFile) -> Vec<Step> {
    let mut steps = vec![Step::Applicability];
    if file.question.applicable && !file.question.none_of_these {
        let count = catalogue.practices().count();
        steps.extend((0..count).flat_map(|i| practice_steps(catalogue, i)));
    }
    steps.push(Step::QuestionNotes);
    steps
}

/// Whether a step already has its answer, for resuming.
pub fn answered(catalogue: &Catalogue, file: &AnswersFile, step: Step) -> bool {
    let q = &file.question;
    let answer = |i: usize| practice(catalogue, i).and_then(|p| file.practices.get(&p.choice.id));
    let status = |i: usize| answer(i).map_or(Status::Unanswered, |a| a.status);
    match step {
        Step::Applicability => {
            q.answered_at.is_some()
                || file
                    .practices
                    .iter()
                    .any(|(_, a)| a.status != Status::Unanswered)
        }
        Step::Check(i, j) => {
            let check = practice(catalogue, i).and_then(|p| p.choice.checks.get(j));
            status(i) != Status::Unanswered
                || check.is_some_and(|c| answer(i).is_some_and(|a| a.checks.contains_key(&c.id)))
        }
        Step::Status(i) | Step::Notes(i) => status(i) != Status::Unanswered,
        Step::QuestionNotes => false,
    }
}

/// Where a walk over the file starts: the first step without an answer.
pub fn resume_at(catalogue: &Catalogue, file: &AnswersFile) -> usize {
    all_steps(catalogue, file)
        .iter()
        .position(|s| !answered(catalogue, file, *s))
        .unwrap_or(0)
}

/// The step after `step` in the walk as the file stands now (an answer can change the walk:
/// "None of these" drops the practices). `None` at the end.
pub fn next_after(catalogue: &Catalogue, file: &AnswersFile, step: Step) -> Option<Step> {
    let steps = all_steps(catalogue, file);
    steps
        .iter()
        .position(|s| *s == step)
        .and_then(|at| steps.get(at + 1))
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::Workload;
    use crate::vocab::{CheckAnswer, Environment};

    fn catalogue() -> &'static Catalogue {
        Catalogue::embedded().unwrap()
    }

    fn file() -> AnswersFile {
        AnswersFile::new(
            catalogue(),
            Workload {
                name: "steps".into(),
                description: "Steps test".into(),
                environment: Environment::Production,
                review_owner: "me@example.com".into(),
                aws_workload_id: None,
                aws_region: None,
                aws_profile: None,
                aws_role_arn: None,
            },
        )
    }

    fn checks(i: usize) -> usize {
        practice(catalogue(), i).unwrap().choice.checks.len()
    }

    #[test]
    fn a_new_file_walks_every_practice_from_the_start() {
        let f = file();
        let steps = all_steps(catalogue(), &f);
        let per_practice: usize = (0..4).map(|i| checks(i) + 2).sum();
        assert_eq!(steps.len(), 2 + per_practice);
        assert_eq!(steps[0], Step::Applicability);
        assert_eq!(steps[1], Step::Check(0, 0));
        assert_eq!(steps.last(), Some(&Step::QuestionNotes));
        assert_eq!(resume_at(catalogue(), &f), 0);
    }

    #[test]
    fn none_of_these_and_not_applicable_drop_the_practices() {
        let mut f = file();
        f.question.none_of_these = true;
        assert_eq!(
            all_steps(catalogue(), &f),
            [Step::Applicability, Step::QuestionNotes]
        );
        assert_eq!(
            next_after(catalogue(), &f, Step::Applicability),
            Some(Step::QuestionNotes)
        );
        f.question.none_of_these = false;
        f.question.applicable = false;
        assert_eq!(all_steps(catalogue(), &f).len(), 2);
        assert_eq!(next_after(catalogue(), &f, Step::QuestionNotes), None);
    }

    #[test]
    fn resume_starts_at_the_first_unanswered_check() {
        let mut f = file();
        f.question.answered_at = Some("2026-11-22T10:00:00Z".into());
        let first = &practice(catalogue(), 0).unwrap().choice.checks[0].id;
        f.practices
            .entry("rel_prevent_interaction_failure_identify")
            .checks
            .insert(first.clone(), CheckAnswer::Yes);
        let at = resume_at(catalogue(), &f);
        assert_eq!(all_steps(catalogue(), &f)[at], Step::Check(0, 1));
        // A practice with a status counts as answered, checks and notes included.
        f.practices
            .entry("rel_prevent_interaction_failure_identify")
            .status = Status::Selected;
        let at = resume_at(catalogue(), &f);
        assert_eq!(all_steps(catalogue(), &f)[at], Step::Check(1, 0));
        assert!(answered(catalogue(), &f, Step::Notes(0)));
        assert!(!answered(catalogue(), &f, Step::QuestionNotes));
    }
}
