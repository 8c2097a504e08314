//! `AppError`: every HTTP failure as a JSON body `{ "error": { "code", "message" } }`.

use crate::store::StoreError;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

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
    #[error("the request body is larger than this endpoint accepts")]
    PayloadTooLarge,
    #[error("send the body as JSON with `Content-Type: application/json`")]
    UnsupportedMediaType,
    #[error("too many proofs pushed; retry in {} s", .0.as_secs() + 1)]
    TooManyRequests(std::time::Duration),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the background task failed: {0}")]
    Task(#[from] tokio::task::JoinError),
}

impl AppError {
    fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            AppError::BadRequest(_) => (StatusCode::BAD_REQUEST, "bad_request"),
            AppError::Unauthorized(_) => (StatusCode::UNAUTHORIZED, "unauthorized"),
            AppError::NotFound(_) => (StatusCode::NOT_FOUND, "not_found"),
            AppError::Invalid(_) => (StatusCode::UNPROCESSABLE_ENTITY, "invalid"),
            AppError::PayloadTooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "too_large"),
            AppError::TooManyRequests(_) => (StatusCode::TOO_MANY_REQUESTS, "rate_limited"),
            AppError::UnsupportedMediaType => {
                (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type")
            }
            AppError::Store(_) => (StatusCode::SERVICE_UNAVAILABLE, "store_unavailable"),
            AppError::Task(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        if status.is_server_error() {
            tracing::error!(error = %self, "request failed");
        }
        let mut body = json!({ "error": { "code": code, "message": self.to_string() } });
        if let AppError::Invalid(invalid) = &self {
            body["error"]["field"] = invalid.field.into();
            body["error"]["message"] = invalid.message.clone().into();
        }
        let mut response = (status, Json(body)).into_response();
        if let AppError::TooManyRequests(wait) = &self {
            if let Ok(value) = HeaderValue::from_str(&(wait.as_secs() + 1).to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
        }
        if status == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}

impl From<axum::extract::rejection::QueryRejection> for AppError {
    fn from(rejection: axum::extract::rejection::QueryRejection) -> Self {
        AppError::BadRequest(rejection.body_text())
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
