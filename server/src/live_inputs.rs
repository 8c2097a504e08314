//! Which input sets the live instances run. Each instance says which set it loaded (a heartbeat
//! in the store every few seconds); two or more sets live at once means instances disagree on
//! the catalog or the configured names. `/readyz` lists them, a gauge counts them, and one log
//! line says so when two checks in a row see it and when it ends. The board shows the set in
//! force in the record.

use crate::board_cache::BoardCache;
use crate::store::{ProofStore, StoreError};
use prometheus_client::metrics::gauge::Gauge;
use std::sync::{Arc, RwLock};

/// How often an instance says it is alive.
pub const HEARTBEAT_EVERY: std::time::Duration = std::time::Duration::from_secs(5);
/// An instance not heard from for this long is no longer counted.
pub const LIVE_FOR_MS: i64 = 15_000;

/// This instance's id and what the last check found.
#[derive(Clone)]
pub struct LiveInputs {
    pub instance: Arc<str>,
    /// Distinct input set ids among live instances, sorted, and whether their disagreement
    /// was logged.
    sets: Arc<RwLock<(Vec<String>, bool)>>,
}

impl Default for LiveInputs {
    fn default() -> Self {
        let mut bytes = [0u8; 6];
        rand_core::RngCore::fill_bytes(&mut rand_core::OsRng, &mut bytes);
        Self {
            instance: Arc::from(crate::inputs::recorder(&format!(
                "serve {}",
                hex::encode(bytes)
            ))),
            sets: Arc::default(),
        }
    }
}

/// What a check reads and writes: the board's inputs, the store, the gauge of live sets.
pub struct Checked<'a> {
    pub board: &'a BoardCache,
    pub store: &'a ProofStore,
    pub gauge: &'a Gauge,
    pub now: time::OffsetDateTime,
}

impl LiveInputs {
    /// The distinct input sets live instances run (this one's included).
    pub fn sets(&self) -> Vec<String> {
        self.sets
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .0
            .clone()
    }

    /// Says this instance is alive with its inputs, and reads which sets are live.
    pub fn check(&self, with: &Checked<'_>) -> Result<(), StoreError> {
        let sets = self.heartbeat(with)?;
        let mut held = self.sets.write().unwrap_or_else(|p| p.into_inner());
        let (say, warned) = disagreement(held.0.len() > 1, held.1, sets.len() > 1);
        match say {
            Some(true) => {
                tracing::warn!(input_sets = %sets.join(", "), shown = %with.board.last().in_force.id, "instances run different inputs (catalog or configured names); the board shows the set in force in the record")
            }
            Some(false) => {
                tracing::info!(input_sets = %sets.join(", "), "every live instance runs the same inputs again")
            }
            None => {}
        }
        with.gauge
            .set(i64::try_from(sets.len()).unwrap_or(i64::MAX));
        *held = (sets.clone(), warned);
        drop(held);
        take_over_if_orphaned(with, &sets)
    }

    /// Says at once that this instance runs the input set `set` (after a reload).
    pub fn say_now(&self, store: &ProofStore, set: &str) {
        if let Err(e) = store.heartbeat(&self.instance, set, store.now_ms()) {
            tracing::debug!(error = %e, "could not say which inputs this instance runs");
        }
    }

    /// Says this instance runs its inputs; returns the distinct sets live instances run.
    fn heartbeat(&self, with: &Checked<'_>) -> Result<Vec<String>, StoreError> {
        let own = with.board.own();
        let now_ms = with.store.now_ms();
        with.store.heartbeat(&self.instance, &own.set.id, now_ms)?;
        let mut sets: Vec<String> = with
            .store
            .live_instances(now_ms - LIVE_FOR_MS)?
            .into_iter()
            .map(|(_, set)| set)
            .collect();
        sets.sort();
        sets.dedup();
        Ok(sets)
    }
}

/// What a check says of instances disagreeing (`Some(true)`: they are, `Some(false)`: no longer),
/// from whether the last check saw it (`was`), whether it was said (`warned`) and whether this
/// one sees it (`is`); and whether it is said now. Said once two checks in a row see it:
/// instances reloading the same edit a few seconds apart do not disagree (found by attack: a
/// warning at every reload).
fn disagreement(was: bool, warned: bool, is: bool) -> (Option<bool>, bool) {
    match (is, was, warned) {
        (true, true, false) => (Some(true), true),
        (true, _, warned) => (None, warned),
        (false, _, true) => (Some(false), false),
        (false, _, false) => (None, false),
    }
}

/// Found by attack: the inputs of an instance that stopped stayed in force (and on every
/// board) until a survivor reloaded. When no live instance has run the set in force for a
/// whole liveness window, this instance puts its own in force (the first to do so wins; the
/// others then see a live set in force and leave it).
fn take_over_if_orphaned(with: &Checked<'_>, live: &[String]) -> Result<(), StoreError> {
    let own = with.board.own();
    let snapshot = with.board.last();
    let shown = &snapshot.in_force.id;
    let since = crate::store::unix_ms(snapshot.record.entry_at(with.now).from);
    let now_ms = crate::store::unix_ms(with.now);
    let orphaned = shown != &own.set.id && now_ms - since > LIVE_FOR_MS && !live.contains(shown);
    if orphaned
        && with.store.put_in_force(
            &own.set,
            &own.toml,
            &crate::inputs::recorder("serve (the instance whose inputs were in force stopped)"),
        )?
    {
        tracing::warn!(stopped = %shown, now_in_force = %own.set.id, "no live instance runs the inputs in force: this instance's are now in force");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::disagreement;

    #[test]
    fn instances_reloading_one_edit_apart_are_not_said_to_disagree() {
        let (said, warned) = disagreement(false, false, true);
        assert_eq!(
            (said, warned),
            (None, false),
            "one check: a reload in flight"
        );
        assert_eq!(disagreement(false, false, false), (None, false), "and over");
        assert_eq!(
            disagreement(true, false, true),
            (Some(true), true),
            "two in a row"
        );
        assert_eq!(disagreement(true, true, true), (None, true), "said once");
        assert_eq!(
            disagreement(true, true, false),
            (Some(false), false),
            "over"
        );
    }
}
