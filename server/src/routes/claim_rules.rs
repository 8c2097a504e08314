//! `GET /api/claims/rules?motions=a,b`: the claims the chosen motions may not make now, as the
//! claim checker matches them (every motion when none is named). What `claims check --board-url`
//! checks copy against, so a CI job needs the deployed board only, not its env file or store;
//! and `GET /api/claims/model`, the model of labelled copy the board joins with them, if any.

use super::extract::AppQuery;
use crate::error::AppError;
use crate::proof_input::InvalidField;
use crate::state::AppState;
use axum::extract::State;
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use axum::Json;
use readiness::ClaimRules;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RulesQuery {
    /// Motion ids, comma-separated.
    motions: Option<String>,
}

pub async fn rules(
    State(state): State<AppState>,
    AppQuery(query): AppQuery<RulesQuery>,
) -> Result<Json<ClaimRules>, AppError> {
    let wanted = query.motions.unwrap_or_default();
    let ids: Vec<&str> = wanted.split(',').filter(|id| !id.is_empty()).collect();
    let snapshot = state.board.current(state.now());
    let rules = ClaimRules::for_motions(&snapshot.board, &ids).map_err(|e| InvalidField {
        field: "motions",
        message: e.to_string(),
    })?;
    Ok(Json(rules))
}

/// The model the board joins with its rules, as `claims train` wrote it; 404 when the board
/// checks copy with its rules alone.
pub async fn model(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let Some(model) = state.claims_model.current() else {
        return Err(AppError::NotFound(
            "this board checks copy with its rules alone: no model of labelled copy serves its catalog (one is given with --claims-model)"
                .into(),
        ));
    };
    let cache = Some("public, max-age=60, must-revalidate");
    let body = || ([(header::CONTENT_TYPE, "application/json")], model.json()).into_response();
    Ok(crate::conditional::tagged(
        &headers,
        model.etag(),
        cache,
        body,
    ))
}
