//! STS `AssumeRole`, in the query protocol AWS SDKs speak to STS: `POST /` with a form body
//! (`Action=AssumeRole&Version=2011-06-15&RoleArn=...&RoleSessionName=...`), answered in XML.
//!
//! It is here so that a tool that assumes a role (aws-config's `AssumeRoleProvider`) can be
//! pointed at the emulator with the same endpoint URL as the Well-Architected client. Any
//! caller may assume any role, unless a test refused the role
//! ([`crate::Emulator::refuse_role`]); the credentials issued belong to the role's account, so
//! the workloads created with them land in that account's partition.

use std::collections::HashMap;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::accounts::{self, SessionCredentials, UPPER_ALPHANUMERIC};
use crate::app::AppState;
use crate::extract::{Caller, FormBody};

/// The XML namespace of every STS answer.
const NAMESPACE: &str = "https://sts.amazonaws.com/doc/2011-06-15/";
/// DurationSeconds when the request has none.
const DEFAULT_DURATION_SECONDS: u64 = 3600;
/// DurationSeconds's bounds in the STS model (15 minutes to 12 hours).
const DURATION_SECONDS: std::ops::RangeInclusive<u64> = 900..=43_200;

/// STS's errors, in its XML wire format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum StsError {
    /// 400 `ValidationError`: a parameter is missing or breaks a constraint.
    Validation(String),
    /// 400 `InvalidAction`: an action the emulator does not serve.
    InvalidAction(String),
    /// 403 `AccessDenied`: the role was refused.
    AccessDenied(String),
    /// 400 `Throttling`: an injected throttle.
    Throttling,
    /// 500 `InternalFailure`: an injected server fault.
    Internal,
}

impl StsError {
    fn status(&self) -> StatusCode {
        match self {
            Self::Validation(_) | Self::InvalidAction(_) | Self::Throttling => {
                StatusCode::BAD_REQUEST
            }
            Self::AccessDenied(_) => StatusCode::FORBIDDEN,
            Self::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The error code SDKs map to a typed error (and, for `Throttling`, to a retry).
    fn code(&self) -> &'static str {
        match self {
            Self::Validation(_) => "ValidationError",
            Self::InvalidAction(_) => "InvalidAction",
            Self::AccessDenied(_) => "AccessDenied",
            Self::Throttling => "Throttling",
            Self::Internal => "InternalFailure",
        }
    }

    /// `Sender` for the caller's mistakes, `Receiver` for the service's.
    fn fault_type(&self) -> &'static str {
        match self {
            Self::Internal => "Receiver",
            _ => "Sender",
        }
    }

    fn message(&self) -> &str {
        match self {
            Self::Validation(message)
            | Self::InvalidAction(message)
            | Self::AccessDenied(message) => message,
            Self::Throttling => "Rate exceeded (fault injected by wa-emulator)",
            Self::Internal => "Internal failure (fault injected by wa-emulator)",
        }
    }

    fn body(&self, request_id: &str) -> String {
        format!(
            "<ErrorResponse xmlns=\"{NAMESPACE}\"><Error><Type>{}</Type><Code>{}</Code>\
             <Message>{}</Message></Error><RequestId>{}</RequestId></ErrorResponse>",
            self.fault_type(),
            self.code(),
            escape(self.message()),
            escape(request_id),
        )
    }
}

impl IntoResponse for StsError {
    fn into_response(self) -> Response {
        xml_response(self.status(), |request_id| self.body(request_id))
    }
}

/// An XML answer with a fresh request id, in the body and in `x-amzn-RequestId` as STS sends it.
fn xml_response(status: StatusCode, body: impl FnOnce(&str) -> String) -> Response {
    let request_id = request_id();
    let mut response = (status, body(&request_id)).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/xml"));
    if let Ok(value) = HeaderValue::from_str(&request_id) {
        headers.insert("x-amzn-requestid", value);
    }
    response
}

/// POST /: the STS query protocol; only `AssumeRole` is served.
pub(crate) async fn handle(
    State(app): State<AppState>,
    caller: Caller,
    FormBody(params): FormBody,
) -> Result<Response, StsError> {
    match params.get("Action").map(String::as_str) {
        Some("AssumeRole") => assume_role(&app, &caller, &params),
        Some(action) => Err(StsError::InvalidAction(format!(
            "Could not find operation {action} for version {}",
            params
                .get("Version")
                .map_or("NO_VERSION_SPECIFIED", String::as_str)
        ))),
        None => Err(StsError::InvalidAction(
            "The request has no Action parameter".to_owned(),
        )),
    }
}

