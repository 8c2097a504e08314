//! The proof record store: append-only history behind one trait, with two backends: embedded
//! SQLite (the default) and PostgreSQL for several instances sharing one database.

mod commit_gate;
pub mod inputs;
pub mod mail;
mod migrations;
mod postgres;
mod postgres_hooks;
mod postgres_inputs;
mod postgres_mail;
mod postgres_settle;
mod sqlite;
mod sqlite_hooks;
mod sqlite_inputs;
mod sqlite_mail;
pub mod webhooks;

use readiness::{Outcome, ProofRecord, ProofSource, SystemId};
use std::fmt;
use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use time::OffsetDateTime;

pub use commit_gate::CommitGate;
pub use postgres::PostgresStore;
pub use sqlite::SqliteStore;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("proof store: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("proof store (PostgreSQL): {0}")]
    Postgres(::postgres::Error),
    /// The database cannot be reached now (connection lost, pool timed out): retry later.
    #[error("proof store unreachable: {0}")]
    Unavailable(String),
    /// Writes would be lost: the SQLite file was removed, replaced or made read-only.
    #[error("proof store cannot keep writes: {0}")]
    Lost(String),
    /// An `Idempotency-Key` came back with a different request.
    #[error("this Idempotency-Key was already used for a different record")]
    KeyReused,
    #[error("proof store: cannot create the folder for {path}: {source}")]
    Folder {
        path: String,
        source: std::io::Error,
    },
    #[error("proof store holds an unreadable record #{id}: {reason}")]
    Corrupt { id: i64, reason: String },
    #[error("proof store lock was poisoned by a panic")]
    Poisoned,
    /// The connection broke after the commit was sent, and the store cannot say yet whether
    /// the write was kept: retry with the same `Idempotency-Key` to find out.
    #[error("proof store: the connection broke as a write was committed, and whether it was kept is not known yet")]
    InDoubt,
}

impl From<::postgres::Error> for StoreError {
    /// An error the database answered is the query's; any other (I/O, closed) means unreachable.
    fn from(e: ::postgres::Error) -> Self {
        if e.code() == Some(&::postgres::error::SqlState::LOCK_NOT_AVAILABLE) {
            StoreError::Unavailable("the store is busy: a lock was held for 5 s".into())
        } else if e.as_db_error().is_some() {
            StoreError::Postgres(e)
        } else {
            StoreError::Unavailable(e.to_string())
        }
    }
}

impl From<r2d2::Error> for StoreError {
    fn from(e: r2d2::Error) -> Self {
        StoreError::Unavailable(e.to_string())
    }
}

impl StoreError {
    /// Will the same request succeed once the database is back (or no longer busy)?
    pub fn is_unavailable(&self) -> bool {
        let busy = matches!(
            self,
            StoreError::Sqlite(rusqlite::Error::SqliteFailure(e, _))
                if matches!(e.code, rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
        );
        busy || matches!(
            self,
            StoreError::Unavailable(_) | StoreError::Lost(_) | StoreError::InDoubt
        )
    }
}

/// A proof record as stored, with its id and the operator-side details.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredProof {
    pub id: i64,
    pub record: ProofRecord,
    pub duration_ms: Option<u64>,
    pub output_sha256: Option<String>,
}

