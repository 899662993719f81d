//! The question's risk, computed offline from the catalogue's `riskRules` and the answers.
//!
//! AWS does not publish the rules of its own lens. rel04 states its model as data in
//! `questions/rel04.json` and evaluates it here; once a workload is synced, the risk the
//! Well-Architected Tool reports is the authority and rel04 shows both.

use std::collections::HashSet;

use serde::Serialize;

use crate::answers::AnswersFile;
use crate::catalogue::{Catalogue, NONE_CHOICE_ID, Practice};
use crate::vocab::{CheckAnswer, Level, Reason, Risk, Status};

/// One practice as a report shows it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PracticeView {
    /// `REL04-BP01`.
    pub id: String,
    pub choice_id: String,
    pub title: String,
    pub status: Status,
    pub risk_if_not_established: Level,
    pub established: bool,
    pub reason: Option<Reason>,
    pub notes: String,
    /// Who gave the answer, and when (RFC 3339), when it is known.
    pub answered_by: Option<String>,
    pub answered_at: Option<String>,
    /// The practice's checks, each with the team's answer (`None`: not answered).
    pub checks: Vec<CheckView>,
    /// Answered established while one of its own checks does not hold.
    pub contradicted: bool,
}

/// One check of a practice and the team's answer to it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckView {
    pub id: String,
    pub text: String,
    pub answer: Option<CheckAnswer>,
}

impl CheckView {
    /// Answered "no" or "not sure": nobody vouches that it holds.
    pub fn fails(&self) -> bool {
        matches!(self.answer, Some(CheckAnswer::No | CheckAnswer::Unsure))
    }
}

impl PracticeView {
    /// The checks that do not hold, in the catalogue's order.
    pub fn failing_checks(&self) -> impl Iterator<Item = &CheckView> {
        self.checks.iter().filter(|c| c.fails())
    }

    /// `timeouts (no), retries (not sure)`; empty when every answered check holds.
    pub fn failing_text(&self) -> String {
        let list: Vec<String> = self
            .failing_checks()
            .map(|c| match c.answer {
                Some(CheckAnswer::Unsure) => format!("{} (not sure)", c.id),
                _ => format!("{} (no)", c.id),
            })
            .collect();
        list.join(", ")
    }

    /// How many checks hold, of how many: `(4, 6)`.
    pub fn checks_holding(&self) -> (usize, usize) {
        let holds = self
            .checks
            .iter()
            .filter(|c| c.answer == Some(CheckAnswer::Yes))
            .count();
        (holds, self.checks.len())
    }
}

/// A practice to improve: its steps, those of the checks that do not hold first.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Improvement {
    pub id: String,
    pub title: String,
    pub risk_if_not_established: Level,
    pub steps: Vec<ImprovementStep>,
    pub url: Option<String>,
}

/// One step of the plan: a failing check's own step, or the practice's general one.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImprovementStep {
    /// The check this step answers; `None` for the practice's general step.
    pub check: Option<String>,
    pub text: String,
}

/// The catalogue applied to one answers file.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Assessment {
    pub risk: Risk,
    /// What drives the risk, as choice ids (that of "None of these" included).
    pub drivers: Vec<String>,
    pub practices: Vec<PracticeView>,
    /// Worst first: the practices whose risk if missing is High, then Medium, then Low.
    pub improvements: Vec<Improvement>,
}

