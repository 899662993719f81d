//! What an answers file may hold beyond what JSON parsing checks: the Well-Architected Tool's
//! limits, known ids, RFC 3339 times, and "None of these" never beside a selected practice.

use crate::catalogue::Catalogue;
use crate::vocab::Status;

use super::model::AnswersFile;

/// Limits of the Well-Architected Tool, in characters.
pub mod limits {
    pub const PRACTICE_NOTES: usize = 250;
    pub const QUESTION_NOTES: usize = 2084;
    pub const WORKLOAD_NAME: (usize, usize) = (3, 100);
    pub const MILESTONE_NAME: (usize, usize) = (3, 100);
    pub const DESCRIPTION: (usize, usize) = (3, 250);
    pub const REVIEW_OWNER: (usize, usize) = (3, 255);
}

impl AnswersFile {
    /// The first problem this file has, as a sentence, or `Ok`.
    pub fn validate(&self, catalogue: &Catalogue) -> Result<(), String> {
        match self.problems(catalogue).into_iter().next() {
            Some((_, message)) => Err(message),
            None => Ok(()),
        }
    }

    /// Every problem a file can have that JSON parsing does not catch, each with its key path.
    pub(super) fn problems(&self, catalogue: &Catalogue) -> Vec<(Vec<String>, String)> {
        let mut out: Vec<(Vec<String>, String)> = Vec::new();
        let mut at = |keys: &[&str], message: String| {
            out.push((keys.iter().map(|k| k.to_string()).collect(), message))
        };
        let w = &self.workload;
        for (key, value, range) in [
            ("name", &w.name, limits::WORKLOAD_NAME),
            ("description", &w.description, limits::DESCRIPTION),
            ("reviewOwner", &w.review_owner, limits::REVIEW_OWNER),
        ] {
            if let Err(e) = check_length(value, range) {
                at(&["workload", key], format!("workload.{key} {e}"));
            }
        }
        if let Some(id) = &w.aws_workload_id
            && !is_workload_id(id)
        {
            at(
                &["workload", "awsWorkloadId"],
                format!(
                    "workload.awsWorkloadId \"{id}\" is not 32 lowercase hex characters; fix it or set it to null"
                ),
            );
        }
        if let Some(e) = notes_problem(&self.question.notes, limits::QUESTION_NOTES) {
            at(&["question", "notes"], format!("question.notes {e}"));
        }
        if let Some(e) = time_problem(self.question.answered_at.as_deref()) {
            at(
                &["question", "answeredAt"],
                format!("question.answeredAt {e}"),
            );
        }
        for (id, answer) in self.practices.iter() {
            let Some(practice) = catalogue.practice(id) else {
                let valid: Vec<_> = catalogue
                    .practices()
                    .map(|p| format!("{} ({})", p.choice.id, p.bp))
                    .collect();
                at(
                    &["practices", id],
                    format!(
                        "unknown practice \"{id}\"; the REL 4 practices are: {}",
                        valid.join(", ")
                    ),
                );
                continue;
            };
            if let Some(e) = notes_problem(&answer.notes, limits::PRACTICE_NOTES) {
                at(
                    &["practices", id, "notes"],
                    format!("{} notes {e}", practice.bp),
                );
            }
            if let Some(e) = time_problem(answer.answered_at.as_deref()) {
                at(
                    &["practices", id, "answeredAt"],
                    format!("{} answeredAt {e}", practice.bp),
                );
            }
            for check in answer.checks.keys() {
                if !practice.choice.checks.iter().any(|c| &c.id == check) {
                    let valid: Vec<_> = practice
                        .choice
                        .checks
                        .iter()
                        .map(|c| c.id.as_str())
                        .collect();
                    at(
                        &["practices", id, "checks", check],
                        format!(
                            "{} has no check \"{check}\"; its checks are: {}",
                            practice.bp,
                            valid.join(", ")
                        ),
                    );
                }
            }
            if self.question.none_of_these && answer.status == Status::Selected {
                at(
                    &["practices", id, "status"],
                    format!(
                        "{} is selected but question.noneOfThese is true; \"None of these\" excludes every practice, so set one of them back",
                        practice.bp
                    ),
                );
            }
        }
        out
    }
}

/// Whether a text fits a `(min, max)` length in characters; if not, "is N characters; ..."
/// (the caller names the field).
pub fn check_length(value: &str, (min, max): (usize, usize)) -> Result<(), String> {
    let n = value.chars().count();
    if n < min {
        Err(format!("is {n} characters; it needs at least {min}"))
    } else if n > max {
        Err(format!(
            "is {n} characters, {} over the limit of {max}",
            n - max
        ))
    } else {
        Ok(())
    }
}

/// A notes text over its limit: by how much.
pub fn notes_problem(notes: &str, max: usize) -> Option<String> {
    let n = notes.chars().count();
    (n > max).then(|| {
        format!(
            "are {n} characters, {} over the Well-Architected Tool's limit of {max}; shorten them",
            n - max
        )
    })
}

fn time_problem(time: Option<&str>) -> Option<String> {
    let time = time?;
    humantime::parse_rfc3339_weak(time)
        .err()
        .map(|_| format!("\"{time}\" is not an RFC 3339 time such as 2026-01-31T12:00:00Z"))
}

/// 32 lowercase hexadecimal characters, the form of a Well-Architected Tool workload id.
pub fn is_workload_id(id: &str) -> bool {
    id.len() == 32
        && id
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// The Well-Architected Tool needs a description; this one says where the workload came from.
pub fn default_description(name: &str) -> String {
    let text = format!(
        "{name}: reliability review of REL 4 (distributed-system interactions), kept with rel04"
    );
    text.chars().take(limits::DESCRIPTION.1).collect()
}