/// What every backend does. Records are only ever appended.
pub trait ProofBackend: Send + Sync {
    /// Appends a record and returns it with its id. `known_ms` is the writer's clock: the record
    /// is known from the later of it and the store's last write (`None`: from the
    /// record's own instant, for demo data that stands for a past). Commits only through `gate`.
    fn insert(
        &self,
        record: &ProofRecord,
        details: (Option<u64>, Option<&str>),
        known_ms: Option<i64>,
        gate: &CommitGate,
    ) -> Result<StoredProof, StoreError>;
    /// Appends all records in one transaction: all are stored or none. Returns their ids.
    fn insert_all(
        &self,
        records: &[ProofRecord],
        known_ms: Option<i64>,
    ) -> Result<Vec<i64>, StoreError>;
    /// The newest record at or before `as_of` for each system, one indexed lookup per system.
    fn latest(
        &self,
        systems: &[SystemId],
        as_of: OffsetDateTime,
    ) -> Result<Vec<StoredProof>, StoreError>;
    /// Every record stored after record `after_id`, without its evidence, in the order they
    /// were stored (none is ever left out: dropping the oldest would rewrite the history), each
    /// with the instant it became known (what the changes are computed from), and the id of the
    /// last one (`after_id` when none). Stamped writes take their ids in commit order, so
    /// nothing can later appear before an id already read.
    fn timeline_after(
        &self,
        after_id: i64,
    ) -> Result<(Vec<readiness::changes::KnownProof>, i64), StoreError>;
    /// The record stored under `id`, with its details; `None` when no record has it.
    fn proof(&self, id: i64) -> Result<Option<StoredProof>, StoreError>;
    /// Records newest first, optionally of one system, at most `limit`.
    fn history(
        &self,
        system: Option<&SystemId>,
        limit: usize,
    ) -> Result<Vec<StoredProof>, StoreError>;
    fn count(&self) -> Result<u64, StoreError>;
    /// A cheap query proving the database answers (and, for a file, that writes will last).
    fn ping(&self) -> Result<(), StoreError>;
    /// The change counter: bumped in every writing transaction, so it changes with every commit
    /// of any process, in commit order.
    fn version(&self) -> Result<i64, StoreError>;
    /// Moves the instant every later write is known from (the stamps' floor) to at least
    /// `now_ms`, after any write in progress commits, and returns it: a board read after this
    /// may publish what happened before it, as nothing can be stored before it any more.
    fn advance_horizon(&self, now_ms: i64) -> Result<i64, StoreError>;
    /// Appends `record` unless `key` was used before; then returns the record first stored under
    /// it and `true`. Refuses a key that comes back with another request (`KeyReused`).
    /// Commits only through `gate`.
    fn insert_once(
        &self,
        keyed: (&str, &str),
        record: &ProofRecord,
        details: (Option<u64>, Option<&str>),
        known_ms: i64,
        gate: &CommitGate,
    ) -> Result<(StoredProof, bool), StoreError>;
}

/// Where proof records live: a SQLite file, or a PostgreSQL URL.
#[derive(Clone, PartialEq, Eq)]
pub enum StoreLocation {
    Sqlite(PathBuf),
    Postgres(String),
}

impl std::str::FromStr for StoreLocation {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        if text.starts_with("postgres://") || text.starts_with("postgresql://") {
            Ok(StoreLocation::Postgres(text.to_owned()))
        } else if text.is_empty() {
            Err("the store location is empty".to_owned())
        } else if text.contains('=') && text.contains(' ') {
            // `host=… password=…` would become a SQLite file named after the password.
            Err("this looks like a libpq connection string; give a postgres:// URL".to_owned())
        } else {
            Ok(StoreLocation::Sqlite(PathBuf::from(text)))
        }
    }
}

/// Shows where the store is without the password a PostgreSQL URL may carry.
impl fmt::Display for StoreLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreLocation::Sqlite(path) => write!(f, "{}", path.display()),
            StoreLocation::Postgres(url) => f.write_str(&crate::redact::mask_url(url)),
        }
    }
}

impl fmt::Debug for StoreLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "StoreLocation({self})")
    }
}

/// The record as read at one change counter (inputs in force, proofs as they became known,
/// without evidence), and where the read stopped.
#[derive(Debug, Clone)]
pub struct StoreView {
    pub version: i64,
    pub record: Arc<readiness::changes::Record>,
    /// The last proof record and change of inputs read: the next read starts after them.
    pub last_proof: i64,
    pub last_inputs: i64,
}

/// Valid rows (newest first, each with its `known_at_ms`) as known proofs in stored order, and
/// the greatest id among all rows (`after_id` when there are none).
pub(super) fn stored_order(
    rows: impl IntoIterator<Item = (RawRow, Option<i64>)>,
    after_id: i64,
) -> (Vec<readiness::changes::KnownProof>, i64) {
    let mut last = after_id;
    let mut out: Vec<_> = rows
        .into_iter()
        .filter_map(|(row, known_ms)| {
            last = last.max(row.id);
            let known = known_ms.and_then(|ms| readiness::instant::from_unix_ms(ms).ok());
            match row.into_stored() {
                Ok(stored) => {
                    let proof = readiness::changes::KnownProof::new(stored.record, known);
                    Some(proof.with_receipt(stored.id.unsigned_abs()))
                }
                Err(e) => {
                    tracing::warn!(error = %e, "skipping an unreadable proof record");
                    None
                }
            }
        })
        .collect();
    out.reverse();
    (out, last)
}

/// A handle to the store; clones share one backend. Writes are stamped with the clock's instant
/// (the board's clock in the server, so tests with a fixed clock see their own writes).
#[derive(Clone)]
pub struct ProofStore {
    backend: Arc<dyn Backend>,
    clock: Arc<dyn Fn() -> OffsetDateTime + Send + Sync>,
    catalogs: inputs::CatalogCache,
}

