//! A write whose commit was sent but whose answer was lost (the connection broke): found by
//! attack (issue 26, round 8), it was answered "nothing was stored" although PostgreSQL kept
//! it, and a retry without a key stored it twice. The write's transaction holds the change
//! counter's row lock until it commits or rolls back: once a new connection gets that lock,
//! the outcome is settled, and the record is looked for.

use super::postgres::PostgresStore;
use super::StoreError;
use postgres::Transaction;

/// How many times the lock is waited for (each wait is `lock_timeout`, 5 s) before the outcome
/// is said to be unknown.
const LOCK_ATTEMPTS: u32 = 4;

impl PostgresStore {
    /// The id of the record a write stored as `id` once its commit `committed`: `id` itself,
    /// the commit's error, or, when its answer was lost, what settling finds.
    pub(super) fn kept(
        &self,
        committed: Result<(), StoreError>,
        id: i64,
        find: impl Fn(&mut Transaction<'_>) -> Result<Option<i64>, StoreError>,
    ) -> Result<i64, StoreError> {
        match committed {
            Ok(()) => Ok(id),
            Err(StoreError::InDoubt) => self.settle(find),
            Err(e) => Err(e),
        }
    }

    /// Waits until the in-doubt write has ended, then `find`s its record: `Ok(id)` if it was
    /// kept, an "unavailable, nothing recorded" error if it was not, `InDoubt` if it cannot tell.
    fn settle(
        &self,
        find: impl Fn(&mut Transaction<'_>) -> Result<Option<i64>, StoreError>,
    ) -> Result<i64, StoreError> {
        for attempt in 1..=LOCK_ATTEMPTS {
            match self.settle_once(&find) {
                Ok(Some(id)) => return Ok(id),
                Ok(None) => {
                    return Err(StoreError::Unavailable(
                        "the connection broke as the write was committed; it was not kept: nothing was recorded (retry)".into(),
                    ))
                }
                Err(e) => tracing::warn!(error = %e, attempt, "cannot settle an in-doubt write yet"),
            }
        }
        Err(StoreError::InDoubt)
    }

    fn settle_once(
        &self,
        find: &impl Fn(&mut Transaction<'_>) -> Result<Option<i64>, StoreError>,
    ) -> Result<Option<i64>, StoreError> {
        let mut client = self.client()?;
        let mut tx = client.transaction()?;
        tx.query_one(
            "SELECT counter FROM store_changes WHERE id = 1 FOR UPDATE",
            &[],
        )?;
        let found = find(&mut tx)?;
        tx.rollback()?;
        Ok(found)
    }
}

/// The record a pushed write without a key stored, by what it holds and the instant it was
/// stamped with.
pub(super) fn find_record(
    tx: &mut Transaction<'_>,
    record: &readiness::ProofRecord,
    known_ms: Option<i64>,
) -> Result<Option<i64>, StoreError> {
    let row = tx.query_opt(
        "SELECT id FROM proof_records WHERE known_at_ms IS NOT DISTINCT FROM $1 AND system = $2
         AND outcome = $3 AND recorded_at_ms = $4 AND evidence = $5 ORDER BY id DESC LIMIT 1",
        &[
            &known_ms,
            &record.system.as_str(),
            &record.outcome.as_str(),
            &super::unix_ms(record.recorded_at),
            &record.evidence,
        ],
    )?;
    Ok(row.map(|r| r.get(0)))
}

/// The record stored under an idempotency key, if the write that claimed it was kept.
pub(super) fn find_keyed(tx: &mut Transaction<'_>, key: &str) -> Result<Option<i64>, StoreError> {
    let row = tx.query_opt(
        "SELECT record_id FROM idempotency_keys WHERE key = $1",
        &[&key],
    )?;
    Ok(row.map(|r| r.get(0)))
}
