//! The wrapper over the SDK client, [`WaTool`], with rel04's operations on it (list, find,
//! create and read workloads, read and write the REL 4 answer, milestones), each turned into
//! rel04's types and errors here.

use std::collections::HashMap;
use std::sync::Arc;

use aws_credential_types::provider::error::CredentialsError;
use aws_sdk_wellarchitected::Client;
use aws_sdk_wellarchitected::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_wellarchitected::types::{
    AnswerReason, ChoiceReason, ChoiceStatus, ChoiceUpdate, WorkloadEnvironment,
};

use super::connect::{Access, Lens, Limits, credentials_error};
use super::convert::remote;
use super::error::{AwsError, ErrorKind, chain, explain, find_source};
use crate::answers::Workload;
use crate::sync::model::{Remote, UpdatePlan};
use crate::vocab::Reason;

/// A workload as the Region's list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    pub name: String,
    /// It has the REL 4 lens, so it holds a REL 4 answer.
    pub has_lens: bool,
    pub owner: String,
}

/// Every workload a client's credentials see in its Region, listed once a run.
#[derive(Debug, Default)]
pub struct Directory {
    by_id: HashMap<String, Listed>,
}

impl Directory {
    pub fn get(&self, id: &str) -> Option<&Listed> {
        self.by_id.get(id)
    }

    /// The ids of the workloads whose name is `name` as the service compares names (ignoring
    /// case and spaces), with their owners.
    fn named(&self, name: &str) -> Vec<(&str, &str)> {
        let mut found: Vec<(&str, &str)> = self
            .by_id
            .iter()
            .filter(|(_, w)| same_name(&w.name, name))
            .map(|(id, w)| (id.as_str(), w.owner.as_str()))
            .collect();
        found.sort_unstable();
        found
    }
}

/// The Well-Architected Tool, with rel04's operations on it.
#[derive(Debug, Clone)]
pub struct WaTool {
    pub(super) client: Client,
    pub(super) region: String,
    /// Where requests go, for messages: the endpoint URL given, or the Region's.
    pub(super) endpoint: String,
    pub(super) lens: Lens,
    /// Who the requests go out as, for messages.
    pub(super) access: Access,
    /// The Region's workloads, listed by the first task that needs them.
    pub(super) directory: Arc<tokio::sync::OnceCell<Result<Arc<Directory>, AwsError>>>,
    /// The accounts of the workloads this run created (from the ARN CreateWorkload answers
    /// with), which the list fetched before them does not hold.
    pub(super) created: Arc<std::sync::Mutex<HashMap<String, String>>>,
    pub(super) limits: Limits,
}

impl WaTool {
    /// Room for one request, unless the endpoint was found unreachable earlier in the run:
    /// then the request is not sent, and the error points at the first one's.
    async fn room(
        &self,
    ) -> Result<
        (
            Option<tokio::sync::SemaphorePermit<'_>>,
            Option<tokio::sync::SemaphorePermit<'_>>,
        ),
        AwsError,
    > {
        if self.limits.down.get().is_some() {
            return Err(self.not_sent());
        }
        let room = self.limits.enter().await;
        if self.limits.down.get().is_some() {
            return Err(self.not_sent());
        }
        Ok(room)
    }

    fn not_sent(&self) -> AwsError {
        AwsError::new(
            ErrorKind::Unreachable,
            format!(
                "not sent: {} ({}) could not be reached earlier in this run",
                self.endpoint, self.region
            ),
        )
    }

    /// Whose workload this is and who writes it, for the lines that say what was written: the
    /// account (the owner the Region's list gave, else the role's), and the profile and role
    /// the requests went out as. No request: the list is the one already fetched.
    pub fn whose(&self, workload_id: &str) -> String {
        let listed = match self.directory.get() {
            Some(Ok(directory)) => directory
                .get(workload_id)
                .map(|l| l.owner.clone())
                .filter(|o| o != "?"),
            _ => None,
        };
        let owner = listed.or_else(|| {
            self.created
                .lock()
                .ok()
                .and_then(|created| created.get(workload_id).cloned())
        });
        let account = owner.or_else(|| {
            self.access
                .role_arn
                .as_deref()
                .and_then(super::role_account)
                .map(str::to_string)
        });
        match account {
            Some(account) => format!("account {account}, as {}", self.who()),
            None => format!("as {}", self.who()),
        }
    }

    /// The Region requests go to.
    pub fn region(&self) -> &str {
        &self.region
    }

    /// The lens REL 4 lives in (`wellarchitected`).
    pub fn lens_alias(&self) -> &str {
        &self.lens.alias
    }

    /// Who the requests go out as: "profile P", "role R (account A) assumed from ...".
    pub fn who(&self) -> String {
        self.access.describe()
    }

