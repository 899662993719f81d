//! The Well-Architected Tool over the AWS SDK: the one module that touches it.
//!
//! Everything the SDK returns is turned here into rel04's own types ([`Remote`], [`Risk`]),
//! and every SDK error into an [`AwsError`]: a kind a caller can branch on, and a sentence that
//! says what happened and what to do (which IAM action is missing, which workload was not
//! found, how to set up credentials). No SDK type leaves this module.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use aws_config::BehaviorVersion;
use aws_config::Region;
use aws_config::imds::client::error::ImdsError;
use aws_config::profile::ProfileFileCredentialsProvider;
use aws_config::retry::RetryConfig;
use aws_config::sts::AssumeRoleProvider;
use aws_config::timeout::TimeoutConfig;
use aws_credential_types::provider::SharedCredentialsProvider;
use aws_credential_types::provider::error::CredentialsError;
use aws_sdk_wellarchitected::Client;
use aws_sdk_wellarchitected::config::ProvideCredentials;
use aws_sdk_wellarchitected::config::interceptors::InterceptorContext;
use aws_sdk_wellarchitected::config::retry::{ClassifyRetry, RetryAction, RetryPartition};
use aws_sdk_wellarchitected::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_wellarchitected::types::{
    Answer, AnswerReason, ChoiceReason, ChoiceStatus, ChoiceUpdate, WorkloadEnvironment,
};
use aws_smithy_runtime_api::client::retries::classifiers::RetryClassifierPriority;

use crate::answers::{ChoiceSnapshot, Snapshot, Workload};
use crate::catalogue::{Catalogue, NONE_CHOICE_ID, OFFICIAL_CHOICE_IDS};
use crate::sync::{Remote, UpdatePlan};
use crate::vocab::{Reason, Risk, Status};

/// How to reach the Well-Architected Tool: the standard AWS configuration chain (environment,
/// profile, SSO, instance role) with these overrides.
#[derive(Debug, Clone, Default)]
pub struct Connection {
    /// `--profile`: wins over every file's profile.
    pub profile: Option<String>,
    /// `--role-arn`: wins over every file's role.
    pub role_arn: Option<String>,
    /// `--region`: wins over the file's Region.
    pub region: Option<String>,
    pub endpoint_url: Option<String>,
    /// Attempts per request, retries of throttled and failed requests included.
    pub max_attempts: u32,
    /// How long one attempt may wait for an answer.
    pub timeout: std::time::Duration,
}

/// What went wrong talking to the Well-Architected Tool, for callers that branch on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// No credentials anywhere in the chain.
    NoCredentials,
    /// Credentials found but refused (expired, wrong key, bad signature).
    BadCredentials,
    NoRegion,
    AccessDenied,
    /// The workload or its lens does not exist (or is not visible with these credentials).
    NotFound,
    Throttled,
    ServiceFailure,
    Invalid,
    Conflict,
    Quota,
    /// The service could not be reached (network, endpoint, timeout).
    Unreachable,
    Other,
}

/// An error from the Well-Architected Tool or on the way to it, as a sentence for people.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct AwsError {
    pub kind: ErrorKind,
    pub message: String,
}

impl AwsError {
    fn new(kind: ErrorKind, message: String) -> AwsError {
        AwsError { kind, message }
    }
}

/// Where REL 4 lives in the service: the lens alias and the question id, from the catalogue.
#[derive(Debug, Clone)]
struct Lens {
    alias: String,
    question_id: String,
}

/// How a file reaches its workload: a profile and a role to assume, each optional (the
/// command line's win over the file's). Files with the same access share their credentials.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Access {
    pub profile: Option<String>,
    pub role_arn: Option<String>,
}

/// The account id in an IAM role ARN.
pub fn role_account(arn: &str) -> Option<&str> {
    arn.split_once(":iam::")
        .and_then(|(_, rest)| rest.split_once(':'))
        .map(|(account, _)| account)
}

impl Access {
    /// Who the requests go out as, for messages: "role R (account A) from profile P".
    pub fn describe(&self) -> String {
        let profile = match &self.profile {
            Some(p) => format!("profile {p}"),
            None => "the default credentials".to_string(),
        };
        match &self.role_arn {
            Some(role) => format!(
                "role {role} (account {}) assumed from {profile}",
                role_account(role).unwrap_or("?")
            ),
            None => profile,
        }
    }
}

