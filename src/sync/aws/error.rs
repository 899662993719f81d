//! SDK errors as rel04's: an [`AwsError`] is a kind a caller can branch on and a sentence that
//! says what happened and what to do (which IAM action is missing, which workload was not
//! found). The pieces the client and the credential check build their errors from.

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
    pub fn new(kind: ErrorKind, message: String) -> AwsError {
        AwsError { kind, message }
    }
}

/// The first error of type `T` in an error's chain of sources.
pub(super) fn find_source<'a, T: std::error::Error + 'static>(
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
pub(super) fn chain(err: &(dyn std::error::Error + 'static)) -> String {
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

/// The sentence for a service error code; `None` for codes rel04 has nothing to add to.
pub(super) fn explain(
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

#[cfg(test)]
mod tests {
    use super::*;
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
