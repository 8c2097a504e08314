//! `GET /proofs/{id}`: one proof record's receipt as a page (the JSON is `GET /api/proofs/{id}`,
//! read by the same function): the record, its evidence redacted again, and what it stands for
//! on the board now. An id no record has is the 404 page.

use super::page_input::{BadPage, NoQuery, PagePath, PageQuery};
use crate::error::AppError;
use crate::state::AppState;
use app::{Page, ReceiptPage};
use axum::extract::{Request, State};
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

pub async fn receipt_page(
    State(state): State<AppState>,
    PagePath(id): PagePath<String>,
    PageQuery(NoQuery {}): PageQuery<NoQuery>,
    request: Request,
) -> Response {
    let proof = match super::proofs::receipt_of(&state, &id).await {
        Ok(proof) => proof,
        Err(AppError::NotFound(_)) => return super::pages::not_found(State(state), request).await,
        Err(e @ AppError::BadRequest(_)) => return BadPage::new(format!("{e}.")).into_response(),
        Err(e) => return e.into_response(),
    };
    let snapshot = state.board.current(state.now());
    let board = Arc::clone(&snapshot.board);
    let receipt = proof.id.unsigned_abs();
    let (system, id, now) = (proof.system.clone(), proof.id, state.now());
    let next_at = state
        .read_within(move |store| store.stamped_ahead(&system, id, now))
        .await
        .unwrap_or_default();
    let stored = readiness::receipt::Stored {
        next_at,
        ..proof.as_stored()
    };
    let standing = readiness::receipt::standing(&board, &stored, now);
    let details = proof.details.unwrap_or_default();
    let data = Page::Receipt {
        receipt: ReceiptPage {
            id: receipt,
            system: proof.system.to_string(),
            system_name: board.system(&proof.system).map(|s| s.name.to_string()),
            outcome: proof.outcome,
            recorded_at: proof.recorded_at,
            source: proof.source,
            duration_ms: details.duration_ms,
            output_sha256: details.output_sha256,
            evidence: details.evidence,
            standing,
        },
        board,
    };
    let mut page = super::pages::render_light(&state, data, request).await;
    // What the record stands for moves with the board, and its redaction with the env file: a
    // cache asks again every time (as for the JSON receipt).
    let no_cache = axum::http::HeaderValue::from_static("no-cache");
    page.headers_mut()
        .insert(axum::http::header::CACHE_CONTROL, no_cache);
    page
}