/// Issues credentials of the role's account, unless the role was refused.
fn assume_role(
    app: &AppState,
    caller: &Caller,
    params: &HashMap<String, String>,
) -> Result<Response, StsError> {
    let request = AssumeRoleRequest::parse(params)?;
    let credentials = {
        let mut identities = app.identities();
        if identities.is_refused(&request.role_arn) {
            return Err(StsError::AccessDenied(format!(
                "User: arn:aws:iam::{}:user/{} is not authorized to perform: sts:AssumeRole on resource: {}",
                caller.account, caller.access_key_id, request.role_arn
            )));
        }
        identities.issue(&request.role.account)
    };
    let expiration = rfc3339(unix_seconds().saturating_add(request.duration_seconds));
    Ok(xml_response(StatusCode::OK, |request_id| {
        assume_role_body(&request, &credentials, &expiration, request_id)
    }))
}

/// The `AssumeRoleResponse` document; every echoed value is escaped.
fn assume_role_body(
    request: &AssumeRoleRequest,
    credentials: &SessionCredentials,
    expiration: &str,
    request_id: &str,
) -> String {
    let RoleArn {
        partition,
        account,
        name,
    } = &request.role;
    let session = &request.session_name;
    let assumed_role_id = format!("{}:{session}", role_id(&request.role_arn));
    let assumed_role_arn = format!("arn:{partition}:sts::{account}:assumed-role/{name}/{session}");
    let access_key_id = escape(&credentials.access_key_id);
    let secret_access_key = escape(&credentials.secret_access_key);
    let session_token = escape(&credentials.session_token);
    let expiration = escape(expiration);
    let assumed_role_id = escape(&assumed_role_id);
    let assumed_role_arn = escape(&assumed_role_arn);
    let request_id = escape(request_id);
    format!(
        r#"<AssumeRoleResponse xmlns="{NAMESPACE}">
  <AssumeRoleResult>
    <Credentials>
      <AccessKeyId>{access_key_id}</AccessKeyId>
      <SecretAccessKey>{secret_access_key}</SecretAccessKey>
      <SessionToken>{session_token}</SessionToken>
      <Expiration>{expiration}</Expiration>
    </Credentials>
    <AssumedRoleUser>
      <AssumedRoleId>{assumed_role_id}</AssumedRoleId>
      <Arn>{assumed_role_arn}</Arn>
    </AssumedRoleUser>
  </AssumeRoleResult>
  <ResponseMetadata><RequestId>{request_id}</RequestId></ResponseMetadata>
</AssumeRoleResponse>
"#
    )
}

/// A validated AssumeRole request.
#[derive(Debug, PartialEq, Eq)]
struct AssumeRoleRequest {
    role_arn: String,
    role: RoleArn,
    session_name: String,
    duration_seconds: u64,
}

impl AssumeRoleRequest {
    fn parse(params: &HashMap<String, String>) -> Result<Self, StsError> {
        let role_arn = required(params, "RoleArn", "roleArn")?;
        let role = RoleArn::parse(role_arn).ok_or_else(|| {
            constraint(
                role_arn,
                "roleArn",
                "Member must be the ARN of an IAM role (arn:aws:iam::123456789012:role/NAME)",
            )
        })?;
        let session_name = required(params, "RoleSessionName", "roleSessionName")?;
        if !is_session_name(session_name) {
            return Err(constraint(
                session_name,
                "roleSessionName",
                "Member must satisfy regular expression pattern: [\\w+=,.@-]{2,64}",
            ));
        }
        let duration_seconds = match params.get("DurationSeconds") {
            None => DEFAULT_DURATION_SECONDS,
            Some(text) => text
                .parse()
                .ok()
                .filter(|seconds| DURATION_SECONDS.contains(seconds))
                .ok_or_else(|| {
                    constraint(
                        text,
                        "durationSeconds",
                        "Member must be an integer from 900 to 43200",
                    )
                })?,
        };
        Ok(Self {
            role_arn: role_arn.to_owned(),
            role,
            session_name: session_name.to_owned(),
            duration_seconds,
        })
    }
}

/// A parameter that must be present.
fn required<'a>(
    params: &'a HashMap<String, String>,
    name: &str,
    member: &str,
) -> Result<&'a str, StsError> {
    params.get(name).map(String::as_str).ok_or_else(|| {
        StsError::Validation(format!(
            "1 validation error detected: Value null at '{member}' failed to satisfy constraint: Member must not be null"
        ))
    })
}

/// STS's wording of a broken constraint.
fn constraint(value: &str, member: &str, rule: &str) -> StsError {
    StsError::Validation(format!(
        "1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: {rule}"
    ))
}

