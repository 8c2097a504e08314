//! Every route of the server, listed in one place.

mod as_of;
mod atom;
mod badges;
mod bench_baseline;
mod board_api;
mod bounded_body;
pub mod changes;
mod changes_ids;
mod changes_page;
mod claim_rules;
pub(crate) mod claims;
pub(crate) mod claims_reading;
mod deadline;
mod extract;
mod health;
mod kept_pages;
pub(crate) mod live;
mod observe;
pub(crate) mod ofrep;
mod ofrep_request;
pub mod operation;
mod page_asked;
mod page_input;
mod pages;
mod proofs;
mod push_extract;
mod receipt_page;
mod subscription_form;
mod subscriptions;
pub mod table;
pub(crate) mod track;

pub use push_extract::MAX_BODY_BYTES;

use crate::limits;
use crate::state::AppState;
use axum::http::header;
use axum::http::StatusCode;
use axum::routing::get;
use axum::Router;

/// What a connection over the caps is served: health and readiness only, anything else 503.
pub fn health_only(state: AppState) -> App {
    let router = Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .fallback(|| async {
            (
                StatusCode::SERVICE_UNAVAILABLE,
                [(header::RETRY_AFTER, "1")],
                "The server is at its connection limit: try again shortly.\n",
            )
        })
        .with_state(state);
    // Ids and the headers every response carries, as on every other answer (found by attack:
    // the reserve's answers had no request id).
    let budget = crate::in_flight::InFlight::new(
        limits::MAX_IN_FLIGHT_PER_CLIENT,
        limits::MAX_IN_FLIGHT_PER_CLIENT,
        crate::client_ip::TrustedProxies::default(),
        Default::default(),
    );
    tower::Layer::layer(&crate::edge::EdgeLayer::new(budget), router)
}

/// The whole HTTP application: [`crate::edge::Edge`] around the router.
pub type App = crate::edge::Edge<Router>;

/// The whole HTTP application, from the one list of routes (`table.rs`); tests drive it with
/// `oneshot`, `serve` binds it to a socket. The edge wraps the router from outside: axum's
/// `Router::layer` would wrap every route in one more boxed service, cloned for every request.
pub fn app(state: AppState) -> App {
    // Leptos renders on the tokio runtime; a second call (a second app in one test) is harmless.
    let _ = any_spawner::Executor::init_tokio();
    let (mut routed, mut untimed) = (Router::new(), Vec::new());
    for route in table::routes().into_iter().filter(|r| (r.when)(&state)) {
        if !route.timed {
            untimed.push(route.path);
        }
        routed = routed.route(route.path, route.handler);
    }
    // Every request is answered within the time limit but a push: once its record is committed
    // it is answered 201 however long the board takes to follow (its body has a limit of its
    // own). A 408 for a stored record made clients store it twice (found by attack).
    let tracking = track::Tracking {
        metrics: state
            .metrics_on
            .then(|| std::sync::Arc::clone(&state.metrics)),
        limit: limits::REQUEST_TIME_LIMIT,
        untimed,
    };
    let in_flight = crate::in_flight::InFlight::new(
        limits::MAX_IN_FLIGHT,
        limits::MAX_IN_FLIGHT_PER_CLIENT,
        state.trusted_proxies.clone(),
        state.metrics.requests_refused_busy.clone(),
    );
    // A method a route does not take: the app's JSON error (axum keeps the Allow header).
    let routed = routed
        .fallback(pages::not_found)
        .method_not_allowed_fallback(|| async { crate::error::AppError::MethodNotAllowed })
        .route_layer(track::TrackLayer(std::sync::Arc::new(tracking)))
        .with_state(state);
    // Every request's id, span and place in flight, and the headers every response carries.
    tower::Layer::layer(&crate::edge::EdgeLayer::new(in_flight), routed)
}

/// The OpenAPI document, built once.
pub(crate) async fn openapi_json() -> axum::response::Response {
    use axum::response::IntoResponse;
    static DOCUMENT: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    let bytes = DOCUMENT
        .get_or_init(|| serde_json::to_vec_pretty(&crate::openapi::document()).unwrap_or_default());
    ([(header::CONTENT_TYPE, "application/json")], bytes.clone()).into_response()
}
