//! Reading requests: path labels, query strings, JSON bodies, the caller (the SigV4 access key
//! id and Region) and STS's form bodies, each failing with the service's wire error rather than
//! axum's plain-text rejections.

use std::collections::HashMap;
use std::convert::Infallible;

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Path, Query, Request};
use axum::http::{header, request::Parts};
use serde::de::DeserializeOwned;

use crate::accounts::DEFAULT_ACCESS_KEY_ID;
use crate::app::AppState;
use crate::errors::ApiError;
use crate::partitions::Partition;
use crate::sts::StsError;
use crate::validate;

/// The Region used when a request is not signed.
pub(crate) const DEFAULT_REGION: &str = "us-east-1";

/// The labels of the request path (`{WorkloadId}`, `{LensAlias}`, ...), percent-decoded.
#[derive(Debug)]
pub(crate) struct PathParams(HashMap<String, String>);

impl<S: Send + Sync> FromRequestParts<S> for PathParams {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Path(params) = Path::<HashMap<String, String>>::from_request_parts(parts, state)
            .await
            .map_err(|rejection| ApiError::cannot_parse(rejection.body_text()))?;
        Ok(Self(params))
    }
}

impl PathParams {
    fn get(&self, name: &str) -> &str {
        self.0.get(name).map_or("", String::as_str)
    }

    /// `{WorkloadId}`, checked against the id pattern.
    pub fn workload_id(&self) -> Result<&str, ApiError> {
        let id = self.get("WorkloadId");
        validate::workload_id(id)?;
        Ok(id)
    }

    /// `{LensAlias}` (an alias or a lens ARN).
    pub fn lens_alias(&self) -> Result<&str, ApiError> {
        let alias = self.get("LensAlias");
        validate::length("LensAlias", alias, 1, 128)?;
        Ok(alias)
    }

    /// `{QuestionId}`.
    pub fn question_id(&self) -> Result<&str, ApiError> {
        let id = self.get("QuestionId");
        validate::length("QuestionId", id, 1, 128)?;
        Ok(id)
    }

    /// `{MilestoneNumber}`, 1..=100.
    pub fn milestone_number(&self) -> Result<u32, ApiError> {
        milestone_number(self.get("MilestoneNumber"))
    }
}

fn milestone_number(text: &str) -> Result<u32, ApiError> {
    let number = validate::parse_integer("MilestoneNumber", text)?;
    let number = validate::integer_in("MilestoneNumber", number, 1, 100)?;
    Ok(u32::try_from(number).unwrap_or(1))
}

/// The query string's parameters.
#[derive(Debug)]
pub(crate) struct QueryParams(HashMap<String, String>);

impl<S: Send + Sync> FromRequestParts<S> for QueryParams {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Query(params) = Query::<HashMap<String, String>>::from_request_parts(parts, state)
            .await
            .map_err(|rejection| ApiError::cannot_parse(rejection.body_text()))?;
        Ok(Self(params))
    }
}

impl QueryParams {
    /// A string parameter.
    pub fn text(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }

    /// An integer parameter.
    pub fn integer(&self, name: &str) -> Result<Option<i64>, ApiError> {
        self.text(name)
            .map(|text| validate::parse_integer(name, text))
            .transpose()
    }

    /// `?MilestoneNumber=`, 1..=100, if given.
    pub fn milestone_number(&self) -> Result<Option<u32>, ApiError> {
        self.text("MilestoneNumber")
            .map(milestone_number)
            .transpose()
    }
}

/// A JSON request body; an empty body reads as `{}`.
#[derive(Debug)]
pub(crate) struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|rejection| ApiError::cannot_parse(rejection.body_text()))?;
        parse_json(&bytes).map(Self)
    }
}

fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let bytes = if bytes.iter().all(u8::is_ascii_whitespace) {
        b"{}".as_slice()
    } else {
        bytes
    };
    serde_json::from_slice(bytes).map_err(|error| {
        ApiError::cannot_parse(format!("Could not read the request body as JSON: {error}"))
    })
}

