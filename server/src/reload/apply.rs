//! One reload: the inputs read and validated again off the async workers, recorded in the store
//! and put in force, or refused with the reason, the last good inputs kept.

use super::Refusal;
use crate::claims_model::BoardModel;
use crate::inputs::recorder;
use crate::loaded::Loaded;
use crate::state::{AppState, ServeConfig};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Reads the inputs again and puts them in force from the instant they were read, or keeps the
/// last good ones and returns why.
pub async fn reload(state: &AppState, inputs: &ServeConfig) -> Result<(), Refusal> {
    // Read first, with no lock held: the read waits for writers as long as they hold a file,
    // and pushes must not wait with it.
    let inputs2 = inputs.clone();
    let state1 = state.clone();
    let read = tokio::task::spawn_blocking(move || {
        let loaded = Loaded::read(inputs2.catalog.as_deref(), &inputs2.env)
            .map(|(loaded, _)| loaded)
            .map_err(|e| Refusal::Invalid(e.to_string()))?;
        let model = model_for(&state1, &loaded)?;
        Ok((loaded, model))
    })
    .await
    .map_err(|e| Refusal::Invalid(format!("the reload panicked: {e}")))??;
    // One store read at a time: a watcher read made with the old catalog never lands after this.
    let _one_at_a_time = state.sync_lock.lock().await;
    let state2 = state.clone();
    let result = tokio::task::spawn_blocking(move || put_in_force(&state2, read)).await;
    match result {
        Ok(Ok(moved)) => {
            state.metrics.catalog_reloads.inc();
            let moved: Vec<String> = moved
                .iter()
                .map(|(id, (from, to))| format!("{id}: {from} → {to}"))
                .collect();
            let moved = if moved.is_empty() {
                "none".to_owned()
            } else {
                moved.join(", ")
            };
            tracing::info!(statuses_moved = %moved, "inputs reloaded: the new catalog and env file are in force");
            Ok(())
        }
        Ok(Err(e)) => Err(e),
        Err(e) => Err(Refusal::Invalid(format!("the reload panicked: {e}"))),
    }
}

/// The model of labelled copy the board's choice gives for the new catalog: a given model
/// (`--claims-model`) that does not serve it refuses the catalog, as at start-up, by the same
/// check (found by attack: a claim renamed by a reload left the model speaking for the old name,
/// and copy that made the claim was called safe); the shipped model joins only the catalog it
/// was trained for, and any other is checked by its rules alone.
fn model_for(state: &AppState, loaded: &Loaded) -> Result<Option<Arc<BoardModel>>, Refusal> {
    let sha256 = &loaded.info.sha256;
    let model = (state.claims_model.for_catalog(&loaded.catalog, sha256)).map_err(|e| {
        Refusal::Invalid(format!(
            "the claims model (--claims-model) does not serve this catalog: {e}; restart with a model trained for it, or without --claims-model"
        ))
    })?;
    match (&model, state.claims_model.current()) {
        (None, Some(_)) => tracing::warn!("the new catalog is not the one the shipped model of labelled copy was trained for: claim checks use its rules alone"),
        (Some(_), None) => tracing::info!("the new catalog is the one the shipped model of labelled copy was trained for: claim checks join it again"),
        _ => {}
    }
    Ok(model)
}

type Moved = BTreeMap<String, (&'static str, &'static str)>;

/// Records `loaded` (read and validated whole: only a complete, valid set replaces the old one)
/// and puts it in force. Found by attack: an env file emptied mid-rewrite is refused
/// (`refuse_blank`); a file still being written is not read at all (see `settle` and
/// `crate::lease::read_unwritten`).
fn put_in_force(
    state: &AppState,
    (loaded, model): (Loaded, Option<Arc<BoardModel>>),
) -> Result<Moved, Refusal> {
    // Found by attack: a value the edit adds is redacted at once, whether or not the store can
    // record the edit yet (a push's evidence was stored raw while it could not).
    *state.redactor.write().unwrap_or_else(|p| p.into_inner()) = Arc::clone(&loaded.redactor);
    let set = Arc::clone(&loaded.set);
    let store_error = |e: crate::store::StoreError| {
        state.metrics.store_errors.inc();
        Refusal::Store(format!(
            "the proof store could not record or read the new inputs: {e}"
        ))
    };
    // The edit is part of the record before any board shows it: every instance replays it. It
    // counts from when it was read, never earlier (found by attack, round 11: an instant taken
    // before a minute's wait for a writer put the edit before boards already published).
    let at_ms = crate::store::unix_ms(state.now());
    state
        .store
        .put_in_force_at(&set, &loaded.toml, &recorder("serve reload"), at_ms)
        .map_err(store_error)?;
    // After the record: the edit is in force from an instant at or before this one.
    let now = state.now();
    let view = state
        .store
        .view_for_board(None, &set, now)
        .map_err(store_error)?;
    let before = state.board.current(now);
    state.claims_model.put(model);
    let after = state.board.replace(loaded, view, now);
    // Said at once, not at the next heartbeat: instances reloading one edit milliseconds apart
    // then never look as if they ran different inputs (found by attack: a warning at reloads).
    state.live_inputs.say_now(&state.store, &set.id);
    let old: BTreeMap<&str, readiness::Status> = before
        .board
        .systems
        .iter()
        .map(|s| (s.id.as_str(), s.status))
        .collect();
    Ok(after
        .board
        .systems
        .iter()
        .filter(|s| old.get(s.id.as_str()) != Some(&s.status))
        .map(|s| {
            let from = old.get(s.id.as_str()).map_or("absent", |st| st.as_str());
            (s.id.as_str().to_owned(), (from, s.status.as_str()))
        })
        .collect())
}
