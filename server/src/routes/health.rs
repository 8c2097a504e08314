//! `/healthz` (the process answers) and `/readyz` (catalog loaded, store reachable).

use crate::error::AppError;
use crate::state::AppState;
use crate::wire::{Health, Ready, ReadyInputs};
use axum::extract::State;
use axum::Json;

pub async fn healthz() -> Json<Health> {
    Json(Health { status: "ok" })
}

/// Ready when the store answers and will keep what is written to it; otherwise 503, so a load
/// balancer stops sending pushes here (the board itself is still served from memory).
pub async fn readyz(State(state): State<AppState>) -> Result<Json<Ready>, AppError> {
    // Found by attack: a frozen database held probes for 15 s and then answered 408.
    let checked = match state.read_within(|store| store.ping()).await {
        Ok(()) => Ok(()),
        Err(AppError::Store(e)) => Err(e),
        Err(other) => return Err(other),
    };
    match checked {
        Ok(()) => {
            let snapshot = state.board.last();
            // The records the board holds: a count of the table scanned it on every probe.
            let records = snapshot.record.proofs().len();
            Ok(Json(Ready {
                status: "ready",
                systems: snapshot.in_force.catalog.systems().len(),
                proof_records: records,
                inputs: ReadyInputs {
                    this_instance: state.board.own().set.id.clone(),
                    shown: snapshot.in_force.id.clone(),
                    live: state.live_inputs.sets(),
                },
            }))
        }
        Err(e) => {
            tracing::debug!(error = %e, "not ready");
            Err(AppError::Store(crate::store::StoreError::Unavailable(
                e.to_string(),
            )))
        }
    }
}