impl Connection {
    /// How `workload` is reached: `--profile` and `--role-arn`, else the file's.
    pub fn access(&self, workload: &Workload) -> Access {
        Access {
            profile: self.profile.clone().or(workload.aws_profile.clone()),
            role_arn: self.role_arn.clone().or(workload.aws_role_arn.clone()),
        }
    }

    /// Loads the AWS configuration for one access (profile, credential chain, the role to
    /// assume, default Region, endpoint, retries) and looks the credentials up, once: a
    /// missing or broken chain is one clear error before any request, not one failure per
    /// request or per Region.
    pub async fn load(&self, catalogue: &Catalogue, access: &Access) -> Result<Shared, AwsError> {
        // Adaptive: besides retrying, a client-side rate limiter that every task of a client
        // shares, so throttling slows the whole run down instead of each task fighting alone.
        let retry = RetryConfig::adaptive().with_max_attempts(self.max_attempts);
        // aws-config sets a connect timeout but none for an answer: a server that accepts a
        // connection and never answers would hold rel04 forever. Each attempt gets `timeout`,
        // and a request with all its retries at most that many times over.
        let timeouts = TimeoutConfig::builder()
            .operation_attempt_timeout(self.timeout)
            .operation_timeout(self.timeout * self.max_attempts.max(1))
            .build();
        let mut loader = aws_config::defaults(BehaviorVersion::latest())
            .retry_config(retry)
            .timeout_config(timeouts);
        if let Some(region) = &self.region {
            loader = loader.region(Region::new(region.clone()));
        }
        if let Some(profile) = &access.profile {
            // A profile named in the file or on the command line is the one used, even when
            // AWS_ACCESS_KEY_ID is set: the default chain would take the environment's keys
            // first and push to whatever account they belong to.
            let provider = ProfileFileCredentialsProvider::builder()
                .profile_name(profile)
                .build();
            loader = loader.profile_name(profile).credentials_provider(provider);
        }
        let config = loader.load().await;
        // The chain is asked here once; the clients' own identity cache asks it once more on
        // their first request. Two lookups per access a run, whatever the number of files.
        check_credentials(&config, access, false).await?;
        let config = match &access.role_arn {
            Some(role) => {
                // STS answers in the Region asked for, the file's or the default; us-east-1
                // when neither is known (STS is global there).
                let region = self
                    .region
                    .clone()
                    .map(Region::new)
                    .or_else(|| config.region().cloned())
                    .unwrap_or_else(|| Region::from_static("us-east-1"));
                let provider = AssumeRoleProvider::builder(role)
                    .session_name("rel04")
                    .region(region)
                    .configure(&config)
                    .build()
                    .await;
                let config = config
                    .into_builder()
                    .credentials_provider(SharedCredentialsProvider::new(provider))
                    .build();
                check_credentials(&config, access, true).await?;
                config
            }
            None => config,
        };
        Ok(Shared {
            config,
            access: access.clone(),
            endpoint_url: self.endpoint_url.clone().filter(|u| !u.is_empty()),
            region_flag: self.region.clone(),
            lens: Lens {
                alias: catalogue.lens_alias.clone(),
                question_id: catalogue.question.id.clone(),
            },
        })
    }

    /// A client for one file: its access, and `--region`, else the file's Region, else the
    /// configured default.
    pub async fn connect(
        &self,
        catalogue: &Catalogue,
        workload: &Workload,
    ) -> Result<WaTool, AwsError> {
        self.load(catalogue, &self.access(workload))
            .await?
            .client(workload.aws_region.as_deref(), Limits::unbounded())
    }
}

/// Asks the configuration's credential chain (and the role, if one is to be assumed) for
/// credentials: the error names who was asked and what to do.
async fn check_credentials(
    config: &aws_config::SdkConfig,
    access: &Access,
    assuming: bool,
) -> Result<(), AwsError> {
    let Some(provider) = config.credentials_provider() else {
        return Err(AwsError::new(
            ErrorKind::NoCredentials,
            NO_CREDENTIALS.to_string(),
        ));
    };
    provider
        .provide_credentials()
        .await
        .map(|_| ())
        .map_err(|e| credentials_error(&e, access, assuming))
}

/// The AWS configuration of a run, loaded once; clients for any Region are made from it.
#[derive(Debug, Clone)]
pub struct Shared {
    config: aws_config::SdkConfig,
    access: Access,
    /// `--endpoint-url`, for messages.
    endpoint_url: Option<String>,
    /// `--region`, which wins over every file's Region.
    region_flag: Option<String>,
    lens: Lens,
}

