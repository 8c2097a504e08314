//! OpenFeature Remote Evaluation Protocol (OFREP): every motion is a boolean flag whose value is
//! "can move", so product code gates a feature with any OpenFeature SDK. The value does not depend
//! on the evaluation context (reason `STATIC`); the blocking systems travel in `metadata`.
//! `POST /ofrep/v1/evaluate/flags/{key}` evaluates one flag, `POST /ofrep/v1/evaluate/flags`
//! all of them with an ETag (`If-None-Match` → 304).

use super::ofrep_request::{Context, Failure, FlagRequest};
use crate::state::AppState;
use axum::extract::State;
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use axum::Json;
use readiness::board::MotionView;
use schemars::JsonSchema;
use serde::Serialize;
use std::collections::BTreeMap;

/// Largest request body (an evaluation context) read.
pub const MAX_CONTEXT_BYTES: usize = 16 * 1024;

/// One flag's evaluation: `value` is whether the motion can move.
#[derive(Debug, Serialize, JsonSchema)]
pub struct FlagEvaluation {
    pub key: String,
    pub value: bool,
    /// Always `STATIC`: the board gives every caller the same answer.
    pub reason: &'static str,
    /// `can-move` or `gated`.
    pub variant: &'static str,
    /// `name`, `paid`, `blocked_by` (comma-separated system ids, empty when it can move), and
    /// `expected_by` (YYYY-MM-DD) for a gated motion whose systems all have an expected day,
    /// `expected_late` (comma-separated ids of the systems it waits on whose day has passed) when
    /// one has;
    /// `target` (YYYY-MM-DD) and `target_state` (`met`, `on_track`, `at_risk`, `missed`,
    /// `unknown`) for a motion with a target.
    pub metadata: BTreeMap<&'static str, MetadataValue>,
}

#[derive(Debug, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum MetadataValue {
    Text(String),
    Flag(bool),
}

/// Every flag at once.
#[derive(Debug, Serialize, JsonSchema)]
pub struct BulkEvaluation {
    pub flags: Vec<FlagEvaluation>,
}

/// An evaluation that could not be made: `FLAG_NOT_FOUND`, `PARSE_ERROR` or `INVALID_CONTEXT`.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct EvaluationFailure {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    pub error_code: &'static str,
    pub error_details: String,
}

fn evaluate(motion: &MotionView) -> FlagEvaluation {
    let blocked_by: Vec<&str> = motion.blockers.iter().map(|b| b.system.as_str()).collect();
    let mut metadata = BTreeMap::from([
        ("name", MetadataValue::Text(motion.name.to_string())),
        ("paid", MetadataValue::Flag(motion.paid)),
        ("blocked_by", MetadataValue::Text(blocked_by.join(","))),
    ]);
    // "When?": the day a gated motion is expected by, when every system it waits on has one.
    if let Some(by) = motion.expected.as_ref().and_then(|e| e.by) {
        metadata.insert("expected_by", MetadataValue::Text(by.to_string()));
    }
    // A day is no promise while part of what it waits on is late (found by attack).
    let late = motion
        .expected
        .as_ref()
        .map(|e| e.late.as_slice())
        .unwrap_or_default();
    if !late.is_empty() {
        let ids: Vec<&str> = late.iter().map(|id| id.as_str()).collect();
        metadata.insert("expected_late", MetadataValue::Text(ids.join(",")));
    }
    if let Some(target) = &motion.target {
        metadata.insert("target", MetadataValue::Text(target.on.to_string()));
        metadata.insert(
            "target_state",
            MetadataValue::Text(target.state.as_str().to_owned()),
        );
    }
    FlagEvaluation {
        key: motion.id.as_str().to_owned(),
        value: motion.can_move,
        reason: "STATIC",
        variant: if motion.can_move { "can-move" } else { "gated" },
        metadata,
    }
}

pub async fn evaluate_flag(
    State(state): State<AppState>,
    FlagRequest { key }: FlagRequest,
) -> Result<Json<FlagEvaluation>, Failure> {
    let snapshot = state.board.current(state.now());
    let motions = &snapshot.board.motions;
    match motions.iter().find(|m| m.id.as_str() == key) {
        Some(motion) => Ok(Json(evaluate(motion))),
        None => {
            let known: Vec<&str> = motions.iter().map(|m| m.id.as_str()).collect();
            let details = format!("no motion has this id; flags: {}", known.join(", "));
            Err(Failure::not_found(Some(&key), details))
        }
    }
}

pub async fn evaluate_all(
    State(state): State<AppState>,
    headers: HeaderMap,
    Context: Context,
) -> Response {
    let snapshot = state.board.current(state.now());
    let bulk = BulkEvaluation {
        flags: snapshot.board.motions.iter().map(evaluate).collect(),
    };
    let Ok(bytes) = serde_json::to_vec(&bulk) else {
        return crate::error::AppError::Internal("flags did not serialize".into()).into_response();
    };
    let etag = crate::conditional::etag_of(&bytes);
    let body = || ([(header::CONTENT_TYPE, "application/json")], bytes).into_response();
    crate::conditional::tagged(&headers, &etag, None, body)
}

/// Any other path under `/ofrep/`: a JSON answer an OFREP client can read, not the HTML page.
pub async fn no_such_endpoint() -> Failure {
    let details =
        "no such OFREP endpoint: POST /ofrep/v1/evaluate/flags or /ofrep/v1/evaluate/flags/{key}";
    Failure::not_found(None, details.to_owned())
}
