//! What every request handler shares: the board cache, the proof store, the Leptos options, a clock.

use crate::auth::PushTokenHash;
use crate::board_cache::BoardCache;
use crate::error::AppError;
use crate::inputs::{catalog_info, load_catalog, load_environment, EnvSources, InputError};
use crate::store::StoredProof;
use crate::store::{ProofStore, StoreError};
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use std::path::PathBuf;
use std::sync::Arc;
use time::OffsetDateTime;

/// Returns the current instant; tests pass a fixed one.
pub type Clock = Arc<dyn Fn() -> OffsetDateTime + Send + Sync>;

#[derive(Clone)]
pub struct AppState {
    pub board: Arc<BoardCache>,
    pub store: ProofStore,
    pub leptos: LeptosOptions,
    pub clock: Clock,
    /// The SHA-256 of the token that may push proofs; `None` disables pushing.
    pub push_token: Option<PushTokenHash>,
    /// Serve the load script's static baseline route (`serve --bench-baseline`).
    pub bench_baseline: bool,
    /// The shared rate limit of `POST /api/proofs`.
    pub push_limit: crate::limits::PushRateLimit,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos.clone()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Input(#[from] InputError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Everything needed to build the state from disk.
#[derive(Debug, Clone)]
pub struct Inputs {
    pub catalog: PathBuf,
    pub env: EnvSources,
    pub db: crate::store::StoreLocation,
    pub seed_demo: bool,
    pub push_token: Option<PushTokenHash>,
    /// Pushes accepted per second (twice as many in a burst).
    pub push_rate_per_second: std::num::NonZeroU32,
}

impl AppState {
    /// Loads the catalog and environment, opens the store, seeds demo data if asked, computes the board.
    pub fn load(inputs: &Inputs, leptos: LeptosOptions, clock: Clock) -> Result<Self, StartError> {
        let catalog = Arc::new(load_catalog(&inputs.catalog)?);
        let info = catalog_info(&inputs.catalog)?;
        let environment = load_environment(&catalog, &inputs.env)?;
        let store = ProofStore::connect(&inputs.db)?;
        let now = clock();
        if inputs.seed_demo {
            let seeded = crate::demo::seed_if_empty(&store, now)?;
            if seeded > 0 {
                tracing::info!(
                    records = seeded,
                    "seeded demo proof records into an empty store"
                );
            }
        }
        let latest = store.latest_proofs(&catalog, now)?;
        tracing::info!(
            systems = catalog.systems().len(),
            motions = catalog.motions().len(),
            variables_set = environment.len(),
            proofs = latest.len(),
            "inputs loaded"
        );
        let board = Arc::new(BoardCache::new(
            catalog,
            Some(info),
            environment,
            latest,
            now,
        ));
        Ok(Self {
            board,
            store,
            leptos,
            clock,
            push_token: inputs.push_token,
            push_limit: crate::limits::PushRateLimit::per_second(inputs.push_rate_per_second),
            bench_baseline: false,
        })
    }

    pub fn now(&self) -> OffsetDateTime {
        (self.clock)()
    }

    /// The board as it was at `as_of`, from the proof history (read off the async runtime).
    pub async fn board_at(&self, as_of: OffsetDateTime) -> Result<readiness::Board, AppError> {
        let store = self.store.clone();
        let catalog = Arc::clone(self.board.catalog());
        let latest =
            tokio::task::spawn_blocking(move || store.latest_proofs(&catalog, as_of)).await??;
        Ok(self.board.board_at(&latest, as_of))
    }

    /// Stores a record, then updates the cached board, so a read after the acknowledgement sees it.
    pub async fn record_proof(
        &self,
        record: readiness::ProofRecord,
        duration_ms: Option<u64>,
        output_sha256: Option<String>,
    ) -> Result<StoredProof, AppError> {
        let store = self.store.clone();
        let to_store = record.clone();
        let stored = tokio::task::spawn_blocking(move || {
            store.insert(&to_store, duration_ms, output_sha256.as_deref())
        })
        .await??;
        self.board.record_written(record, self.now());
        Ok(stored)
    }
}