impl Shared {
    /// A client for `--region`, else `region` (the file's), else the configured default, its
    /// requests in flight bounded by `limits`.
    fn client(&self, region: Option<&str>, limits: Limits) -> Result<WaTool, AwsError> {
        let wanted = self.region_flag.as_deref().or(region);
        let region = match (wanted, self.config.region()) {
            (Some(region), _) => Region::new(region.to_string()),
            (None, Some(configured)) => configured.clone(),
            (None, None) => {
                return Err(AwsError::new(
                    ErrorKind::NoRegion,
                    "no AWS Region: pass --region (for example --region us-east-1), set AWS_REGION, or set a region in your AWS profile".to_string(),
                ));
            }
        };
        // One retry partition (retry quota and rate limiter) per account and Region: the
        // service throttles per account and Region, so those requests slow down together.
        let partition = RetryPartition::new(format!("rel04 {} {region}", self.access.describe()));
        // The endpoint is the Well-Architected Tool's only: the credential providers (STS
        // for a role, SSO) keep theirs (AWS_ENDPOINT_URL_STS moves STS).
        let mut config = aws_sdk_wellarchitected::config::Builder::from(&self.config)
            .region(region.clone())
            .retry_classifier(NotTheService)
            .retry_partition(partition);
        if let Some(url) = &self.endpoint_url {
            config = config.endpoint_url(url);
        }
        let config = config.build();
        let endpoint = match &self.endpoint_url {
            Some(url) => url.clone(),
            None => format!("the Well-Architected Tool in {region}"),
        };
        Ok(WaTool {
            client: Client::from_conf(config),
            region: region.to_string(),
            endpoint,
            lens: self.lens.clone(),
            access: self.access.clone(),
            directory: Arc::default(),
            limits,
        })
    }
}

/// Stops the retries of an answer that is not the service's: a proxy's or a load balancer's
/// HTML error page (a 5xx with no `x-amzn-errortype` and no JSON) will not turn into the
/// service's answer ten attempts later; the error says what came back instead.
#[derive(Debug)]
struct NotTheService;

impl ClassifyRetry for NotTheService {
    fn classify_retry(&self, ctx: &InterceptorContext) -> RetryAction {
        let Some(response) = ctx.response() else {
            return RetryAction::NoActionIndicated;
        };
        let headers = response.headers();
        let json = headers
            .get("content-type")
            .is_some_and(|t| t.contains("json"));
        let typed = headers.get("x-amzn-errortype").is_some();
        if response.status().is_server_error() && !json && !typed {
            RetryAction::RetryForbidden
        } else {
            RetryAction::NoActionIndicated
        }
    }

    fn name(&self) -> &'static str {
        "rel04: not the service's answer"
    }

    fn priority(&self) -> RetryClassifierPriority {
        RetryClassifierPriority::run_after(RetryClassifierPriority::http_status_code_classifier())
    }
}

/// One client per access (profile, role) and Region, made before any work starts and shared
/// by every file of a run: one connection pool, one credential lookup and one workload list
/// per client, and a failure to connect is found once, not once per file.
#[derive(Debug)]
pub struct Clients {
    connection: Connection,
    by_place: HashMap<(Access, Option<String>), Result<WaTool, AwsError>>,
}

impl Clients {
    /// Loads the configuration once per access, then makes a client for each distinct access
    /// and Region the files name (the command line's flags override them all). At most `jobs`
    /// requests are in flight at once, and `jobs_per_client` of one client: the service's
    /// quotas are per account and Region.
    pub async fn connect<'a>(
        connection: &Connection,
        catalogue: &Catalogue,
        workloads: impl IntoIterator<Item = &'a Workload>,
        jobs: usize,
        jobs_per_client: usize,
    ) -> Clients {
        let total = Arc::new(tokio::sync::Semaphore::new(jobs.max(1)));
        let mut shared: HashMap<Access, Result<Shared, AwsError>> = HashMap::new();
        let mut by_place = HashMap::new();
        for workload in workloads {
            let key = place(connection, workload);
            if by_place.contains_key(&key) {
                continue;
            }
            let (access, region) = &key;
            if !shared.contains_key(access) {
                let loaded = connection.load(catalogue, access).await;
                shared.insert(access.clone(), loaded);
            }
            let limits = Limits {
                total: Arc::clone(&total),
                client: Arc::new(tokio::sync::Semaphore::new(jobs_per_client.max(1))),
            };
            let tool = match &shared[access] {
                Ok(shared) => shared.client(region.as_deref(), limits),
                Err(e) => Err(e.clone()),
            };
            by_place.insert(key, tool);
        }
        Clients {
            connection: connection.clone(),
            by_place,
        }
    }

    /// The client for a file's workload.
    pub fn get(&self, workload: &Workload) -> Result<&WaTool, AwsError> {
        match self.by_place.get(&place(&self.connection, workload)) {
            Some(Ok(tool)) => Ok(tool),
            Some(Err(e)) => Err(e.clone()),
            None => Err(AwsError::new(
                ErrorKind::Other,
                "no client was made for this workload's access and Region (a defect in rel04, please report it)"
                    .to_string(),
            )),
        }
    }
}

