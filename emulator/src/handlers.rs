//! One handler per operation: read and check the request, apply it to the store of the caller's
//! partition (its account and Region), answer with the model's output shape. Also the
//! emulator's own `/_emulator/*` endpoints.

use axum::Json;
use axum::extract::State;
use axum::http::{Method, StatusCode, Uri};
use serde_json::{Value, json};

use crate::app::AppState;
use crate::errors::ApiError;
use crate::extract::{Caller, JsonBody, PathParams, QueryParams};
use crate::pagination::PageRequest;
use crate::requests::{
    AssociateLensesInput, CreateMilestoneInput, CreateWorkloadInput, ListInput, UpdateAnswerInput,
    UpdateWorkloadInput,
};
use crate::validate;
use crate::views;

type Output = Result<Json<Value>, ApiError>;

/// Drops the top-level members that are `null` (absent optional members).
fn output(mut body: Value) -> Output {
    if let Some(members) = body.as_object_mut() {
        members.retain(|_, value| !value.is_null());
    }
    Ok(Json(body))
}

/// POST /workloads
pub(crate) async fn create_workload(
    State(app): State<AppState>,
    caller: Caller,
    JsonBody(input): JsonBody<CreateWorkloadInput>,
) -> Output {
    let (workload, token) = input.validate()?;
    let mut stores = app.stores();
    let workload = stores.create_workload(&caller.partition(), workload, Some(&token))?;
    output(json!({ "WorkloadId": workload.id, "WorkloadArn": workload.arn }))
}

/// GET /workloads/{WorkloadId}
pub(crate) async fn get_workload(
    State(app): State<AppState>,
    caller: Caller,
    path: PathParams,
) -> Output {
    let workload_id = path.workload_id()?;
    let mut stores = app.stores();
    let store = stores.store(&caller.partition());
    output(json!({ "Workload": views::workload(store.workload(workload_id)?) }))
}

/// PATCH /workloads/{WorkloadId}
pub(crate) async fn update_workload(
    State(app): State<AppState>,
    caller: Caller,
    path: PathParams,
    JsonBody(input): JsonBody<UpdateWorkloadInput>,
) -> Output {
    let workload_id = path.workload_id()?;
    let (name, change) = input.validate()?;
    let mut stores = app.stores();
    let store = stores.store(&caller.partition());
    let workload = store.update_workload(workload_id, name, change)?;
    output(json!({ "Workload": views::workload(workload) }))
}

/// POST /workloadsSummaries
pub(crate) async fn list_workloads(
    State(app): State<AppState>,
    caller: Caller,
    JsonBody(input): JsonBody<ListInput>,
) -> Output {
    let input = input.validate()?;
    let page = PageRequest::new("workloads", input.max_results, input.next_token.as_deref())?;
    let prefix = input
        .workload_name_prefix
        .unwrap_or_default()
        .to_lowercase();
    let mut stores = app.stores();
    let store = stores.store(&caller.partition());
    let matching = store
        .workloads()
        .filter(|w| w.name.to_lowercase().starts_with(&prefix));
    let (summaries, next_token) = page.page(matching.map(views::workload_summary).collect());
    output(json!({ "WorkloadSummaries": summaries, "NextToken": next_token }))
}

/// PATCH /workloads/{WorkloadId}/associateLenses
pub(crate) async fn associate_lenses(
    State(app): State<AppState>,
    caller: Caller,
    path: PathParams,
    JsonBody(input): JsonBody<AssociateLensesInput>,
) -> Result<StatusCode, ApiError> {
    let workload_id = path.workload_id()?;
    let lenses = input.validate()?;
    app.stores()
        .store(&caller.partition())
        .associate_lenses(workload_id, &lenses)?;
    Ok(StatusCode::OK)
}

/// GET /workloads/{WorkloadId}/lensReviews/{LensAlias}
pub(crate) async fn get_lens_review(
    State(app): State<AppState>,
    caller: Caller,
    path: PathParams,
    query: QueryParams,
) -> Output {
    let (workload_id, lens_alias) = (path.workload_id()?, path.lens_alias()?);
    let milestone = query.milestone_number()?;
    let mut stores = app.stores();
    let store = stores.store(&caller.partition());
    let review = store
        .entry(workload_id)?
        .at(milestone)?
        .review(lens_alias)?;
    output(json!({
        "WorkloadId": workload_id,
        "MilestoneNumber": milestone,
        "LensReview": views::lens_review(review),
    }))
}

/// GET /workloads/{WorkloadId}/lensReviews/{LensAlias}/answers/{QuestionId}
pub(crate) async fn get_answer(
    State(app): State<AppState>,
    caller: Caller,
    path: PathParams,
    query: QueryParams,
) -> Output {
    let (workload_id, lens_alias, question_id) =
        (path.workload_id()?, path.lens_alias()?, path.question_id()?);
    let milestone = query.milestone_number()?;
    let mut stores = app.stores();
    let store = stores.store(&caller.partition());
    let review = store
        .entry(workload_id)?
        .at(milestone)?
        .review(lens_alias)?;
    let (question, answer) = review.answer(question_id)?;
    output(json!({
        "WorkloadId": workload_id,
        "MilestoneNumber": milestone,
        "LensAlias": review.lens.alias,
        "LensArn": review.lens.arn,
        "Answer": views::answer(review.lens, question, answer),
    }))
}

