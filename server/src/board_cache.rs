//! The computed board, kept ready to serve. The store is the one truth: the cache holds the
//! latest proofs exactly as last read from it (with the store's change counter), and is replaced
//! by each new read, never merged with what this instance wrote, so every instance that has read
//! the same counter serves the same board. A board never shows an instant beyond the store's
//! horizon (a later write could take it back), so the store is read again, which moves the
//! horizon, whenever something comes due (an expiry, a record stamped ahead) and at least once a
//! minute so `as_of` stays current; a stalled store leaves the last board as it was. Recomputed
//! when a read is applied, never per request.

use crate::loaded::Loaded;
use crate::store::StoreView;
use axum::http::HeaderValue;
use bytes::Bytes;
use readiness::changes::{InputSet, Record, Replayer};
use readiness::{evaluate, Board, Catalog, CatalogInfo, LatestProofs};
use std::sync::{Arc, Mutex, RwLock};
use time::{Duration, OffsetDateTime};

/// How long a board may be served before it is recomputed even if nothing changed.
const MAX_AGE: Duration = Duration::minutes(1);

/// One computed board and its JSON, shared by every request that reads it.
pub struct Snapshot {
    pub board: Arc<Board>,
    /// Every change up to this board, oldest first, and the first state they start from.
    pub history: Arc<History>,
    /// `None` if the board could not be serialized (then the API answers 500, never `{}`); its
    /// brotli and gzip codings are made once, when first asked for.
    pub json: Option<crate::encoded::Encoded>,
    /// Pages rendered from this board; a new snapshot starts with none, so none is ever stale.
    pub pages: crate::page_cache::PageCache,
    /// Changes exactly when what a reader sees changes (a status, a verdict, a proof, the
    /// catalog, a store write), not when only `as_of` moves: open pages poll it to stay live.
    pub version: String,
    /// The JSON's ETag, `W/"<version>"` (weak: `as_of` moves with the clock), made once.
    pub json_etag: Option<HeaderValue>,
    /// What filters run on, built once per board for every filtered page and answer.
    pub index: Arc<readiness::FilterIndex>,
    /// The same for the buyer's page, which carries it: without variable names or claims.
    pub buyer_index: Arc<readiness::FilterIndex>,
    /// The record the board was computed from, and the inputs in force in it now.
    pub record: Arc<Record>,
    pub in_force: Arc<InputSet>,
    /// The instant the board was computed for: the clock's when the store was read, never
    /// beyond what the store's horizon settled (see [`Record::settled`]).
    pub published: OffsetDateTime,
    /// When the store must be read again: something comes due after the board's instant (an
    /// expiry, a record stamped ahead), or the board is a minute old. Only a read moves it on.
    pub next_due: OffsetDateTime,
}

pub struct BoardCache {
    /// Read with the proofs' lock held (see `recompute`), replaced by [`BoardCache::replace`].
    /// This instance's own inputs (read from its files), replaced whole by a reload. The board
    /// shows the inputs in force in the record, which are these unless another writer's came
    /// later.
    inputs: RwLock<Arc<Loaded>>,
    last_read: RwLock<StoreView>,
    snapshot: RwLock<Arc<Snapshot>>,
    /// The replay kept between boards: a new board replays only what came after the last.
    replayer: Mutex<Replayer>,
    /// Boards computed so far (a metric).
    recomputations: prometheus_client::metrics::counter::Counter,
    /// Replays of the whole history (a metric: once at start-up, then only when something
    /// counts from before what was replayed).
    replays_from_start: prometheus_client::metrics::counter::Counter,
    /// Whether this instance runs the demo configuration: said on every board it computes.
    deployment: readiness::Deployment,
}

impl BoardCache {
    pub fn new(
        inputs: Loaded,
        view: StoreView,
        now: OffsetDateTime,
        deployment: readiness::Deployment,
    ) -> Self {
        let inputs = Arc::new(inputs);
        let mut replayer = Replayer::new();
        let snapshot = compute(&view, &mut replayer, now, deployment);
        let replays_from_start = prometheus_client::metrics::counter::Counter::default();
        replays_from_start.inc_by(replayer.starts());
        Self {
            inputs: RwLock::new(inputs),
            last_read: RwLock::new(view),
            snapshot: RwLock::new(Arc::new(snapshot)),
            replayer: Mutex::new(replayer),
            replays_from_start,
            recomputations: Default::default(),
            deployment,
        }
    }

