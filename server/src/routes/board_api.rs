//! `GET /api/vendor-readiness`: the computed board as JSON, with the page's filters
//! (`owner`, `motion`, `status`, `q`) and `as_of` for the board as it was at a past instant.

use super::extract::AppQuery;
use crate::board_cache::Snapshot;
use crate::error::AppError;
use crate::state::AppState;
use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use readiness::BoardFilter;

/// The JSON's content type, one static value (a `&str` is copied into each answer).
const JSON: HeaderValue = HeaderValue::from_static("application/json");

pub async fn board_json(
    State(state): State<AppState>,
    asked: crate::coded::Asked,
    AppQuery(pairs): AppQuery<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    if let Some(key) = repeated_key(&pairs) {
        return Err(AppError::BadRequest(format!(
            "the query parameter `{key}` is given more than once; give it once"
        )));
    }
    let now = state.now();
    if pairs.is_empty() {
        return whole_board(&state, &asked, now).await;
    }
    let as_of = super::as_of::as_of(&pairs, now)
        .map_err(AppError::BadRequest)?
        .map(|(_, at)| at);
    let filter = BoardFilter::from_pairs(pairs);
    let body = match as_of {
        None if filter.is_empty() => return whole_board(&state, &asked, now).await,
        None => {
            let snapshot = state.board.current(now);
            serialize(&snapshot.board.filtered_by(&snapshot.index, &filter))?
        }
        Some(at) => serialize(&state.board_at(at).await?.filtered(&filter))?,
    };
    Ok(untagged(body))
}

/// The whole board now: its ETag is its version (weak: `as_of` moves with the clock), so a
/// client holding it gets a 304.
async fn whole_board(
    state: &AppState,
    asked: &crate::coded::Asked,
    now: time::OffsetDateTime,
) -> Result<Response, AppError> {
    let snapshot = state.board.current(now);
    let Some(etag) = snapshot.json_etag.clone() else {
        // (A version always makes a header value; without one, the board untagged.)
        return Ok(untagged(serialize(&snapshot.board)?));
    };
    let head = |body| ([(header::CONTENT_TYPE, JSON)], body).into_response();
    let no_cache = Some("no-cache");
    crate::coded::answer(state, asked, (&snapshot, json_of), (etag, no_cache), head).await
}

/// JSON answered without an ETag: a filtered or past board, made for this request.
fn untagged(body: bytes::Bytes) -> Response {
    let headers = [
        (header::CONTENT_TYPE, JSON),
        (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
    ];
    (headers, body).into_response()
}

/// The board's JSON made once per snapshot.
fn json_of(snapshot: &Snapshot) -> Option<&crate::encoded::Encoded> {
    snapshot.json.as_ref()
}

/// A filter or `as_of` key that appears twice: ambiguous, so the API refuses rather than guesses.
fn repeated_key(pairs: &[(String, String)]) -> Option<&str> {
    let known = readiness::filter::QUERY_KEYS.iter().chain(&["as_of"]);
    known
        .into_iter()
        .find(|key| pairs.iter().filter(|(k, _)| k == *key).count() > 1)
        .copied()
}

fn serialize(board: &readiness::Board) -> Result<bytes::Bytes, AppError> {
    serde_json::to_vec(board)
        .map(Into::into)
        .map_err(|e| AppError::Internal(format!("cannot serialize the board: {e}")))
}
