//! The emulator driven by the real `aws-sdk-wellarchitected` client over loopback HTTP: wire
//! format, typed errors, pagination, milestones, fault injection and counters.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use aws_sdk_wellarchitected::Client;
use aws_sdk_wellarchitected::config::retry::RetryConfig;
use aws_sdk_wellarchitected::config::timeout::TimeoutConfig;
use aws_sdk_wellarchitected::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_wellarchitected::error::SdkError;
use aws_sdk_wellarchitected::types::{
    AnswerReason, ChoiceReason, ChoiceStatus, ChoiceUpdate, Risk, WorkloadEnvironment,
};
use wa_emulator::{Emulator, Faults};

const LENS: &str = "wellarchitected";
const REL04: &str = "prevent-interaction-failure";
const IDENTIFY: &str = "rel_prevent_interaction_failure_identify";
const LOOSE: &str = "rel_prevent_interaction_failure_loosely_coupled_system";
const CONSTANT: &str = "rel_prevent_interaction_failure_constant_work";
const IDEMPOTENT: &str = "rel_prevent_interaction_failure_idempotent";
const NONE_OF_THESE: &str = "rel_prevent_interaction_failure_no";

fn start() -> Emulator {
    Emulator::start(Faults::default()).expect("the emulator starts")
}

/// A client with static test credentials, pointed at the emulator, making at most
/// `max_attempts` attempts per call with short back-offs.
fn client_with_attempts(emulator: &Emulator, max_attempts: u32) -> Client {
    let retry = RetryConfig::standard()
        .with_max_attempts(max_attempts)
        .with_initial_backoff(Duration::from_millis(1))
        .with_max_backoff(Duration::from_millis(10));
    let config = aws_sdk_wellarchitected::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("test", "test", None, None, "test"))
        .endpoint_url(emulator.endpoint_url())
        .retry_config(retry)
        .timeout_config(
            TimeoutConfig::builder()
                .operation_timeout(Duration::from_secs(20))
                .build(),
        )
        .build();
    Client::from_conf(config)
}

fn client(emulator: &Emulator) -> Client {
    client_with_attempts(emulator, 1)
}

async fn create_workload(client: &Client, name: &str, lens: &str) -> String {
    let output = client
        .create_workload()
        .workload_name(name)
        .description("integration test workload")
        .environment(WorkloadEnvironment::Preproduction)
        .review_owner("tests@example.com")
        .aws_regions("us-east-1")
        .lenses(lens)
        .send()
        .await
        .expect("CreateWorkload succeeds");
    output.workload_id().expect("a workload id").to_owned()
}

fn selected(update: ChoiceStatus) -> ChoiceUpdate {
    ChoiceUpdate::builder().status(update).build()
}

/// Sends a bare HTTP/1.1 request to the emulator and returns the status line and the body.
fn raw_request(emulator: &Emulator, method: &str, path: &str) -> (String, String) {
    let address = emulator
        .endpoint_url()
        .trim_start_matches("http://")
        .to_owned();
    let mut stream = TcpStream::connect(&address).expect("connects");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("sets a timeout");
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {address}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).expect("sends");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("reads");
    let status = response.lines().next().unwrap_or_default().to_owned();
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    (status, body)
}

