//! `GET /badge/system/{id}.svg` and `/badge/motion/{id}.svg`: the current status as a badge,
//! cacheable for a minute and revalidated by its content hash.

use crate::badge::Badge;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

pub async fn badge(
    State(state): State<AppState>,
    Path((kind, file)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let Some(id) = file.strip_suffix(".svg") else {
        return not_found("badges end in .svg: /badge/system/{id}.svg or /badge/motion/{id}.svg");
    };
    let snapshot = state.board.current(state.now());
    let badge = match kind.as_str() {
        "system" => Badge::for_system(&snapshot.board, id),
        "motion" => Badge::for_motion(&snapshot.board, id),
        _ => {
            return not_found(
                "a badge is for a system or a motion: /badge/system/… or /badge/motion/…",
            )
        }
    };
    let Some(badge) = badge else {
        return not_found(&format!("no {kind} has the id {id:?}"));
    };
    let svg = badge.to_svg();
    let etag = format!("\"{}\"", &hex::encode(Sha256::digest(svg.as_bytes()))[..16]);
    let cache = [
        (
            header::CACHE_CONTROL,
            "public, max-age=60, must-revalidate".to_owned(),
        ),
        (header::ETAG, etag.clone()),
    ];
    if crate::conditional::if_none_match(&headers, &etag) {
        return (StatusCode::NOT_MODIFIED, cache).into_response();
    }
    let mut response = (cache, svg).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("image/svg+xml; charset=utf-8"),
    );
    response
}

fn not_found(reason: &str) -> Response {
    (StatusCode::NOT_FOUND, reason.to_owned()).into_response()
}
