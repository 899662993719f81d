//! The service's errors and their wire format.
//!
//! A rest-json error is an HTTP status, the header `x-amzn-errortype: <ShapeName>` and a JSON body
//! with the message (as `message` and `Message`) and the members the model defines for that
//! shape, so that AWS SDKs and the AWS CLI turn it into the right typed error.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// Every error the emulator answers with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ApiError {
    /// 400: a member is missing or breaks a constraint, or the body cannot be read.
    Validation {
        message: String,
        field: Option<String>,
        reason: &'static str,
    },
    /// 404: a workload, lens, question or milestone does not exist.
    NotFound {
        message: String,
        resource_id: String,
        resource_type: &'static str,
    },
    /// 409: a name is already taken.
    Conflict {
        message: String,
        resource_id: String,
        resource_type: &'static str,
    },
    /// 402: a quota is reached.
    QuotaExceeded {
        message: String,
        quota_code: &'static str,
        resource_id: String,
        resource_type: &'static str,
    },
    /// 429: an injected throttle.
    Throttling,
    /// 500: an injected server fault.
    Internal,
    /// 404: no operation has this method and path.
    UnknownOperation { method: String, path: String },
}

/// The service code reported in quota errors.
const SERVICE_CODE: &str = "wellarchitected";

impl ApiError {
    /// A member breaks a constraint.
    pub fn validation(field: &str, message: impl Into<String>) -> Self {
        Self::Validation {
            message: message.into(),
            field: Some(field.to_owned()),
            reason: "FIELD_VALIDATION_FAILED",
        }
    }

    /// The request body is not the JSON the operation takes.
    pub fn cannot_parse(message: impl Into<String>) -> Self {
        Self::Validation {
            message: message.into(),
            field: None,
            reason: "CANNOT_PARSE",
        }
    }

    /// A resource does not exist.
    pub fn not_found(
        resource_type: &'static str,
        resource_id: &str,
        message: impl Into<String>,
    ) -> Self {
        Self::NotFound {
            message: message.into(),
            resource_id: resource_id.to_owned(),
            resource_type,
        }
    }

    /// A name is already taken.
    pub fn conflict(
        resource_type: &'static str,
        resource_id: &str,
        message: impl Into<String>,
    ) -> Self {
        Self::Conflict {
            message: message.into(),
            resource_id: resource_id.to_owned(),
            resource_type,
        }
    }

    /// The shape name of the error in the service's model.
    pub fn shape_name(&self) -> &'static str {
        match self {
            Self::Validation { .. } => "ValidationException",
            Self::NotFound { .. } => "ResourceNotFoundException",
            Self::Conflict { .. } => "ConflictException",
            Self::QuotaExceeded { .. } => "ServiceQuotaExceededException",
            Self::Throttling => "ThrottlingException",
            Self::Internal => "InternalServerException",
            Self::UnknownOperation { .. } => "UnknownOperationException",
        }
    }

    /// The HTTP status the model gives the error.
    pub fn status(&self) -> StatusCode {
        match self {
            Self::Validation { .. } => StatusCode::BAD_REQUEST,
            Self::NotFound { .. } | Self::UnknownOperation { .. } => StatusCode::NOT_FOUND,
            Self::Conflict { .. } => StatusCode::CONFLICT,
            Self::QuotaExceeded { .. } => StatusCode::PAYMENT_REQUIRED,
            Self::Throttling => StatusCode::TOO_MANY_REQUESTS,
            Self::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The human-readable message.
    pub fn message(&self) -> String {
        match self {
            Self::Validation { message, .. }
            | Self::NotFound { message, .. }
            | Self::Conflict { message, .. }
            | Self::QuotaExceeded { message, .. } => message.clone(),
            Self::Throttling => "Rate exceeded (fault injected by wa-emulator)".to_owned(),
            Self::Internal => "Internal server error (fault injected by wa-emulator)".to_owned(),
            Self::UnknownOperation { method, path } => {
                format!("No operation matches {method} {path}")
            }
        }
    }

    /// The JSON body: the message plus the members of the error shape.
    pub fn body(&self) -> Value {
        let message = self.message();
        let mut body = json!({ "message": message, "Message": message });
        let members = match self {
            Self::Validation { field, reason, .. } => json!({
                "Reason": reason,
                "Fields": field.iter().map(|name| json!({ "Name": name, "Message": message })).collect::<Vec<_>>(),
            }),
            Self::NotFound {
                resource_id,
                resource_type,
                ..
            }
            | Self::Conflict {
                resource_id,
                resource_type,
                ..
            } => {
                json!({ "ResourceId": resource_id, "ResourceType": resource_type })
            }
            Self::QuotaExceeded {
                quota_code,
                resource_id,
                resource_type,
                ..
            } => json!({
                "QuotaCode": quota_code,
                "ServiceCode": SERVICE_CODE,
                "ResourceId": resource_id,
                "ResourceType": resource_type,
            }),
            Self::Throttling => json!({ "ServiceCode": SERVICE_CODE }),
            Self::Internal | Self::UnknownOperation { .. } => json!({}),
        };
        if let (Some(body), Value::Object(members)) = (body.as_object_mut(), members) {
            body.extend(members);
        }
        body
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (self.status(), axum::Json(self.body())).into_response();
        let headers = response.headers_mut();
        headers.insert(
            "x-amzn-errortype",
            HeaderValue::from_static(self.shape_name()),
        );
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_found_carries_the_model_members() {
        let error = ApiError::not_found("WORKLOAD", "abc", "Workload abc not found");
        assert_eq!(error.status(), StatusCode::NOT_FOUND);
        assert_eq!(
            error.body(),
            json!({"message": "Workload abc not found", "Message": "Workload abc not found",
                   "ResourceId": "abc", "ResourceType": "WORKLOAD"})
        );
    }

    #[test]
    fn validation_names_the_field() {
        let body = ApiError::validation("WorkloadName", "too short").body();
        assert_eq!(body["Fields"][0]["Name"], "WorkloadName");
        assert_eq!(body["Reason"], "FIELD_VALIDATION_FAILED");
    }

    #[test]
    fn the_header_names_the_shape() {
        let response = ApiError::Throttling.into_response();
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(
            response.headers()["x-amzn-errortype"],
            "ThrottlingException"
        );
    }
}