    /// Every workload these credentials see in this Region, with its name and lenses: all
    /// pages of ListWorkloads (50 a page), fetched once a run and shared by every task.
    pub async fn directory(&self) -> Result<Arc<Directory>, AwsError> {
        use std::sync::atomic::{AtomicBool, Ordering};
        let listed_here = AtomicBool::new(false);
        let got = self
            .directory
            .get_or_init(|| async {
                listed_here.store(true, Ordering::Relaxed);
                self.list_workloads().await.map(Arc::new)
            })
            .await
            .clone();
        match got {
            // An unreachable endpoint is said in full once, by the task that tried; the others
            // point at it.
            Err(e)
                if e.kind == ErrorKind::Unreachable
                    && self.limits.down.get().is_some()
                    && !listed_here.load(Ordering::Relaxed) =>
            {
                Err(self.not_sent())
            }
            other => other,
        }
    }

    async fn list_workloads(&self) -> Result<Directory, AwsError> {
        let mut pages = self
            .client
            .list_workloads()
            .max_results(50)
            .into_paginator()
            .send();
        let alias = &self.lens.alias;
        let mut by_id = HashMap::new();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| self.error(e, "ListWorkloads", None))?;
            for w in page.workload_summaries() {
                if let (Some(id), Some(name)) = (w.workload_id(), w.workload_name()) {
                    let listed = Listed {
                        name: name.to_string(),
                        has_lens: w.lenses().iter().any(|l| is_lens(l, alias)),
                        owner: w.owner().unwrap_or("?").to_string(),
                    };
                    by_id.insert(id.to_string(), listed);
                }
            }
        }
        Ok(Directory { by_id })
    }

    /// The id of the workload with this name, if there is one, from the Region's list. Names
    /// compare as the service compares them, ignoring case and spaces; two matches (a
    /// workload shared from another account has the same name) are refused rather than
    /// guessed between.
    pub async fn find_workload_by_name(&self, name: &str) -> Result<Option<String>, AwsError> {
        let directory = self.directory().await?;
        match directory.named(name).as_slice() {
            [] => Ok(None),
            [(id, _)] => Ok(Some(id.to_string())),
            many => {
                let list: Vec<String> = many
                    .iter()
                    .map(|(id, owner)| format!("{id} (owner {owner})"))
                    .collect();
                Err(AwsError::new(
                    ErrorKind::Conflict,
                    format!(
                        "several workloads are named \"{name}\" in {}: {}; choose one with --workload-id, or set workload.awsWorkloadId in the file",
                        self.region,
                        list.join(", ")
                    ),
                ))
            }
        }
    }

    /// Creates a workload with the REL 4 lens in this client's Region. The SDK gives the
    /// request a ClientRequestToken of its own, the same on each of its retries, so a retry
    /// after a lost answer gets the first workload back; a rerun finds it by name in the
    /// Region's list before it would create one.
    pub async fn create_workload(
        &self,
        workload: &Workload,
        name: &str,
    ) -> Result<String, AwsError> {
        let _room = self.room().await?;
        let out = self
            .client
            .create_workload()
            .workload_name(name)
            .description(&workload.description)
            .review_owner(&workload.review_owner)
            .environment(WorkloadEnvironment::from(
                workload.environment.service_name(),
            ))
            .aws_regions(&self.region)
            .lenses(&self.lens.alias)
            .send()
            .await
            .map_err(|e| self.error(e, "CreateWorkload", None))?;
        // arn:aws:wellarchitected:REGION:ACCOUNT:workload/ID: the account, for messages.
        if let (Some(id), Some(account)) = (
            out.workload_id(),
            out.workload_arn().and_then(|arn| arn.split(':').nth(4)),
        ) && let Ok(mut created) = self.created.lock()
        {
            created.insert(id.to_string(), account.to_string());
        }
        out.workload_id().map(str::to_string).ok_or_else(|| {
            AwsError::new(
                ErrorKind::Other,
                "CreateWorkload answered without a workload id; try again".to_string(),
            )
        })
    }

    /// The workload's name (GetWorkload).
    pub async fn workload_name(&self, workload_id: &str) -> Result<String, AwsError> {
        let _room = self.room().await?;
        let out = self
            .client
            .get_workload()
            .workload_id(workload_id)
            .send()
            .await
            .map_err(|e| self.error(e, "GetWorkload", Some(workload_id)))?;
        Ok(out
            .workload()
            .and_then(|w| w.workload_name())
            .unwrap_or_default()
            .to_string())
    }

    /// Associates the REL 4 lens with the workload.
    pub async fn associate_lens(&self, workload_id: &str) -> Result<(), AwsError> {
        let _room = self.room().await?;
        self.client
            .associate_lenses()
            .workload_id(workload_id)
            .lens_aliases(&self.lens.alias)
            .send()
            .await
            .map_err(|e| self.error(e, "AssociateLenses", Some(workload_id)))?;
        Ok(())
    }

    /// The workload's REL 4 answer.
    pub async fn read_answer(&self, workload_id: &str) -> Result<Remote, AwsError> {
        self.read_answer_at(workload_id, None).await
    }

    /// The workload's REL 4 answer now, or as a milestone recorded it.
    pub async fn read_answer_at(
        &self,
        workload_id: &str,
        milestone: Option<i32>,
    ) -> Result<Remote, AwsError> {
        let _room = self.room().await?;
        let out = self
            .client
            .get_answer()
            .workload_id(workload_id)
            .lens_alias(&self.lens.alias)
            .question_id(&self.lens.question_id)
            .set_milestone_number(milestone)
            .send()
            .await
            .map_err(|e| self.error(e, "GetAnswer", Some(workload_id)))?;
        let answer = out.answer().ok_or_else(|| {
            AwsError::new(
                ErrorKind::Other,
                "GetAnswer answered without the answer; try again".to_string(),
            )
        })?;
        remote(answer)
    }

    /// Writes the plan in one UpdateAnswer call; returns what the console holds afterwards.
    pub async fn write_answer(
        &self,
        workload_id: &str,
        plan: &UpdatePlan,
    ) -> Result<Remote, AwsError> {
        let mut request = self
            .client
            .update_answer()
            .workload_id(workload_id)
            .lens_alias(&self.lens.alias)
            .question_id(&self.lens.question_id)
            .set_selected_choices(plan.selected_choices.clone())
            .set_notes(plan.notes.clone())
            .set_is_applicable(plan.applicable)
            .set_reason(
                plan.reason
                    .map(|r| AnswerReason::from(Reason::service_name(r))),
            );
        for (id, update) in &plan.choice_updates {
            let mut choice =
                ChoiceUpdate::builder().status(ChoiceStatus::from(update.status.service_name()));
            if let Some(reason) = update.reason {
                choice = choice.reason(ChoiceReason::from(Reason::service_name(reason)));
            }
            if let Some(notes) = &update.notes {
                choice = choice.notes(notes);
            }
            request = request.choice_updates(id, choice.build());
        }
        let room = self.room().await?;
        let out = request
            .send()
            .await
            .map_err(|e| self.error(e, "UpdateAnswer", Some(workload_id)))?;
        drop(room);
        match out.answer() {
            Some(answer) => remote(answer),
            None => self.read_answer(workload_id).await,
        }
    }

    /// Records the workload's current answers as a milestone; returns its number. The
    /// request token is the workload, the name and the answers recorded (`state`): a retry of
    /// the same intent (the SDK's, or a rerun job's within the service's window) gets the first
    /// milestone back, not a second, and a milestone of other answers is never mistaken for it.
    pub async fn create_milestone(
        &self,
        workload_id: &str,
        name: &str,
        state: &str,
    ) -> Result<Option<i32>, AwsError> {
        let _room = self.room().await?;
        let out = self
            .client
            .create_milestone()
            .workload_id(workload_id)
            .milestone_name(name)
            .client_request_token(request_token(&["milestone", workload_id, name, state]))
            .send()
            .await
            .map_err(|e| self.error(e, "CreateMilestone", Some(workload_id)))?;
        Ok(out.milestone_number())
    }

    /// The number of the workload's milestone of this name, if it has one (ListMilestones,
    /// every page).
    pub async fn milestone_named(
        &self,
        workload_id: &str,
        name: &str,
    ) -> Result<Option<i32>, AwsError> {
        let mut next: Option<String> = None;
        loop {
            let room = self.room().await?;
            let out = self
                .client
                .list_milestones()
                .workload_id(workload_id)
                .max_results(50)
                .set_next_token(next.take())
                .send()
                .await
                .map_err(|e| self.error(e, "ListMilestones", Some(workload_id)))?;
            drop(room);
            if let Some(found) = out
                .milestone_summaries()
                .iter()
                .find(|m| m.milestone_name() == Some(name))
            {
                return Ok(found.milestone_number());
            }
            match out.next_token() {
                Some(token) if !token.is_empty() => next = Some(token.to_string()),
                _ => return Ok(None),
            }
        }
    }

    /// An SDK error as a kind and a sentence: what happened and what to do.
    fn error<E>(&self, err: SdkError<E>, action: &str, workload: Option<&str>) -> AwsError
    where
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    {
        if let Some(e) = find_source::<CredentialsError>(&err) {
            return credentials_error(e, &self.access, self.access.role_arn.is_some());
        }
        let detail = chain(&err);
        if matches!(err, SdkError::TimeoutError(_)) {
            return AwsError::new(
                ErrorKind::Unreachable,
                format!(
                    "the Well-Architected Tool in {} did not answer wellarchitected:{action} in time ({detail}); nothing more was written. Check the network and --endpoint-url, or allow more with --timeout",
                    self.region
                ),
            );
        }
        if let SdkError::DispatchFailure(failure) = &err {
            let message = format!(
                "cannot reach the Well-Architected Tool at {} ({}): {detail}; check the network, --region and --endpoint-url",
                self.endpoint, self.region
            );
            // A connection that cannot be made will not be made by the next file either.
            if failure
                .as_connector_error()
                .is_some_and(|c| super::connect::cannot_connect(c))
            {
                let _ = self.limits.down.set(message.clone());
            }
            return AwsError::new(ErrorKind::Unreachable, message);
        }
        if let Some(response) = err.raw_response() {
            let kind = response
                .headers()
                .get("content-type")
                .unwrap_or("no content type")
                .to_string();
            let typed = response.headers().get("x-amzn-errortype").is_some();
            if !typed && !kind.contains("json") {
                return AwsError::new(
                    if response.status().is_server_error() {
                        ErrorKind::ServiceFailure
                    } else {
                        ErrorKind::Other
                    },
                    format!(
                        "{} answered wellarchitected:{action} with HTTP {} and a body that is not the service's ({kind}); a proxy or load balancer in between? Check --endpoint-url and the network",
                        self.endpoint,
                        response.status().as_u16()
                    ),
                );
            }
        }
        // Generic over every operation's error, so `as_service_error` (`into_service_error`
        // needs a bound the SDK does not re-export); the code is the same either way.
        err.as_service_error()
            .and_then(|e| {
                let message = e.message().unwrap_or("no details given");
                explain(
                    e.code(),
                    action,
                    message,
                    workload,
                    &self.region,
                    &self.lens.alias,
                    &self.who(),
                )
            })
            .unwrap_or_else(|| {
                AwsError::new(
                    ErrorKind::Other,
                    format!("wellarchitected:{action} failed: {detail}"),
                )
            })
    }
}