    /// How many boards this cache has computed after the first.
    pub fn recomputations(&self) -> &prometheus_client::metrics::counter::Counter {
        &self.recomputations
    }

    /// The catalog of the inputs in force (a reload may replace it: hold the `Arc`).
    pub fn catalog(&self) -> Arc<Catalog> {
        Arc::clone(&self.last().in_force.catalog)
    }

    /// This instance's own inputs.
    pub fn own(&self) -> Arc<Loaded> {
        Arc::clone(&self.inputs.read().unwrap_or_else(|p| p.into_inner()))
    }

    /// The snapshot computed last, without recomputing.
    pub fn last(&self) -> Arc<Snapshot> {
        Arc::clone(&self.snapshot.read().unwrap_or_else(|p| p.into_inner()))
    }

    /// Puts new inputs (a reloaded catalog or env file) and the store read for that catalog in
    /// force at once, and recomputes: the next request sees the new board, none a mix.
    pub fn replace(&self, inputs: Loaded, view: StoreView, now: OffsetDateTime) -> Arc<Snapshot> {
        let mut last_read = self.last_read.write().unwrap_or_else(|p| p.into_inner());
        *self.inputs.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(inputs);
        *last_read = view;
        drop(last_read);
        self.recompute(now)
    }

    /// How many times the whole history was replayed (a metric: once at start-up, then only
    /// when something counts from before what was replayed).
    pub fn replays_from_start(&self) -> &prometheus_client::metrics::counter::Counter {
        &self.replays_from_start
    }

    /// The store read the board was computed from (the next read goes on from it).
    pub fn last_read(&self) -> StoreView {
        self.read_last(StoreView::clone)
    }

    /// The store's change counter the proofs last read were read at.
    pub fn version(&self) -> i64 {
        self.read_last(|last_read| last_read.version)
    }

    /// When the store must be read again (see [`Snapshot::next_due`]): the read moves the
    /// horizon, and with it the instant the board may show.
    pub fn next_due(&self) -> OffsetDateTime {
        self.last().next_due
    }

    fn read_last<T>(&self, f: impl FnOnce(&StoreView) -> T) -> T {
        f(&self
            .last_read
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner()))
    }

    /// The board as of `now`: the cached one while it is fresh or while the store's horizon
    /// lets it show nothing later (a stalled store), else a newly computed one.
    pub fn current(&self, now: OffsetDateTime) -> Arc<Snapshot> {
        let last = self.last();
        let fresh = now < last.next_due && now >= last.published;
        if fresh || self.read_last(|last_read| last_read.record.settled(now)) == last.published {
            return last;
        }
        self.recompute(now)
    }

    /// The board as it was at `as_of`, as complete as the current one: the inputs then in
    /// force, the proofs then known, the forecast from then and uptime up to then (read off
    /// the changes this instance holds).
    pub fn board_at(&self, as_of: OffsetDateTime) -> Board {
        let last = self.last();
        // A past view of a demo is a demo too (found by attack: it said "live").
        complete_board(&last.record, &last.history, as_of, self.deployment)
    }

    /// Replaces the proofs last read with a new read of the store. Reads are made one at a time
    /// (`AppState::sync_lock`), so the last one applied is the newest.
    pub fn apply(&self, view: StoreView, now: OffsetDateTime) {
        *self
            .last_read
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = view;
        self.recompute(now);
    }

    /// Computes and stores a snapshot while holding the proofs' read lock, so a compute from
    /// before an update can never be stored after it: the update waits for it to finish.
    fn recompute(&self, now: OffsetDateTime) -> Arc<Snapshot> {
        let last_read = self
            .last_read
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        self.recomputations.inc();
        let mut replayer = self.replayer.lock().unwrap_or_else(|p| p.into_inner());
        let starts = replayer.starts();
        let snapshot = Arc::new(compute(&last_read, &mut replayer, now, self.deployment));
        self.replays_from_start.inc_by(replayer.starts() - starts);
        drop(replayer);
        let mut slot = self
            .snapshot
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        *slot = Arc::clone(&snapshot);
        drop(slot);
        drop(last_read);
        snapshot
    }
}