/// What AssumeRole needs of a role ARN: `arn:PARTITION:iam::ACCOUNT:role/[PATH/]NAME`.
#[derive(Debug, PartialEq, Eq)]
struct RoleArn {
    /// `aws`, `aws-cn`, ...: the assumed-role ARN is in the same partition.
    partition: String,
    account: String,
    name: String,
}

impl RoleArn {
    /// The account and name of a role ARN, or `None` if `arn` is not one. The partition is
    /// `aws` or `aws-` something (`aws-cn`, `aws-us-gov`); a path may precede the name.
    fn parse(arn: &str) -> Option<Self> {
        if !(20..=2048).contains(&arn.len()) {
            return None;
        }
        let rest = arn.strip_prefix("arn:aws")?;
        let (partition_suffix, rest) = rest.split_once(":iam::")?;
        let (account, resource) = rest.split_once(':')?;
        let path_and_name = resource.strip_prefix("role/")?;
        let name = path_and_name.rsplit('/').next()?;
        let valid = partition_suffix
            .bytes()
            .all(|b| b.is_ascii_alphabetic() || b == b'-')
            && account.len() == 12
            && account.bytes().all(|b| b.is_ascii_digit())
            && path_and_name.bytes().all(|b| is_name_byte(b) || b == b'/')
            && (1..=64).contains(&name.len());
        valid.then(|| Self {
            partition: format!("aws{partition_suffix}"),
            account: account.to_owned(),
            name: name.to_owned(),
        })
    }
}

/// `[\w+=,.@-]`: the characters of role and session names.
fn is_name_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"_+=,.@-".contains(&byte)
}

/// `[\w+=,.@-]{2,64}`.
fn is_session_name(name: &str) -> bool {
    (2..=64).contains(&name.len()) && name.bytes().all(is_name_byte)
}

/// A role's unique id, `AROA` and 17 characters: derived from the ARN, so that it is the same
/// for every session of the role, as AWS's is. The characters are the base-36 digits of two
/// hashes of the ARN (36^17 < 2^128).
fn role_id(role_arn: &str) -> String {
    let high = u128::from(accounts::fnv1a(role_arn.as_bytes()));
    let low = u128::from(accounts::fnv1a(format!("{role_arn}#role-id").as_bytes()));
    let mut number = high << 64 | low;
    let base = UPPER_ALPHANUMERIC.len() as u128;
    let suffix: String = (0..17)
        .map(|_| {
            let digit = usize::try_from(number % base).unwrap_or(0);
            number /= base;
            UPPER_ALPHANUMERIC
                .get(digit)
                .map_or('A', |b| char::from(*b))
        })
        .collect();
    format!("AROA{suffix}")
}

/// A random request id in the shape of STS's (a UUID).
fn request_id() -> String {
    let hex = |len| {
        (0..len)
            .map(|_| char::from_digit(fastrand::u32(..16), 16).unwrap_or('0'))
            .collect::<String>()
    };
    format!("{}-{}-{}-{}-{}", hex(8), hex(4), hex(4), hex(4), hex(12))
}

/// Escapes the characters XML text and attributes cannot hold as they are.
fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            c => escaped.push(c),
        }
    }
    escaped
}

/// Seconds since the Unix epoch.
fn unix_seconds() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// `YYYY-MM-DDTHH:MM:SSZ` (RFC 3339, UTC), as STS writes `Expiration`.
fn rfc3339(unix_seconds: u64) -> String {
    let days = unix_seconds / 86_400;
    let seconds_of_day = unix_seconds % 86_400;
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        seconds_of_day / 3600,
        seconds_of_day / 60 % 60,
        seconds_of_day % 60
    )
}

