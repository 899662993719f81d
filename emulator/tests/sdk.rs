//! The emulator driven by the real `aws-sdk-wellarchitected` client over loopback HTTP: the
//! wire format, workloads and the REL 4 answer (selection, choice updates, notes, reasons,
//! risk), typed errors (validation, not found, conflict, throttling), pagination, milestones,
//! fault injection (errors, dropped connections, seeded throttling, latency), the request
//! counters and the `/_emulator` test endpoints.
//!
//! Every test builds its own [`Setup`]: a fresh emulator and a client pointed at it.

mod common;

use std::net::TcpStream;
use std::time::Duration;

use aws_sdk_wellarchitected::Client;
use aws_sdk_wellarchitected::error::SdkError;
use aws_sdk_wellarchitected::operation::create_workload::builders::CreateWorkloadFluentBuilder;
use aws_sdk_wellarchitected::operation::get_answer::builders::GetAnswerFluentBuilder;
use aws_sdk_wellarchitected::operation::get_workload::GetWorkloadError;
use aws_sdk_wellarchitected::operation::list_answers::builders::ListAnswersFluentBuilder;
use aws_sdk_wellarchitected::operation::update_answer::builders::UpdateAnswerFluentBuilder;
use aws_sdk_wellarchitected::types::{
    AnswerReason, ChoiceReason, ChoiceStatus, ChoiceUpdate, Risk, WorkloadEnvironment,
};
use common::{client, raw_request};
use serde_json::{Value, json};
use wa_emulator::{Emulator, Faults};

const LENS: &str = "wellarchitected";
const REL04: &str = "prevent-interaction-failure";
const IDENTIFY: &str = "rel_prevent_interaction_failure_identify";
const LOOSE: &str = "rel_prevent_interaction_failure_loosely_coupled_system";
const CONSTANT: &str = "rel_prevent_interaction_failure_constant_work";
const IDEMPOTENT: &str = "rel_prevent_interaction_failure_idempotent";
const NONE_OF_THESE: &str = "rel_prevent_interaction_failure_no";

/// A fresh emulator and an SDK client pointed at it, with static test credentials.
struct Setup {
    emulator: Emulator,
    client: Client,
}

impl Setup {
    /// An emulator without faults; the client makes one attempt per call.
    fn new() -> Setup {
        Setup::with_faults(Faults::default())
    }

    /// An emulator with `faults`; the client makes one attempt per call.
    fn with_faults(faults: Faults) -> Setup {
        let emulator = Emulator::start(faults).expect("the emulator starts");
        let client = client(&emulator, 1);
        Setup { emulator, client }
    }

    /// The same emulator, with a client that makes at most `max_attempts` attempts per call.
    fn with_attempts(mut self, max_attempts: u32) -> Setup {
        self.client = client(&self.emulator, max_attempts);
        self
    }

    /// A CreateWorkload request with every required field set, for a workload with `lens`.
    fn create_workload(&self, name: &str, lens: &str) -> CreateWorkloadFluentBuilder {
        self.client
            .create_workload()
            .workload_name(name)
            .description("integration test workload")
            .environment(WorkloadEnvironment::Preproduction)
            .review_owner("tests@example.com")
            .aws_regions("us-east-1")
            .lenses(lens)
    }

    /// Creates a workload with the `wellarchitected` lens through CreateWorkload (a counted
    /// request) and returns its id.
    async fn workload(&self, name: &str) -> String {
        self.workload_with_lens(name, LENS).await
    }

    /// Like [`Setup::workload`], with `lens` instead.
    async fn workload_with_lens(&self, name: &str, lens: &str) -> String {
        let output = self
            .create_workload(name, lens)
            .send()
            .await
            .expect("CreateWorkload succeeds");
        output.workload_id().expect("a workload id").to_owned()
    }

    /// An UpdateAnswer request for the REL 4 question of a workload, in the `wellarchitected` lens.
    fn update_answer(&self, workload_id: &str) -> UpdateAnswerFluentBuilder {
        self.client
            .update_answer()
            .workload_id(workload_id)
            .lens_alias(LENS)
            .question_id(REL04)
    }

    /// A GetAnswer request for the REL 4 question of a workload, in the `wellarchitected` lens.
    fn get_answer(&self, workload_id: &str) -> GetAnswerFluentBuilder {
        self.client
            .get_answer()
            .workload_id(workload_id)
            .lens_alias(LENS)
            .question_id(REL04)
    }