/// How many requests may be in flight: in the whole run, and through one client. Taken by
/// each request, not by each file, so a task waiting for its Region's list holds no room.
#[derive(Debug, Clone)]
struct Limits {
    total: Arc<tokio::sync::Semaphore>,
    client: Arc<tokio::sync::Semaphore>,
}

impl Limits {
    /// One file at a time (pull, diff): nothing to bound.
    fn unbounded() -> Limits {
        let many = || {
            Arc::new(tokio::sync::Semaphore::new(
                tokio::sync::Semaphore::MAX_PERMITS,
            ))
        };
        Limits {
            total: many(),
            client: many(),
        }
    }

    /// Waits for room: the client's first, then the run's, so a task waiting on a busy
    /// account holds none of the room other accounts could use.
    async fn enter(
        &self,
    ) -> (
        Option<tokio::sync::SemaphorePermit<'_>>,
        Option<tokio::sync::SemaphorePermit<'_>>,
    ) {
        let client = self.client.acquire().await.ok();
        let total = self.total.acquire().await.ok();
        (client, total)
    }
}

/// The client a workload needs: its access, and `--region`, else the file's Region.
fn place(connection: &Connection, workload: &Workload) -> (Access, Option<String>) {
    (
        connection.access(workload),
        connection.region.clone().or(workload.aws_region.clone()),
    )
}

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
    client: Client,
    region: String,
    /// Where requests go, for messages: the endpoint URL given, or the Region's.
    endpoint: String,
    lens: Lens,
    /// Who the requests go out as, for messages.
    access: Access,
    /// The Region's workloads, listed by the first task that needs them.
    directory: Arc<tokio::sync::OnceCell<Result<Arc<Directory>, AwsError>>>,
    limits: Limits,
}

impl WaTool {
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
        self.directory
            .get_or_init(|| async { self.list_workloads().await.map(Arc::new) })
            .await
            .clone()
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

    /// Creates a workload with the REL 4 lens in this client's Region.
    pub async fn create_workload(
        &self,
        workload: &Workload,
        name: &str,
    ) -> Result<String, AwsError> {
        let _room = self.limits.enter().await;
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
        out.workload_id().map(str::to_string).ok_or_else(|| {
            AwsError::new(
                ErrorKind::Other,
                "CreateWorkload answered without a workload id; try again".to_string(),
            )
        })
    }