/// The proleptic Gregorian date `days` after 1970-01-01 (Howard Hinnant's `civil_from_days`,
/// for non-negative days): eras of 400 years, each 146,097 days, counted from 0000-03-01 so
/// that the leap day ends the year.
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let day_of_era = z % 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    let year = year_of_era + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn formats_rfc3339_dates() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339(1_798_081_199), "2026-12-24T02:59:59Z");
        assert_eq!(rfc3339(1_795_402_800), "2026-11-23T03:00:00Z");
        assert_eq!(rfc3339(4_107_542_400), "2100-03-01T00:00:00Z");
        assert_eq!(rfc3339(253_402_300_799), "9999-12-31T23:59:59Z");
    }

    #[test]
    fn role_arns_name_an_account_and_a_role() {
        let role = RoleArn::parse("arn:aws:iam::210987654321:role/deployer").expect("a role");
        assert_eq!(role.account, "210987654321");
        assert_eq!(role.name, "deployer");
        let role = RoleArn::parse("arn:aws-us-gov:iam::210987654321:role/ci/rel04-sync")
            .expect("a role with a path");
        assert_eq!(role.name, "rel04-sync");
        assert_eq!(role.partition, "aws-us-gov");
        for arn in [
            "arn:aws:iam::21098765432:role/short-account",
            "arn:aws:iam::2109876543210:role/long-account",
            "arn:aws:iam::21098765432x:role/letters",
            "arn:aws:iam::210987654321:user/not-a-role",
            "arn:aws:iam::210987654321:role/",
            "arn:aws:iam::210987654321:role/a/",
            "arn:aws:iam::210987654321:role/sp ace",
            "arn:aws:iam::210987654321:role/<x>",
            "arn:aws:sts::210987654321:role/wrong-service",
            "arn:aws1:iam::210987654321:role/digit",
            "arn:azure:iam::210987654321:role/other",
            "arn:aws:iam:us-east-1:210987654321:role/regional",
            "",
        ] {
            assert_eq!(RoleArn::parse(arn), None, "{arn}");
        }
        let long_name = format!("arn:aws:iam::210987654321:role/{}", "n".repeat(65));
        assert_eq!(RoleArn::parse(&long_name), None);
    }

    #[test]
    fn assume_role_requests_are_validated() {
        let valid = [
            ("RoleArn", "arn:aws:iam::210987654321:role/deployer"),
            ("RoleSessionName", "rel04@ci.example-1"),
        ];
        let request = AssumeRoleRequest::parse(&params(&valid)).expect("valid");
        assert_eq!(request.duration_seconds, 3600);
        assert_eq!(request.role.account, "210987654321");

        let mut with_duration = params(&valid);
        with_duration.insert("DurationSeconds".into(), "900".into());
        assert_eq!(
            AssumeRoleRequest::parse(&with_duration).map(|r| r.duration_seconds),
            Ok(900)
        );
        for bad in ["899", "43201", "-1", "soon", ""] {
            with_duration.insert("DurationSeconds".into(), bad.into());
            assert!(AssumeRoleRequest::parse(&with_duration).is_err(), "{bad}");
        }

        for (name, value) in [
            ("RoleSessionName", "x"),
            ("RoleSessionName", "has space"),
            ("RoleSessionName", "slash/no"),
            ("RoleSessionName", &"s".repeat(65)),
            ("RoleArn", "arn:aws:iam::1:role/x"),
        ] {
            let mut request = params(&valid);
            request.insert(name.into(), value.into());
            let error = AssumeRoleRequest::parse(&request).expect_err(value);
            assert_eq!(error.code(), "ValidationError");
        }
        let error = AssumeRoleRequest::parse(&params(&valid[1..])).expect_err("no RoleArn");
        assert!(
            error.message().contains("Value null at 'roleArn'"),
            "{error:?}"
        );
    }

    #[test]
    fn the_answer_escapes_what_it_echoes() {
        assert_eq!(escape("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&apos;");
        let error = StsError::Validation("Value '<x>&' is bad".into()).body("id-1");
        assert!(
            error.contains("<Message>Value &apos;&lt;x&gt;&amp;&apos; is bad</Message>"),
            "{error}"
        );
        assert!(error.contains("<Code>ValidationError</Code>"), "{error}");
        assert!(error.contains("<RequestId>id-1</RequestId>"), "{error}");
    }

    #[test]
    fn role_ids_are_stable_per_role() {
        let id = role_id("arn:aws:iam::210987654321:role/deployer");
        assert_eq!(id, role_id("arn:aws:iam::210987654321:role/deployer"));
        assert_ne!(id, role_id("arn:aws:iam::210987654321:role/reader"));
        assert_eq!(id.len(), 21);
        assert!(id.starts_with("AROA"));
        assert!(id.bytes().all(|b| UPPER_ALPHANUMERIC.contains(&b)));
    }

    #[test]
    fn request_ids_look_like_uuids() {
        let id = request_id();
        let groups: Vec<usize> = id.split('-').map(str::len).collect();
        assert_eq!(groups, [8, 4, 4, 4, 12], "{id}");
    }

    #[test]
    fn errors_have_the_status_of_their_kind() {
        assert_eq!(
            StsError::AccessDenied(String::new()).status(),
            StatusCode::FORBIDDEN
        );
        assert_eq!(StsError::Throttling.status(), StatusCode::BAD_REQUEST);
        assert_eq!(StsError::Internal.fault_type(), "Receiver");
        let response = StsError::InvalidAction("x".into()).into_response();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
        assert_eq!(response.headers()[header::CONTENT_TYPE], "text/xml");
        assert!(response.headers().contains_key("x-amzn-requestid"));
    }
}
