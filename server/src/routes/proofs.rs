//! `POST /api/proofs` (authenticated push), `HEAD /api/proofs` (an authenticated no-op, so a
//! pusher learns of a wrong token before running anything), `GET /api/proofs` (public history:
//! outcome and time) and `GET /api/proofs/{id}` (one record's receipt). The token, the push
//! rate and the `Idempotency-Key` are checked before the body is read (`push_extract`).

use super::extract::{AppPath, AppQuery};
use super::push_extract::{IdempotencyKey, PushBody, Pusher, WithinPushRate};
use crate::error::AppError;
use crate::proof_input::{InvalidField, ProofInput};
use crate::state::AppState;
use crate::wire::{Proof, ProofHistory};
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use readiness::ProofSource;
use serde::Deserialize;
use sha2::{Digest, Sha256};

pub async fn push_proof(
    State(state): State<AppState>,
    _: Pusher,
    _: WithinPushRate,
    IdempotencyKey(key): IdempotencyKey,
    PushBody(body): PushBody,
) -> Result<Response, AppError> {
    let input: ProofInput = serde_json::from_slice(&body).map_err(|e| {
        AppError::Invalid(InvalidField {
            field: "body",
            message: e.to_string(),
        })
    })?;
    let now = state.now();
    let details = input.details()?;
    let record = input.validate(
        &state.board.catalog(),
        ProofSource::Api,
        now,
        &state.redactor(),
    )?;
    let request_sha256 = hex::encode(Sha256::digest(&body));
    let (stored, replayed) = state
        .record_proof(record, details, key.map(|k| (k, request_sha256)))
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

/// What a push may carry beyond `{system, outcome, evidence, recorded_at}`, said by
/// `HEAD /api/proofs`: a pusher sends those fields only to a board that names them, so a board
/// from before them (which refuses unknown fields) still takes its pushes.
pub const PUSH_FIELDS: &str = "duration_ms, output_sha256";

/// `HEAD /api/proofs`: 204 when the token may push (with `Push-Fields`), 401 otherwise;
/// nothing is read or stored.
pub async fn check_token(_: Pusher) -> impl IntoResponse {
    (StatusCode::NO_CONTENT, [("push-fields", PUSH_FIELDS)])
}

/// The receipt of the record stored under `id` (the JSON and the page read the same): the
/// record, its evidence redacted with every value known now. Any id that names no stored record
/// is a 404.
pub async fn receipt_of(state: &AppState, id: &str) -> Result<Proof, AppError> {
    // The id is not echoed: an answer never repeats what a stranger wrote into it.
    let unknown = || AppError::NotFound("no proof record has this id".to_owned());
    // One address per record: its id written as the store gave it ("+1" and "01" are not it).
    let number = id
        .parse::<i64>()
        .ok()
        .filter(|n| *n > 0 && n.to_string() == id);
    let number = number.ok_or_else(unknown)?;
    let stored = state.read_within(move |store| store.proof(number)).await?;
    let stored = stored.ok_or_else(unknown)?;
    Ok(Proof::redacted(&stored, &state.redactor()))
}

/// A receipt takes no query: one address per record (`?x=1` is a 400, as on the history).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReceiptQuery {}

/// `GET /api/proofs/{id}`: the receipt of one stored proof record, its evidence included and
/// redacted again with every secret this server knows now (a value added to the env after the
/// push never shows either). Any id that names no stored record is a 404. Its ETag moves when
/// the redaction does, and `no-cache` has every cache ask again, so none keeps an older one.
pub async fn receipt(
    State(state): State<AppState>,
    AppPath(id): AppPath<String>,
    AppQuery(ReceiptQuery {}): AppQuery<ReceiptQuery>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let proof = receipt_of(&state, &id).await?;
    let bytes = serde_json::to_vec(&proof)
        .map_err(|e| AppError::Internal(format!("a receipt did not serialize: {e}")))?;
    let etag = crate::conditional::etag_of(&bytes);
    let body = || ([(header::CONTENT_TYPE, "application/json")], bytes).into_response();
    Ok(crate::conditional::tagged(
        &headers,
        &etag,
        Some("no-cache"),
        body,
    ))
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
    let filter = system.clone();
    let records = state
        .read_within(move |store| store.history(filter.as_ref(), limit))
        .await?;
    let records = records.iter().map(|p| Proof::of(p, false)).collect();
    Ok(Json(ProofHistory { system, records }))
}