/// Computes the question's risk and what drives it.
///
/// Order: a question marked not applicable is `NOT_APPLICABLE`; "None of these" is `HIGH`;
/// a practice not yet answered leaves the question `UNANSWERED`; otherwise the first risk rule
/// that holds decides. A practice marked not applicable counts as established. A finished
/// review with no practice selected is "None of these" in the Well-Architected Tool, and so
/// `HIGH` here too.
pub fn evaluate(catalogue: &Catalogue, answers: &AnswersFile) -> Assessment {
    let chosen = answers.question.none_of_these;
    let practices: Vec<PracticeView> = catalogue
        .practices()
        .map(|p| {
            let answer = answers.practices.get(&p.choice.id);
            let status = answer.map_or(Status::Unanswered, |a| a.status);
            let checks: Vec<CheckView> = p
                .choice
                .checks
                .iter()
                .map(|c| CheckView {
                    id: c.id.clone(),
                    text: c.text.clone(),
                    answer: answer.and_then(|a| a.checks.get(&c.id).copied()),
                })
                .collect();
            let contradicted =
                status == Status::Selected && !chosen && checks.iter().any(CheckView::fails);
            PracticeView {
                id: p.bp.to_string(),
                choice_id: p.choice.id.clone(),
                title: p.choice.title.clone(),
                status,
                risk_if_not_established: p.risk,
                established: !chosen && status.is_established(),
                reason: answer.and_then(|a| a.reason),
                notes: answer.map(|a| a.notes.clone()).unwrap_or_default(),
                answered_by: answer.and_then(|a| a.answered_by.clone()),
                answered_at: answer.and_then(|a| a.answered_at.clone()),
                checks,
                contradicted,
            }
        })
        .collect();

    let mut improvements: Vec<Improvement> = catalogue
        .practices()
        .zip(&practices)
        .filter_map(|(p, view)| improvement(&p, view, chosen))
        .collect();
    improvements.sort_by_key(|i| std::cmp::Reverse(i.risk_if_not_established));

    let (risk, drivers) = if !answers.question.applicable {
        (Risk::NotApplicable, vec![])
    } else if chosen {
        (Risk::High, vec![NONE_CHOICE_ID.to_string()])
    } else if practices.iter().any(|p| p.status == Status::Unanswered) {
        let unanswered = practices.iter().filter(|p| p.status == Status::Unanswered);
        (
            Risk::Unanswered,
            unanswered.map(|p| p.choice_id.clone()).collect(),
        )
    } else {
        let risk = rule_risk(catalogue, &practices);
        let level = match risk {
            Risk::High => Some(Level::High),
            Risk::Medium => Some(Level::Medium),
            _ => None,
        };
        let drivers: Vec<String> = practices
            .iter()
            .filter(|p| !p.established && Some(p.risk_if_not_established) == level)
            .map(|p| p.choice_id.clone())
            .collect();
        if risk != Risk::High && answers.none_of_these() {
            // Nothing selected: the console records "None of these", which is HIGH.
            (Risk::High, vec![NONE_CHOICE_ID.to_string()])
        } else {
            (risk, drivers)
        }
    };

    Assessment {
        risk,
        drivers,
        practices,
        improvements,
    }
}

/// The plan for one practice: the steps of its failing checks, then (when it is not
/// established, or "None of these" is chosen) its general step. `None` when there is nothing
/// to improve.
fn improvement(practice: &Practice<'_>, view: &PracticeView, chosen: bool) -> Option<Improvement> {
    let missing = chosen || view.status == Status::Unselected;
    let mut steps: Vec<ImprovementStep> = if view.status == Status::NotApplicable && !chosen {
        Vec::new()
    } else {
        view.failing_checks()
            .filter_map(|c| {
                let check = practice.choice.checks.iter().find(|k| k.id == c.id)?;
                Some(ImprovementStep {
                    check: Some(c.id.clone()),
                    text: check.improvement.clone(),
                })
            })
            .collect()
    };
    let plan = practice.choice.improvement_plan.as_ref();
    if missing {
        steps.push(ImprovementStep {
            check: None,
            text: plan.map(|l| l.display_text.clone()).unwrap_or_default(),
        });
    }
    (!steps.is_empty()).then(|| Improvement {
        id: practice.bp.to_string(),
        title: practice.choice.title.clone(),
        risk_if_not_established: practice.risk,
        steps,
        url: plan.and_then(|l| l.url.clone()),
    })
}

/// The first rule that holds; `NONE` if the catalogue's rules somehow miss every case.
fn rule_risk(catalogue: &Catalogue, practices: &[PracticeView]) -> Risk {
    let established: HashSet<&str> = practices
        .iter()
        .filter(|p| p.established)
        .map(|p| p.choice_id.as_str())
        .collect();
    catalogue
        .question
        .conditions
        .iter()
        .find(|(condition, _)| condition.eval(&established))
        .map_or(Risk::None, |(_, risk)| *risk)
}
