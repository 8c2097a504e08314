//! `GET /badge/system/{id}.svg` and `/badge/motion/{id}.svg`: the current status as a badge,
//! cacheable for a minute and revalidated by its content hash.

use crate::badge::Badge;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

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
    let etag = crate::conditional::etag_of(svg.as_bytes());
    let cache = Some("public, max-age=60, must-revalidate");
    let body = || {
        (
            [(header::CONTENT_TYPE, "image/svg+xml; charset=utf-8")],
            svg,
        )
            .into_response()
    };
    crate::conditional::tagged(&headers, &etag, cache, body)
}

fn not_found(reason: &str) -> Response {
    (StatusCode::NOT_FOUND, reason.to_owned()).into_response()
}
