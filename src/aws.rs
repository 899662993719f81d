//! The Well-Architected Tool over the AWS SDK: the one module that touches it.
//!
//! Everything the SDK returns is turned here into rel04's own types ([`Snapshot`], [`Risk`]),
//! and every SDK error into a sentence that says what happened and what to do: which IAM action
//! is missing, which workload was not found, how to set up credentials.

use std::collections::BTreeMap;

use anyhow::{Result, anyhow, bail};
use aws_config::BehaviorVersion;
use aws_config::Region;
use aws_config::retry::RetryConfig;
use aws_sdk_wellarchitected::Client;
use aws_sdk_wellarchitected::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_wellarchitected::types::{
    Answer, AnswerReason, ChoiceReason, ChoiceStatus, ChoiceUpdate, WorkloadEnvironment,
};

use crate::answers::{ChoiceSnapshot, Environment, Reason, Snapshot, Status, Workload};
use crate::catalogue::{NONE_CHOICE_ID, OFFICIAL_CHOICE_IDS};
use crate::risk::Risk;
use crate::sync::UpdatePlan;

/// The AWS-managed lens REL 4 lives in.
pub const LENS_ALIAS: &str = "wellarchitected";
/// REL 4's question id in that lens.
pub const QUESTION_ID: &str = "prevent-interaction-failure";

/// How to reach the Well-Architected Tool, and which workload to sync.
#[derive(Debug, Clone, clap::Args)]
pub struct AwsArgs {
    /// The AWS profile to use (default: AWS_PROFILE, else `default`).
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,
    /// The AWS Region (default: the file's workload.awsRegion, else AWS_REGION or the profile's).
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,
    /// Send requests to this URL instead of AWS (a local emulator, a VPC endpoint).
    #[arg(long, env = "AWS_ENDPOINT_URL_WELLARCHITECTED", value_name = "URL")]
    pub endpoint_url: Option<String>,
    /// Attempts per request, retries of throttled and failed requests included.
    #[arg(long, value_name = "N", default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=100))]
    pub max_attempts: u32,
    /// The workload's id (32 hex characters; default: the file's workload.awsWorkloadId).
    #[arg(long, env = "REL04_WORKLOAD_ID", value_name = "ID")]
    pub workload_id: Option<String>,
    /// Find the workload by its exact name instead of by id.
    #[arg(long, value_name = "NAME")]
    pub workload_name: Option<String>,
}

impl AwsArgs {
    /// A client for the Well-Architected Tool: the standard AWS configuration chain
    /// (environment, profile, SSO, instance role), with the Region, profile, endpoint and
    /// retries given here. `file_region` is used when `--region` is not given.
    pub async fn connect(&self, file_region: Option<&str>) -> Result<WaTool> {
        let retry = RetryConfig::standard().with_max_attempts(self.max_attempts);
        let mut loader = aws_config::defaults(BehaviorVersion::latest()).retry_config(retry);
        if let Some(region) = self.region.as_deref().or(file_region) {
            loader = loader.region(Region::new(region.to_string()));
        }
        if let Some(profile) = &self.profile {
            loader = loader.profile_name(profile);
        }
        if let Some(url) = self.endpoint_url.as_deref().filter(|u| !u.is_empty()) {
            loader = loader.endpoint_url(url);
        }
        let config = loader.load().await;
        let region = config.region().map(|r| r.to_string()).ok_or_else(|| {
            anyhow!(
                "no AWS Region: pass --region (for example --region us-east-1), set AWS_REGION, or set a region in your AWS profile"
            )
        })?;
        Ok(WaTool {
            client: Client::new(&config),
            region,
        })
    }
}

/// The REL 4 answer as the Well-Architected Tool holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct Remote {
    pub snapshot: Snapshot,
    /// The question's risk as the service rates it.
    pub risk: Option<Risk>,
}

/// The Well-Architected Tool, with rel04's operations on it.
#[derive(Debug, Clone)]
pub struct WaTool {
    client: Client,
    region: String,
}

impl WaTool {
    /// The Region requests go to.
    pub fn region(&self) -> &str {
        &self.region
    }

