//! Bytes made once per snapshot answered to one request, the same way for the board's JSON and
//! its pages: in the coding the request accepts (made on a blocking thread the first time),
//! tagged, `304` when the reader holds them, and `Vary: accept-encoding`.

use crate::conditional::tagged_by;
use crate::encoded::{negotiate, Coding, Encoded};
use crate::error::AppError;
use crate::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use bytes::Bytes;
use std::sync::Arc;

/// What a request asked of bytes made once: the coding and its `If-None-Match` (one header
/// kept, not a copy of them all: issue 24's per-request work). An extractor, never rejecting.
pub struct Asked {
    coding: Coding,
    if_none_match: Option<HeaderValue>,
}

impl Asked {
    pub fn of(request: &HeaderMap) -> Self {
        Self {
            coding: negotiate(request),
            if_none_match: request.get(header::IF_NONE_MATCH).cloned(),
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Asked {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Self::of(&parts.headers))
    }
}

/// Where bytes made once live in what holds them (a snapshot, a kept page).
pub type Pick<T> = fn(&T) -> Option<&Encoded>;

/// The bytes `pick` finds in `owner`, in `coding`: made the first time on a blocking thread
/// with a CPU permit (a 10,000-system board's JSON is 6 MB), `None` when `owner` has none.
pub async fn in_coding<T: Send + Sync + 'static>(
    state: &AppState,
    owner: &Arc<T>,
    pick: Pick<T>,
    coding: Coding,
) -> Result<Option<Bytes>, AppError> {
    let Some(encoded) = pick(owner) else {
        return Ok(None);
    };
    if let Some(ready) = encoded.ready(coding) {
        return Ok(Some(ready));
    }
    let owner = Arc::clone(owner);
    // Boxed: made once per snapshot, and the made bytes' path, moved through every layer, stays
    // small without the blocking task's future in it.
    Box::pin(state.cpu(move || pick(&owner).map(|encoded| encoded.get(coding)))).await
}

/// The answer to `asked`: `304` when it holds `etag`, else `respond(body)`, with the ETag,
/// `cache`, `Vary: accept-encoding` and the coding's `Content-Encoding`.
pub async fn answer<T: Send + Sync + 'static>(
    state: &AppState,
    asked: &Asked,
    (owner, pick): (&Arc<T>, Pick<T>),
    (etag, cache): (HeaderValue, Option<&'static str>),
    respond: impl FnOnce(Bytes) -> Response,
) -> Result<Response, AppError> {
    let body = in_coding(state, owner, pick, asked.coding)
        .await?
        .ok_or_else(|| AppError::Internal("the bytes were not made".into()))?;
    let mut response = tagged_by(asked.if_none_match.as_ref(), etag, cache, || respond(body));
    let sent_body = response.status() == StatusCode::OK;
    let out = response.headers_mut();
    out.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    if let (Some(token), true) = (asked.coding.token(), sent_body) {
        out.insert(header::CONTENT_ENCODING, HeaderValue::from_static(token));
    }
    Ok(response)
}