#[tokio::test]
async fn create_workload_then_get_the_rel04_answer() {
    let emulator = start();
    let client = client(&emulator);
    let id = create_workload(&client, "Checkout service", LENS).await;
    assert_eq!(id.len(), 32);

    let workload = client
        .get_workload()
        .workload_id(&id)
        .send()
        .await
        .expect("GetWorkload succeeds");
    let workload = workload.workload().expect("a workload");
    assert_eq!(workload.workload_name(), Some("Checkout service"));
    assert_eq!(
        workload.workload_arn(),
        Some(format!("arn:aws:wellarchitected:us-east-1:123456789012:workload/{id}").as_str())
    );
    assert_eq!(workload.lenses(), [LENS]);
    assert!(workload.updated_at().is_some());

    let output = client
        .get_answer()
        .workload_id(&id)
        .lens_alias(LENS)
        .question_id(REL04)
        .send()
        .await
        .expect("GetAnswer");
    let answer = output.answer().expect("an answer");
    assert_eq!(answer.pillar_id(), Some("reliability"));
    assert_eq!(
        answer.question_title(),
        Some("How do you design interactions in a distributed system to prevent failures?")
    );
    assert_eq!(answer.risk(), Some(&Risk::Unanswered));
    assert_eq!(answer.is_applicable(), Some(true));
    let choices: Vec<_> = answer
        .choices()
        .iter()
        .filter_map(|c| c.choice_id())
        .collect();
    assert_eq!(
        choices,
        [IDENTIFY, LOOSE, CONSTANT, IDEMPOTENT, NONE_OF_THESE]
    );
    let identify = &answer.choices()[0];
    assert_eq!(
        identify.title(),
        Some("Identify the kind of distributed systems you depend on")
    );
    let url = identify
        .helpful_resource()
        .and_then(|r| r.url())
        .expect("a helpful resource");
    assert!(
        url.ends_with("rel_prevent_interaction_failure_identify.html"),
        "{url}"
    );
    assert!(answer.helpful_resource_url().is_some());
    assert_eq!(
        emulator.answer(&id).expect("the answer")["QuestionId"],
        REL04
    );

    let review = client
        .get_lens_review()
        .workload_id(&id)
        .lens_alias(LENS)
        .send()
        .await
        .expect("GetLensReview");
    let review = review.lens_review().expect("a lens review");
    assert_eq!(review.lens_status().map(|s| s.as_str()), Some("CURRENT"));
    assert!(review.lens_version().is_some());
    assert_eq!(
        review.risk_counts().and_then(|c| c.get(&Risk::Unanswered)),
        Some(&3)
    );
}

#[tokio::test]
async fn a_repeated_client_request_token_returns_the_first_workload() {
    let emulator = start();
    let client = client(&emulator);
    let create = || {
        client
            .create_workload()
            .workload_name("idempotent")
            .description("same token twice")
            .environment(WorkloadEnvironment::Production)
            .review_owner("tests@example.com")
            .non_aws_regions("on-premises")
            .lenses(LENS)
            .client_request_token("token-1")
            .send()
    };
    let first = create().await.expect("first call");
    let second = create().await.expect("second call with the same token");
    assert_eq!(first.workload_id(), second.workload_id());
    assert_eq!(emulator.successes("CreateWorkload"), 2);
}

#[tokio::test]
async fn selected_choices_replace_the_selection_and_set_the_risk() {
    let emulator = start();
    let client = client(&emulator);
    let id = create_workload(&client, "replace", LENS).await;
    let update = |choices: &[&str]| {
        let mut request = client
            .update_answer()
            .workload_id(&id)
            .lens_alias(LENS)
            .question_id(REL04);
        for choice in choices {
            request = request.selected_choices(*choice);
        }
        request.send()
    };

    let output = update(&[IDENTIFY, LOOSE]).await.expect("first update");
    let answer = output.answer().expect("an answer");
    assert_eq!(answer.selected_choices(), [IDENTIFY, LOOSE]);
    assert_eq!(answer.risk(), Some(&Risk::Medium));

    let output = update(&[IDEMPOTENT]).await.expect("second update");
    let answer = output.answer().expect("an answer");
    assert_eq!(answer.selected_choices(), [IDEMPOTENT]);
    assert_eq!(answer.risk(), Some(&Risk::High));

    let output = update(&[IDENTIFY, LOOSE, IDEMPOTENT])
        .await
        .expect("third update");
    assert_eq!(output.answer().and_then(|a| a.risk()), Some(&Risk::None));
    let output = update(&[NONE_OF_THESE]).await.expect("none of these alone");
    assert_eq!(output.answer().and_then(|a| a.risk()), Some(&Risk::High));
}

