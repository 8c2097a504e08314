//! Live reload of the catalog and env file: on an edit (see [`files`]) or on `SIGHUP`, once the
//! files have been left alone for a second and no writer holds one open, the inputs are read
//! and validated again off the async workers. A valid edit is recorded in
//! the store (the inputs are part of the record) and put in force at once with a store read
//! (new board, page caches dropped); an invalid one is logged with file:line and counted, and
//! the last good inputs keep serving. Nothing restarts, no request fails.

mod apply;
mod files;
mod openers;
pub(crate) mod writers;

use crate::state::{AppState, ServeConfig};
use apply::reload;
use files::InputFiles;
use std::path::PathBuf;
use std::time::Duration;
use tokio::sync::mpsc;

/// How often a wait looks again at a writer it saw holding an input file.
const LOOK: Duration = Duration::from_millis(100);

/// How often a wait for the input files to be left alone says it is still waiting.
const SAY_AGAIN: Duration = Duration::from_secs(60);

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
pub async fn watch(state: AppState, inputs: ServeConfig) {
    let (wake, mut woken) = mpsc::unbounded_channel::<()>();
    let mut files = InputFiles::watch(input_paths(&inputs), wake.clone());
    tokio::spawn(hangups(wake));
    while woken.recv().await.is_some() {
        files.follow_links();
        settle(&mut woken, &files).await;
        let mut waiting_for_store = false;
        loop {
            match reload(&state, &inputs).await {
                Ok(()) => break,
                Err(Refusal::Store(reason)) => {
                    // Found by attack: an edit made while the store did not answer was dropped.
                    // It is retried until recorded (a newer edit is applied in its place).
                    if !waiting_for_store {
                        tracing::warn!(error = %reason, "the edit is in force for redaction and waits for the proof store to record it; retrying");
                        waiting_for_store = true;
                    }
                    if let Ok(Some(())) = tokio::time::timeout(STORE_RETRY, woken.recv()).await {
                        settle(&mut woken, &files).await;
                    }
                    continue;
                }
                Err(Refusal::Invalid(refusal)) => {
                    // Left alone a second and closed: a broken file, not one being written.
                    report_refusal(&state, &refusal);
                    break;
                }
            }
        }
    }
}

/// The input files, as absolute paths.
fn input_paths(inputs: &ServeConfig) -> Vec<PathBuf> {
    inputs
        .catalog
        .iter()
        .chain(inputs.env.env_file.iter())
        .map(|p| std::path::absolute(p).unwrap_or_else(|_| p.clone()))
        .collect()
}

/// Waits until the input files have been left alone for the quiet time ([`crate::lease::settle::quiet`]) and no writer holds one open,
/// however long that takes (said each minute). Found by attack (round 5): a file rewritten in
/// place in two chunks half a second apart was read between them; (round 12) reading at a
/// minute's cap recorded the half of a slow writer's save.
async fn settle(woken: &mut mpsc::UnboundedReceiver<()>, files: &InputFiles) {
    settle_with(woken, || files.being_written()).await;
}

/// [`settle`], asking `being_written`. Once a writer was seen, the quiet second counts from the
/// first look that found none, and looks come every [`LOOK`] (found by attack, rounds 13–14: a
/// look right after a writer's close read the half it wrote before reopening the file).
async fn settle_with(woken: &mut mpsc::UnboundedReceiver<()>, being_written: impl Fn() -> bool) {
    let started = tokio::time::Instant::now();
    let mut said = started;
    // The last event, or the first look that found no writer after one was seen.
    let mut quiet_from = started;
    let mut writer_seen = false;
    loop {
        let wait = if writer_seen {
            LOOK
        } else {
            crate::lease::settle::quiet().saturating_sub(quiet_from.elapsed())
        };
        match tokio::time::timeout(wait, woken.recv()).await {
            Ok(Some(())) => quiet_from = tokio::time::Instant::now(),
            Ok(None) => return,
            Err(_quiet) if being_written() => writer_seen = true,
            Err(_quiet) if writer_seen => {
                writer_seen = false;
                quiet_from = tokio::time::Instant::now();
            }
            Err(_quiet) if quiet_from.elapsed() >= crate::lease::settle::quiet() => return,
            Err(_quiet) => {}
        }
        if said.elapsed() >= SAY_AGAIN {
            said = tokio::time::Instant::now();
            tracing::warn!(
                waited_s = started.elapsed().as_secs(),
                "the input files are still being written or changed, or held open by a process this server cannot look into (it cannot tell a reader from a writer without leases); the last good inputs stay until they are left alone a second with no writer (save by writing a new file and renaming it over)"
            );
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by attack (round 12): a cap on the wait read a slow writer's save half-way. Events
    /// without end (a save in parts, every 50 ms) hold the read back for as long as they come.
    #[tokio::test(start_paused = true)]
    async fn events_hold_a_read_back_as_long_as_they_come_then_a_second() {
        let (wake, mut woken) = mpsc::unbounded_channel();
        let started = tokio::time::Instant::now();
        tokio::spawn(async move {
            for _ in 0..2400 {
                let _ = wake.send(());
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            std::future::pending::<()>().await;
        });
        settle_with(&mut woken, || false).await;
        let waited = started.elapsed();
        assert!(
            (Duration::from_secs(120)..Duration::from_secs(122)).contains(&waited),
            "{waited:?}"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_writer_holding_a_file_holds_the_read_back_until_it_lets_go() {
        let (_wake, mut woken) = mpsc::unbounded_channel::<()>();
        let started = tokio::time::Instant::now();
        let held_until = started + Duration::from_secs(150);
        settle_with(&mut woken, || tokio::time::Instant::now() < held_until).await;
        // A second from the first look that found the writer gone (within a look of its close).
        let waited = started.elapsed();
        assert!(
            (Duration::from_secs(151)..Duration::from_millis(151_150)).contains(&waited),
            "{waited:?}"
        );
    }
}
