//! The response shapes of the model (`Workload`, `Answer`, `LensReview`, ...), built from the
//! state and serialised with the model's PascalCase member names.

use serde::Serialize;

use crate::answer::{self, AnswerState};
use crate::lens::{ChoiceKind, Lens, Question};
use crate::state::{LensReview, Milestone, RiskCounts, Timestamp, Workload, WorkloadProperties};

/// The `Workload` shape.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct WorkloadView<'a> {
    workload_id: &'a str,
    workload_arn: &'a str,
    workload_name: &'a str,
    owner: &'a str,
    updated_at: Timestamp,
    lenses: Vec<&'static str>,
    risk_counts: RiskCounts,
    #[serde(flatten)]
    properties: &'a WorkloadProperties,
}

pub(crate) fn workload(workload: &Workload) -> WorkloadView<'_> {
    WorkloadView {
        workload_id: &workload.id,
        workload_arn: &workload.arn,
        workload_name: &workload.name,
        owner: &workload.owner,
        updated_at: workload.updated_at,
        lenses: workload.lens_aliases(),
        risk_counts: workload.risk_counts(),
        properties: &workload.properties,
    }
}

/// The `WorkloadSummary` shape.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct WorkloadSummaryView<'a> {
    workload_id: &'a str,
    workload_arn: &'a str,
    workload_name: &'a str,
    owner: &'a str,
    updated_at: Timestamp,
    lenses: Vec<&'static str>,
    risk_counts: RiskCounts,
    improvement_status: &'a str,
}

pub(crate) fn workload_summary(workload: &Workload) -> WorkloadSummaryView<'_> {
    WorkloadSummaryView {
        workload_id: &workload.id,
        workload_arn: &workload.arn,
        workload_name: &workload.name,
        owner: &workload.owner,
        updated_at: workload.updated_at,
        lenses: workload.lens_aliases(),
        risk_counts: workload.risk_counts(),
        improvement_status: &workload.properties.improvement_status,
    }
}

/// The `ChoiceContent` shape: a link with its text.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct ChoiceContentView {
    display_text: String,
    url: String,
}

/// The `Choice` shape.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct ChoiceView {
    choice_id: &'static str,
    title: &'static str,
    description: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    helpful_resource: Option<ChoiceContentView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    improvement_plan: Option<ChoiceContentView>,
}

fn choices(lens: &Lens, question: &'static Question) -> Vec<ChoiceView> {
    question
        .choices
        .iter()
        .map(|choice| {
            let page = match choice.kind {
                ChoiceKind::BestPractice(_) => lens.page_url(choice.id),
                ChoiceKind::NoneOfThese => None,
            };
            ChoiceView {
                choice_id: choice.id,
                title: choice.title,
                description: choice.description,
                helpful_resource: page.clone().map(|url| ChoiceContentView {
                    display_text: choice.title.to_owned(),
                    url,
                }),
                improvement_plan: page.map(|url| ChoiceContentView {
                    display_text: format!("Improvement plan: {}", choice.title),
                    url: format!("{url}#implementation-guidance"),
                }),
            }
        })
        .collect()
}

/// The `ChoiceAnswer` shape.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct ChoiceAnswerView<'a> {
    choice_id: &'a str,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    notes: Option<&'a str>,
}

/// The `Answer` shape.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct AnswerView<'a> {
    question_id: &'static str,
    pillar_id: &'static str,
    question_title: &'static str,
    question_description: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    helpful_resource_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    improvement_plan_url: Option<String>,
    choices: Vec<ChoiceView>,
    selected_choices: Vec<&'static str>,
    choice_answers: Vec<ChoiceAnswerView<'a>>,
    is_applicable: bool,
    risk: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    notes: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
}