    /// The id of the workload with this name, if there is one. Names compare as the service
    /// compares them, ignoring case and spaces; two matches (a workload shared from another
    /// account has the same name) are refused rather than guessed between.
    pub async fn find_workload_by_name(&self, name: &str) -> Result<Option<String>> {
        let mut pages = self
            .client
            .list_workloads()
            .workload_name_prefix(name)
            .max_results(50)
            .into_paginator()
            .send();
        let key = |n: &str| {
            n.chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_lowercase()
        };
        let wanted = key(name);
        let mut found: Vec<(String, String)> = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| self.error(e, "ListWorkloads", None))?;
            for w in page.workload_summaries() {
                if let (Some(id), Some(n)) = (w.workload_id(), w.workload_name())
                    && key(n) == wanted
                {
                    found.push((id.to_string(), w.owner().unwrap_or("?").to_string()));
                }
            }
        }
        match found.as_slice() {
            [] => Ok(None),
            [(id, _)] => Ok(Some(id.clone())),
            many => {
                let list: Vec<String> = many
                    .iter()
                    .map(|(id, owner)| format!("{id} (owner {owner})"))
                    .collect();
                Err(anyhow!(
                    "several workloads are named \"{name}\" in {}: {}; pass --workload-id to choose one",
                    self.region,
                    list.join(", ")
                ))
            }
        }
    }

    /// Creates a workload with the `wellarchitected` lens in this client's Region.
    pub async fn create_workload(&self, workload: &Workload, name: &str) -> Result<String> {
        let environment = match workload.environment {
            Environment::Production => WorkloadEnvironment::Production,
            Environment::Preproduction => WorkloadEnvironment::Preproduction,
        };
        let out = self
            .client
            .create_workload()
            .workload_name(name)
            .description(&workload.description)
            .review_owner(&workload.review_owner)
            .environment(environment)
            .aws_regions(&self.region)
            .lenses(LENS_ALIAS)
            .send()
            .await
            .map_err(|e| self.error(e, "CreateWorkload", None))?;
        out.workload_id()
            .map(str::to_string)
            .ok_or_else(|| anyhow!("CreateWorkload answered without a workload id; try again"))
    }

    /// Whether the workload has the `wellarchitected` lens (GetWorkload).
    pub async fn has_lens(&self, workload_id: &str) -> Result<bool> {
        let out = self
            .client
            .get_workload()
            .workload_id(workload_id)
            .send()
            .await
            .map_err(|e| self.error(e, "GetWorkload", Some(workload_id)))?;
        Ok(out.workload().is_some_and(|w| {
            w.lenses()
                .iter()
                .any(|l| l == LENS_ALIAS || l.ends_with(&format!("/{LENS_ALIAS}")))
        }))
    }

    /// Associates the `wellarchitected` lens with the workload.
    pub async fn associate_lens(&self, workload_id: &str) -> Result<()> {
        self.client
            .associate_lenses()
            .workload_id(workload_id)
            .lens_aliases(LENS_ALIAS)
            .send()
            .await
            .map_err(|e| self.error(e, "AssociateLenses", Some(workload_id)))?;
        Ok(())
    }

    /// The workload's REL 4 answer.
    pub async fn read_answer(&self, workload_id: &str) -> Result<Remote> {
        let out = self
            .client
            .get_answer()
            .workload_id(workload_id)
            .lens_alias(LENS_ALIAS)
            .question_id(QUESTION_ID)
            .send()
            .await
            .map_err(|e| self.error(e, "GetAnswer", Some(workload_id)))?;
        let answer = out
            .answer()
            .ok_or_else(|| anyhow!("GetAnswer answered without the answer; try again"))?;
        remote(answer)
    }

    /// Writes the plan in one UpdateAnswer call; returns what the console holds afterwards.
    pub async fn write_answer(&self, workload_id: &str, plan: &UpdatePlan) -> Result<Remote> {
        let mut request = self
            .client
            .update_answer()
            .workload_id(workload_id)
            .lens_alias(LENS_ALIAS)
            .question_id(QUESTION_ID)
            .set_selected_choices(plan.selected_choices.clone())
            .set_notes(plan.notes.clone())
            .set_is_applicable(plan.applicable)
            .set_reason(plan.reason.map(answer_reason));
        for (id, update) in &plan.choice_updates {
            let mut choice = ChoiceUpdate::builder().status(choice_status(update.status));
            if let Some(reason) = update.reason {
                choice = choice.reason(choice_reason(reason));
            }
            if let Some(notes) = &update.notes {
                choice = choice.notes(notes);
            }
            request = request.choice_updates(id, choice.build());
        }
        let out = request
            .send()
            .await
            .map_err(|e| self.error(e, "UpdateAnswer", Some(workload_id)))?;
        match out.answer() {
            Some(answer) => remote(answer),
            None => self.read_answer(workload_id).await,
        }
    }

    /// Records the workload's current answers as a milestone; returns its number.
    pub async fn create_milestone(&self, workload_id: &str, name: &str) -> Result<Option<i32>> {
        let out = self
            .client
            .create_milestone()
            .workload_id(workload_id)
            .milestone_name(name)
            .send()
            .await
            .map_err(|e| self.error(e, "CreateMilestone", Some(workload_id)))?;
        Ok(out.milestone_number())
    }

    /// An SDK error as a sentence: what happened and what to do.
    fn error<E>(&self, err: SdkError<E>, action: &str, workload: Option<&str>) -> anyhow::Error
    where
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    {
        let detail = chain(&err);
        if !matches!(err, SdkError::ServiceError(_)) {
            if is_credentials_problem(&detail) {
                return anyhow!("{NO_CREDENTIALS} ({detail})");
            }
            if matches!(
                err,
                SdkError::DispatchFailure(_) | SdkError::TimeoutError(_)
            ) {
                return anyhow!(
                    "cannot reach the Well-Architected Tool in {} ({detail}); check the network, --region and --endpoint-url",
                    self.region
                );
            }
        }
        // Generic over every operation's error, so `as_service_error` (`into_service_error`
        // needs a bound the SDK does not re-export); the code is the same either way.
        err.as_service_error()
            .and_then(|e| {
                let message = e.message().unwrap_or("no details given");
                explain(e.code(), action, message, workload, &self.region)
            })
            .unwrap_or_else(|| anyhow!("wellarchitected:{action} failed: {detail}"))
    }
}