/// Who sent a request, as its SigV4 `Authorization` header says (signatures are not checked):
/// the access key id and Region of the credential scope, and the account the key belongs to.
/// An unsigned request is key [`DEFAULT_ACCESS_KEY_ID`] in [`DEFAULT_REGION`]; each part of the
/// scope that is missing or implausible falls back the same way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Caller {
    pub access_key_id: String,
    pub account: String,
    pub region: String,
}

impl Caller {
    /// The account and Region whose workloads the request sees.
    pub fn partition(&self) -> Partition {
        Partition::new(self.account.clone(), self.region.clone())
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        app: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let scope = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .map(credential_scope)
            .unwrap_or_default();
        let access_key_id = scope.access_key_id.unwrap_or(DEFAULT_ACCESS_KEY_ID);
        let account = app.identities().account_of(access_key_id);
        Ok(Self {
            access_key_id: access_key_id.to_owned(),
            account,
            region: scope.region.unwrap_or(DEFAULT_REGION).to_owned(),
        })
    }
}

/// What the emulator reads of a SigV4 credential scope; `None` for a part that is missing or
/// implausible.
#[derive(Debug, Default, PartialEq, Eq)]
struct CredentialScope<'a> {
    access_key_id: Option<&'a str>,
    region: Option<&'a str>,
}

/// `AWS4-HMAC-SHA256 Credential=AKID/20261123/us-east-1/wellarchitected/aws4_request,
/// SignedHeaders=..., Signature=...`. The Region is read only from a five-part scope ending in
/// `aws4_request`, so that SigV4a's Region-less scope (`AKID/DATE/SERVICE/aws4_request`) does
/// not pass its service off as a Region.
fn credential_scope(header: &str) -> CredentialScope<'_> {
    let Some(rest) = header.split("Credential=").nth(1) else {
        return CredentialScope::default();
    };
    let scope = rest.split([',', ' ']).next().unwrap_or_default();
    let parts: Vec<&str> = scope.split('/').collect();
    let region = match parts.as_slice() {
        [_, _, region, _, "aws4_request"] => Some(*region).filter(|r| is_plausible_region(r)),
        _ => None,
    };
    CredentialScope {
        access_key_id: parts.first().copied().filter(|k| is_plausible_key(k)),
        region,
    }
}

/// Lowercase letters, digits and dashes, as every Region name is (`us-east-1`, `eu-west-1`).
pub(crate) fn is_plausible_region(region: &str) -> bool {
    !region.is_empty()
        && region.len() <= 32
        && region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Printable ASCII without spaces, at most 128 characters: AWS's keys are letters and digits,
/// but tests sign with anything (`test`, `bench`), and the key is only a name here.
fn is_plausible_key(key: &str) -> bool {
    !key.is_empty() && key.len() <= 128 && key.bytes().all(|b| b.is_ascii_graphic())
}

/// The parameters of a `application/x-www-form-urlencoded` body (the STS query protocol),
/// failing with STS's ValidationError.
#[derive(Debug)]
pub(crate) struct FormBody(pub HashMap<String, String>);

impl<S: Send + Sync> FromRequest<S> for FormBody {
    type Rejection = StsError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|rejection| StsError::Validation(rejection.body_text()))?;
        parse_form(&bytes).map(Self).map_err(StsError::Validation)
    }
}

/// `name=value&name=value`, percent-decoded, `+` read as a space; a repeated name keeps its
/// last value.
fn parse_form(body: &[u8]) -> Result<HashMap<String, String>, String> {
    let text =
        std::str::from_utf8(body).map_err(|_| "The request body is not UTF-8 text".to_owned())?;
    text.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            Ok((percent_decode(name)?, percent_decode(value)?))
        })
        .collect()
}

/// Decodes `%XX` escapes and `+`; a broken escape or a result that is not UTF-8 is an error.
fn percent_decode(text: &str) -> Result<String, String> {
    let broken = || format!("The request body has a broken percent escape: {text:?}");
    let mut bytes = text.bytes();
    let mut decoded = Vec::with_capacity(text.len());
    while let Some(byte) = bytes.next() {
        decoded.push(match byte {
            b'+' => b' ',
            b'%' => {
                let high = bytes.next().and_then(hex_digit).ok_or_else(broken)?;
                let low = bytes.next().and_then(hex_digit).ok_or_else(broken)?;
                high << 4 | low
            }
            other => other,
        });
    }
    String::from_utf8(decoded).map_err(|_| broken())
}