/// Every part of a store: proof records, webhooks, the inputs in force and e-mail subscribers.
pub trait Backend:
    ProofBackend + webhooks::WebhookBackend + inputs::InputsBackend + mail::MailBackend
{
}
impl<T> Backend for T where
    T: ProofBackend + webhooks::WebhookBackend + inputs::InputsBackend + mail::MailBackend
{
}

impl ProofStore {
    /// Opens the store at `location`, creating and migrating it as needed.
    pub fn connect(location: &StoreLocation) -> Result<Self, StoreError> {
        match location {
            StoreLocation::Sqlite(path) => Self::open(path),
            StoreLocation::Postgres(url) => Ok(Self::of(Arc::new(PostgresStore::connect(url)?))),
        }
    }

    /// Opens (creating if needed) the SQLite file at `path`.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        Ok(Self::of(Arc::new(SqliteStore::open(path)?)))
    }

    pub fn open_in_memory() -> Result<Self, StoreError> {
        Ok(Self::of(Arc::new(SqliteStore::open_in_memory()?)))
    }

    fn of(backend: Arc<dyn Backend>) -> Self {
        Self {
            backend,
            clock: Arc::new(OffsetDateTime::now_utc),
            catalogs: inputs::CatalogCache::default(),
        }
    }

    /// The same store, stamping writes with `clock`.
    pub fn with_clock(mut self, clock: Arc<dyn Fn() -> OffsetDateTime + Send + Sync>) -> Self {
        self.clock = clock;
        self
    }

    /// The clock's instant in Unix milliseconds.
    pub fn now_ms(&self) -> i64 {
        unix_ms((self.clock)())
    }

    /// Appends a record, known from now (see [`ProofBackend::insert`]).
    pub fn insert(
        &self,
        record: &ProofRecord,
        duration_ms: Option<u64>,
        output_sha256: Option<&str>,
    ) -> Result<StoredProof, StoreError> {
        let gate = CommitGate::always_open();
        let now = Some(self.now_ms());
        self.backend
            .insert(record, (duration_ms, output_sha256), now, &gate)
    }

    /// Appends a record pushed by a client that may give up on it (see [`CommitGate`]).
    pub fn insert_pushed(
        &self,
        record: &ProofRecord,
        details: (Option<u64>, Option<&str>),
        gate: &CommitGate,
    ) -> Result<StoredProof, StoreError> {
        let now = Some(self.now_ms());
        self.backend.insert(record, details, now, gate)
    }

    /// Appends records in one transaction, known from now.
    pub fn insert_all(&self, records: &[ProofRecord]) -> Result<Vec<i64>, StoreError> {
        self.backend.insert_all(records, Some(self.now_ms()))
    }

    /// Appends demo records, each known from its own instant: they stand for a made-up past.
    pub fn insert_demo(&self, records: &[ProofRecord]) -> Result<Vec<i64>, StoreError> {
        self.backend.insert_all(records, None)
    }

    /// Appends `record` once per idempotency key, known from now, committed through `gate`.
    pub fn insert_once(
        &self,
        (key, request_sha256): (&str, &str),
        record: &ProofRecord,
        details: (Option<u64>, Option<&str>),
        gate: &CommitGate,
    ) -> Result<(StoredProof, bool), StoreError> {
        let now = self.now_ms();
        self.backend
            .insert_once((key, request_sha256), record, details, now, gate)
    }

    /// The whole record as a command that only reads sees it (no horizon: it publishes
    /// nothing, and writes nothing). `own` are the reader's inputs: in force from the beginning
    /// if none were ever recorded.
    pub fn view(&self, own: &Arc<readiness::changes::InputSet>) -> Result<StoreView, StoreError> {
        self.read(None, own, None)
    }

    /// What a board needs from the store at `now`: the horizon moved past `now` first (so every
    /// write stored after this read is known after `now`, and the board may publish everything
    /// up to `now`), then the counter (a write that commits during the read can only make it look
    /// older than the proofs, so the next check reads again; never the other way round), then
    /// what was written since `last_read` when there is one: its record extended with the new
    /// proofs and inputs, so the read costs the same on a long history. The whole record is
    /// read again when something new counts from before `last_read`'s horizon (demo data).
    pub fn view_for_board(
        &self,
        last_read: Option<&StoreView>,
        own: &Arc<readiness::changes::InputSet>,
        now: OffsetDateTime,
    ) -> Result<StoreView, StoreError> {
        // One millisecond past `now`: what is known at `now` is published by this read.
        let horizon = self.advance_horizon(unix_ms(now).saturating_add(1))?;
        self.read(last_read, own, Some(horizon))
    }

    fn read(
        &self,
        last_read: Option<&StoreView>,
        own: &Arc<readiness::changes::InputSet>,
        horizon_ms: Option<i64>,
    ) -> Result<StoreView, StoreError> {
        use readiness::changes::Record;
        let through = match horizon_ms {
            Some(ms) => readiness::instant::from_unix_ms(ms).map_err(|e| StoreError::Corrupt {
                id: 0,
                reason: format!("the store's horizon {ms}: {e}"),
            })?,
            None => readiness::instant::END,
        };
        let version = self.version()?;
        let (after_proof, after_inputs) =
            last_read.map_or((0, 0), |h| (h.last_proof, h.last_inputs));
        let (proofs, last_proof) = self.timeline_after(after_proof)?;
        let (inputs, last_inputs) = self.inputs_after(after_inputs)?;
        let view = |record: Record| StoreView {
            version,
            record: Arc::new(record),
            last_proof,
            last_inputs,
        };
        let Some(last_read) = last_read else {
            return Ok(view(Record::read(Arc::clone(own), inputs, proofs, through)));
        };
        match last_read.record.extended(inputs, proofs, through) {
            Some(record) => Ok(view(record)),
            None => {
                tracing::debug!("new records count from before those last read: reading all");
                self.read(None, own, horizon_ms)
            }
        }
    }

    /// The changes of the inputs in force after the one numbered `after_seq`, oldest first,
    /// each set's catalog parsed once, and the number of the last (`after_seq` when none).
    fn inputs_after(
        &self,
        after_seq: i64,
    ) -> Result<(Vec<readiness::changes::InForce>, i64), StoreError> {
        let (entries, sets) = self.inputs_history(after_seq)?;
        let last = entries.iter().map(|e| e.seq).fold(after_seq, i64::max);
        Ok((self.catalogs.resolve(entries, sets)?, last))
    }

    /// Every change of the inputs in force, oldest first, each set's catalog parsed once.
    pub fn inputs_in_force(&self) -> Result<Vec<readiness::changes::InForce>, StoreError> {
        Ok(self.inputs_after(0)?.0)
    }

    /// Records `set` as in force from now unless it already is; `true` if it was recorded.
    pub fn put_in_force(
        &self,
        set: &readiness::changes::InputSet,
        catalog_toml: &str,
        by: &str,
    ) -> Result<bool, StoreError> {
        self.put_in_force_at(set, catalog_toml, by, self.now_ms())
    }

    /// [`ProofStore::put_in_force`] from `at_ms` (when the edit was seen), or later: never
    /// before what a board already published.
    pub fn put_in_force_at(
        &self,
        set: &readiness::changes::InputSet,
        catalog_toml: &str,
        by: &str,
        at_ms: i64,
    ) -> Result<bool, StoreError> {
        let stored = inputs::StoredInputs::of(set, catalog_toml);
        self.record_inputs(&stored, by, at_ms)
    }

    /// The latest proof of each catalog system at or before `as_of`, as the engine takes them.
    /// When the newest stored record of `system`, if it is not record `id` and is stamped
    /// ahead of `now` (a pushed record may be, by the allowed clock skew), comes to count.
    pub fn stamped_ahead(
        &self,
        system: &SystemId,
        id: i64,
        now: OffsetDateTime,
    ) -> Result<Option<OffsetDateTime>, StoreError> {
        let horizon = now + crate::proof_input::MAX_CLOCK_SKEW + time::Duration::minutes(1);
        let newest = self.backend.latest(std::slice::from_ref(system), horizon)?;
        Ok(newest
            .into_iter()
            .find(|p| p.id != id && p.record.recorded_at > now)
            .map(|p| p.record.recorded_at))
    }

    pub fn latest_proofs(
        &self,
        catalog: &readiness::Catalog,
        as_of: OffsetDateTime,
    ) -> Result<readiness::LatestProofs, StoreError> {
        let ids: Vec<SystemId> = catalog.systems().iter().map(|s| s.id.clone()).collect();
        let mut latest = readiness::LatestProofs::default();
        for stored in self.latest(&ids, as_of)? {
            latest.offer(stored.record, Some(stored.id.unsigned_abs()));
        }
        Ok(latest)
    }
}

