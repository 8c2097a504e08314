//! The computed board, kept ready to serve: recomputed when a proof is written, when a proof
//! expires, and at least once a minute so `as_of` stays current. Never recomputed per request.

use bytes::Bytes;
use readiness::{evaluate, Board, Catalog, CatalogInfo, Environment, LatestProofs, ProofRecord};
use std::sync::{Arc, RwLock};
use time::{Duration, OffsetDateTime};

/// How long a board may be served before it is recomputed even if nothing changed.
const MAX_AGE: Duration = Duration::minutes(1);

/// One computed board and its JSON, shared by every request that reads it.
pub struct Snapshot {
    pub board: Arc<Board>,
    pub json: Bytes,
    /// Pages rendered from this board; a new snapshot starts with none, so none is ever stale.
    pub pages: crate::page_cache::PageCache,
    fresh_until: OffsetDateTime,
}

pub struct BoardCache {
    catalog: Arc<Catalog>,
    catalog_info: Option<CatalogInfo>,
    environment: Environment,
    latest: RwLock<LatestProofs>,
    snapshot: RwLock<Arc<Snapshot>>,
}

impl BoardCache {
    pub fn new(
        catalog: Arc<Catalog>,
        catalog_info: Option<CatalogInfo>,
        environment: Environment,
        latest: LatestProofs,
        now: OffsetDateTime,
    ) -> Self {
        let snapshot = compute(&catalog, catalog_info.as_ref(), &environment, &latest, now);
        Self {
            catalog,
            catalog_info,
            environment,
            latest: RwLock::new(latest),
            snapshot: RwLock::new(Arc::new(snapshot)),
        }
    }

    pub fn catalog(&self) -> &Arc<Catalog> {
        &self.catalog
    }

    /// The board as of `now`: the cached one while it is fresh, else a newly computed one.
    pub fn current(&self, now: OffsetDateTime) -> Arc<Snapshot> {
        let held = match self.snapshot.read() {
            Ok(guard) => Arc::clone(&guard),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        };
        if now < held.fresh_until && now >= held.board.as_of {
            return held;
        }
        self.recompute(now)
    }

    /// The board as it was computed at `as_of` from `latest` (the proof history up to then).
    pub fn board_at(&self, latest: &LatestProofs, as_of: OffsetDateTime) -> Board {
        board(
            &self.catalog,
            self.catalog_info.as_ref(),
            &self.environment,
            latest,
            as_of,
        )
    }

    /// Takes a newly stored record into account; every read that starts after this returns sees it.
    pub fn record_written(&self, record: ProofRecord, now: OffsetDateTime) -> Arc<Snapshot> {
        self.merge_latest([record], now)
    }

    /// Merges records read back from the store (another process wrote): each is kept only if it
    /// is newer than the one held, so a record this instance just wrote is never replaced by an
    /// older read that raced with it.
    pub fn merge_latest(
        &self,
        records: impl IntoIterator<Item = ProofRecord>,
        now: OffsetDateTime,
    ) -> Arc<Snapshot> {
        {
            let mut held = self
                .latest
                .write()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            for record in records {
                held.offer(record);
            }
        }
        self.recompute(now)
    }

    /// Computes and stores a snapshot while holding the proofs' read lock, so a compute from
    /// before a write can never be stored after it: the writer waits for it to finish.
    fn recompute(&self, now: OffsetDateTime) -> Arc<Snapshot> {
        let latest = self
            .latest
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let snapshot = Arc::new(compute(
            &self.catalog,
            self.catalog_info.as_ref(),
            &self.environment,
            &latest,
            now,
        ));
        let mut slot = self
            .snapshot
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        *slot = Arc::clone(&snapshot);
        drop(slot);
        drop(latest);
        snapshot
    }
}

/// The engine's board, stamped with the catalog it came from: the current one or a past one.
fn board(
    catalog: &Catalog,
    catalog_info: Option<&CatalogInfo>,
    environment: &Environment,
    latest: &LatestProofs,
    at: OffsetDateTime,
) -> Board {
    let mut board = evaluate(catalog, environment, latest, at);
    board.catalog = catalog_info.cloned();
    board
}

fn compute(
    catalog: &Catalog,
    catalog_info: Option<&CatalogInfo>,
    environment: &Environment,
    latest: &LatestProofs,
    now: OffsetDateTime,
) -> Snapshot {
    let board = board(catalog, catalog_info, environment, latest, now);
    let fresh_until = board
        .next_expiry()
        .map_or(now + MAX_AGE, |expiry| expiry.min(now + MAX_AGE));
    let json = Bytes::from(serde_json::to_vec(&board).unwrap_or_else(|e| {
        tracing::error!(error = %e, "board did not serialize");
        b"{}".to_vec()
    }));
    Snapshot {
        board: Arc::new(board),
        json,
        pages: crate::page_cache::PageCache::default(),
        fresh_until,
    }
}