/// The board at `at` from the record (the inputs then in force, the proofs then known), saying
/// which inputs and catalog it was computed with and since when (read off the record, never
/// off a file), and the newest proofs it read.
pub fn board_then(record: &Record, at: OffsetDateTime) -> (Board, LatestProofs) {
    let then = record.inputs_at(at);
    let latest = record.latest_at(at);
    let mut board = evaluate(&then.catalog, &then.environment, &latest, at);
    board.catalog = Some(CatalogInfo {
        sha256: then.catalog_sha256.clone(),
        changed_at: record.catalog_since(at),
    });
    board.inputs = record.info_at(at);
    (board, latest)
}

/// [`board_then`] with the forecast of the expiries ahead: the board of the current instant,
/// as the server and the CLI compute it.
pub fn board_now(record: &Record, at: OffsetDateTime) -> Board {
    let (mut board, latest) = board_then(record, at);
    let then = record.inputs_at(at);
    board.upcoming =
        readiness::changes::upcoming(&then.catalog, &then.environment, &latest, at, FORECAST);
    board
}

/// The changes the board went through and where each stretch of inputs starts among them,
/// computed with it (never per request); the changes are shared with the next snapshot's (a
/// persistent vector), never copied per board.
pub type History = readiness::changes::Timeline;

/// The complete board at `at` for every caller (the server's snapshot and past views, the
/// CLI's `status`, `bundle` and `preflight`): [`board_now`], its deployment mode (see
/// [`deployment_of`]), uptime over the window ending at `at`, read off `timeline` (the
/// record's changes up to `at` at least), and its version (a hash of what a reader sees): one
/// document, whoever asks, the same whenever asked.
pub fn complete_board(
    record: &Record,
    timeline: &History,
    at: OffsetDateTime,
    deployment: readiness::Deployment,
) -> Board {
    let mut board = board_now(record, at);
    board.deployment = deployment;
    readiness::changes::mark_late(&mut board, &timeline.changes);
    let from = at.checked_sub(UPTIME_WINDOW).unwrap_or(at);
    board.uptime = Some(readiness::changes::uptime_report(
        record, timeline, from, at,
    ));
    board.version = Some(crate::board_version::version_of(&board));
    board
}

/// A demo is the embedded placeholder env (`demo_env`), or a store holding demo records, the
/// same for the server and the CLI (found by review: `status --json` said `live` of a demo).
/// `--demo` on a store that already held real records seeds nothing and makes nothing a demo.
pub fn deployment_of(demo_env: bool, record: &Record) -> readiness::Deployment {
    let demo_records =
        (record.proofs().iter()).any(|p| p.record.source == readiness::ProofSource::Demo);
    match demo_env || demo_records {
        true => readiness::Deployment::Demo,
        false => readiness::Deployment::Live,
    }
}

/// How far ahead the forecast looks, and how far back uptime does.
const FORECAST: Duration = Duration::days(readiness::over_time::FORECAST_DAYS);
const UPTIME_WINDOW: Duration = Duration::days(readiness::over_time::UPTIME_DAYS);

fn compute(
    last_read: &StoreView,
    replayer: &mut Replayer,
    now: OffsetDateTime,
    deployment: readiness::Deployment,
) -> Snapshot {
    let record = Arc::clone(&last_read.record);
    let at = record.settled(now);
    let in_force = Arc::clone(record.inputs_at(at));
    let history = Arc::new(replayer.advance(&record, at).clone());
    let board = complete_board(&record, &history, at, deployment);
    // The first instant after the board's at which something comes due: an expiry of a proof
    // it holds, an expected day passing, a proof or inputs known later; or the minute's refresh.
    let next_due = board
        .next_expiry()
        .into_iter()
        .chain(board.next_day_passing())
        .chain(record.next_after(at))
        .fold(at.checked_add(MAX_AGE).unwrap_or(at), OffsetDateTime::min);
    let version = board.version.clone().unwrap_or_default();
    let json = match serde_json::to_vec(&board) {
        Ok(bytes) => Some(crate::encoded::Encoded::new(Bytes::from(bytes))),
        Err(e) => {
            tracing::error!(error = %e, "the board did not serialize");
            None
        }
    };
    let json_etag = HeaderValue::from_str(&format!("W/\"{version}\"")).ok();
    Snapshot {
        json_etag,
        version,
        record,
        in_force,
        index: Arc::new(readiness::FilterIndex::of(&board)),
        buyer_index: Arc::new(readiness::FilterIndex::for_buyers(&board)),
        history,
        board: Arc::new(board),
        json,
        pages: crate::page_cache::PageCache::default(),
        published: at,
        next_due,
    }
}