impl Deref for ProofStore {
    type Target = dyn Backend;
    fn deref(&self) -> &Self::Target {
        &*self.backend
    }
}

pub(super) struct RawRow {
    pub(super) id: i64,
    pub(super) system: String,
    pub(super) outcome: String,
    pub(super) recorded_at_ms: i64,
    pub(super) duration_ms: Option<i64>,
    pub(super) evidence: String,
    pub(super) output_sha256: Option<String>,
    pub(super) source: String,
}

impl RawRow {
    pub(super) fn into_stored(self) -> Result<StoredProof, StoreError> {
        let corrupt = |reason: String| StoreError::Corrupt {
            id: self.id,
            reason,
        };
        // What a row holds is never said: a row written by hand may hold anything, a secret too.
        let system = SystemId::parse(self.system.clone())
            .map_err(|_| corrupt("its system is not a system id".into()))?;
        let outcome = Outcome::parse(&self.outcome)
            .ok_or_else(|| corrupt("its outcome is neither pass nor fail".into()))?;
        let source = ProofSource::parse(&self.source)
            .ok_or_else(|| corrupt("its source is not one the board writes".into()))?;
        let recorded_at = readiness::instant::from_unix_ms(self.recorded_at_ms)
            .map_err(|_| corrupt("its instant is outside the years 2000 to 9900".into()))?;
        let digest_ok = |d: &String| d.len() == 64 && d.bytes().all(|b| b.is_ascii_hexdigit());
        if self.output_sha256.as_ref().is_some_and(|d| !digest_ok(d)) {
            return Err(corrupt("its output digest is not 64 hex characters".into()));
        }
        Ok(StoredProof {
            id: self.id,
            record: ProofRecord {
                system,
                outcome,
                recorded_at,
                evidence: self.evidence,
                source,
            },
            duration_ms: self.duration_ms.map(|d| d.max(0) as u64),
            output_sha256: self.output_sha256,
        })
    }
}

