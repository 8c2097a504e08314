//! `GET /metrics`: every metric as OpenMetrics text (see `crate::metrics`).

use crate::state::AppState;
use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

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