    /// A ListAnswers request for a workload, in the `wellarchitected` lens.
    fn list_answers(&self, workload_id: &str) -> ListAnswersFluentBuilder {
        self.client
            .list_answers()
            .workload_id(workload_id)
            .lens_alias(LENS)
    }

    /// The REL 4 answer as the emulator's state holds it (GetAnswer's `Answer` object).
    fn answer(&self, workload_id: &str) -> Value {
        self.emulator.answer(workload_id).expect("the answer")
    }
}

#[tokio::test]
async fn create_workload_then_get_the_rel04_answer() {
    let setup = Setup::new();
    let id = setup.workload("Checkout service").await;
    assert_eq!(id.len(), 32);

    let workload = setup
        .client
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

    let output = setup.get_answer(&id).send().await.expect("GetAnswer");
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
    assert_eq!(setup.answer(&id)["QuestionId"], REL04);

    let review = setup
        .client
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
    let setup = Setup::new();
    // Spelled out rather than from `Setup::create_workload`: only non-AWS regions, and a token.
    let create = || {
        setup
            .client
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
    assert_eq!(setup.emulator.successes("CreateWorkload"), 2);
}

#[tokio::test]
async fn selected_choices_replace_the_selection_and_set_the_risk() {
    let setup = Setup::new();
    let id = setup.workload("replace").await;
    let update = |choices: &[&str]| {
        let mut request = setup.update_answer(&id);
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
    let setup = Setup::new();
    let id = setup.workload("notes").await;
    setup
        .update_answer(&id)
        .selected_choices(IDENTIFY)
        .notes("question notes")
        .send()
        .await
        .expect("selection");
    setup
        .update_answer(&id)
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
    let output = setup
        .update_answer(&id)
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

    let output = setup
        .update_answer(&id)
        .choice_updates(
            LOOSE,
            ChoiceUpdate::builder()
                .status(ChoiceStatus::Unselected)
                .build(),
        )
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
    let setup = Setup::new();
    let id = setup.workload("not applicable").await;
    let output = setup
        .update_answer(&id)
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
    let setup = Setup::new();
    let id = setup.workload("exclusive").await;
    let error = setup
        .update_answer(&id)
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
        setup.answer(&id)["Risk"],
        "UNANSWERED",
        "nothing was applied"
    );
}

#[tokio::test]
async fn invalid_updates_are_validation_exceptions() {
    let setup = Setup::new();
    let id = setup.workload("invalid updates").await;

    let no_status = setup
        .update_answer(&id)
        .choice_updates(IDENTIFY, ChoiceUpdate::builder().notes("n").build())
        .send()
        .await;
    let unknown_choice = setup
        .update_answer(&id)
        .selected_choices("rel_prevent_interaction_failure_made_up")
        .send()
        .await;
    let long_notes = setup
        .update_answer(&id)
        .notes("x".repeat(2085))
        .send()
        .await;
    let long_choice_notes = setup
        .update_answer(&id)
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

    let bad_id = setup
        .client
        .get_workload()
        .workload_id("NOT-A-WORKLOAD-ID")
        .send()
        .await
        .expect_err("bad id");
    assert!(bad_id.into_service_error().is_validation_exception());

    // Spelled out rather than from `Setup::create_workload`: it must lack ReviewOwner.
    let missing_owner = setup
        .client
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
    let setup = Setup::new();
    let missing = "0123456789abcdef0123456789abcdef";
    let error = setup
        .client
        .get_workload()
        .workload_id(missing)
        .send()
        .await
        .expect_err("no such workload");
    let error = error.into_service_error();
    assert!(error.is_resource_not_found_exception(), "{error:?}");
    match error {
        GetWorkloadError::ResourceNotFoundException(e) => {
            assert_eq!(e.resource_id(), Some(missing));
            assert_eq!(e.resource_type(), Some("WORKLOAD"));
        }
        other => panic!("unexpected error {other:?}"),
    }

    let serverless_only = setup.workload_with_lens("no wa lens", "serverless").await;
    let error = setup
        .get_answer(&serverless_only)
        .send()
        .await
        .expect_err("the lens is not associated")
        .into_service_error();
    assert!(error.is_resource_not_found_exception());
    assert!(error.meta().message().unwrap_or_default().contains(LENS));

    setup
        .client
        .associate_lenses()
        .workload_id(&serverless_only)
        .lens_aliases(LENS)
        .send()
        .await
        .expect("AssociateLenses");
    let output = setup.get_answer(&serverless_only).send().await;
    assert!(output.is_ok(), "the lens is associated now");

    let error = setup
        .client
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
    let setup = Setup::new();
    setup.workload("Payments API").await;
    let error = setup
        .create_workload("payments  api", LENS)
        .description("same name, other case and spaces")
        .environment(WorkloadEnvironment::Production)
        .send()
        .await
        .expect_err("the name is taken")
        .into_service_error();
    assert!(error.is_conflict_exception(), "{error:?}");
}

#[tokio::test]
async fn list_workloads_paginates_sixty_workloads() {
    let setup = Setup::new();
    for n in 0..60 {
        setup.emulator.create_workload(&format!("workload {n:02}"));
    }
    let pages: Vec<_> = setup
        .client
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
    assert_eq!(setup.emulator.requests("ListWorkloads"), 3);

    let default_pages: Vec<_> = setup
        .client
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

    let prefixed = setup
        .client
        .list_workloads()
        .workload_name_prefix("workload 5")
        .send()
        .await
        .expect("prefix");
    assert_eq!(prefixed.workload_summaries().len(), 10);

    let error = setup
        .client
        .list_workloads()
        .max_results(51)
        .send()
        .await
        .expect_err("MaxResults is at most 50");
    assert!(error.into_service_error().is_validation_exception());
}

#[tokio::test]
async fn list_answers_paginates_and_filters_by_pillar() {
    let setup = Setup::new();
    let id = setup.emulator.create_workload("answers");
    let pages: Vec<_> = setup
        .list_answers(&id)
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

    let reliability = setup
        .list_answers(&id)
        .pillar_id("reliability")
        .send()
        .await
        .expect("filtered");
    assert_eq!(reliability.answer_summaries().len(), 3);
    let security = setup
        .list_answers(&id)
        .pillar_id("security")
        .send()
        .await
        .expect("filtered");
    assert!(security.answer_summaries().is_empty());
    assert!(security.next_token().is_none());
}

#[tokio::test]
async fn milestones_snapshot_the_answers() {
    let setup = Setup::new();
    let id = setup.emulator.create_workload("milestones");
    setup
        .emulator
        .edit_answer(&id, json!({ "SelectedChoices": [IDENTIFY] }))
        .expect("edit");
    let create_milestone = |name: &str| {
        setup
            .client
            .create_milestone()
            .workload_id(&id)
            .milestone_name(name)
            .send()
    };

    let milestone = create_milestone("release 1")
        .await
        .expect("CreateMilestone");
    assert_eq!(milestone.milestone_number(), Some(1));
    let error = create_milestone("release 1")
        .await
        .expect_err("names are unique")
        .into_service_error();
    assert!(error.is_conflict_exception(), "{error:?}");

    setup
        .update_answer(&id)
        .selected_choices(NONE_OF_THESE)
        .send()
        .await
        .expect("UpdateAnswer");

    let at_v1 = setup
        .get_answer(&id)
        .milestone_number(1)
        .send()
        .await
        .expect("GetAnswer at the milestone");
    assert_eq!(at_v1.milestone_number(), Some(1));
    assert_eq!(
        at_v1.answer().map(|a| a.selected_choices().to_vec()),
        Some(vec![IDENTIFY.to_owned()])
    );
    let now = setup.get_answer(&id).send().await.expect("GetAnswer");
    assert_eq!(
        now.answer().map(|a| a.selected_choices().to_vec()),
        Some(vec![NONE_OF_THESE.to_owned()])
    );

    create_milestone("release 2")
        .await
        .expect("second milestone");
    let list = setup
        .client
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
    let get_milestone = |number: i32| {
        setup
            .client
            .get_milestone()
            .workload_id(&id)
            .milestone_number(number)
            .send()
    };
    let got = get_milestone(2).await.expect("GetMilestone");
    assert_eq!(
        got.milestone().and_then(|m| m.milestone_name()),
        Some("release 2")
    );
    assert!(
        get_milestone(3)
            .await
            .expect_err("no milestone 3")
            .into_service_error()
            .is_resource_not_found_exception()
    );
}

#[tokio::test]
async fn update_workload_changes_only_what_is_sent() {
    let setup = Setup::new();
    let id = setup.workload("before").await;
    let output = setup
        .client
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
    let setup = Setup::with_faults(Faults::always_throttle()).with_attempts(2);
    let error = setup
        .client
        .get_workload()
        .workload_id("0123456789abcdef0123456789abcdef")
        .send()
        .await
        .expect_err("always throttled")
        .into_service_error();
    assert!(error.is_throttling_exception(), "{error:?}");
    assert_eq!(
        setup.emulator.requests("GetWorkload"),
        2,
        "the SDK retried once"
    );
    assert_eq!(setup.emulator.successes("GetWorkload"), 0);
}

#[tokio::test]
async fn faulted_writes_change_nothing() {
    let setup = Setup::new();
    let id = setup.emulator.create_workload("faulted writes");
    let update = || setup.update_answer(&id).selected_choices(IDENTIFY).send();

    setup.emulator.set_faults(Faults {
        error_rate: 1.0,
        ..Faults::default()
    });
    let error = update()
        .await
        .expect_err("server error")
        .into_service_error();
    assert!(error.is_internal_server_exception(), "{error:?}");

    setup.emulator.set_faults(Faults {
        drop_rate: 1.0,
        ..Faults::default()
    });
    let error = update().await.expect_err("dropped connection");
    assert!(matches!(error, SdkError::DispatchFailure(_)), "{error:?}");
    assert_eq!(setup.answer(&id)["SelectedChoices"], json!([]));

    setup.emulator.set_faults(Faults::default());
    update().await.expect("no faults any more");
    assert_eq!(setup.answer(&id)["SelectedChoices"], json!([IDENTIFY]));
    assert_eq!(setup.emulator.requests("UpdateAnswer"), 3);
    assert_eq!(setup.emulator.successes("UpdateAnswer"), 1);
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
        let setup = Setup::with_faults(faults.clone());
        let mut run = Vec::new();
        for _ in 0..20 {
            run.push(setup.client.list_workloads().send().await.is_ok());
        }
        assert!(run.contains(&true) && run.contains(&false), "{run:?}");
        outcomes.push(run);
    }
    assert_eq!(outcomes[0], outcomes[1]);
}