/// Names compare as the service compares them: ignoring case and white space.
pub fn same_name(a: &str, b: &str) -> bool {
    let key = |n: &str| {
        n.chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_lowercase()
    };
    key(a) == key(b)
}

/// A lens as the service lists it (an alias or an ARN) is the REL 4 one.
fn is_lens(listed: &str, alias: &str) -> bool {
    listed == alias || listed.ends_with(&format!("/{alias}"))
}

/// A ClientRequestToken made from what a request means (`milestone`, the workload, the name):
/// the same intent always sends the same token, so the service answers a retry with the
/// first result. FNV-1a over the parts, NUL-separated: stable across runs and versions.
pub(crate) fn request_token(parts: &[&str]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain(std::iter::once(0)) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!(
        "rel04-{}-{hash:016x}",
        parts.first().copied().unwrap_or("request")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Names compare as the service compares them, and a name two workloads share is found
    /// twice, so the lookup refuses to guess.
    #[test]
    fn the_directory_finds_names_as_the_service_compares_them() {
        let listed = |name: &str, owner: &str| Listed {
            name: name.to_string(),
            has_lens: true,
            owner: owner.to_string(),
        };
        let directory = Directory {
            by_id: HashMap::from([
                ("a".to_string(), listed("Payments API", "111111111111")),
                ("b".to_string(), listed("payments api", "222222222222")),
                ("c".to_string(), listed("search", "111111111111")),
            ]),
        };
        assert_eq!(
            directory.named("PaymentsAPI"),
            vec![("a", "111111111111"), ("b", "222222222222")]
        );
        assert_eq!(directory.named("search"), vec![("c", "111111111111")]);
        assert!(directory.named("ledger").is_empty());
    }

    #[test]
    fn a_request_token_names_its_intent() {
        let one = request_token(&["milestone", "wl-1", "Q4", "{}"]);
        assert_eq!(one, request_token(&["milestone", "wl-1", "Q4", "{}"]));
        assert!(
            one.starts_with("rel04-milestone-") && one.len() == 32,
            "{one}"
        );
        assert_ne!(
            one,
            request_token(&["milestone", "wl-1", "Q4", "{\"a\":1}"])
        );
        // Parts are separated: "ab" + "c" is not "a" + "bc".
        assert_ne!(
            request_token(&["milestone", "ab", "c"]),
            request_token(&["milestone", "a", "bc"])
        );
    }
}