/// An error and its sources, as one line (the SDK's own Display says only "dispatch failure").
fn chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut next = Some(err);
    while let Some(e) = next {
        let text = e.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        next = e.source();
    }
    parts.join(": ")
}

const NO_CREDENTIALS: &str = "no AWS credentials found: set AWS_PROFILE to a profile in ~/.aws/config (run `aws sso login --profile NAME` first for SSO), pass --profile, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary credentials)";

fn is_credentials_problem(detail: &str) -> bool {
    let detail = detail.to_ascii_lowercase();
    detail.contains("credential")
        || detail.contains("no identity")
        || detail.contains("identity resolver")
}

/// The sentence for a service error code; `None` for codes rel04 has nothing to add to.
fn explain(
    code: Option<&str>,
    action: &str,
    message: &str,
    workload: Option<&str>,
    region: &str,
) -> Option<anyhow::Error> {
    let workload = workload.unwrap_or("(none)");
    Some(match code? {
        "AccessDeniedException" => anyhow!(
            "access denied to wellarchitected:{action} ({message}); add the IAM action wellarchitected:{action} to the role or user rel04 runs as, or use another --profile"
        ),
        "ResourceNotFoundException" if action == "CreateWorkload" => anyhow!(
            "the Well-Architected Tool could not create the workload in {region} ({message}); the `{LENS_ALIAS}` lens may not be offered there: check --region"
        ),
        "ResourceNotFoundException" => anyhow!(
            "workload {workload} or its lens `{LENS_ALIAS}` was not found in {region} ({message}); check --workload-id and --region (or workload.awsWorkloadId and awsRegion in the file), or create the workload with `rel04 push --create`"
        ),
        "ThrottlingException" => anyhow!(
            "wellarchitected:{action} was throttled even after retries ({message}); try again in a minute, or raise --max-attempts"
        ),
        "InternalServerException" | "ServiceUnavailableException" => anyhow!(
            "the Well-Architected Tool failed on wellarchitected:{action} even after retries ({message}); try again later, or raise --max-attempts"
        ),
        "ValidationException" if action == "UpdateAnswer" || action == "CreateWorkload" => anyhow!(
            "the Well-Architected Tool refused wellarchitected:{action}: {message}; fix the answers file (`rel04 report` shows it) and try again"
        ),
        "ValidationException" => anyhow!(
            "the Well-Architected Tool refused wellarchitected:{action}: {message}; check the options given (workload id or name, milestone name, Region)"
        ),
        "ConflictException" if action == "CreateMilestone" => anyhow!(
            "the workload already has a milestone with that name ({message}); milestone names are unique in a workload: choose another --milestone name"
        ),
        "ConflictException" if action == "CreateWorkload" => anyhow!(
            "a workload with that name already exists ({message}); names are unique per account and Region, ignoring case and spaces: pass --workload-name or --workload-id to use it"
        ),
        "ConflictException" => anyhow!(
            "wellarchitected:{action} conflicts with the workload's current state ({message}); someone may be changing it now, or its lens review may need an upgrade in the console: try again in a moment"
        ),
        "ServiceQuotaExceededException" if action == "CreateMilestone" => anyhow!(
            "workload {workload} has reached the limit of 100 milestones ({message}); the Well-Architected Tool keeps them all, so record this review in another workload or ask AWS for a higher quota"
        ),
        "ServiceQuotaExceededException" => anyhow!(
            "a Well-Architected Tool quota is reached on wellarchitected:{action} ({message}); remove old workloads, or ask AWS for a higher quota"
        ),
        "UnrecognizedClientException"
        | "InvalidClientTokenId"
        | "InvalidSignatureException"
        | "ExpiredTokenException"
        | "ExpiredToken"
        | "IncompleteSignatureException"
        | "MissingAuthenticationTokenException" => anyhow!(
            "AWS refused the credentials ({message}); refresh them (`aws sso login`, new keys) or choose another --profile"
        ),
        _ => return None,
    })
}

