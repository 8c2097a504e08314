//! `POST /api/claims/check`: `{motion, text}` in, every disallowed claim the text makes out.

use crate::error::AppError;
use crate::proof_input::InvalidField;
use crate::state::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::State;
use axum::Json;
use readiness::{ClaimRules, Violation};
use serde::{Deserialize, Serialize};

/// Copy up to about a megabyte (plus JSON escaping) is accepted.
pub const MAX_CLAIMS_BODY_BYTES: usize = 2 * 1024 * 1024;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimCheck {
    motion: String,
    text: String,
}

/// Violations listed in one answer at most; `total` counts them all. Without a bound, 2 MiB of
/// copy made a 30 MB answer, held in memory while a slow client read it (found by attack).
pub const MAX_LISTED: usize = 1000;

#[derive(Debug, Serialize)]
pub struct ClaimCheckResult {
    motion: String,
    violations: Vec<Violation>,
    /// How many violations the copy holds (more than listed when `truncated`).
    total: usize,
    truncated: bool,
}

pub async fn check(
    State(state): State<AppState>,
    body: Result<Json<ClaimCheck>, JsonRejection>,
) -> Result<Json<ClaimCheckResult>, AppError> {
    let Json(request) = body?;
    let snapshot = state.board.current(state.now());
    let board = snapshot.board.clone();
    let motion = request.motion.clone();
    let checked = state
        .cpu(move || {
            ClaimRules::for_motion(&board, &request.motion)
                .map(|rules| rules.check_at_most(&request.text, MAX_LISTED))
        })
        .await?
        .map_err(|e| InvalidField {
            field: "motion",
            message: e.to_string(),
        })?;
    Ok(Json(ClaimCheckResult {
        motion,
        truncated: checked.total > checked.violations.len(),
        total: checked.total,
        violations: checked.violations,
    }))
}