#[tokio::test]
async fn choice_updates_merge_and_keep_notes_and_reasons() {
    let emulator = start();
    let client = client(&emulator);
    let id = create_workload(&client, "notes", LENS).await;
    client
        .update_answer()
        .workload_id(&id)
        .lens_alias(LENS)
        .question_id(REL04)
        .selected_choices(IDENTIFY)
        .notes("question notes")
        .send()
        .await
        .expect("selection");
    client
        .update_answer()
        .workload_id(&id)
        .lens_alias(LENS)
        .question_id(REL04)
        .choice_updates(
            LOOSE,
            ChoiceUpdate::builder()
                .status(ChoiceStatus::Selected)
                .notes("SQS between tiers")
                .build(),
        )
        .choice_updates(
            IDEMPOTENT,
            ChoiceUpdate::builder()
                .status(ChoiceStatus::NotApplicable)
                .reason(ChoiceReason::OutOfScope)
                .notes("read-only service")
                .build(),
        )
        .send()
        .await
        .expect("choice updates");

    // A later update that only replaces the selection keeps every note and reason.
    let output = client
        .update_answer()
        .workload_id(&id)
        .lens_alias(LENS)
        .question_id(REL04)
        .selected_choices(IDENTIFY)
        .selected_choices(LOOSE)
        .send()
        .await
        .expect("selection again");
    let answer = output.answer().expect("an answer");
    assert_eq!(answer.notes(), Some("question notes"));
    assert_eq!(answer.selected_choices(), [IDENTIFY, LOOSE]);
    assert_eq!(
        answer.risk(),
        Some(&Risk::None),
        "a choice not applicable counts as established"
    );
    let choice = |id: &str| {
        answer
            .choice_answers()
            .iter()
            .find(|c| c.choice_id() == Some(id))
            .cloned()
    };
    assert_eq!(
        choice(LOOSE)
            .and_then(|c| c.notes().map(str::to_owned))
            .as_deref(),
        Some("SQS between tiers")
    );
    let idempotent = choice(IDEMPOTENT).expect("the idempotent choice is recorded");
    assert_eq!(idempotent.status(), Some(&ChoiceStatus::NotApplicable));
    assert_eq!(idempotent.reason(), Some(&ChoiceReason::OutOfScope));
    assert_eq!(idempotent.notes(), Some("read-only service"));

    let output = client
        .update_answer()
        .workload_id(&id)
        .lens_alias(LENS)
        .question_id(REL04)
        .choice_updates(LOOSE, selected(ChoiceStatus::Unselected))
        .send()
        .await
        .expect("unselect");
    assert_eq!(
        output.answer().map(|a| a.selected_choices().to_vec()),
        Some(vec![IDENTIFY.to_owned()])
    );
}

#[tokio::test]
async fn a_question_can_be_marked_not_applicable() {
    let emulator = start();
    let client = client(&emulator);
    let id = create_workload(&client, "not applicable", LENS).await;
    let output = client
        .update_answer()
        .workload_id(&id)
        .lens_alias(LENS)
        .question_id(REL04)
        .is_applicable(false)
        .reason(AnswerReason::ArchitectureConstraints)
        .send()
        .await
        .expect("UpdateAnswer");
    let answer = output.answer().expect("an answer");
    assert_eq!(answer.is_applicable(), Some(false));
    assert_eq!(
        answer.reason(),
        Some(&AnswerReason::ArchitectureConstraints)
    );
    assert_eq!(answer.risk(), Some(&Risk::NotApplicable));
}

#[tokio::test]
async fn mixing_none_of_these_with_other_choices_is_a_validation_exception() {
    let emulator = start();
    let client = client(&emulator);
    let id = create_workload(&client, "exclusive", LENS).await;
    let error = client
        .update_answer()
        .workload_id(&id)
        .lens_alias(LENS)
        .question_id(REL04)
        .selected_choices(NONE_OF_THESE)
        .selected_choices(IDENTIFY)
        .send()
        .await
        .expect_err("a mixed selection is rejected")
        .into_service_error();
    assert!(error.is_validation_exception(), "{error:?}");
    assert!(
        error
            .meta()
            .message()
            .unwrap_or_default()
            .contains(NONE_OF_THESE)
    );
    assert_eq!(
        emulator.answer(&id).expect("the answer")["Risk"],
        "UNANSWERED",
        "nothing was applied"
    );
}