pub(crate) fn answer<'a>(
    lens: &Lens,
    question: &'static Question,
    answer: &'a AnswerState,
) -> AnswerView<'a> {
    let page = lens.page_url(question.page);
    AnswerView {
        question_id: question.id,
        pillar_id: question.pillar_id,
        question_title: question.title,
        question_description: question.description,
        helpful_resource_url: page.clone(),
        improvement_plan_url: page,
        choices: choices(lens, question),
        selected_choices: answer.selected(question),
        choice_answers: answer
            .recorded(question)
            .map(|(choice_id, state)| ChoiceAnswerView {
                choice_id,
                status: state.status.as_str(),
                reason: state.reason.as_deref(),
                notes: state.notes.as_deref(),
            })
            .collect(),
        is_applicable: answer.is_applicable,
        risk: answer::risk(question, answer).as_str(),
        notes: answer.notes.as_deref(),
        reason: answer.reason.as_deref(),
    }
}

/// The `ChoiceAnswerSummary` shape.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct ChoiceAnswerSummaryView<'a> {
    choice_id: &'a str,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
}

/// The `AnswerSummary` shape.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct AnswerSummaryView<'a> {
    question_id: &'static str,
    pillar_id: &'static str,
    question_title: &'static str,
    question_type: &'static str,
    choices: Vec<ChoiceView>,
    selected_choices: Vec<&'static str>,
    choice_answer_summaries: Vec<ChoiceAnswerSummaryView<'a>>,
    is_applicable: bool,
    risk: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
}

pub(crate) fn answer_summary<'a>(
    lens: &Lens,
    question: &'static Question,
    answer: &'a AnswerState,
) -> AnswerSummaryView<'a> {
    AnswerSummaryView {
        question_id: question.id,
        pillar_id: question.pillar_id,
        question_title: question.title,
        question_type: "NON_PRIORITIZED",
        choices: choices(lens, question),
        selected_choices: answer.selected(question),
        choice_answer_summaries: answer
            .recorded(question)
            .map(|(choice_id, state)| ChoiceAnswerSummaryView {
                choice_id,
                status: state.status.as_str(),
                reason: state.reason.as_deref(),
            })
            .collect(),
        is_applicable: answer.is_applicable,
        risk: answer::risk(question, answer).as_str(),
        reason: answer.reason.as_deref(),
    }
}

/// The `PillarReviewSummary` shape.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct PillarReviewSummaryView {
    pillar_id: &'static str,
    pillar_name: &'static str,
    risk_counts: RiskCounts,
}

/// The `LensReview` shape.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct LensReviewView {
    lens_alias: &'static str,
    lens_arn: &'static str,
    lens_name: &'static str,
    lens_version: &'static str,
    lens_status: &'static str,
    pillar_review_summaries: Vec<PillarReviewSummaryView>,
    risk_counts: RiskCounts,
    updated_at: Timestamp,
}

pub(crate) fn lens_review(review: &LensReview) -> LensReviewView {
    let lens = review.lens;
    LensReviewView {
        lens_alias: lens.alias,
        lens_arn: lens.arn,
        lens_name: lens.name,
        lens_version: lens.version,
        lens_status: "CURRENT",
        pillar_review_summaries: lens
            .pillars
            .iter()
            .map(|pillar| PillarReviewSummaryView {
                pillar_id: pillar.id,
                pillar_name: pillar.name,
                risk_counts: review.risk_counts(Some(pillar.id)),
            })
            .collect(),
        risk_counts: review.risk_counts(None),
        updated_at: review.updated_at,
    }
}

/// The `Milestone` shape.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct MilestoneView<'a> {
    milestone_number: u32,
    milestone_name: &'a str,
    recorded_at: Timestamp,
    workload: WorkloadView<'a>,
}

pub(crate) fn milestone(milestone: &Milestone) -> MilestoneView<'_> {
    MilestoneView {
        milestone_number: milestone.number,
        milestone_name: &milestone.name,
        recorded_at: milestone.recorded_at,
        workload: workload(&milestone.workload),
    }
}

/// The `MilestoneSummary` shape.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct MilestoneSummaryView<'a> {
    milestone_number: u32,
    milestone_name: &'a str,
    recorded_at: Timestamp,
    workload_summary: WorkloadSummaryView<'a>,
}

pub(crate) fn milestone_summary(milestone: &Milestone) -> MilestoneSummaryView<'_> {
    MilestoneSummaryView {
        milestone_number: milestone.number,
        milestone_name: &milestone.name,
        recorded_at: milestone.recorded_at,
        workload_summary: workload_summary(&milestone.workload),
    }
}
