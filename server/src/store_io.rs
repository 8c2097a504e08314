//! The store behind the board, as requests meet it: reads that publish up to an instant and
//! pushes, each with a deadline, so a store that stops answering costs a 503, never a request
//! held for the whole stall, and never a failure for a record that was stored.

use crate::error::AppError;
use crate::state::{AppState, READ_BACK_WAIT, STORE_ANSWER_WITHIN, WRITE_ANSWER_WITHIN};
use crate::store::{CommitGate, StoreError, StoredProof};
use std::sync::Arc;
use time::OffsetDateTime;

impl AppState {
    /// The board as it was at `as_of`, from the proof history (read off the async runtime).
    /// An instant after what the board last published is read from the store first (which
    /// moves its horizon past it); while the store does not answer, 503: nothing beyond the
    /// horizon is known for good.
    pub async fn board_at(&self, as_of: OffsetDateTime) -> Result<readiness::Board, AppError> {
        self.settled_through(as_of).await?;
        let board = Arc::clone(&self.board);
        Ok(tokio::task::spawn_blocking(move || board.board_at(as_of)).await?)
    }

    /// Makes sure the board published `at` or later: if not, reads the store (which moves its
    /// horizon past `at`); 503 when the store does not answer within [`STORE_ANSWER_WITHIN`].
    pub async fn settled_through(&self, at: OffsetDateTime) -> Result<(), AppError> {
        if at <= self.board.last().published {
            return Ok(());
        }
        // Its own task: a read given up on still finishes before the next one starts.
        let state = self.clone();
        let read = tokio::spawn(async move { state.sync_through(at).await });
        let answered = tokio::time::timeout(STORE_ANSWER_WITHIN, read).await;
        answered.map_err(|_| StoreError::Unavailable("no answer from the store".into()))???;
        Ok(())
    }

    /// Reads the store and applies what it holds to the cached board (see `BoardCache::apply`).
    pub async fn sync_from_store(&self) -> Result<(), StoreError> {
        let _one_at_a_time = self.sync_lock.lock().await;
        self.read_store().await
    }

    /// Reads the store unless a board published at `at` or later meanwhile: requests waiting
    /// for the same instant share one read (found by review: during a stall each queued its
    /// own, and all of them ran once the store answered).
    async fn sync_through(&self, at: OffsetDateTime) -> Result<(), StoreError> {
        let _one_at_a_time = self.sync_lock.lock().await;
        if at <= self.board.last().published {
            return Ok(());
        }
        self.read_store().await
    }

    /// Reads the store again unless the board already holds `version` (another read got there
    /// first) and no early-stamped record has come due.
    pub async fn sync_if_behind(&self, version: i64) -> Result<(), StoreError> {
        let _one_at_a_time = self.sync_lock.lock().await;
        let due = self.board.next_due() <= self.now();
        if self.board.version() != version || due {
            self.read_store().await?;
        }
        Ok(())
    }

    async fn read_store(&self) -> Result<(), StoreError> {
        let store = self.store.clone();
        let own = Arc::clone(&self.board.own().set);
        let now = self.now();
        let board = Arc::clone(&self.board);
        // Reading what is new and computing the board and its changes is CPU work (the whole
        // history at start-up): on a blocking thread, never an async worker.
        tokio::task::spawn_blocking(move || {
            let view = store.view_for_board(Some(&board.last_read()), &own, now)?;
            board.apply(view, now);
            Ok::<(), StoreError>(())
        })
        .await
        .map_err(|_| StoreError::Poisoned)?
        .inspect_err(|_| {
            self.metrics.store_errors.inc();
        })
    }

    /// Stores a record (once per idempotency key, when one is given), then reads the store back
    /// into the cached board, so a read after the acknowledgement sees it. Returns the stored
    /// record and whether it is the answer to an earlier request with the same key.
    pub async fn record_proof(
        &self,
        record: readiness::ProofRecord,
        details: crate::proof_input::RunDetails,
        idempotency: Option<(String, String)>,
    ) -> Result<(StoredProof, bool), AppError> {
        let stored = self
            .write_within(move |store, gate| {
                let details = (details.0, details.1.as_deref());
                match idempotency {
                    Some((key, request_sha256)) => {
                        store.insert_once((&key, &request_sha256), &record, details, gate)
                    }
                    None => store
                        .insert_pushed(&record, details, gate)
                        .map(|stored| (stored, false)),
                }
            })
            .await
            .inspect_err(|_| {
                self.metrics.store_errors.inc();
            })?;
        // The record is durable: the answer is 201 whatever follows. The read-back runs as a task
        // of its own (one read at a time, never cut short); the answer waits for it a moment, so
        // a read after it usually sees the record, and the store watcher applies it otherwise.
        let state = self.clone();
        let read_back = tokio::spawn(async move { state.sync_from_store().await });
        match tokio::time::timeout(READ_BACK_WAIT, read_back).await {
            Ok(Ok(Ok(()))) => {}
            Ok(Ok(Err(e))) => {
                tracing::warn!(error = %e, "stored a proof but could not read the store back yet");
            }
            Ok(Err(e)) => tracing::error!(error = %e, "the read-back after a push panicked"),
            Err(_) => tracing::info!("answered a push before the board caught up with it"),
        }
        Ok(stored)
    }

    /// Runs a read of the store on a blocking thread and waits [`STORE_ANSWER_WITHIN`] for it:
    /// a store that does not answer by then is unavailable (a 503), as for every read a
    /// request waits on (found by attack: a frozen database held probes and the history 15 s).
    pub async fn read_within<T: Send + 'static>(
        &self,
        read: impl FnOnce(&crate::store::ProofStore) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, AppError> {
        let store = self.store.clone();
        let running = tokio::task::spawn_blocking(move || read(&store));
        match tokio::time::timeout(STORE_ANSWER_WITHIN, running).await {
            Ok(joined) => Ok(joined??),
            Err(_) => Err(StoreError::Unavailable(format!(
                "the proof store did not answer within {} s",
                STORE_ANSWER_WITHIN.as_secs()
            ))
            .into()),
        }
    }

    /// Runs a write on a blocking thread and waits [`WRITE_ANSWER_WITHIN`] for it. A store that
    /// stopped answering (a PostgreSQL host frozen, a network gone quiet: nothing fails, nothing
    /// answers) is given up on then, and the write rolls back when the store wakes: the 503 is
    /// true. A write whose commit was already sent may have happened: its answer is awaited.
    async fn write_within<T: Send + 'static>(
        &self,
        write: impl FnOnce(&crate::store::ProofStore, &CommitGate) -> Result<T, StoreError>
            + Send
            + 'static,
    ) -> Result<T, StoreError> {
        let (store, gate) = (self.store.clone(), CommitGate::default());
        let store_side = gate.clone();
        let mut running = tokio::task::spawn_blocking(move || write(&store, &store_side));
        let joined = match tokio::time::timeout(WRITE_ANSWER_WITHIN, &mut running).await {
            Ok(joined) => joined,
            Err(_) if gate.abandon() => {
                tracing::warn!("the store did not answer a write in time: gave it up");
                return Err(CommitGate::given_up());
            }
            Err(_) => running.await,
        };
        joined.map_err(|_| StoreError::Poisoned)?
    }
}