#[tokio::test]
async fn invalid_updates_are_validation_exceptions() {
    let emulator = start();
    let client = client(&emulator);
    let id = create_workload(&client, "invalid updates", LENS).await;
    let base = || {
        client
            .update_answer()
            .workload_id(&id)
            .lens_alias(LENS)
            .question_id(REL04)
    };

    let no_status = base()
        .choice_updates(IDENTIFY, ChoiceUpdate::builder().notes("n").build())
        .send()
        .await;
    let unknown_choice = base()
        .selected_choices("rel_prevent_interaction_failure_made_up")
        .send()
        .await;
    let long_notes = base().notes("x".repeat(2085)).send().await;
    let long_choice_notes = base()
        .choice_updates(
            IDENTIFY,
            ChoiceUpdate::builder()
                .status(ChoiceStatus::Selected)
                .notes("x".repeat(251))
                .build(),
        )
        .send()
        .await;
    for (case, result) in [
        ("missing Status", no_status),
        ("unknown choice", unknown_choice),
        ("notes too long", long_notes),
        ("choice notes too long", long_choice_notes),
    ] {
        let error = result.expect_err(case).into_service_error();
        assert!(error.is_validation_exception(), "{case}: {error:?}");
    }

    let bad_id = client
        .get_workload()
        .workload_id("NOT-A-WORKLOAD-ID")
        .send()
        .await
        .expect_err("bad id");
    assert!(bad_id.into_service_error().is_validation_exception());

    let missing_owner = client
        .create_workload()
        .workload_name("no owner")
        .description("lacks a review owner")
        .environment(WorkloadEnvironment::Production)
        .aws_regions("us-east-1")
        .lenses(LENS)
        .send()
        .await
        .expect_err("ReviewOwner is required")
        .into_service_error();
    assert!(missing_owner.is_validation_exception());
    assert!(
        missing_owner
            .meta()
            .message()
            .unwrap_or_default()
            .contains("ReviewOwner")
    );
}

#[tokio::test]
async fn unknown_resources_are_typed_not_found_errors() {
    let emulator = start();
    let client = client(&emulator);
    let missing = "0123456789abcdef0123456789abcdef";
    let error = client
        .get_workload()
        .workload_id(missing)
        .send()
        .await
        .expect_err("no such workload");
    let error = error.into_service_error();
    assert!(error.is_resource_not_found_exception(), "{error:?}");
    match error {
        aws_sdk_wellarchitected::operation::get_workload::GetWorkloadError::ResourceNotFoundException(e) => {
            assert_eq!(e.resource_id(), Some(missing));
            assert_eq!(e.resource_type(), Some("WORKLOAD"));
        }
        other => panic!("unexpected error {other:?}"),
    }

    let serverless_only = create_workload(&client, "no wa lens", "serverless").await;
    let error = client
        .get_answer()
        .workload_id(&serverless_only)
        .lens_alias(LENS)
        .question_id(REL04)
        .send()
        .await
        .expect_err("the lens is not associated")
        .into_service_error();
    assert!(error.is_resource_not_found_exception());
    assert!(error.meta().message().unwrap_or_default().contains(LENS));

    client
        .associate_lenses()
        .workload_id(&serverless_only)
        .lens_aliases(LENS)
        .send()
        .await
        .expect("AssociateLenses");
    let output = client
        .get_answer()
        .workload_id(&serverless_only)
        .lens_alias(LENS)
        .question_id(REL04)
        .send()
        .await;
    assert!(output.is_ok(), "the lens is associated now");

    let error = client
        .associate_lenses()
        .workload_id(&serverless_only)
        .lens_aliases("nope")
        .send()
        .await;
    assert!(
        error
            .expect_err("unknown lens")
            .into_service_error()
            .is_resource_not_found_exception()
    );
}

