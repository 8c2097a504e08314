//! Every route of the server, listed in one place.

mod board_api;
mod health;
mod pages;
mod proofs;

pub use proofs::MAX_BODY_BYTES;

use crate::state::AppState;
use axum::extract::DefaultBodyLimit;
use axum::routing::get;
use axum::Router;
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
    pages::with_pages(api, &state)
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}
