//! Live reload of the catalog and env file: on an edit (watched with `notify`; the folders are
//! watched, so editors that save by renaming are seen) or on `SIGHUP`, the inputs are read and
//! validated again off the async workers. Links are followed: a re-pointed link, a replaced
//! target and a Kubernetes ConfigMap's `..data` swap are edits too. A valid edit is recorded in
//! the store (the inputs are part of the record) and put in force at once with a store read
//! (new board, page caches dropped); an invalid one is logged with file:line and counted, and
//! the last good inputs keep serving. Nothing restarts, no request fails.

use crate::inputs::recorder;
use crate::loaded::Loaded;
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

/// How often an edit the store could not record yet is tried again.
const STORE_RETRY: Duration = Duration::from_secs(2);

/// Why a reload did not put the edit in force.
pub enum Refusal {
    /// The files do not hold valid inputs: the last good ones stay (file:line said).
    Invalid(String),
    /// The store could not record or read the edit: it is tried again.
    Store(String),
}

/// Watches the input files of `inputs` and reloads them into `state` until the process ends.
pub async fn watch(state: AppState, inputs: Inputs) {
    let files: Vec<PathBuf> = inputs
        .catalog
        .iter()
        .chain(inputs.env.env_file.iter())
        .map(|p| std::path::absolute(p).unwrap_or_else(|_| p.clone()))
        .collect();
    let (wake, mut woken) = mpsc::unbounded_channel::<()>();
    let mut watcher = match file_watcher(&files, wake.clone()) {
        Ok(watcher) => Some(watcher),
        Err(e) => {
            tracing::warn!(error = %e, "cannot watch the input files; reload with SIGHUP");
            None
        }
    };
    let mut folders = watched_folders(&files);
    tokio::spawn(hangups(wake));
    while woken.recv().await.is_some() {
        // A link may now lead into a folder not watched yet: watch it from now on.
        if let Some(watcher) = watcher.as_mut() {
            for folder in watched_folders(&files).difference(&folders.clone()) {
                match watcher.watch(folder, RecursiveMode::NonRecursive) {
                    Ok(()) => {
                        folders.insert(folder.clone());
                    }
                    Err(e) => {
                        tracing::warn!(error = %e, folder = %folder.display(), "cannot watch a folder an input file now resolves to")
                    }
                }
            }
        }
        // The edit counts from when it was seen, even if the store takes a while to record it.
        let mut seen_at = state.now();
        let mut waiting_for_store = false;
        loop {
            tokio::time::sleep(SETTLE).await;
            while woken.try_recv().is_ok() {}
            let refusal = match reload(&state, &inputs, seen_at).await {
                Ok(()) => break,
                Err(Refusal::Store(reason)) => {
                    // Found by attack: an edit made while the store did not answer was dropped.
                    // It is retried until recorded (a newer edit is applied in its place).
                    if !waiting_for_store {
                        tracing::warn!(error = %reason, "the edit is in force for redaction and waits for the proof store to record it; retrying");
                        waiting_for_store = true;
                    }
                    if let Ok(Some(())) = tokio::time::timeout(STORE_RETRY, woken.recv()).await {
                        seen_at = state.now();
                    }
                    continue;
                }
                Err(Refusal::Invalid(refusal)) => refusal,
            };
            // Still being written? Another change within the grace period retries silently.
            if !matches!(
                tokio::time::timeout(GRACE, woken.recv()).await,
                Ok(Some(()))
            ) {
                report_refusal(&state, &refusal);
                break;
            }
            seen_at = state.now();
        }
    }
}

/// A watcher that wakes the loop when one of `files` changes: the folders holding them and
/// holding what they resolve to are watched, and an event there wakes the loop only when what
/// a file resolves to (its link chain, inode, size or time) changed. So a file saved by rename,
/// a link re-pointed, a link's target replaced and a Kubernetes ConfigMap's `..data` swap are
/// all seen.
fn file_watcher(
    files: &[PathBuf],
    wake: mpsc::UnboundedSender<()>,
) -> notify::Result<notify::RecommendedWatcher> {
    let files = files.to_vec();
    let seen = std::sync::Mutex::new(fingerprints(&files));
    let folders = watched_folders(&files);
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if !event.is_ok_and(|e| !e.kind.is_access()) {
            return;
        }
        let now = fingerprints(&files);
        let mut last = seen.lock().unwrap_or_else(|p| p.into_inner());
        if *last != now {
            *last = now;
            let _ = wake.send(());
        }
    })?;
    for folder in folders {
        watcher.watch(&folder, RecursiveMode::NonRecursive)?;
    }
    Ok(watcher)
}

/// What each file resolves to now: its real path and the identity, size and time of the file.
type Fingerprint = Vec<Option<(PathBuf, u64, u64, u64, Option<std::time::SystemTime>)>>;

fn fingerprints(files: &[PathBuf]) -> Fingerprint {
    use std::os::unix::fs::MetadataExt;
    files
        .iter()
        .map(|f| {
            let real = std::fs::canonicalize(f).ok()?;
            let meta = std::fs::metadata(&real).ok()?;
            Some((
                real,
                meta.dev(),
                meta.ino(),
                meta.len(),
                meta.modified().ok(),
            ))
        })
        .collect()
}

/// The folders holding each file, each link on its way, and what it finally resolves to.
fn watched_folders(files: &[PathBuf]) -> std::collections::BTreeSet<PathBuf> {
    let mut folders = std::collections::BTreeSet::new();
    for file in files {
        let mut at = file.clone();
        for _ in 0..16 {
            if let Some(parent) = at.parent() {
                folders.insert(parent.to_path_buf());
            }
            let Ok(target) = std::fs::read_link(&at) else {
                break;
            };
            at = at.parent().map_or(target.clone(), |p| p.join(&target));
        }
        if let Some(parent) = std::fs::canonicalize(file)
            .ok()
            .and_then(|r| r.parent().map(PathBuf::from))
        {
            folders.insert(parent);
        }
    }
    folders
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

/// Reads the inputs again and puts them in force from `seen_at` (or later, never before what a
/// board published), or keeps the last good ones and returns why.
pub async fn reload(
    state: &AppState,
    inputs: &Inputs,
    seen_at: time::OffsetDateTime,
) -> Result<(), Refusal> {
    // One store read at a time: a watcher read made with the old catalog never lands after this.
    let _one_at_a_time = state.sync_lock.lock().await;
    let (state2, inputs2) = (state.clone(), inputs.clone());
    let result = tokio::task::spawn_blocking(move || load(&state2, &inputs2, seen_at)).await;
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

type Moved = BTreeMap<String, (&'static str, &'static str)>;

/// Loads and validates everything first; only a complete, valid set replaces the old one.
fn load(
    state: &AppState,
    inputs: &Inputs,
    seen_at: time::OffsetDateTime,
) -> Result<Moved, Refusal> {
    let invalid = |e: crate::inputs::InputError| Refusal::Invalid(e.to_string());
    // Found by attack: an env file emptied mid-rewrite was recorded for good; it is refused
    // like a broken edit, retried silently if written again within the grace period.
    crate::inputs::refuse_a_blank_env_file(&inputs.env).map_err(invalid)?;
    let (loaded, _) = Loaded::read(inputs.catalog.as_deref(), &inputs.env).map_err(invalid)?;
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
    // The edit is part of the record before any board shows it: every instance replays it.
    let at_ms = crate::store::unix_ms(seen_at);
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
    let after = state.board.replace(loaded, view, now);
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
