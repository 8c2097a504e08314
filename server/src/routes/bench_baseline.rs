//! `GET /__bench/static?bytes=N&type=json|html`: a static in-memory body of N bytes, the baseline
//! the load script compares the real routes with. Only routed with `serve --bench-baseline`.

use axum::extract::Query;
use axum::http::header;
use axum::response::IntoResponse;
use bytes::Bytes;
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

const MAX_BYTES: usize = 16 * 1024 * 1024;

#[derive(Deserialize)]
pub struct Baseline {
    bytes: usize,
    #[serde(rename = "type", default)]
    kind: Option<String>,
}

pub async fn static_body(Query(baseline): Query<Baseline>) -> impl IntoResponse {
    static BODIES: OnceLock<Mutex<HashMap<usize, Bytes>>> = OnceLock::new();
    let size = baseline.bytes.min(MAX_BYTES);
    let body = {
        let mut bodies = BODIES
            .get_or_init(Default::default)
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        bodies
            .entry(size)
            .or_insert_with(|| Bytes::from(vec![b'x'; size]))
            .clone()
    };
    let content_type = match baseline.kind.as_deref() {
        Some("html") => "text/html; charset=utf-8",
        _ => "application/json",
    };
    ([(header::CONTENT_TYPE, content_type)], body)
}
