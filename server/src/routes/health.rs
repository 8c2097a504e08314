//! `/healthz` (the process answers) and `/readyz` (catalog loaded, store reachable).

use crate::error::AppError;
use crate::state::AppState;
use axum::extract::State;
use axum::Json;
use serde_json::{json, Value};

pub async fn healthz() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}

/// Ready when the store answers and will keep what is written to it; otherwise 503, so a load
/// balancer stops sending pushes here (the board itself is still served from memory).
pub async fn readyz(State(state): State<AppState>) -> Result<Json<Value>, AppError> {
    let store = state.store.clone();
    let checked =
        tokio::task::spawn_blocking(move || store.ping().and_then(|()| store.count())).await?;
    match checked {
        Ok(records) => {
            let snapshot = state.board.last();
            Ok(Json(json!({
                "status": "ready",
                "systems": snapshot.in_force.catalog.systems().len(),
                "proof_records": records,
                "inputs": {
                    "this_instance": state.board.own().set.id,
                    "shown": snapshot.in_force.id,
                    "live": state.live_inputs.sets(),
                },
            })))
        }
        Err(e) => {
            tracing::debug!(error = %e, "not ready");
            Err(AppError::Store(crate::store::StoreError::Unavailable(
                e.to_string(),
            )))
        }
    }
}
