//! `POST /api/claims/check`: `{text, motions?}` in (no motions: every motion; `motion` names one,
//! as before), each motion's verdict and every phrase that makes a disallowed claim out.

use crate::error::AppError;
use crate::proof_input::InvalidField;
use crate::state::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::State;
use axum::Json;
use readiness::{ClaimRules, MotionVerdict, Violation};
use serde::{Deserialize, Serialize};

/// Copy up to about a megabyte (plus JSON escaping) is accepted.
pub const MAX_CLAIMS_BODY_BYTES: usize = 2 * 1024 * 1024;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimCheck {
    #[serde(default)]
    motions: Vec<String>,
    motion: Option<String>,
    text: String,
}

/// Violations listed in one answer at most; `total` counts them all. Without a bound, 2 MiB of
/// copy made a 30 MB answer, held in memory while a slow client read it (found by attack).
pub const MAX_LISTED: usize = 1000;

#[derive(Debug, Serialize)]
pub struct ClaimCheckResult {
    /// The one motion asked for with `motion`, as before.
    #[serde(skip_serializing_if = "Option::is_none")]
    motion: Option<String>,
    /// No checked motion is made unsafe by the text.
    safe: bool,
    verdicts: Vec<MotionVerdict>,
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
    let mut motions = request.motions;
    motions.extend(request.motion);
    let checked = state
        .cpu(move || {
            let ids: Vec<&str> = motions.iter().map(String::as_str).collect();
            ClaimRules::for_motions(&board, &ids)
                .map(|rules| rules.compile().check_at_most(&request.text, MAX_LISTED))
        })
        .await?
        .map_err(|e| InvalidField {
            field: "motions",
            message: e.to_string(),
        })?;
    Ok(Json(ClaimCheckResult {
        motion,
        safe: checked.verdicts.iter().all(|v| v.safe),
        verdicts: checked.verdicts,
        truncated: checked.total > checked.violations.len(),
        total: checked.total,
        violations: checked.violations,
    }))
}
