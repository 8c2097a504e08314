//! The proof record store: append-only history behind one trait, with two backends: embedded
//! SQLite (the default) and PostgreSQL for several instances sharing one database.

mod backend;
mod commit_gate;
mod error;
pub mod inputs;
mod location;
pub mod mail;
mod migrations;
mod postgres;
mod postgres_hooks;
mod postgres_inputs;
mod postgres_mail;
mod postgres_settle;
mod reading;
mod rows;
mod sqlite;
mod sqlite_hooks;
mod sqlite_inputs;
mod sqlite_mail;
pub mod webhooks;

use readiness::{ProofRecord, SystemId};
use std::ops::Deref;
use std::path::Path;
use std::sync::Arc;
use time::OffsetDateTime;

pub use backend::{Backend, ProofBackend, StoredProof};
pub use commit_gate::CommitGate;
pub use error::StoreError;
pub use location::StoreLocation;
pub use postgres::PostgresStore;
pub use reading::StoreView;
pub use rows::unix_ms;
use rows::{earliest_ms, stored_order, valid_rows, RawRow};
pub use sqlite::SqliteStore;

/// A handle to the store; clones share one backend. Writes are stamped with the clock's instant
/// (the board's clock in the server, so tests with a fixed clock see their own writes).
#[derive(Clone)]
pub struct ProofStore {
    backend: Arc<dyn Backend>,
    clock: Arc<dyn Fn() -> OffsetDateTime + Send + Sync>,
    catalogs: inputs::CatalogCache,
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
