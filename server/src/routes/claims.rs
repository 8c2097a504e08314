//! `POST /api/claims/check`: `{motion, text}` in, every disallowed claim the text makes out.

use crate::error::AppError;
use crate::proof_input::InvalidField;
use crate::state::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::State;
use axum::Json;
use readiness::{check_copy, Violation};
use serde::{Deserialize, Serialize};

/// Copy up to about a megabyte (plus JSON escaping) is accepted.
pub const MAX_CLAIMS_BODY_BYTES: usize = 2 * 1024 * 1024;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimCheck {
    motion: String,
    text: String,
}

#[derive(Debug, Serialize)]
pub struct ClaimCheckResult {
    motion: String,
    violations: Vec<Violation>,
}

pub async fn check(
    State(state): State<AppState>,
    body: Result<Json<ClaimCheck>, JsonRejection>,
) -> Result<Json<ClaimCheckResult>, AppError> {
    let Json(request) = body?;
    let snapshot = state.board.current(state.now());
    let board = snapshot.board.clone();
    let motion = request.motion.clone();
    let violations = state
        .cpu(move || check_copy(&board, &request.motion, &request.text))
        .await?
        .map_err(|e| InvalidField {
            field: "motion",
            message: e.to_string(),
        })?;
    Ok(Json(ClaimCheckResult { motion, violations }))
}
