//! The question's risk, computed offline from the catalogue's `riskRules` and the answers.
//!
//! AWS does not publish the rules of its own lens. rel04 states its model as data in
//! `questions/rel04.json` and evaluates it here; once a workload is synced, the risk the
//! Well-Architected Tool reports is the authority and rel04 shows both.

use std::collections::HashSet;

use serde::Serialize;

use crate::answers::AnswersFile;
use crate::catalogue::{Catalogue, NONE_CHOICE_ID};
use crate::vocab::{Level, Reason, Risk, Status};

/// One practice as a report shows it.
#[derive(Debug, Clone, Serialize)]
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
}

/// A practice to improve: not established, or every practice when "None of these" is chosen.
#[derive(Debug, Clone, Serialize)]
pub struct Improvement {
    pub id: String,
    pub title: String,
    pub risk_if_not_established: Level,
    pub plan: String,
    pub url: Option<String>,
}

/// The catalogue applied to one answers file.
#[derive(Debug, Clone, Serialize)]
pub struct Assessment {
    pub risk: Risk,
    /// What drives the risk: BP ids, or the choice id of "None of these".
    pub drivers: Vec<String>,
    pub practices: Vec<PracticeView>,
    pub improvements: Vec<Improvement>,
}

/// Computes the question's risk and what drives it.
///
/// Order: a question marked not applicable is `NOT_APPLICABLE`; "None of these" is `HIGH`;
/// a practice not yet answered leaves the question `UNANSWERED`; otherwise the first risk rule
/// that holds decides. A practice marked not applicable counts as established.
pub fn evaluate(catalogue: &Catalogue, answers: &AnswersFile) -> Assessment {
    let none = answers.question.none_of_these;
    let practices: Vec<PracticeView> = catalogue
        .practices()
        .map(|p| {
            let answer = answers.practices.get(&p.choice.id);
            let status = answer.map_or(Status::Unanswered, |a| a.status);
            PracticeView {
                id: p.bp.to_string(),
                choice_id: p.choice.id.clone(),
                title: p.choice.title.clone(),
                status,
                risk_if_not_established: p.risk,
                established: !none && status.is_established(),
                reason: answer.and_then(|a| a.reason),
                notes: answer.map(|a| a.notes.clone()).unwrap_or_default(),
            }
        })
        .collect();

    let improvements = catalogue
        .practices()
        .zip(&practices)
        .filter(|(_, view)| none || view.status == Status::Unselected)
        .map(|(p, _)| Improvement {
            id: p.bp.to_string(),
            title: p.choice.title.clone(),
            risk_if_not_established: p.risk,
            plan: p
                .choice
                .improvement_plan
                .as_ref()
                .map(|l| l.display_text.clone())
                .unwrap_or_default(),
            url: p
                .choice
                .improvement_plan
                .as_ref()
                .and_then(|l| l.url.clone()),
        })
        .collect();

    let (risk, drivers) = if !answers.question.applicable {
        (Risk::NotApplicable, vec![])
    } else if none {
        (Risk::High, vec![NONE_CHOICE_ID.to_string()])
    } else if practices.iter().any(|p| p.status == Status::Unanswered) {
        let unanswered = practices.iter().filter(|p| p.status == Status::Unanswered);
        (Risk::Unanswered, unanswered.map(|p| p.id.clone()).collect())
    } else {
        let risk = rule_risk(catalogue, &practices);
        let level = match risk {
            Risk::High => Some(Level::High),
            Risk::Medium => Some(Level::Medium),
            _ => None,
        };
        let drivers = practices
            .iter()
            .filter(|p| !p.established && Some(p.risk_if_not_established) == level)
            .map(|p| p.id.clone())
            .collect();
        (risk, drivers)
    };

    Assessment {
        risk,
        drivers,
        practices,
        improvements,
    }
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
