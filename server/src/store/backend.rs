//! What every backend of the store does (SQLite and PostgreSQL alike): records only ever
//! appended, read back by system, by instant and in the order they became known.

use super::{inputs, mail, webhooks, CommitGate, StoreError};
use readiness::{ProofRecord, SystemId};
use time::OffsetDateTime;

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

/// Every part of a store: proof records, webhooks, the inputs in force and e-mail subscribers.
pub trait Backend:
    ProofBackend + webhooks::WebhookBackend + inputs::InputsBackend + mail::MailBackend
{
}
impl<T> Backend for T where
    T: ProofBackend + webhooks::WebhookBackend + inputs::InputsBackend + mail::MailBackend
{
}
