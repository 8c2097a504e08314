//! Keeps this instance's board in step with the store when other processes write to it (several
//! instances on one PostgreSQL, or CLI writes to a shared SQLite file): every quarter second it
//! compares the store's change counter with the one the board was read at, and reads the store
//! again when they differ or when a record stamped ahead of the clock becomes current. This
//! instance's own writes were already read back, so they cause no second read. An outage is
//! logged once when it starts and once when it ends, not on every check.

use crate::state::AppState;
use std::time::Duration;

pub const POLL_EVERY: Duration = Duration::from_millis(250);

/// Every this many checks (a minute) the per-address limiter forgets idle addresses.
const PRUNE_EVERY: u32 = 240;

/// Every this many checks this instance says which inputs it runs (the first check too).
const HEARTBEAT_TICKS: u32 =
    (crate::live_inputs::HEARTBEAT_EVERY.as_millis() / POLL_EVERY.as_millis()) as u32;

pub async fn watch(state: AppState) {
    let mut outage = false;
    let mut ticks: u32 = 0;
    loop {
        tokio::time::sleep(POLL_EVERY).await;
        ticks = ticks.wrapping_add(1);
        if ticks.is_multiple_of(PRUNE_EVERY) {
            state.failed_auth_limit.forget_idle();
            state.subscribe_limit.forget_idle();
            state.confirm_limit.forget_idle();
        }
        if ticks % HEARTBEAT_TICKS == 1 {
            let state2 = state.clone();
            match tokio::task::spawn_blocking(move || {
                state2.live_inputs.check(&crate::live_inputs::Checked {
                    board: &state2.board,
                    store: &state2.store,
                    gauge: &state2.metrics.input_sets_live,
                    now: state2.now(),
                })
            })
            .await
            {
                Ok(Err(e)) => {
                    tracing::debug!(error = %e, "could not say which inputs this instance runs")
                }
                Err(e) => tracing::error!(error = %e, "the live-inputs check panicked"),
                Ok(Ok(())) => {}
            }
        }
        match check(&state).await {
            Ok(()) if outage => {
                outage = false;
                tracing::info!("the proof store answers again");
            }
            Ok(()) => {}
            Err(e) if !outage => {
                state.metrics.store_errors.inc();
                outage = true;
                tracing::warn!(error = %e, "the proof store does not answer; serving the last board read until it does");
            }
            Err(_) => {
                state.metrics.store_errors.inc();
            }
        }
    }
}

async fn check(state: &AppState) -> Result<(), crate::store::StoreError> {
    let store = state.store.clone();
    let version = tokio::task::spawn_blocking(move || store.version())
        .await
        .map_err(|_| crate::store::StoreError::Poisoned)??;
    let due = state.board.next_due() <= state.now();
    if version != state.board.version() || due {
        state.sync_if_behind(version).await?;
    }
    // A board about to go stale (an expiry, the minute's refresh) is recomputed here, on a
    // blocking thread, so requests find it fresh instead of computing it on an async worker.
    let (board, now) = (std::sync::Arc::clone(&state.board), state.now());
    let _ = tokio::task::spawn_blocking(move || board.current(now)).await;
    Ok(())
}
