//! `GET /api/board/version`: what an open page polls to stay live. The ETag is the board's
//! version, so an unchanged board costs a 304 with no body and no computation.

use crate::conditional::tagged;
use crate::state::AppState;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;

/// The board's version as JSON.
#[derive(Serialize, schemars::JsonSchema)]
pub struct BoardVersion {
    /// Opaque; changes whenever a status, verdict, proof, catalog or store write changes the board.
    pub version: String,
}

pub async fn board_version(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let version = state.board.current(state.now()).version.clone();
    let etag = format!("\"{version}\"");
    let body = || Json(BoardVersion { version }).into_response();
    tagged(&headers, &etag, Some("no-cache"), body)
}
