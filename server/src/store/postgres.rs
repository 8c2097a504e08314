//! The PostgreSQL backend: several stateless server instances share one database. Connections
//! come from a pool that replaces closed ones, so a database restart costs an outage, not the
//! service; every call fails fast (`Unavailable`) while the database is away. Migrations run at
//! connect under an advisory lock, so instances starting together do not race.

use super::migrations::{self, Dialect};
use super::{
    earliest_ms, unix_ms, valid_rows, CommitGate, ProofBackend, RawRow, StoreError, StoredProof,
};
use postgres::{Client, NoTls, Row, Transaction};
use r2d2_postgres::PostgresConnectionManager;
use readiness::{ProofRecord, SystemId};
use std::time::Duration;
use time::OffsetDateTime;

/// An arbitrary constant naming this schema's migration lock.
const MIGRATION_LOCK: i64 = 0x7665_6e64_6f72;
/// Longest wait for a connection: a request fails fast while the database is away.
const CHECKOUT_TIMEOUT: Duration = Duration::from_secs(2);
const POOL_SIZE: u32 = 8;

const COLUMNS: &str =
    "id, system, outcome, recorded_at_ms, duration_ms, evidence, output_sha256, source";

type Pool = r2d2::Pool<PostgresConnectionManager<NoTls>>;

pub struct PostgresStore {
    /// Always `Some` until dropped.
    pool: Option<Pool>,
}

/// A `postgres` client owns a runtime of its own, which panics if dropped on an async runtime
/// (`prove --db postgres://…` did, at exit). The pool is dropped on a plain thread instead.
impl Drop for PostgresStore {
    fn drop(&mut self) {
        if let Some(pool) = self.pool.take() {
            let _ = std::thread::Builder::new()
                .name("postgres-close".into())
                .spawn(move || drop(pool));
        }
    }
}

impl PostgresStore {
    pub fn connect(url: &str) -> Result<Self, StoreError> {
        let mut config: postgres::Config = url
            .parse()
            .map_err(|e: postgres::Error| StoreError::Unavailable(e.to_string()))?;
        config.connect_timeout(CHECKOUT_TIMEOUT);
        // A statement waits at most 5 s for a lock another session holds, then the store says
        // it is busy (503) instead of holding the request for the whole stall (found by attack).
        // Notices ("relation … already exists, skipping") are not the operator's business.
        config.options("-c lock_timeout=5000 -c client_min_messages=warning");
        let manager = PostgresConnectionManager::new(config, NoTls);
        let pool = r2d2::Pool::builder()
            .max_size(POOL_SIZE)
            .min_idle(Some(1))
            .connection_timeout(CHECKOUT_TIMEOUT)
            .test_on_check_out(true)
            .error_handler(Box::new(r2d2::NopErrorHandler))
            .build_unchecked(manager);
        let store = Self { pool: Some(pool) };
        let mut client = store.client()?;
        client.execute("SELECT pg_advisory_lock($1)", &[&MIGRATION_LOCK])?;
        let migrated = migrate(&mut client);
        client.execute("SELECT pg_advisory_unlock($1)", &[&MIGRATION_LOCK])?;
        migrated?;
        drop(client);
        Ok(store)
    }

    pub(super) fn client(
        &self,
    ) -> Result<r2d2::PooledConnection<PostgresConnectionManager<NoTls>>, StoreError> {
        let pool = self.pool.as_ref().ok_or(StoreError::Poisoned)?;
        Ok(pool.get()?)
    }
}

fn migrate(client: &mut Client) -> Result<(), StoreError> {
    client.batch_execute("CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL)")?;
    let current: i64 = client
        .query_one("SELECT COALESCE(MAX(version), 0) FROM schema_version", &[])?
        .get(0);
    for (version, sql) in migrations::pending(Dialect::Postgres, current) {
        let mut tx = client.transaction()?;
        tx.batch_execute(sql)?;
        tx.execute(
            "INSERT INTO schema_version (version) VALUES ($1)",
            &[&version],
        )?;
        tx.commit()?;
    }
    Ok(())
}

fn raw(row: &Row) -> RawRow {
    RawRow {
        id: row.get(0),
        system: row.get(1),
        outcome: row.get(2),
        recorded_at_ms: row.get(3),
        duration_ms: row.get(4),
        evidence: row.get(5),
        output_sha256: row.get(6),
        source: row.get(7),
    }
}

