//! Board pages kept per snapshot and answered from there: the same bytes for every reader, in
//! the coding it accepts, `304` when it holds them (issue 24).

use crate::board_cache::Snapshot;
use crate::coded::Asked;
use crate::page_cache::CachedPage;
use crate::state::AppState;
use axum::body::Body;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

/// The page cached for `key` with this board, counted as a hit or a miss.
pub(super) fn cached(state: &AppState, snapshot: &Snapshot, key: &str) -> Option<Arc<CachedPage>> {
    let hit = snapshot.pages.get(key);
    let counters = &state.metrics.page_cache;
    match hit {
        Some(_) => counters.hit.inc(),
        None => counters.miss.inc(),
    };
    hit
}

/// The page kept with this board for `query`, the query text as written, counted as a hit when
/// found (not found, the page is looked for by what the query asks: [`cached`]).
pub(super) fn kept_by_query(
    state: &AppState,
    snapshot: &Snapshot,
    query: &str,
) -> Option<Arc<CachedPage>> {
    let page = snapshot.pages.by_query(query)?;
    state.metrics.page_cache.hit.inc();
    Some(page)
}

/// A kept page answered: in the coding the reader accepts, `304` when it holds it.
pub(super) async fn answer(state: &AppState, asked: &Asked, page: &Arc<CachedPage>) -> Response {
    let respond = |body| with_body(page, body);
    let Some(etag) = page.etag.clone() else {
        return respond(page.body.plain().clone());
    };
    let answered = crate::coded::answer(state, asked, (page, body_of), (etag, None), respond).await;
    answered.unwrap_or_else(IntoResponse::into_response)
}

fn body_of(page: &CachedPage) -> Option<&crate::encoded::Encoded> {
    Some(&page.body)
}

/// Keeps a rendered page for `key` with this board (a success), or gives it back as it is (a
/// failure, or the cache full).
pub(super) async fn keep(
    snapshot: &Snapshot,
    key: String,
    response: Response,
) -> Result<Arc<CachedPage>, Response> {
    if !response.status().is_success() {
        return Err(response);
    }
    let (parts, body) = response.into_parts();
    let Ok(body) = axum::body::to_bytes(body, super::pages::MAX_PAGE_BYTES).await else {
        let cause = "the rendered page was over the size a page is kept at";
        return Err(crate::error::AppError::Internal(cause.into()).into_response());
    };
    let page = CachedPage::new(parts.status, parts.headers, body);
    match snapshot.pages.insert(key, page) {
        (page, true) => Ok(page),
        // Not kept (the cache is full): answered as rendered, never compressed for one reader
        // (found by attack: new filters, asked with `br`, cost a compression each).
        (page, false) => Err(as_rendered(&page)),
    }
}

fn as_rendered(page: &CachedPage) -> Response {
    let mut response = with_body(page, page.body.plain().clone());
    // Not kept, it is rendered again for each reader: no tag it would never answer 304 to
    // (found by review).
    response.headers_mut().remove(axum::http::header::ETAG);
    response
}

/// The page's status and headers with `body` (the page's own bytes, or them in a coding).
fn with_body(page: &CachedPage, body: bytes::Bytes) -> Response {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = page.status;
    *response.headers_mut() = page.headers.clone();
    response
}