    /// The workload's name (GetWorkload).
    pub async fn workload_name(&self, workload_id: &str) -> Result<String, AwsError> {
        let _room = self.limits.enter().await;
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
        let _room = self.limits.enter().await;
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
        let _room = self.limits.enter().await;
        let out = self
            .client
            .get_answer()
            .workload_id(workload_id)
            .lens_alias(&self.lens.alias)
            .question_id(&self.lens.question_id)
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
        let room = self.limits.enter().await;
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

    /// Records the workload's current answers as a milestone; returns its number.
    pub async fn create_milestone(
        &self,
        workload_id: &str,
        name: &str,
    ) -> Result<Option<i32>, AwsError> {
        let _room = self.limits.enter().await;
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
        if matches!(err, SdkError::DispatchFailure(_)) {
            return AwsError::new(
                ErrorKind::Unreachable,
                format!(
                    "cannot reach the Well-Architected Tool in {} ({detail}); check the network, --region and --endpoint-url",
                    self.region
                ),
            );
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

/// The first error of type `T` in an error's chain of sources.
fn find_source<'a, T: std::error::Error + 'static>(
    err: &'a (dyn std::error::Error + 'static),
) -> Option<&'a T> {
    let mut next = Some(err);
    while let Some(e) = next {
        if let Some(found) = e.downcast_ref::<T>() {
            return Some(found);
        }
        next = e.source();
    }
    None
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

/// The credential chain's own error, typed: none found, or a provider that failed. The
/// chain asks the EC2 instance metadata service last, only when nothing else had
/// credentials, so its failure off EC2 also means that none were found.
///
/// `assuming`: the failure came from assuming `access`'s role (the profile's own credentials
/// were found).
fn credentials_error(e: &CredentialsError, access: &Access, assuming: bool) -> AwsError {
    let detail = chain(e);
    if let Some(role) = access.role_arn.as_deref().filter(|_| assuming) {
        return AwsError::new(
            ErrorKind::AccessDenied,
            format!(
                "cannot assume role {role} (account {}) with {} ({detail}); the caller needs the IAM action sts:AssumeRole on that role, and the role's trust policy must allow the caller (see \"IAM\" in rel04's README)",
                role_account(role).unwrap_or("?"),
                Access {
                    role_arn: None,
                    ..access.clone()
                }
                .describe()
            ),
        );
    }
    let none_found = matches!(e, CredentialsError::CredentialsNotLoaded(_))
        || find_source::<ImdsError>(e).is_some();
    if none_found {
        let message = match &access.profile {
            Some(p) => format!(
                "the AWS profile {p} (workload.awsProfile or --profile) gives no credentials ({detail}); define it in ~/.aws/config or ~/.aws/credentials (`aws configure --profile {p}`, or `aws sso login --profile {p}` for SSO), or fix the name"
            ),
            None => format!("{NO_CREDENTIALS} ({detail})"),
        };
        return AwsError::new(ErrorKind::NoCredentials, message);
    }
    let message = if matches!(e, CredentialsError::InvalidConfiguration(_)) {
        format!(
            "the AWS credentials are not set up correctly ({detail}); check the profile in ~/.aws/config, or pass another --profile"
        )
    } else {
        format!(
            "cannot load AWS credentials ({detail}); for SSO run `aws sso login`, else check the profile, role or keys rel04 runs with"
        )
    };
    AwsError::new(ErrorKind::BadCredentials, message)
}

/// The sentence for a service error code; `None` for codes rel04 has nothing to add to.
fn explain(
    code: Option<&str>,
    action: &str,
    message: &str,
    workload: Option<&str>,
    region: &str,
    lens: &str,
    who: &str,
) -> Option<AwsError> {
    use ErrorKind::*;
    let workload = workload.unwrap_or("(none)");
    let (kind, text) = match code? {
        "AccessDeniedException" => (
            AccessDenied,
            format!(
                "access denied to wellarchitected:{action} for {who} ({message}); add the IAM action wellarchitected:{action} to that role or user, or use another profile or role"
            ),
        ),
        "ResourceNotFoundException" if action == "CreateWorkload" => (
            NotFound,
            format!(
                "the Well-Architected Tool could not create the workload in {region} ({message}); the `{lens}` lens may not be offered there: check --region"
            ),
        ),
        "ResourceNotFoundException" => (
            NotFound,
            format!(
                "workload {workload} or its lens `{lens}` was not found in {region} for {who} ({message}); check --workload-id, --region and the profile or role (or workload.awsWorkloadId, awsRegion, awsProfile and awsRoleArn in the file), or create the workload with `rel04 push --create`"
            ),
        ),
        "ThrottlingException" => (
            Throttled,
            format!(
                "wellarchitected:{action} was throttled even after retries ({message}); try again in a minute, or raise --max-attempts"
            ),
        ),
        "InternalServerException" | "ServiceUnavailableException" => (
            ServiceFailure,
            format!(
                "the Well-Architected Tool failed on wellarchitected:{action} even after retries ({message}); try again later, or raise --max-attempts"
            ),
        ),
        "ValidationException" if action == "UpdateAnswer" || action == "CreateWorkload" => (
            Invalid,
            format!(
                "the Well-Architected Tool refused wellarchitected:{action}: {message}; fix the answers file (`rel04 report` shows it) and try again"
            ),
        ),
        "ValidationException" => (
            Invalid,
            format!(
                "the Well-Architected Tool refused wellarchitected:{action}: {message}; check the options given (workload id or name, milestone name, Region)"
            ),
        ),
        "ConflictException" if action == "CreateMilestone" => (
            Conflict,
            format!(
                "the workload already has a milestone with that name ({message}); milestone names are unique in a workload: choose another --milestone name"
            ),
        ),
        "ConflictException" if action == "CreateWorkload" => (
            Conflict,
            format!(
                "a workload with that name already exists ({message}); names are unique per account and Region, ignoring case and spaces: pass --workload-name or --workload-id to use it"
            ),
        ),
        "ConflictException" => (
            Conflict,
            format!(
                "wellarchitected:{action} conflicts with the workload's current state ({message}); someone may be changing it now, or its lens review may need an upgrade in the console: try again in a moment"
            ),
        ),
        "ServiceQuotaExceededException" if action == "CreateMilestone" => (
            Quota,
            format!(
                "workload {workload} has reached the limit of 100 milestones ({message}); the Well-Architected Tool keeps them all, so record this review in another workload or ask AWS for a higher quota"
            ),
        ),
        "ServiceQuotaExceededException" => (
            Quota,
            format!(
                "a Well-Architected Tool quota is reached on wellarchitected:{action} ({message}); remove old workloads, or ask AWS for a higher quota"
            ),
        ),
        "UnrecognizedClientException"
        | "InvalidClientTokenId"
        | "InvalidSignatureException"
        | "ExpiredTokenException"
        | "ExpiredToken"
        | "IncompleteSignatureException"
        | "MissingAuthenticationTokenException" => (
            BadCredentials,
            format!(
                "AWS refused the credentials ({message}); refresh them (`aws sso login`, new keys) or choose another --profile"
            ),
        ),
        _ => return None,
    };
    Some(AwsError::new(kind, text))
}

/// The SDK's answer in rel04's terms. A practice the service does not mention is unselected
/// once anything is answered, and unanswered before.
fn remote(answer: &Answer) -> Result<Remote, AwsError> {
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
            reason: found
                .and_then(|c| c.reason())
                .and_then(|r| Reason::from_service(r.as_str())),
            notes: found
                .and_then(|c| c.notes())
                .unwrap_or_default()
                .to_string(),
        };
        choices.insert(id.to_string(), choice);
    }
    let snapshot = Snapshot {
        applicable: answer.is_applicable().unwrap_or(true),
        reason: answer
            .reason()
            .and_then(|r| Reason::from_service(r.as_str())),
        notes: answer.notes().unwrap_or_default().to_string(),
        none_of_these: is_selected(NONE_CHOICE_ID),
        choices,
    };
    Ok(Remote { snapshot, risk })
}

fn status_of(status: &ChoiceStatus) -> Result<Status, AwsError> {
    Status::from_service(status.as_str()).ok_or_else(|| {
        AwsError::new(
            ErrorKind::Other,
            format!(
                "the Well-Architected Tool reports a choice status this rel04 does not know ({}); upgrade rel04",
                status.as_str()
            ),
        )
    })
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

    /// Every word of rel04's vocabulary is one the SDK knows: a misspelt service name would
    /// otherwise go out as an unknown value and fail only at the service.
    #[test]
    fn every_service_name_is_known_to_the_sdk() {
        use crate::vocab::{Environment, Reason, Status};
        for status in [
            Status::Unanswered,
            Status::Selected,
            Status::Unselected,
            Status::NotApplicable,
        ] {
            let name = status.service_name();
            assert!(ChoiceStatus::values().contains(&name), "{status:?}");
        }
        for reason in Reason::ALL.map(Some).into_iter().chain([None]) {
            let name = Reason::service_name(reason);
            assert!(ChoiceReason::values().contains(&name), "{name}");
            assert!(AnswerReason::values().contains(&name), "{name}");
        }
        for env in [Environment::Production, Environment::Preproduction] {
            let name = env.service_name();
            assert!(WorkloadEnvironment::values().contains(&name), "{env:?}");
        }
    }

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
    fn errors_name_the_action_and_the_fix() {
        let e = explain(
            Some("AccessDeniedException"),
            "UpdateAnswer",
            "nope",
            None,
            "us-east-1",
            "wellarchitected",
            "profile prod",
        )
        .unwrap();
        assert_eq!(e.kind, ErrorKind::AccessDenied);
        let e = e.to_string();
        assert!(e.contains("wellarchitected:UpdateAnswer"), "{e}");
        assert!(e.contains("for profile prod"), "{e}");
        let e = explain(
            Some("ResourceNotFoundException"),
            "GetAnswer",
            "missing",
            Some("abc"),
            "eu-west-1",
            "wellarchitected",
            "profile prod",
        )
        .unwrap();
        assert_eq!(e.kind, ErrorKind::NotFound);
        let e = e.to_string();
        assert!(e.contains("abc") && e.contains("push --create"), "{e}");
        assert!(
            explain(
                Some("Weird"),
                "GetAnswer",
                "",
                None,
                "x",
                "wellarchitected",
                "x"
            )
            .is_none()
        );
    }
}