/// The instant a write is known from: `now_ms`, but never before an earlier write's (writes in
/// one millisecond are one step of the history). The
/// row lock orders concurrent writers, so the instants grow in commit order.
pub(super) fn stamp(tx: &mut Transaction<'_>, now_ms: i64) -> Result<i64, StoreError> {
    Ok(tx
        .query_one(
            "UPDATE store_changes SET known_through_ms = GREATEST($1, known_through_ms)
             WHERE id = 1 RETURNING known_through_ms",
            &[&now_ms],
        )?
        .get(0))
}

/// [`stamp`] for a write known from `now_ms`; a write known from its records' own instants
/// (demo data) takes the same lock without moving the instant, so its ids too are taken in
/// commit order.
fn stamp_if(tx: &mut Transaction<'_>, now_ms: Option<i64>) -> Result<Option<i64>, StoreError> {
    let stamped = stamp(tx, now_ms.unwrap_or(i64::MIN))?;
    Ok(now_ms.map(|_| stamped))
}

fn insert_row(
    tx: &mut Transaction<'_>,
    record: &ProofRecord,
    (duration_ms, output_sha256): (Option<u64>, Option<&str>),
    known_ms: Option<i64>,
) -> Result<i64, StoreError> {
    let duration = duration_ms.map(|d| i64::try_from(d).unwrap_or(i64::MAX));
    let row = tx.query_one(
        "INSERT INTO proof_records (system, outcome, recorded_at_ms, duration_ms, evidence, output_sha256, source, known_at_ms)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        &[
            &record.system.as_str(),
            &record.outcome.as_str(),
            &unix_ms(record.recorded_at),
            &duration,
            &record.evidence,
            &output_sha256,
            &record.source.as_str(),
            &known_ms,
        ],
    )?;
    Ok(row.get(0))
}

/// Commits `tx` unless the caller gave up on it (then it rolls back, as dropping it does).
/// A commit the database refused is an error of its own; one whose answer was lost (the
/// connection broke after COMMIT was sent) is `InDoubt`, to be settled (`postgres_settle`).
fn commit_through(tx: Transaction<'_>, gate: &CommitGate) -> Result<(), StoreError> {
    if !gate.enter_commit() {
        return Err(CommitGate::given_up());
    }
    match tx.commit() {
        Ok(()) => Ok(()),
        Err(e) if e.as_db_error().is_some() => Err(e.into()),
        Err(e) => {
            tracing::warn!(error = %e, "the connection broke as a write was committed: settling it");
            Err(StoreError::InDoubt)
        }
    }
}

/// Bumps the change counter; the row lock orders concurrent writers by commit.
pub(super) fn count_a_change(tx: &mut Transaction<'_>) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE store_changes SET counter = counter + 1 WHERE id = 1",
        &[],
    )?;
    Ok(())
}

impl ProofBackend for PostgresStore {
    fn insert(
        &self,
        record: &ProofRecord,
        (duration_ms, output_sha256): (Option<u64>, Option<&str>),
        known_ms: Option<i64>,
        gate: &CommitGate,
    ) -> Result<StoredProof, StoreError> {
        let mut client = self.client()?;
        let mut tx = client.transaction()?;
        let known = stamp_if(&mut tx, known_ms)?;
        let id = insert_row(&mut tx, record, (duration_ms, output_sha256), known)?;
        count_a_change(&mut tx)?;
        let committed = commit_through(tx, gate);
        drop(client);
        let id = self.kept(committed, id, |tx| {
            super::postgres_settle::find_record(tx, record, known)
        })?;
        Ok(StoredProof {
            id,
            record: record.clone(),
            duration_ms,
            output_sha256: output_sha256.map(str::to_owned),
        })
    }

    fn insert_once(
        &self,
        (key, request_sha256): (&str, &str),
        record: &ProofRecord,
        (duration_ms, output_sha256): (Option<u64>, Option<&str>),
        known_ms: i64,
        gate: &CommitGate,
    ) -> Result<(StoredProof, bool), StoreError> {
        let mut client = self.client()?;
        let mut tx = client.transaction()?;
        let known = stamp(&mut tx, known_ms)?;
        let id = insert_row(&mut tx, record, (duration_ms, output_sha256), Some(known))?;
        // A concurrent insert of the same key waits here for the first to commit, then finds it.
        let claimed = tx.query_opt(
            "INSERT INTO idempotency_keys (key, request_sha256, record_id) VALUES ($1, $2, $3)
             ON CONFLICT (key) DO NOTHING RETURNING key",
            &[&key, &request_sha256, &id],
        )?;
        if claimed.is_some() {
            count_a_change(&mut tx)?;
            let committed = commit_through(tx, gate);
            drop(client);
            let id = self.kept(committed, id, |tx| {
                super::postgres_settle::find_keyed(tx, key)
            })?;
            let stored = StoredProof {
                id,
                record: record.clone(),
                duration_ms,
                output_sha256: output_sha256.map(str::to_owned),
            };
            return Ok((stored, false));
        }
        tx.rollback()?;
        let first = client.query_one(
            &format!(
                "SELECT k.request_sha256, {} FROM idempotency_keys k JOIN proof_records p ON p.id = k.record_id WHERE k.key = $1",
                COLUMNS.split(", ").map(|c| format!("p.{c}")).collect::<Vec<_>>().join(", ")
            ),
            &[&key],
        )?;
        let hash: String = first.get(0);
        if hash != request_sha256 {
            return Err(StoreError::KeyReused);
        }
        let row = RawRow {
            id: first.get(1),
            system: first.get(2),
            outcome: first.get(3),
            recorded_at_ms: first.get(4),
            duration_ms: first.get(5),
            evidence: first.get(6),
            output_sha256: first.get(7),
            source: first.get(8),
        };
        Ok((row.into_stored()?, true))
    }

