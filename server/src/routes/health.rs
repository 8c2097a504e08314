//! `/healthz` (the process answers) and `/readyz` (catalog loaded, store reachable).

use crate::error::AppError;
use crate::state::AppState;
use axum::extract::State;
use axum::Json;
use serde_json::{json, Value};

pub async fn healthz() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}

pub async fn readyz(State(state): State<AppState>) -> Result<Json<Value>, AppError> {
    let store = state.store.clone();
    let records =
        tokio::task::spawn_blocking(move || store.ping().and_then(|()| store.count())).await??;
    Ok(Json(json!({
        "status": "ready",
        "systems": state.board.catalog().systems().len(),
        "proof_records": records,
    })))
}