#[tokio::test]
async fn latency_is_added_to_every_request() {
    let setup = Setup::with_faults(Faults {
        latency: Duration::from_millis(150),
        ..Faults::default()
    });
    let started = std::time::Instant::now();
    setup
        .client
        .list_workloads()
        .send()
        .await
        .expect("ListWorkloads");
    assert!(started.elapsed() >= Duration::from_millis(150));
}

#[tokio::test]
async fn counters_show_a_second_push_that_writes_nothing() {
    let setup = Setup::new();
    let emulator = &setup.emulator;
    let id = emulator.create_workload("counters");
    setup
        .update_answer(&id)
        .selected_choices(IDENTIFY)
        .send()
        .await
        .expect("UpdateAnswer");
    setup.get_answer(&id).send().await.expect("GetAnswer");
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

    let (status, body) = raw_request(emulator, "GET", "/_emulator/stats");
    assert!(status.contains("200"), "{status}");
    let stats: Value = serde_json::from_str(&body).expect("JSON stats");
    assert_eq!(stats["operations"]["UpdateAnswer"]["requests"], 1);
    assert_eq!(stats["operations"]["GetAnswer"]["successes"], 1);
    assert_eq!(stats["workloads"], 1);

    let (status, _) = raw_request(emulator, "POST", "/_emulator/reset");
    assert!(status.contains("200"), "{status}");
    assert_eq!(emulator.requests("UpdateAnswer"), 0);
    assert!(emulator.answer(&id).is_none(), "the workloads are gone");
}

/// No client and no tokio runtime here: the emulator alone, over raw HTTP.
#[test]
fn works_from_synchronous_code_and_stops_on_drop() {
    let emulator = Emulator::start(Faults::default()).expect("the emulator starts");
    let address = emulator
        .endpoint_url()
        .trim_start_matches("http://")
        .to_owned();
    let (status, body) = raw_request(&emulator, "POST", "/workloadsSummaries");
    assert!(status.contains("200"), "{status}");
    assert_eq!(
        serde_json::from_str::<Value>(&body).expect("JSON")["WorkloadSummaries"],
        json!([])
    );
    let (status, _) = raw_request(&emulator, "DELETE", "/workloads");
    assert!(status.contains("404"), "{status}");
    drop(emulator);
    assert!(TcpStream::connect(&address).is_err(), "the server is gone");
}
