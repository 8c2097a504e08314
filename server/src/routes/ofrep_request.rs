//! What an OFREP request brings, read before its handler runs: the flag key from the path and an
//! evaluation context that must be nothing or a JSON object whose `context` is an object. A
//! request that cannot be read is answered in OFREP's own failure shape, never the app's body.

use super::ofrep::EvaluationFailure;
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;

/// A request that could not be evaluated: a body over the limit (the app's own 413), or an
/// OFREP failure with its status.
pub enum Failure {
    TooLarge,
    Evaluation {
        status: StatusCode,
        key: Option<String>,
        code: &'static str,
        details: String,
    },
}

impl Failure {
    /// `FLAG_NOT_FOUND` (404), for `key` if it could be read.
    pub fn not_found(key: Option<&str>, details: String) -> Self {
        let key = key.map(str::to_owned);
        let (status, code) = (StatusCode::NOT_FOUND, "FLAG_NOT_FOUND");
        Self::Evaluation {
            status,
            key,
            code,
            details,
        }
    }

    fn bad_request(code: &'static str, details: String) -> Self {
        let status = StatusCode::BAD_REQUEST;
        Self::Evaluation {
            status,
            key: None,
            code,
            details,
        }
    }

    /// The same failure, said of the flag `key`.
    fn of_flag(self, key: String) -> Self {
        match self {
            Self::TooLarge => Self::TooLarge,
            Self::Evaluation {
                status,
                code,
                details,
                ..
            } => Self::Evaluation {
                status,
                key: Some(key),
                code,
                details,
            },
        }
    }
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        let Self::Evaluation {
            status,
            key,
            code,
            details,
        } = self
        else {
            return crate::error::AppError::PayloadTooLarge.into_response();
        };
        // The key came from the caller: echoed only while short, as the id it should be.
        let failure = EvaluationFailure {
            key: key.map(|k| k.chars().take(128).collect()),
            error_code: code,
            error_details: details,
        };
        (status, Json(failure)).into_response()
    }
}

/// The body of `POST /ofrep/v1/evaluate/flags`, checked (the board answers every caller alike,
/// so the context is read only to refuse one that is not what OFREP sends).
pub struct Context;

impl<S: Send + Sync> FromRequest<S> for Context {
    type Rejection = Failure;

    async fn from_request(request: Request, state: &S) -> Result<Self, Failure> {
        let Ok(body) = Bytes::from_request(request, state).await else {
            return Err(Failure::TooLarge);
        };
        check_context(&body).map(|()| Self)
    }
}

/// The flag of `POST /ofrep/v1/evaluate/flags/{key}`, its context checked.
pub struct FlagRequest {
    pub key: String,
}

impl<S: Send + Sync> FromRequest<S> for FlagRequest {
    type Rejection = Failure;

    async fn from_request(request: Request, state: &S) -> Result<Self, Failure> {
        let (mut parts, body) = request.into_parts();
        let Ok(Path(key)) = Path::<String>::from_request_parts(&mut parts, state).await else {
            let details = "the key is not a valid motion id".to_owned();
            return Err(Failure::not_found(None, details));
        };
        let request = Request::from_parts(parts, body);
        match Context::from_request(request, state).await {
            Ok(Context) => Ok(Self { key }),
            Err(failure) => Err(failure.of_flag(key)),
        }
    }
}

/// The body, if any, must be a JSON object whose `context`, if any, is an object.
fn check_context(body: &[u8]) -> Result<(), Failure> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(());
    }
    let parse = |details| Failure::bad_request("PARSE_ERROR", details);
    let value: serde_json::Value =
        serde_json::from_slice(body).map_err(|e| parse(format!("the body is not JSON: {e}")))?;
    let object = value
        .as_object()
        .ok_or_else(|| parse("the body must be a JSON object".to_owned()))?;
    match object.get("context") {
        None | Some(serde_json::Value::Object(_)) => Ok(()),
        Some(_) => Err(Failure::bad_request(
            "INVALID_CONTEXT",
            "`context` must be a JSON object".to_owned(),
        )),
    }
}
