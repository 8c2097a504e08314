//! `POST /api/claims/reading`: the board's model of labelled copy reading copy (plain text in):
//! each sentence a join needs, with where each of the model's lines falls against its
//! thresholds, in the text form the page's claim checker joins with its rules as you type
//! ([`readiness::claims::model::Readings`]). 404 for a board that checks with its rules alone.

use super::extract::AppText;
use crate::error::AppError;
use crate::state::AppState;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use readiness::ClaimRules;

pub async fn reading(
    State(state): State<AppState>,
    copy: Result<AppText, AppError>,
) -> Result<Response, AppError> {
    // Said first, whatever the body: a board without a model has nothing to read it with.
    let Some(model) = state.claims_model.current() else {
        return Err(AppError::NotFound(
            "this board checks copy with its rules alone: no model of labelled copy serves its catalog (one is given with --claims-model)"
                .into(),
        ));
    };
    let AppText(copy) = copy?;
    let board = std::sync::Arc::clone(&state.board.current(state.now()).board);
    let small = copy.len() <= super::claims::SMALL_COPY_BYTES;
    // Every claim the board's page checks, so the reading serves each of its checkers.
    let work = move || {
        let checker = model.checker(ClaimRules::all(&board));
        checker
            .readings(&copy)
            .map(|r| r.encode())
            .unwrap_or_default()
    };
    let text = match small {
        true => state.cpu_small(work).await?,
        false => state.cpu(work).await?,
    };
    Ok(([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], text).into_response())
}
