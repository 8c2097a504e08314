//! `GET /api/vendor-readiness`: the computed board as JSON, with the page's owner and motion filters.

use crate::error::AppError;
use crate::state::AppState;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use readiness::BoardFilter;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub struct BoardQuery {
    owner: Option<String>,
    motion: Option<String>,
}

pub async fn board_json(
    State(state): State<AppState>,
    query: Result<Query<BoardQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, AppError> {
    let Query(query) = query?;
    let snapshot = state.board.current(state.now());
    let filter = BoardFilter::new(query.owner, query.motion);
    let body = if filter.is_empty() {
        snapshot.json.clone()
    } else {
        serde_json::to_vec(&snapshot.board.filtered(&filter))
            .map_err(|e| AppError::BadRequest(format!("cannot serialize the filtered board: {e}")))?
            .into()
    };
    Ok((
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body,
    )
        .into_response())
}
