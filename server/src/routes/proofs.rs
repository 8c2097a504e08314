//! `POST /api/proofs` (authenticated push) and `GET /api/proofs` (public history: outcome and time).

use crate::auth::bearer_token;
use crate::error::AppError;
use crate::proof_input::ProofInput;
use crate::state::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::Json;
use readiness::ProofSource;
use serde::Deserialize;
use serde_json::{json, Value};

/// Request bodies above this are refused with 413.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

pub async fn push_proof(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Json<ProofInput>, JsonRejection>,
) -> Result<(StatusCode, Json<Value>), AppError> {
    state
        .push_limit
        .check()
        .map_err(AppError::TooManyRequests)?;
    let Some(expected) = state.push_token else {
        return Err(AppError::Unauthorized(
            "pushing proofs is not enabled on this server".into(),
        ));
    };
    let given = bearer_token(
        headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok()),
    );
    if !given.is_some_and(|token| expected.accepts(token)) {
        return Err(AppError::Unauthorized(
            "a valid `Authorization: Bearer <token>` header is required".into(),
        ));
    }
    let Json(input) = body?;
    let record = input.validate(state.board.catalog(), ProofSource::Api, state.now())?;
    let stored = state.record_proof(record, None, None).await?;
    tracing::info!(id = stored.id, system = %stored.record.system, outcome = stored.record.outcome.as_str(), "proof pushed");
    Ok((StatusCode::CREATED, Json(stored.to_json(true))))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HistoryQuery {
    system: Option<String>,
    limit: Option<usize>,
}

pub async fn proof_history(
    State(state): State<AppState>,
    query: Result<Query<HistoryQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<Value>, AppError> {
    let Query(query) = query?;
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
    let records: Vec<Value> = records.iter().map(|p| p.to_json(false)).collect();
    Ok(Json(json!({ "system": system, "records": records })))
}
