//! What a push must pass before its body is read, as extractors that run in this order: the
//! bearer token (`Pusher`; a failure spends the client address's own budget), the push rate
//! (`WithinPushRate`), the `Idempotency-Key` header; then the JSON body (`PushBody`: the JSON
//! content type, at most 64 KiB, within 10 s). An anonymous client never gets to send a body.

use crate::auth::bearer_token;
use crate::error::AppError;
use crate::state::AppState;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};
use std::time::Duration;

/// Request bodies above this are refused with 413.
pub const MAX_BODY_BYTES: usize = 64 * 1024;
/// Longest an authenticated pusher may take to send its body.
const BODY_TIME_LIMIT: Duration = Duration::from_secs(10);
/// Longest `Idempotency-Key` accepted (printable ASCII).
const MAX_KEY_LEN: usize = 128;

/// A request whose bearer token may push.
pub struct Pusher;

impl FromRequestParts<AppState> for Pusher {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let Some(expected) = state.push_token else {
            return Err(AppError::Unauthorized(
                "pushing proofs is not enabled on this server".into(),
            ));
        };
        let header = parts.headers.get(header::AUTHORIZATION);
        let given = bearer_token(header.and_then(|v| v.to_str().ok()));
        if given.is_some_and(|token| expected.accepts(token)) {
            return Ok(Self);
        }
        state
            .failed_auth_limit
            .check(
                state
                    .trusted_proxies
                    .client(&parts.headers, &parts.extensions),
            )
            .map_err(AppError::TooManyRequests)?;
        Err(AppError::Unauthorized(
            "a valid `Authorization: Bearer <token>` header is required".into(),
        ))
    }
}

/// A push within the server's push rate (429 with `Retry-After` beyond it).
pub struct WithinPushRate;

impl FromRequestParts<AppState> for WithinPushRate {
    type Rejection = AppError;

    async fn from_request_parts(_: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        state
            .push_limit
            .check()
            .map_err(AppError::TooManyRequests)?;
        Ok(Self)
    }
}

/// The `Idempotency-Key` header, if given: 1 to 128 printable ASCII characters.
pub struct IdempotencyKey(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for IdempotencyKey {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, AppError> {
        let Some(value) = parts.headers.get("idempotency-key") else {
            return Ok(Self(None));
        };
        let key = value
            .to_str()
            .ok()
            .filter(|k| !k.is_empty() && k.len() <= MAX_KEY_LEN)
            .filter(|k| k.bytes().all(|b| b.is_ascii_graphic()));
        match key {
            Some(key) => Ok(Self(Some(key.to_owned()))),
            None => Err(AppError::BadRequest(format!(
                "Idempotency-Key must be 1 to {MAX_KEY_LEN} printable ASCII characters"
            ))),
        }
    }
}

/// The body of a push: JSON (415 otherwise), at most [`MAX_BODY_BYTES`] (413), sent within
/// 10 s (408). Its bytes, parsed by the handler (whose errors name the field).
pub struct PushBody(pub bytes::Bytes);

impl<S: Send + Sync> FromRequest<S> for PushBody {
    type Rejection = AppError;

    async fn from_request(request: Request, _: &S) -> Result<Self, AppError> {
        if !is_json(request.headers()) {
            return Err(AppError::UnsupportedMediaType);
        }
        let body = request.into_body();
        match tokio::time::timeout(BODY_TIME_LIMIT, axum::body::to_bytes(body, MAX_BODY_BYTES))
            .await
        {
            Err(_) => Err(AppError::BodyTimeout),
            Ok(Ok(bytes)) => Ok(Self(bytes)),
            // `to_bytes` fails on the length limit, or when the client went away mid-body.
            Ok(Err(_)) => Err(AppError::PayloadTooLarge),
        }
    }
}

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|mime| mime.trim().to_ascii_lowercase())
        .is_some_and(|mime| mime == "application/json" || mime.ends_with("+json"))
}