/// The SDK's answer in rel04's terms. A practice the service does not mention is unselected
/// once anything is answered, and unanswered before.
fn remote(answer: &Answer) -> Result<Remote> {
    let selected = answer.selected_choices();
    let is_selected = |id: &str| selected.iter().any(|s| s == id);
    let risk = answer.risk().and_then(|r| Risk::from_service(r.as_str()));
    let answered = !selected.is_empty()
        || !answer.choice_answers().is_empty()
        || !matches!(risk, None | Some(Risk::Unanswered));
    let mut choices = BTreeMap::new();
    for id in OFFICIAL_CHOICE_IDS
        .iter()
        .filter(|id| **id != NONE_CHOICE_ID)
    {
        let found = answer
            .choice_answers()
            .iter()
            .find(|c| c.choice_id() == Some(*id));
        let status = match found.and_then(|c| c.status()) {
            Some(status) => status_of(status)?,
            None if is_selected(id) => Status::Selected,
            None if answered => Status::Unselected,
            None => Status::Unanswered,
        };
        let choice = ChoiceSnapshot {
            status,
            reason: found.and_then(|c| c.reason()).and_then(reason_of_choice),
            notes: found
                .and_then(|c| c.notes())
                .unwrap_or_default()
                .to_string(),
        };
        choices.insert(id.to_string(), choice);
    }
    let snapshot = Snapshot {
        applicable: answer.is_applicable().unwrap_or(true),
        reason: answer.reason().and_then(reason_of_answer),
        notes: answer.notes().unwrap_or_default().to_string(),
        none_of_these: is_selected(NONE_CHOICE_ID),
        choices,
    };
    Ok(Remote { snapshot, risk })
}

fn status_of(status: &ChoiceStatus) -> Result<Status> {
    Ok(match status {
        ChoiceStatus::Selected => Status::Selected,
        ChoiceStatus::Unselected => Status::Unselected,
        ChoiceStatus::NotApplicable => Status::NotApplicable,
        other => bail!(
            "the Well-Architected Tool reports a choice status this rel04 does not know ({}); upgrade rel04",
            other.as_str()
        ),
    })
}

fn choice_status(status: Status) -> ChoiceStatus {
    match status {
        Status::Selected => ChoiceStatus::Selected,
        Status::NotApplicable => ChoiceStatus::NotApplicable,
        Status::Unselected | Status::Unanswered => ChoiceStatus::Unselected,
    }
}

