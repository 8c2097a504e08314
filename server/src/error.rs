//! `AppError`: every HTTP failure as a JSON body `{ "error": { "code", "message" } }`. Server
//! errors (5xx) never show their cause: the body says what the client can do and carries the
//! request id; the cause goes to the log under that id.

use crate::store::StoreError;
use crate::wire::{ErrorBody, ErrorDetail};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    Unauthorized(String),
    #[error("{0}")]
    NotFound(String),
    #[error(transparent)]
    Invalid(#[from] crate::proof_input::InvalidField),
    #[error("this address does not take this method: the Allow header lists those it takes")]
    MethodNotAllowed,
    #[error("the request body is larger than this endpoint accepts")]
    PayloadTooLarge,
    #[error("the request body did not arrive in time")]
    BodyTimeout,
    #[error("send the body as JSON with `Content-Type: application/json`")]
    UnsupportedMediaType,
    #[error("too many requests; retry in {} s", .0.as_secs() + 1)]
    TooManyRequests(std::time::Duration),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the background task failed: {0}")]
    Task(#[from] tokio::task::JoinError),
    #[error("{0}")]
    Internal(String),
}

/// Seconds a client should wait before retrying while the store is unreachable.
const STORE_RETRY_AFTER: &str = "5";

impl AppError {
    fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            AppError::BadRequest(_) => (StatusCode::BAD_REQUEST, "bad_request"),
            AppError::Unauthorized(_) => (StatusCode::UNAUTHORIZED, "unauthorized"),
            AppError::NotFound(_) => (StatusCode::NOT_FOUND, "not_found"),
            AppError::Invalid(_) | AppError::Store(StoreError::KeyReused) => {
                (StatusCode::UNPROCESSABLE_ENTITY, "invalid")
            }
            AppError::MethodNotAllowed => (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed"),
            AppError::PayloadTooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "too_large"),
            AppError::BodyTimeout => (StatusCode::REQUEST_TIMEOUT, "timeout"),
            AppError::TooManyRequests(_) => (StatusCode::TOO_MANY_REQUESTS, "rate_limited"),
            AppError::UnsupportedMediaType => {
                (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type")
            }
            AppError::Store(StoreError::InDoubt) => {
                (StatusCode::SERVICE_UNAVAILABLE, "outcome_unknown")
            }
            AppError::Store(e) if e.is_unavailable() => {
                (StatusCode::SERVICE_UNAVAILABLE, "store_unavailable")
            }
            AppError::Store(_) | AppError::Task(_) | AppError::Internal(_) => {
                (StatusCode::INTERNAL_SERVER_ERROR, "internal")
            }
        }
    }

    /// What a client is told of a server error: what to do, never the cause.
    fn public_message(&self, status: StatusCode) -> String {
        if matches!(self, AppError::Store(StoreError::InDoubt)) {
            "the proof store lost its connection as the record was committed, and cannot say yet whether it was kept; retry with the same Idempotency-Key to find out (without one, look for the record before retrying)".into()
        } else if status == StatusCode::SERVICE_UNAVAILABLE {
            "the proof store cannot be reached right now; this request stored nothing; retry shortly (with the same Idempotency-Key, a retry returns the record if an earlier attempt kept it)".into()
        } else if status.is_server_error() {
            "the server failed to answer this request; the request id names it in the log".into()
        } else {
            self.to_string()
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        let request_id = crate::request_id::current();
        if status.is_server_error() {
            tracing::error!(error = %self, request_id = %request_id, "request failed");
        }
        let (message, field) = match &self {
            AppError::Invalid(invalid) => (invalid.message.clone(), Some(invalid.field)),
            AppError::Store(StoreError::KeyReused) => {
                (self.public_message(status), Some("Idempotency-Key"))
            }
            _ => (self.public_message(status), None),
        };
        let body = ErrorBody {
            error: ErrorDetail {
                code,
                message,
                field,
                request_id: status.is_server_error().then_some(request_id),
            },
        };
        let mut response = (status, Json(body)).into_response();
        let headers = response.headers_mut();
        if let AppError::TooManyRequests(wait) = &self {
            if let Ok(value) = HeaderValue::from_str(&(wait.as_secs() + 1).to_string()) {
                headers.insert(header::RETRY_AFTER, value);
            }
        }
        if status == StatusCode::SERVICE_UNAVAILABLE {
            headers.insert(
                header::RETRY_AFTER,
                HeaderValue::from_static(STORE_RETRY_AFTER),
            );
        }
        if status == StatusCode::UNAUTHORIZED {
            headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}

impl From<axum::extract::rejection::QueryRejection> for AppError {
    fn from(rejection: axum::extract::rejection::QueryRejection) -> Self {
        AppError::BadRequest(rejection.body_text())
    }
}

impl From<axum::extract::rejection::PathRejection> for AppError {
    fn from(rejection: axum::extract::rejection::PathRejection) -> Self {
        AppError::BadRequest(rejection.body_text())
    }
}

impl From<axum::extract::rejection::StringRejection> for AppError {
    fn from(rejection: axum::extract::rejection::StringRejection) -> Self {
        match rejection.status() {
            StatusCode::PAYLOAD_TOO_LARGE => AppError::PayloadTooLarge,
            _ => AppError::BadRequest(format!(
                "send the copy as UTF-8 text ({})",
                rejection.body_text()
            )),
        }
    }
}

impl From<axum::extract::rejection::JsonRejection> for AppError {
    fn from(rejection: axum::extract::rejection::JsonRejection) -> Self {
        use axum::extract::rejection::JsonRejection as R;
        match rejection {
            R::MissingJsonContentType(_) => AppError::UnsupportedMediaType,
            r if r.status() == StatusCode::PAYLOAD_TOO_LARGE => AppError::PayloadTooLarge,
            R::JsonDataError(e) => AppError::Invalid(crate::proof_input::InvalidField {
                field: "body",
                message: e.body_text(),
            }),
            other => AppError::Invalid(crate::proof_input::InvalidField {
                field: "body",
                message: other.body_text(),
            }),
        }
    }
}
