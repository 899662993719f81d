//! Reaching the Well-Architected Tool: the AWS configuration (profile, credential chain, role
//! to assume, Region, endpoint), its timeouts and retries, the credentials looked up once, and
//! the limits on requests in flight.

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
use aws_sdk_wellarchitected::config::ProvideCredentials;
use aws_sdk_wellarchitected::config::interceptors::InterceptorContext;
use aws_sdk_wellarchitected::config::retry::{ClassifyRetry, RetryAction};
use aws_smithy_runtime_api::client::retries::classifiers::RetryClassifierPriority;

use super::error::{AwsError, ErrorKind, chain, find_source};
use crate::answers::Workload;
use crate::catalogue::Catalogue;

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

/// Where REL 4 lives in the service: the lens alias and the question id, from the catalogue.
#[derive(Debug, Clone)]
pub(super) struct Lens {
    pub(super) alias: String,
    pub(super) question_id: String,
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
        check_credentials(&config, access, false, self.timeout).await?;
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
                check_credentials(&config, access, true, self.timeout).await?;
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
}

/// Asks the configuration's credential chain (and the role, if one is to be assumed) for
/// credentials: the error names who was asked and what to do.
/// Looks the credentials up once, within `timeout`: a `credential_process`, an SSO or an MFA
/// helper waiting for someone at a terminal (none on a CI runner) would hold the run forever.
async fn check_credentials(
    config: &aws_config::SdkConfig,
    access: &Access,
    assuming: bool,
    timeout: std::time::Duration,
) -> Result<(), AwsError> {
    let Some(provider) = config.credentials_provider() else {
        return Err(AwsError::new(
            ErrorKind::NoCredentials,
            NO_CREDENTIALS.to_string(),
        ));
    };
    match tokio::time::timeout(timeout, provider.provide_credentials()).await {
        Ok(found) => found
            .map(|_| ())
            .map_err(|e| credentials_error(&e, access, assuming)),
        Err(_) => Err(AwsError::new(
            ErrorKind::NoCredentials,
            format!(
                "the credentials of {} were not there within {} s (a credential_process, SSO or MFA helper that waits for someone?); sign in or run the helper first, or give a longer --timeout",
                access.describe(),
                timeout.as_secs()
            ),
        )),
    }
}

/// The AWS configuration of a run, loaded once; clients for any Region are made from it.
#[derive(Debug, Clone)]
pub struct Shared {
    pub(super) config: aws_config::SdkConfig,
    pub(super) access: Access,
    /// `--endpoint-url`, for messages.
    pub(super) endpoint_url: Option<String>,
    /// `--region`, which wins over every file's Region.
    pub(super) region_flag: Option<String>,
    pub(super) lens: Lens,
}

/// Stops the retries of an answer that is not the service's: a proxy's or a load balancer's
/// HTML error page (a 5xx with no `x-amzn-errortype` and no JSON) will not turn into the
/// service's answer ten attempts later; the error says what came back instead.
#[derive(Debug)]
pub(super) struct NotTheService;

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

/// Stops the retries of a connection that cannot be made: refused (nothing listens at the
/// endpoint), a name that does not resolve, a TLS handshake that fails. None of these turns
/// into an answer on the next attempt, and ten attempts with backoff made a dead endpoint
/// cost more than a minute; a reset or a timeout mid-request is still retried.
#[derive(Debug)]
pub(super) struct Unreachable;

impl ClassifyRetry for Unreachable {
    fn classify_retry(&self, ctx: &InterceptorContext) -> RetryAction {
        let Some(Err(error)) = ctx.output_or_error() else {
            return RetryAction::NoActionIndicated;
        };
        let Some(connector) = error.as_connector_error() else {
            return RetryAction::NoActionIndicated;
        };
        if cannot_connect(connector) {
            RetryAction::RetryForbidden
        } else {
            RetryAction::NoActionIndicated
        }
    }

    fn name(&self) -> &'static str {
        "rel04: the endpoint cannot be reached"
    }

    fn priority(&self) -> RetryClassifierPriority {
        RetryClassifierPriority::run_after(RetryClassifierPriority::transient_error_classifier())
    }
}

/// A connection refused, a name that does not resolve, or a failed TLS handshake, anywhere in
/// the error's chain of causes.
pub(super) fn cannot_connect(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(e) = current {
        if let Some(io) = e.downcast_ref::<std::io::Error>()
            && matches!(
                io.kind(),
                std::io::ErrorKind::ConnectionRefused | std::io::ErrorKind::AddrNotAvailable
            )
        {
            return true;
        }
        let text = e.to_string().to_ascii_lowercase();
        // A resolver that is only busy (EAI_AGAIN) may answer on the next attempt.
        if text.contains("temporary failure") {
            return false;
        }
        if text.contains("connection refused")
            || text.contains("dns error")
            || text.contains("failed to lookup address")
            || text.contains("name or service not known")
            || text.contains("invalid peer certificate")
            || text.contains("certificate verify failed")
        {
            return true;
        }
        current = e.source();
    }
    false
}

/// How many requests may be in flight: in the whole run, and through one client. Taken by
/// each request, not by each file, so a task waiting for its Region's list holds no room.
#[derive(Debug, Clone)]
pub(super) struct Limits {
    pub(super) total: Arc<tokio::sync::Semaphore>,
    pub(super) client: Arc<tokio::sync::Semaphore>,
    /// Set when the client's endpoint could not be reached: its other requests of this run
    /// are not sent (each would wait and fail the same way), and say where the first said why.
    pub(super) down: Arc<std::sync::OnceLock<String>>,
}

impl Limits {
    /// One file at a time (pull, diff): nothing to bound.
    pub(super) fn unbounded() -> Limits {
        let many = || {
            Arc::new(tokio::sync::Semaphore::new(
                tokio::sync::Semaphore::MAX_PERMITS,
            ))
        };
        Limits {
            total: many(),
            client: many(),
            down: Arc::default(),
        }
    }

    /// Waits for room: the client's first, then the run's, so a task waiting on a busy
    /// account holds none of the room other accounts could use.
    pub(super) async fn enter(
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

const NO_CREDENTIALS: &str = "no AWS credentials found: set AWS_PROFILE to a profile in ~/.aws/config (run `aws sso login --profile NAME` first for SSO), pass --profile, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary credentials)";

/// The credential chain's own error, typed: none found, or a provider that failed. The
/// chain asks the EC2 instance metadata service last, only when nothing else had
/// credentials, so its failure off EC2 also means that none were found.
///
/// `assuming`: the failure came from assuming `access`'s role (the profile's own credentials
/// were found).
pub(super) fn credentials_error(e: &CredentialsError, access: &Access, assuming: bool) -> AwsError {
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
