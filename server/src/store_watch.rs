//! Keeps this instance's board in step with the store when other processes write to it (several
//! instances on one PostgreSQL, or CLI writes to a shared SQLite file): a cheap version check
//! every quarter second, and a reload of the latest proofs when it changed.

use crate::state::AppState;
use readiness::SystemId;
use std::time::Duration;

pub const POLL_EVERY: Duration = Duration::from_millis(250);

pub async fn watch(state: AppState) {
    let mut seen: Option<i64> = None;
    let ids: Vec<SystemId> = state
        .board
        .catalog()
        .systems()
        .iter()
        .map(|s| s.id.clone())
        .collect();
    loop {
        tokio::time::sleep(POLL_EVERY).await;
        let store = state.store.clone();
        let ids = ids.clone();
        let now = state.now();
        let known = seen;
        let checked = tokio::task::spawn_blocking(move || {
            let version = store.version()?;
            let latest = if known == Some(version) {
                None
            } else {
                Some(store.latest(&ids, now)?)
            };
            Ok::<_, crate::store::StoreError>((version, latest))
        })
        .await;
        match checked {
            Ok(Ok((version, Some(latest)))) => {
                if seen.is_some() {
                    tracing::debug!(version, "the store changed; reloading the latest proofs");
                }
                state
                    .board
                    .merge_latest(latest.into_iter().map(|p| p.record), now);
                seen = Some(version);
            }
            Ok(Ok((_, None))) => {}
            Ok(Err(e)) => tracing::warn!(error = %e, "cannot check the proof store for changes"),
            Err(e) => tracing::warn!(error = %e, "the store check panicked"),
        }
    }
}
