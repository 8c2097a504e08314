//! `GET /metrics` and the middleware that counts and times every routed request.

use crate::metrics::{Metrics, RequestLabels, ResultLabels, RouteLabels};
use crate::state::AppState;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;
use std::time::Instant;

/// The route label of requests no route matched (404s): one value, whatever the path.
pub const UNMATCHED: &str = "(unmatched)";

pub async fn metrics(State(state): State<AppState>) -> Response {
    let metrics = Arc::clone(&state.metrics);
    let text = match tokio::task::spawn_blocking(move || metrics.render()).await {
        Ok(text) => text,
        Err(e) => return crate::error::AppError::from(e).into_response(),
    };
    let mut response = text.into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/openmetrics-text; version=1.0.0; charset=utf-8"),
    );
    response
}

/// Counts the request by its route template (never the path a client typed), method and status.
pub async fn track(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let route: Arc<str> = request
        .extensions()
        .get::<MatchedPath>()
        .map_or(Arc::from(UNMATCHED), |p| Arc::from(p.as_str()));
    let method = method_label(request.method());
    let started = Instant::now();
    let response = next.run(request).await;
    record(
        &state.metrics,
        route,
        method,
        response.status().as_u16(),
        started,
    );
    response
}

pub fn record(
    metrics: &Metrics,
    route: Arc<str>,
    method: &'static str,
    status: u16,
    started: Instant,
) {
    if &*route == "/api/proofs" && method == "POST" {
        metrics
            .proof_pushes
            .get_or_create(&ResultLabels {
                result: Metrics::push_result(status),
            })
            .inc();
    }
    metrics
        .latency
        .get_or_create(&RouteLabels {
            route: Arc::clone(&route),
        })
        .observe(started.elapsed().as_secs_f64());
    metrics
        .requests
        .get_or_create(&RequestLabels {
            route,
            method,
            status,
        })
        .inc();
}

pub fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        _ => "OTHER",
    }
}
