//! `POST /api/claims/check`: `{text, motions?}` in (no motions: every motion; `motion` names one,
//! as before), each motion's verdict and every phrase that makes a disallowed claim out.

use super::extract::AppJson;
use crate::error::AppError;
use crate::proof_input::InvalidField;
use crate::state::AppState;
use axum::extract::State;
use axum::Json;
use readiness::{ClaimRules, MotionVerdict, Violation};
use serde::{Deserialize, Serialize};

/// Copy up to 2 MiB (UTF-8) is checked, on every surface.
pub const MAX_CLAIMS_TEXT_BYTES: usize = 2 * 1024 * 1024;

/// The JSON body that carries it, however escaped: a character outside ASCII written `\u0436`
/// (as Python writes JSON by default) takes three times its bytes (found by attack: 1.9 MB of
/// Cyrillic was refused).
pub const MAX_CLAIMS_BODY_BYTES: usize = 3 * MAX_CLAIMS_TEXT_BYTES + 1024;

/// Copy to check, and the motions to check it for (none: every motion).
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ClaimCheck {
    motions: Option<Vec<String>>,
    motion: Option<String>,
    text: String,
}

/// Copy up to this size is checked without queueing for a CPU permit (well under a millisecond).
pub(crate) const SMALL_COPY_BYTES: usize = 16 * 1024;

impl ClaimCheck {
    /// `motions`, or the one `motion` of older clients; none given means every motion. An empty
    /// list or both fields are mistakes, not "every motion" (found by attack).
    fn chosen_motions(&self) -> Result<Vec<String>, InvalidField> {
        let invalid = |message: &str| InvalidField {
            field: "motions",
            message: message.to_owned(),
        };
        match (&self.motions, &self.motion) {
            (Some(_), Some(_)) => Err(invalid("give motions or motion, not both")),
            (Some(list), None) if list.is_empty() => Err(invalid(
                "an empty list checks nothing: name at least one motion, or leave motions out to check every motion",
            )),
            (Some(list), None) => Ok(list.clone()),
            (None, Some(one)) => Ok(vec![one.clone()]),
            (None, None) => Ok(Vec::new()),
        }
    }
}

/// Violations listed in one answer at most; `total` counts them all. Without a bound, 2 MiB of
/// copy made a 30 MB answer, held in memory while a slow client read it (found by attack).
pub const MAX_LISTED: usize = 1000;

#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct ClaimCheckResult {
    /// The one motion asked for with `motion`, as before.
    #[serde(skip_serializing_if = "Option::is_none")]
    motion: Option<String>,
    /// No checked motion is made unsafe by the text.
    safe: bool,
    verdicts: Vec<MotionVerdict>,
    violations: Vec<Violation>,
    /// Findings in all, one per phrase and claim it seems to make, negated ones included
    /// (more than listed when `truncated`).
    total: usize,
    /// Phrases that make a disallowed claim, each once however many claims it makes
    /// (overlapping matches are one phrase; negated ones are not counted).
    phrases: usize,
    /// The disallowed claims those phrases make (negated ones not counted).
    claims: usize,
    truncated: bool,
    /// Whether the rules were joined with the board's model of labelled copy (`GET
    /// /api/claims/model`): then a violation's `evidence` may be `doubted_phrase` (a warning,
    /// still counted: the model may add to a verdict, never clear one) or `sentence` (found by the model for the whole sentence).
    model: bool,
}

pub async fn check(
    State(state): State<AppState>,
    // An object only: serde would read a struct from an array too (found by attack).
    AppJson(object): AppJson<serde_json::Map<String, serde_json::Value>>,
) -> Result<Json<ClaimCheckResult>, AppError> {
    let request: ClaimCheck =
        serde_json::from_value(serde_json::Value::Object(object)).map_err(|e| InvalidField {
            field: "body",
            message: e.to_string(),
        })?;
    let motions = request.chosen_motions()?;
    if request.text.len() > MAX_CLAIMS_TEXT_BYTES {
        return Err(AppError::PayloadTooLarge);
    }
    let snapshot = state.board.current(state.now());
    let board = snapshot.board.clone();
    let motion = request.motion.clone();
    let model = state.claims_model.current();
    let joined = model.is_some();
    let small = request.text.len() <= SMALL_COPY_BYTES;
    let work = move || {
        let ids: Vec<&str> = motions.iter().map(String::as_str).collect();
        ClaimRules::for_motions(&board, &ids)
            .map(|rules| crate::claims_model::checker(model.as_deref(), rules))
            .map(|checker| checker.check_at_most(&request.text, MAX_LISTED))
    };
    let checked = match small {
        true => state.cpu_small(work).await?,
        false => state.cpu(work).await?,
    };
    let checked = checked.map_err(|e| InvalidField {
        field: "motions",
        message: e.to_string(),
    })?;
    Ok(Json(ClaimCheckResult {
        motion,
        safe: checked.verdicts.iter().all(|v| v.safe),
        verdicts: checked.verdicts,
        truncated: checked.total > checked.violations.len(),
        total: checked.total,
        phrases: checked.phrases,
        claims: checked.claims,
        violations: checked.violations,
        model: joined,
    }))
}