    fn insert_all(
        &self,
        records: &[ProofRecord],
        known_ms: Option<i64>,
    ) -> Result<Vec<i64>, StoreError> {
        let mut client = self.client()?;
        let mut tx = client.transaction()?;
        let known = stamp_if(&mut tx, known_ms)?;
        let mut ids = Vec::with_capacity(records.len());
        for record in records {
            ids.push(insert_row(&mut tx, record, (None, None), known)?);
        }
        count_a_change(&mut tx)?;
        tx.commit()?;
        Ok(ids)
    }

    fn latest(
        &self,
        systems: &[SystemId],
        as_of: OffsetDateTime,
    ) -> Result<Vec<StoredProof>, StoreError> {
        let mut client = self.client()?;
        let statement = client.prepare(&format!(
            "SELECT {COLUMNS} FROM proof_records
             WHERE system = $1 AND recorded_at_ms <= $2 AND recorded_at_ms >= $3
             ORDER BY recorded_at_ms DESC, id DESC LIMIT 1"
        ))?;
        let mut rows = Vec::new();
        for system in systems {
            let found = client.query_opt(
                &statement,
                &[&system.as_str(), &unix_ms(as_of), &earliest_ms()],
            )?;
            rows.extend(found.as_ref().map(raw));
        }
        Ok(valid_rows(rows))
    }

    fn timeline_after(
        &self,
        after_id: i64,
    ) -> Result<(Vec<readiness::changes::KnownProof>, i64), StoreError> {
        let rows = self.client()?.query(
            "SELECT id, system, outcome, recorded_at_ms, NULL::BIGINT, ''::TEXT, NULL::TEXT, source, known_at_ms
             FROM proof_records WHERE id > $1 ORDER BY id DESC",
            &[&after_id],
        )?;
        Ok(super::stored_order(
            rows.iter().map(|r| (raw(r), r.get(8))),
            after_id,
        ))
    }

    fn history(
        &self,
        system: Option<&SystemId>,
        limit: usize,
    ) -> Result<Vec<StoredProof>, StoreError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = self.client()?.query(
            &format!(
                "SELECT {COLUMNS} FROM proof_records WHERE ($1::TEXT IS NULL OR system = $1)
                 ORDER BY recorded_at_ms DESC, id DESC LIMIT $2"
            ),
            &[&system.map(SystemId::as_str), &limit],
        )?;
        Ok(valid_rows(rows.iter().map(raw)))
    }

    fn proof(&self, id: i64) -> Result<Option<StoredProof>, StoreError> {
        let rows = self.client()?.query(
            &format!("SELECT {COLUMNS} FROM proof_records WHERE id = $1"),
            &[&id],
        )?;
        rows.first().map(|row| raw(row).into_stored()).transpose()
    }

    fn count(&self) -> Result<u64, StoreError> {
        let n: i64 = self
            .client()?
            .query_one("SELECT COUNT(*) FROM proof_records", &[])?
            .get(0);
        Ok(n.max(0) as u64)
    }

    fn ping(&self) -> Result<(), StoreError> {
        self.client()?.query_one("SELECT 1", &[])?;
        Ok(())
    }

    fn advance_horizon(&self, now_ms: i64) -> Result<i64, StoreError> {
        let mut client = self.client()?;
        let mut tx = client.transaction()?;
        let horizon = stamp(&mut tx, now_ms)?;
        tx.commit()?;
        Ok(horizon)
    }

    fn version(&self) -> Result<i64, StoreError> {
        Ok(self
            .client()?
            .query_one("SELECT counter FROM store_changes WHERE id = 1", &[])?
            .get(0))
    }
}
