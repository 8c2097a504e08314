//! Every route of the server, listed in one place.

mod board_api;
mod health;
mod pages;
mod proofs;

pub use proofs::MAX_BODY_BYTES;

use crate::state::AppState;
use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue};
use axum::routing::get;
use axum::Router;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

/// The whole HTTP application; tests drive it with `oneshot`, `serve` binds it to a socket.
pub fn app(state: AppState) -> Router {
    let api = Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/api/vendor-readiness", get(board_api::board_json))
        .route(
            "/api/proofs",
            get(proofs::proof_history)
                .post(proofs::push_proof)
                .layer(DefaultBodyLimit::max(MAX_BODY_BYTES)),
        );
    // Headers every response carries; pages add their Content-Security-Policy as they render.
    let always =
        |name, value| SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value));
    pages::with_pages(api, &state)
        .layer(always(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(always(
            header::REFERRER_POLICY,
            "strict-origin-when-cross-origin",
        ))
        .layer(always(header::X_FRAME_OPTIONS, "DENY"))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}