fn hex_digit(byte: u8) -> Option<u8> {
    char::from(byte)
        .to_digit(16)
        .and_then(|d| u8::try_from(d).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope(key: Option<&'static str>, region: Option<&'static str>) -> CredentialScope<'static> {
        CredentialScope {
            access_key_id: key,
            region,
        }
    }

    #[test]
    fn reads_the_key_and_region_of_a_signature() {
        let header = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261123/eu-west-1/wellarchitected/aws4_request, \
                      SignedHeaders=host;x-amz-date, Signature=abc";
        assert_eq!(
            credential_scope(header),
            scope(Some("AKIDEXAMPLE"), Some("eu-west-1"))
        );
        // No space after the comma, as some signers write it.
        let header = "AWS4-HMAC-SHA256 Credential=test/20261123/us-west-2/sts/aws4_request,SignedHeaders=host,Signature=abc";
        assert_eq!(
            credential_scope(header),
            scope(Some("test"), Some("us-west-2"))
        );
    }

    #[test]
    fn implausible_parts_of_a_scope_are_ignored() {
        assert_eq!(credential_scope("Bearer x"), scope(None, None));
        assert_eq!(credential_scope(""), scope(None, None));
        assert_eq!(
            credential_scope("AWS4-HMAC-SHA256 Credential=a/b/<script>/c/aws4_request"),
            scope(Some("a"), None)
        );
        // SigV4a: no Region in the scope, and the service is not one.
        assert_eq!(
            credential_scope(
                "AWS4-ECDSA-P256-SHA256 Credential=AKID/20261123/wellarchitected/aws4_request"
            ),
            scope(Some("AKID"), None)
        );
        assert_eq!(
            credential_scope("AWS4-HMAC-SHA256 Credential=/20261123/us-east-1/sts/aws4_request"),
            scope(None, Some("us-east-1"))
        );
        let long_key = format!(
            "AWS4-HMAC-SHA256 Credential={}/d/us-east-1/s/aws4_request",
            "K".repeat(129)
        );
        assert_eq!(credential_scope(&long_key).access_key_id, None);
        assert_eq!(
            credential_scope("AWS4-HMAC-SHA256 Credential=AKID/d/us-east-1/s/aws4_request/extra"),
            scope(Some("AKID"), None)
        );
    }

    #[test]
    fn form_bodies_are_percent_decoded() {
        let form = parse_form(
            b"Action=AssumeRole&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fdeploy&RoleSessionName=a+b&Empty=&Flag",
        )
        .expect("a valid form");
        assert_eq!(form["Action"], "AssumeRole");
        assert_eq!(form["RoleArn"], "arn:aws:iam::123456789012:role/deploy");
        assert_eq!(form["RoleSessionName"], "a b");
        assert_eq!(form["Empty"], "");
        assert_eq!(form["Flag"], "");
        assert_eq!(parse_form(b"").expect("empty"), HashMap::new());
        assert_eq!(parse_form(b"N=%C3%A9").expect("UTF-8")["N"], "é");
    }

    #[test]
    fn broken_form_bodies_are_errors() {
        for body in [
            &b"A=%"[..],
            b"A=%4",
            b"A=%zz",
            b"A=%+1",
            b"A=%FF",
            b"\xff=1",
        ] {
            assert!(parse_form(body).is_err(), "{body:?}");
        }
    }

    #[test]
    fn empty_bodies_read_as_empty_objects() {
        let value: serde_json::Value = parse_json(b"").expect("empty body");
        assert_eq!(value, serde_json::json!({}));
        assert!(parse_json::<serde_json::Value>(b"{not json").is_err());
    }

    #[test]
    fn milestone_numbers_are_bounded() {
        assert_eq!(milestone_number("7"), Ok(7));
        assert!(milestone_number("0").is_err());
        assert!(milestone_number("101").is_err());
        assert!(milestone_number("x").is_err());
    }
}