#[tokio::test]
async fn duplicate_workload_names_conflict() {
    let emulator = start();
    let client = client(&emulator);
    create_workload(&client, "Payments API", LENS).await;
    let error = client
        .create_workload()
        .workload_name("payments  api")
        .description("same name, other case and spaces")
        .environment(WorkloadEnvironment::Production)
        .review_owner("tests@example.com")
        .aws_regions("us-east-1")
        .lenses(LENS)
        .send()
        .await
        .expect_err("the name is taken")
        .into_service_error();
    assert!(error.is_conflict_exception(), "{error:?}");
}

#[tokio::test]
async fn list_workloads_paginates_sixty_workloads() {
    let emulator = start();
    let client = client(&emulator);
    for n in 0..60 {
        emulator.create_workload(&format!("workload {n:02}"));
    }
    let pages: Vec<_> = client
        .list_workloads()
        .max_results(25)
        .into_paginator()
        .send()
        .try_collect()
        .await
        .expect("every page");
    assert_eq!(pages.len(), 3);
    let names: Vec<_> = pages
        .iter()
        .flat_map(|p| p.workload_summaries())
        .filter_map(|w| w.workload_name())
        .collect();
    assert_eq!(names.len(), 60);
    assert_eq!(names.first(), Some(&"workload 00"));
    assert_eq!(names.last(), Some(&"workload 59"));
    assert_eq!(emulator.requests("ListWorkloads"), 3);

    let default_pages: Vec<_> = client
        .list_workloads()
        .into_paginator()
        .send()
        .try_collect()
        .await
        .expect("pages");
    assert_eq!(
        default_pages
            .iter()
            .map(|p| p.workload_summaries().len())
            .collect::<Vec<_>>(),
        [50, 10]
    );

    let prefixed = client
        .list_workloads()
        .workload_name_prefix("workload 5")
        .send()
        .await
        .expect("prefix");
    assert_eq!(prefixed.workload_summaries().len(), 10);

    let error = client
        .list_workloads()
        .max_results(51)
        .send()
        .await
        .expect_err("MaxResults is at most 50");
    assert!(error.into_service_error().is_validation_exception());
}

#[tokio::test]
async fn list_answers_paginates_and_filters_by_pillar() {
    let emulator = start();
    let client = client(&emulator);
    let id = emulator.create_workload("answers");
    let pages: Vec<_> = client
        .list_answers()
        .workload_id(&id)
        .lens_alias(LENS)
        .max_results(1)
        .into_paginator()
        .send()
        .try_collect()
        .await
        .expect("every page");
    assert_eq!(pages.len(), 3);
    let questions: Vec<_> = pages
        .iter()
        .flat_map(|p| p.answer_summaries())
        .filter_map(|a| a.question_id())
        .collect();
    assert_eq!(
        questions,
        [
            "service-architecture",
            REL04,
            "mitigate-interaction-failure"
        ]
    );

    let reliability = client
        .list_answers()
        .workload_id(&id)
        .lens_alias(LENS)
        .pillar_id("reliability")
        .send()
        .await
        .expect("filtered");
    assert_eq!(reliability.answer_summaries().len(), 3);
    let security = client
        .list_answers()
        .workload_id(&id)
        .lens_alias(LENS)
        .pillar_id("security")
        .send()
        .await
        .expect("filtered");
    assert!(security.answer_summaries().is_empty());
    assert!(security.next_token().is_none());
}

