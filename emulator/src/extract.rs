//! Reading requests: path labels, query strings, JSON bodies and the SigV4 signing Region, each
//! failing with the service's ValidationException rather than axum's plain-text rejections.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Path, Query, Request};
use axum::http::{header, request::Parts};
use serde::de::DeserializeOwned;

use crate::errors::ApiError;
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

/// The Region from the SigV4 `Authorization` header's credential scope (signatures are not
/// checked), or [`DEFAULT_REGION`].
#[derive(Debug)]
pub(crate) struct SigningRegion(pub String);

impl<S: Send + Sync> FromRequestParts<S> for SigningRegion {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let header = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok());
        let region = header
            .and_then(region_of_authorization)
            .unwrap_or(DEFAULT_REGION);
        Ok(Self(region.to_owned()))
    }
}

/// `AWS4-HMAC-SHA256 Credential=AKID/20240101/eu-west-1/wellarchitected/aws4_request, ...`
fn region_of_authorization(header: &str) -> Option<&str> {
    let scope = header.split("Credential=").nth(1)?;
    let region = scope.split('/').nth(2)?;
    let plausible = !region.is_empty()
        && region.len() <= 32
        && region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    plausible.then_some(region)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_region_of_a_signature() {
        let header = "AWS4-HMAC-SHA256 Credential=test/20250101/eu-west-1/wellarchitected/aws4_request, \
                      SignedHeaders=host, Signature=abc";
        assert_eq!(region_of_authorization(header), Some("eu-west-1"));
        assert_eq!(region_of_authorization("Bearer x"), None);
        assert_eq!(region_of_authorization("Credential=a/b/<script>/c"), None);
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