/// An instant as the store keeps it: Unix milliseconds.
pub fn unix_ms(at: OffsetDateTime) -> i64 {
    i64::try_from(at.unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX)
}

/// Rows that are not valid records (written by an older version, or by hand) are left out with
/// a log line: one bad row must never make the whole board unreadable.
pub(super) fn valid_rows(rows: impl IntoIterator<Item = RawRow>) -> Vec<StoredProof> {
    rows.into_iter()
        .filter_map(|row| match row.into_stored() {
            Ok(stored) => Some(stored),
            Err(e) => {
                tracing::warn!(error = %e, "skipping an unreadable proof record");
                None
            }
        })
        .collect()
}

/// The first instant a stored record may carry, in Unix milliseconds.
pub(super) fn earliest_ms() -> i64 {
    unix_ms(readiness::instant::EARLIEST)
}

#[cfg(test)]
mod tests {
    use super::{RawRow, StoreLocation};

    /// Found by attack (issue 22): a row written into the store by hand with a secret in its
    /// `system` put the secret in the log (the reason named the value), and one in its digest
    /// was served on the receipt. A row that is not a record is refused without saying what
    /// it holds.
    #[test]
    fn a_row_that_is_not_a_record_is_refused_without_repeating_it() {
        let row = |system: &str, digest: Option<&str>| RawRow {
            id: 7,
            system: system.to_owned(),
            outcome: "pass".to_owned(),
            recorded_at_ms: 1_764_000_000_000,
            duration_ms: None,
            evidence: "ok".to_owned(),
            output_sha256: digest.map(str::to_owned),
            source: "cli".to_owned(),
        };
        // Spelt in parts, as the project writes canaries: never a live key to a secret scanner.
        let secret = concat!("sk_", "live_", "Zq9xSECRET");
        for bad in [row(secret, None), row("core-runtime", Some(secret))] {
            let error = bad.into_stored().unwrap_err().to_string();
            assert!(!error.contains(secret), "{error}");
            assert!(error.contains('7'), "the row is named by its id: {error}");
        }
        let digest = "ab".repeat(32);
        assert!(row("core-runtime", Some(&digest)).into_stored().is_ok());
    }

    #[test]
    fn locations_parse_and_never_print_a_password() {
        let pg: StoreLocation = "postgres://board:s3cret-pw@db.internal:5432/readiness"
            .parse()
            .unwrap();
        assert_eq!(
            pg.to_string(),
            "postgres://board:***@db.internal:5432/readiness"
        );
        assert!(!format!("{pg:?}").contains("s3cret"));
        let in_query: StoreLocation = "postgres://db/r?password=s3cret".parse().unwrap();
        assert_eq!(in_query.to_string(), "postgres://db/r?password=***");
        let no_password: StoreLocation = "postgresql://db.internal/readiness".parse().unwrap();
        assert_eq!(
            no_password.to_string(),
            "postgresql://db.internal/readiness"
        );
        let file: StoreLocation = "data/proofs.db".parse().unwrap();
        assert_eq!(file, StoreLocation::Sqlite("data/proofs.db".into()));
        assert!("".parse::<StoreLocation>().is_err());
    }
}