#[tokio::test]
async fn milestones_snapshot_the_answers() {
    let emulator = start();
    let client = client(&emulator);
    let id = emulator.create_workload("milestones");
    emulator
        .edit_answer(&id, serde_json::json!({ "SelectedChoices": [IDENTIFY] }))
        .expect("edit");

    let milestone = client
        .create_milestone()
        .workload_id(&id)
        .milestone_name("release 1")
        .send()
        .await
        .expect("CreateMilestone");
    assert_eq!(milestone.milestone_number(), Some(1));
    let duplicate = client
        .create_milestone()
        .workload_id(&id)
        .milestone_name("release 1")
        .send()
        .await;
    let error = duplicate
        .expect_err("names are unique")
        .into_service_error();
    assert!(error.is_conflict_exception(), "{error:?}");

    client
        .update_answer()
        .workload_id(&id)
        .lens_alias(LENS)
        .question_id(REL04)
        .selected_choices(NONE_OF_THESE)
        .send()
        .await
        .expect("UpdateAnswer");

    let at_v1 = client
        .get_answer()
        .workload_id(&id)
        .lens_alias(LENS)
        .question_id(REL04)
        .milestone_number(1)
        .send()
        .await
        .expect("GetAnswer at the milestone");
    assert_eq!(at_v1.milestone_number(), Some(1));
    assert_eq!(
        at_v1.answer().map(|a| a.selected_choices().to_vec()),
        Some(vec![IDENTIFY.to_owned()])
    );
    let now = client
        .get_answer()
        .workload_id(&id)
        .lens_alias(LENS)
        .question_id(REL04)
        .send()
        .await
        .expect("GetAnswer");
    assert_eq!(
        now.answer().map(|a| a.selected_choices().to_vec()),
        Some(vec![NONE_OF_THESE.to_owned()])
    );

    client
        .create_milestone()
        .workload_id(&id)
        .milestone_name("release 2")
        .send()
        .await
        .expect("second milestone");
    let list = client
        .list_milestones()
        .workload_id(&id)
        .send()
        .await
        .expect("ListMilestones");
    let names: Vec<_> = list
        .milestone_summaries()
        .iter()
        .filter_map(|m| m.milestone_name())
        .collect();
    assert_eq!(names, ["release 1", "release 2"]);
    let got = client
        .get_milestone()
        .workload_id(&id)
        .milestone_number(2)
        .send()
        .await
        .expect("GetMilestone");
    assert_eq!(
        got.milestone().and_then(|m| m.milestone_name()),
        Some("release 2")
    );
    let missing = client
        .get_milestone()
        .workload_id(&id)
        .milestone_number(3)
        .send()
        .await;
    assert!(
        missing
            .expect_err("no milestone 3")
            .into_service_error()
            .is_resource_not_found_exception()
    );
}

#[tokio::test]
async fn update_workload_changes_only_what_is_sent() {
    let emulator = start();
    let client = client(&emulator);
    let id = create_workload(&client, "before", LENS).await;
    let output = client
        .update_workload()
        .workload_id(&id)
        .workload_name("after")
        .notes("renamed")
        .send()
        .await
        .expect("UpdateWorkload");
    let workload = output.workload().expect("a workload");
    assert_eq!(workload.workload_name(), Some("after"));
    assert_eq!(workload.notes(), Some("renamed"));
    assert_eq!(workload.review_owner(), Some("tests@example.com"));
}

#[tokio::test]
async fn full_throttling_gives_a_throttling_exception_after_retries() {
    let emulator = Emulator::start(Faults::always_throttle()).expect("starts");
    let client = client_with_attempts(&emulator, 2);
    let error = client
        .get_workload()
        .workload_id("0123456789abcdef0123456789abcdef")
        .send()
        .await
        .expect_err("always throttled")
        .into_service_error();
    assert!(error.is_throttling_exception(), "{error:?}");
    assert_eq!(emulator.requests("GetWorkload"), 2, "the SDK retried once");
    assert_eq!(emulator.successes("GetWorkload"), 0);
}

#[tokio::test]
async fn faulted_writes_change_nothing() {
    let emulator = start();
    let client = client(&emulator);
    let id = emulator.create_workload("faulted writes");
    let update = || {
        client
            .update_answer()
            .workload_id(&id)
            .lens_alias(LENS)
            .question_id(REL04)
            .selected_choices(IDENTIFY)
            .send()
    };

    emulator.set_faults(Faults {
        error_rate: 1.0,
        ..Faults::default()
    });
    let error = update()
        .await
        .expect_err("server error")
        .into_service_error();
    assert!(error.is_internal_server_exception(), "{error:?}");

    emulator.set_faults(Faults {
        drop_rate: 1.0,
        ..Faults::default()
    });
    let error = update().await.expect_err("dropped connection");
    assert!(matches!(error, SdkError::DispatchFailure(_)), "{error:?}");
    assert_eq!(
        emulator.answer(&id).expect("the answer")["SelectedChoices"],
        serde_json::json!([])
    );

    emulator.set_faults(Faults::default());
    update().await.expect("no faults any more");
    assert_eq!(
        emulator.answer(&id).expect("the answer")["SelectedChoices"],
        serde_json::json!([IDENTIFY])
    );
    assert_eq!(emulator.requests("UpdateAnswer"), 3);
    assert_eq!(emulator.successes("UpdateAnswer"), 1);
}