/// PATCH /workloads/{WorkloadId}/lensReviews/{LensAlias}/answers/{QuestionId}
pub(crate) async fn update_answer(
    State(app): State<AppState>,
    caller: Caller,
    path: PathParams,
    JsonBody(input): JsonBody<UpdateAnswerInput>,
) -> Output {
    let (workload_id, lens_alias, question_id) =
        (path.workload_id()?, path.lens_alias()?, path.question_id()?);
    let update = input.validate()?;
    let mut stores = app.stores();
    let store = stores.store(&caller.partition());
    let (lens, question, answer) =
        store.update_answer(workload_id, lens_alias, question_id, &update)?;
    output(json!({
        "WorkloadId": workload_id,
        "LensAlias": lens.alias,
        "LensArn": lens.arn,
        "Answer": views::answer(lens, question, answer),
    }))
}

/// GET /workloads/{WorkloadId}/lensReviews/{LensAlias}/answers
pub(crate) async fn list_answers(
    State(app): State<AppState>,
    caller: Caller,
    path: PathParams,
    query: QueryParams,
) -> Output {
    let (workload_id, lens_alias) = (path.workload_id()?, path.lens_alias()?);
    let milestone = query.milestone_number()?;
    let page = PageRequest::new(
        "answers",
        query.integer("MaxResults")?,
        query.text("NextToken"),
    )?;
    let pillar = query.text("PillarId");
    if let Some(pillar) = pillar {
        validate::length("PillarId", pillar, 1, 64)?;
    }
    if let Some(priority) = query.text("QuestionPriority") {
        validate::one_of("QuestionPriority", priority, &["PRIORITIZED", "NONE"])?;
    }
    let mut stores = app.stores();
    let store = stores.store(&caller.partition());
    let review = store
        .entry(workload_id)?
        .at(milestone)?
        .review(lens_alias)?;
    if let Some(pillar) = pillar.filter(|p| review.lens.pillars.iter().all(|known| known.id != *p))
    {
        return Err(ApiError::validation(
            "PillarId",
            format!(
                "Pillar {pillar} is not a pillar of lens {}",
                review.lens.alias
            ),
        ));
    }
    let answers = review
        .answers()
        .filter(|(question, _)| pillar.is_none_or(|p| p == question.pillar_id))
        .map(|(question, answer)| views::answer_summary(review.lens, question, answer));
    let (summaries, next_token) = page.page(answers.collect());
    output(json!({
        "WorkloadId": workload_id,
        "MilestoneNumber": milestone,
        "LensAlias": review.lens.alias,
        "LensArn": review.lens.arn,
        "AnswerSummaries": summaries,
        "NextToken": next_token,
    }))
}

/// POST /workloads/{WorkloadId}/milestones
pub(crate) async fn create_milestone(
    State(app): State<AppState>,
    caller: Caller,
    path: PathParams,
    JsonBody(input): JsonBody<CreateMilestoneInput>,
) -> Output {
    let workload_id = path.workload_id()?;
    let (name, token) = input.validate()?;
    let number = app.stores().store(&caller.partition()).create_milestone(
        workload_id,
        &name,
        Some(&token),
    )?;
    output(json!({ "WorkloadId": workload_id, "MilestoneNumber": number }))
}

/// POST /workloads/{WorkloadId}/milestonesSummaries
pub(crate) async fn list_milestones(
    State(app): State<AppState>,
    caller: Caller,
    path: PathParams,
    JsonBody(input): JsonBody<ListInput>,
) -> Output {
    let workload_id = path.workload_id()?;
    let page = PageRequest::new("milestones", input.max_results, input.next_token.as_deref())?;
    let mut stores = app.stores();
    let store = stores.store(&caller.partition());
    let entry = store.entry(workload_id)?;
    let (summaries, next_token) = page.page(
        entry
            .milestones
            .iter()
            .map(views::milestone_summary)
            .collect(),
    );
    output(
        json!({ "WorkloadId": workload_id, "MilestoneSummaries": summaries, "NextToken": next_token }),
    )
}

/// GET /workloads/{WorkloadId}/milestones/{MilestoneNumber}
pub(crate) async fn get_milestone(
    State(app): State<AppState>,
    caller: Caller,
    path: PathParams,
) -> Output {
    let (workload_id, number) = (path.workload_id()?, path.milestone_number()?);
    let mut stores = app.stores();
    let store = stores.store(&caller.partition());
    let milestone = store.entry(workload_id)?.milestone(number)?;
    output(json!({ "WorkloadId": workload_id, "Milestone": views::milestone(milestone) }))
}

/// GET /_emulator/stats: the counters of every operation and the number of workloads (of every
/// partition together).
pub(crate) async fn stats(State(app): State<AppState>) -> Json<Value> {
    let workloads = app.stores().workload_count();
    let operations = json!(*app.stats().all());
    Json(json!({ "operations": operations, "workloads": workloads }))
}

/// POST /_emulator/reset: forgets every workload, session key, refused role and count.
pub(crate) async fn reset(State(app): State<AppState>) -> Json<Value> {
    app.reset();
    Json(json!({}))
}

/// Any other method and path.
pub(crate) async fn unknown_operation(method: Method, uri: Uri) -> ApiError {
    ApiError::UnknownOperation {
        method: method.to_string(),
        path: uri.path().to_owned(),
    }
}