fn reason_of_choice(reason: &ChoiceReason) -> Option<Reason> {
    match reason {
        ChoiceReason::OutOfScope => Some(Reason::OutOfScope),
        ChoiceReason::BusinessPriorities => Some(Reason::BusinessPriorities),
        ChoiceReason::ArchitectureConstraints => Some(Reason::ArchitectureConstraints),
        ChoiceReason::Other => Some(Reason::Other),
        ChoiceReason::None => None,
        // A reason added after this rel04 was built.
        _ => Some(Reason::Other),
    }
}

fn reason_of_answer(reason: &AnswerReason) -> Option<Reason> {
    match reason {
        AnswerReason::OutOfScope => Some(Reason::OutOfScope),
        AnswerReason::BusinessPriorities => Some(Reason::BusinessPriorities),
        AnswerReason::ArchitectureConstraints => Some(Reason::ArchitectureConstraints),
        AnswerReason::Other => Some(Reason::Other),
        AnswerReason::None => None,
        _ => Some(Reason::Other),
    }
}

fn choice_reason(reason: Option<Reason>) -> ChoiceReason {
    match reason {
        Some(Reason::OutOfScope) => ChoiceReason::OutOfScope,
        Some(Reason::BusinessPriorities) => ChoiceReason::BusinessPriorities,
        Some(Reason::ArchitectureConstraints) => ChoiceReason::ArchitectureConstraints,
        Some(Reason::Other) => ChoiceReason::Other,
        None => ChoiceReason::None,
    }
}

fn answer_reason(reason: Option<Reason>) -> AnswerReason {
    match reason {
        Some(Reason::OutOfScope) => AnswerReason::OutOfScope,
        Some(Reason::BusinessPriorities) => AnswerReason::BusinessPriorities,
        Some(Reason::ArchitectureConstraints) => AnswerReason::ArchitectureConstraints,
        Some(Reason::Other) => AnswerReason::Other,
        None => AnswerReason::None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_wellarchitected::types::{ChoiceAnswer, Risk as SdkRisk};

    #[test]
    fn fresh_answer_is_unanswered() {
        let answer = Answer::builder().risk(SdkRisk::Unanswered).build();
        let remote = remote(&answer).unwrap();
        assert_eq!(remote.risk, Some(Risk::Unanswered));
        assert!(
            remote
                .snapshot
                .choices
                .values()
                .all(|c| c.status == Status::Unanswered)
        );
        assert_eq!(remote.snapshot.choices.len(), 4);
    }

    #[test]
    fn answered_maps_statuses_reasons_and_notes() {
        let answer = Answer::builder()
            .selected_choices("rel_prevent_interaction_failure_identify")
            .choice_answers(
                ChoiceAnswer::builder()
                    .choice_id("rel_prevent_interaction_failure_constant_work")
                    .status(ChoiceStatus::NotApplicable)
                    .reason(ChoiceReason::OutOfScope)
                    .notes("no fleet")
                    .build(),
            )
            .notes("q notes")
            .is_applicable(true)
            .reason(AnswerReason::None)
            .risk(SdkRisk::High)
            .build();
        let remote = remote(&answer).unwrap();
        let s = &remote.snapshot;
        assert_eq!(s.notes, "q notes");
        assert_eq!(s.reason, None);
        assert!(!s.none_of_these);
        assert_eq!(
            s.choices["rel_prevent_interaction_failure_identify"].status,
            Status::Selected
        );
        assert_eq!(
            s.choices["rel_prevent_interaction_failure_idempotent"].status,
            Status::Unselected
        );
        let bp03 = &s.choices["rel_prevent_interaction_failure_constant_work"];
        assert_eq!(bp03.status, Status::NotApplicable);
        assert_eq!(bp03.reason, Some(Reason::OutOfScope));
        assert_eq!(bp03.notes, "no fleet");
    }

    #[test]
    fn errors_name_the_action_and_the_fix() {
        let e = explain(
            Some("AccessDeniedException"),
            "UpdateAnswer",
            "nope",
            None,
            "us-east-1",
        )
        .unwrap()
        .to_string();
        assert!(e.contains("wellarchitected:UpdateAnswer"), "{e}");
        let e = explain(
            Some("ResourceNotFoundException"),
            "GetAnswer",
            "missing",
            Some("abc"),
            "eu-west-1",
        )
        .unwrap()
        .to_string();
        assert!(e.contains("abc") && e.contains("push --create"), "{e}");
        assert!(explain(Some("Weird"), "GetAnswer", "", None, "x").is_none());
    }
}
