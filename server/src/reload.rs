//! Live reload of the catalog and env file: on an edit (watched with `notify`; the folders are
//! watched, so editors that save by renaming are seen) or on `SIGHUP`, the inputs are read and
//! validated again off the async workers. A valid edit is put in force at once with a store read
//! for the new catalog (new board, page caches dropped); an invalid one is logged with file:line
//! and counted, and the last good inputs keep serving. Nothing restarts, no request fails.

use crate::board_cache::Inputs as BoardInputs;
use crate::inputs::{input_set, load_catalog_text, load_environment, recorder, redactor};
use crate::state::{AppState, Inputs};
use notify::{RecursiveMode, Watcher};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc;

/// Edits closer together than this are applied once (an editor's save is several events).
const SETTLE: Duration = Duration::from_millis(200);

/// A file that does not parse is given this long to be finished (a writer that saves in
/// chunks) before the refusal is logged and counted: only a file left broken is an error.
const GRACE: Duration = Duration::from_secs(1);

/// Watches the input files of `inputs` and reloads them into `state` until the process ends.
pub async fn watch(state: AppState, inputs: Inputs) {
    let files: Vec<PathBuf> = inputs
        .catalog
        .iter()
        .chain(inputs.env.env_file.iter())
        .map(|p| std::path::absolute(p).unwrap_or_else(|_| p.clone()))
        .collect();
    let (wake, mut woken) = mpsc::unbounded_channel::<()>();
    let _watcher = match file_watcher(&files, wake.clone()) {
        Ok(watcher) => Some(watcher),
        Err(e) => {
            tracing::warn!(error = %e, "cannot watch the input files; reload with SIGHUP");
            None
        }
    };
    tokio::spawn(hangups(wake));
    while woken.recv().await.is_some() {
        loop {
            tokio::time::sleep(SETTLE).await;
            while woken.try_recv().is_ok() {}
            let Err(refusal) = reload(&state, &inputs).await else {
                break;
            };
            // Still being written? Another change within the grace period retries silently.
            if !matches!(
                tokio::time::timeout(GRACE, woken.recv()).await,
                Ok(Some(()))
            ) {
                report_refusal(&state, &refusal);
                break;
            }
        }
    }
}

/// A watcher of the folders holding `files` that wakes the loop when one of them changes.
fn file_watcher(
    files: &[PathBuf],
    wake: mpsc::UnboundedSender<()>,
) -> notify::Result<notify::RecommendedWatcher> {
    let watched = files.to_vec();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let ours = event.is_ok_and(|e| {
            !e.kind.is_access() && e.paths.iter().any(|p| watched.iter().any(|f| f == p))
        });
        if ours {
            let _ = wake.send(());
        }
    })?;
    let folders: std::collections::BTreeSet<PathBuf> = files
        .iter()
        .filter_map(|f| f.parent().map(PathBuf::from))
        .collect();
    for folder in folders {
        watcher.watch(&folder, RecursiveMode::NonRecursive)?;
    }
    Ok(watcher)
}

/// `SIGHUP` asks for a reload, as daemons do.
async fn hangups(wake: mpsc::UnboundedSender<()>) {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let Ok(mut hangup) = signal(SignalKind::hangup()) else {
            tracing::warn!("cannot listen for SIGHUP");
            return;
        };
        while hangup.recv().await.is_some() {
            if wake.send(()).is_err() {
                return;
            }
        }
    }
    #[cfg(not(unix))]
    drop(wake);
}

fn report_refusal(state: &AppState, refusal: &str) {
    state.metrics.catalog_reload_errors.inc();
    tracing::error!(
        "reload rejected, the last good catalog and env file stay in force:\n{refusal}"
    );
}

/// Reads the inputs again and puts them in force, or keeps the last good ones and returns why.
pub async fn reload(state: &AppState, inputs: &Inputs) -> Result<(), String> {
    // One store read at a time: a watcher read made with the old catalog never lands after this.
    let _one_at_a_time = state.sync_lock.lock().await;
    let (state2, inputs2) = (state.clone(), inputs.clone());
    let result = tokio::task::spawn_blocking(move || load(&state2, &inputs2)).await;
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
        Err(e) => Err(format!("the reload panicked: {e}")),
    }
}

type Moved = BTreeMap<String, (&'static str, &'static str)>;

/// Loads and validates everything first; only a complete, valid set replaces the old one.
fn load(state: &AppState, inputs: &Inputs) -> Result<Moved, String> {
    let (catalog, info, toml) =
        load_catalog_text(inputs.catalog.as_deref()).map_err(|e| e.to_string())?;
    let environment = load_environment(&catalog, &inputs.env).map_err(|e| e.to_string())?;
    let secrets = redactor(&catalog, &inputs.env).map_err(|e| e.to_string())?;
    let set = input_set(Arc::new(catalog), &info, &environment);
    let store_error = |e: crate::store::StoreError| {
        state.metrics.store_errors.inc();
        format!("the proof store could not record or read the new inputs: {e}")
    };
    // The edit is part of the record before any board shows it: every instance replays it.
    state
        .store
        .put_in_force(&set, &toml, &recorder("serve reload"))
        .map_err(store_error)?;
    // After the record: the edit is in force from an instant at or before this one.
    let now = state.now();
    let view = state.store.view(&set, now).map_err(store_error)?;
    let before = state.board.current(now);
    *state.redactor.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(secrets);
    let own = BoardInputs {
        set,
        catalog_info: Some(info),
    };
    let after = state.board.replace(own, view, now);
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