#[tokio::test]
async fn seeded_faults_are_reproducible() {
    let faults = Faults {
        throttle_rate: 0.5,
        seed: 42,
        ..Faults::default()
    };
    let mut outcomes = Vec::new();
    for _ in 0..2 {
        let emulator = Emulator::start(faults.clone()).expect("starts");
        let client = client(&emulator);
        let mut run = Vec::new();
        for _ in 0..20 {
            run.push(client.list_workloads().send().await.is_ok());
        }
        assert!(run.contains(&true) && run.contains(&false), "{run:?}");
        outcomes.push(run);
    }
    assert_eq!(outcomes[0], outcomes[1]);
}

#[tokio::test]
async fn latency_is_added_to_every_request() {
    let emulator = Emulator::start(Faults {
        latency: Duration::from_millis(150),
        ..Faults::default()
    })
    .expect("starts");
    let client = client(&emulator);
    let started = std::time::Instant::now();
    client.list_workloads().send().await.expect("ListWorkloads");
    assert!(started.elapsed() >= Duration::from_millis(150));
}

#[tokio::test]
async fn counters_show_a_second_push_that_writes_nothing() {
    let emulator = start();
    let client = client(&emulator);
    let id = emulator.create_workload("counters");
    client
        .update_answer()
        .workload_id(&id)
        .lens_alias(LENS)
        .question_id(REL04)
        .selected_choices(IDENTIFY)
        .send()
        .await
        .expect("UpdateAnswer");
    client
        .get_answer()
        .workload_id(&id)
        .lens_alias(LENS)
        .question_id(REL04)
        .send()
        .await
        .expect("GetAnswer");
    assert_eq!(
        (
            emulator.requests("UpdateAnswer"),
            emulator.successes("UpdateAnswer")
        ),
        (1, 1)
    );
    assert_eq!(
        (
            emulator.requests("GetAnswer"),
            emulator.successes("GetAnswer")
        ),
        (1, 1)
    );
    assert_eq!(
        emulator.requests("CreateWorkload"),
        0,
        "the test API is not counted"
    );
    assert_eq!(emulator.requests("NoSuchOperation"), 0);

    let (status, body) = raw_request(&emulator, "GET", "/_emulator/stats");
    assert!(status.contains("200"), "{status}");
    let stats: serde_json::Value = serde_json::from_str(&body).expect("JSON stats");
    assert_eq!(stats["operations"]["UpdateAnswer"]["requests"], 1);
    assert_eq!(stats["operations"]["GetAnswer"]["successes"], 1);
    assert_eq!(stats["workloads"], 1);

    let (status, _) = raw_request(&emulator, "POST", "/_emulator/reset");
    assert!(status.contains("200"), "{status}");
    assert_eq!(emulator.requests("UpdateAnswer"), 0);
    assert!(emulator.answer(&id).is_none(), "the workloads are gone");
}

#[test]
fn works_from_synchronous_code_and_stops_on_drop() {
    let emulator = start();
    let address = emulator
        .endpoint_url()
        .trim_start_matches("http://")
        .to_owned();
    let (status, body) = raw_request(&emulator, "POST", "/workloadsSummaries");
    assert!(status.contains("200"), "{status}");
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&body).expect("JSON")["WorkloadSummaries"],
        serde_json::json!([])
    );
    let (status, _) = raw_request(&emulator, "DELETE", "/workloads");
    assert!(status.contains("404"), "{status}");
    drop(emulator);
    assert!(TcpStream::connect(&address).is_err(), "the server is gone");
}
