//! `POST /api/proofs` (authenticated push), `HEAD /api/proofs` (an authenticated no-op, so a
//! pusher learns of a wrong token before running anything) and `GET /api/proofs` (public
//! history: outcome and time). The token is checked before the body is read: an anonymous
//! client never gets to send a body, and its failures spend only its own address's budget.

use super::extract::AppQuery;
use crate::auth::bearer_token;
use crate::error::AppError;
use crate::proof_input::{InvalidField, ProofInput};
use crate::state::AppState;
use crate::wire::{Proof, ProofHistory};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use readiness::ProofSource;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::Duration;

/// Request bodies above this are refused with 413.
pub const MAX_BODY_BYTES: usize = 64 * 1024;
/// Longest an authenticated pusher may take to send its body.
const BODY_TIME_LIMIT: Duration = Duration::from_secs(10);
/// Longest `Idempotency-Key` accepted (printable ASCII).
const MAX_KEY_LEN: usize = 128;

pub async fn push_proof(
    State(state): State<AppState>,
    request: Request,
) -> Result<Response, AppError> {
    authenticate(&state, &request)?;
    state
        .push_limit
        .check()
        .map_err(AppError::TooManyRequests)?;
    let key = idempotency_key(request.headers())?;
    if !is_json(request.headers()) {
        return Err(AppError::UnsupportedMediaType);
    }
    let body = read_body(request).await?;
    let input: ProofInput = serde_json::from_slice(&body).map_err(|e| {
        AppError::Invalid(InvalidField {
            field: "body",
            message: e.to_string(),
        })
    })?;
    let now = state.now();
    let record = input.validate(
        &state.board.catalog(),
        ProofSource::Api,
        now,
        &state.redactor(),
    )?;
    let request_sha256 = hex::encode(Sha256::digest(&body));
    let (stored, replayed) = state
        .record_proof(record, key.map(|k| (k, request_sha256)))
        .await?;
    if !replayed {
        tracing::info!(id = stored.id, system = %stored.record.system, outcome = stored.record.outcome.as_str(), "proof pushed");
    }
    let answer = Json(crate::wire::Proof::of(&stored, true));
    let mut response = (StatusCode::CREATED, answer).into_response();
    if replayed {
        response
            .headers_mut()
            .insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    Ok(response)
}

/// `HEAD /api/proofs`: 204 when the token may push, 401 otherwise; nothing is read or stored.
pub async fn check_token(
    State(state): State<AppState>,
    request: Request,
) -> Result<StatusCode, AppError> {
    authenticate(&state, &request)?;
    Ok(StatusCode::NO_CONTENT)
}

/// Checks the bearer token from the headers alone; a failure spends the client's own budget.
fn authenticate(state: &AppState, request: &Request) -> Result<(), AppError> {
    let Some(expected) = state.push_token else {
        return Err(AppError::Unauthorized(
            "pushing proofs is not enabled on this server".into(),
        ));
    };
    let given = bearer_token(
        request
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok()),
    );
    if given.is_some_and(|token| expected.accepts(token)) {
        return Ok(());
    }
    state
        .failed_auth_limit
        .check(client_address(request))
        .map_err(AppError::TooManyRequests)?;
    Err(AppError::Unauthorized(
        "a valid `Authorization: Bearer <token>` header is required".into(),
    ))
}

/// The peer's address as the listener saw it (loopback in `oneshot` tests).
fn client_address(request: &Request) -> IpAddr {
    request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::V4(Ipv4Addr::LOCALHOST), |info| info.0.ip())
}

fn idempotency_key(headers: &HeaderMap) -> Result<Option<String>, AppError> {
    let Some(value) = headers.get("idempotency-key") else {
        return Ok(None);
    };
    let key = value
        .to_str()
        .ok()
        .filter(|k| !k.is_empty() && k.len() <= MAX_KEY_LEN)
        .filter(|k| k.bytes().all(|b| b.is_ascii_graphic()));
    match key {
        Some(key) => Ok(Some(key.to_owned())),
        None => Err(AppError::BadRequest(format!(
            "Idempotency-Key must be 1 to {MAX_KEY_LEN} printable ASCII characters"
        ))),
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

async fn read_body(request: Request) -> Result<bytes::Bytes, AppError> {
    let body = request.into_body();
    match tokio::time::timeout(BODY_TIME_LIMIT, axum::body::to_bytes(body, MAX_BODY_BYTES)).await {
        Err(_) => Err(AppError::BodyTimeout),
        Ok(Ok(bytes)) => Ok(bytes),
        // `to_bytes` fails on the length limit, or when the client went away mid-body.
        Ok(Err(_)) => Err(AppError::PayloadTooLarge),
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HistoryQuery {
    system: Option<String>,
    limit: Option<usize>,
}

pub async fn proof_history(
    State(state): State<AppState>,
    AppQuery(query): AppQuery<HistoryQuery>,
) -> Result<Json<ProofHistory>, AppError> {
    let system = match query.system {
        None => None,
        Some(text) => Some(
            state
                .board
                .catalog()
                .find_system(&text)
                .map(|s| s.id.clone())
                .ok_or_else(|| AppError::NotFound(format!("unknown system {text:?}")))?,
        ),
    };
    let limit = query.limit.unwrap_or(100).clamp(1, 1000);
    let store = state.store.clone();
    let filter = system.clone();
    let records =
        tokio::task::spawn_blocking(move || store.history(filter.as_ref(), limit)).await??;
    let records = records.iter().map(|p| Proof::of(p, false)).collect();
    Ok(Json(ProofHistory { system, records }))
}
