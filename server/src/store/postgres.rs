//! The PostgreSQL backend: several stateless server instances share one database. Migrations run
//! at connect under an advisory lock, so instances starting together do not race.

use super::migrations::{self, Dialect};
use super::{unix_ms, ProofBackend, RawRow, StoreError, StoredProof};
use postgres::{Client, NoTls, Row};
use readiness::{ProofRecord, SystemId};
use std::sync::Mutex;
use time::OffsetDateTime;

/// An arbitrary constant naming this schema's migration lock.
const MIGRATION_LOCK: i64 = 0x7665_6e64_6f72;

const COLUMNS: &str =
    "id, system, outcome, recorded_at_ms, duration_ms, evidence, output_sha256, source";

pub struct PostgresStore {
    client: Mutex<Client>,
}

impl PostgresStore {
    pub fn connect(url: &str) -> Result<Self, StoreError> {
        let mut client = Client::connect(url, NoTls)?;
        client.execute("SELECT pg_advisory_lock($1)", &[&MIGRATION_LOCK])?;
        let migrated = migrate(&mut client);
        client.execute("SELECT pg_advisory_unlock($1)", &[&MIGRATION_LOCK])?;
        migrated?;
        Ok(Self {
            client: Mutex::new(client),
        })
    }

    fn lock(&self) -> Result<std::sync::MutexGuard<'_, Client>, StoreError> {
        self.client.lock().map_err(|_| StoreError::Poisoned)
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

impl ProofBackend for PostgresStore {
    fn insert(
        &self,
        record: &ProofRecord,
        duration_ms: Option<u64>,
        output_sha256: Option<&str>,
    ) -> Result<StoredProof, StoreError> {
        let duration = duration_ms.map(|d| i64::try_from(d).unwrap_or(i64::MAX));
        let row = self.lock()?.query_one(
            "INSERT INTO proof_records (system, outcome, recorded_at_ms, duration_ms, evidence, output_sha256, source)
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            &[
                &record.system.as_str(),
                &record.outcome.as_str(),
                &unix_ms(record.recorded_at),
                &duration,
                &record.evidence,
                &output_sha256,
                &record.source.as_str(),
            ],
        )?;
        Ok(StoredProof {
            id: row.get(0),
            record: record.clone(),
            duration_ms,
            output_sha256: output_sha256.map(str::to_owned),
        })
    }

    fn insert_all(&self, records: &[ProofRecord]) -> Result<Vec<i64>, StoreError> {
        let mut client = self.lock()?;
        let mut tx = client.transaction()?;
        let statement = tx.prepare(
            "INSERT INTO proof_records (system, outcome, recorded_at_ms, evidence, source) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )?;
        let mut ids = Vec::with_capacity(records.len());
        for r in records {
            let row = tx.query_one(
                &statement,
                &[
                    &r.system.as_str(),
                    &r.outcome.as_str(),
                    &unix_ms(r.recorded_at),
                    &r.evidence,
                    &r.source.as_str(),
                ],
            )?;
            ids.push(row.get(0));
        }
        tx.commit()?;
        Ok(ids)
    }

    fn latest(
        &self,
        systems: &[SystemId],
        as_of: OffsetDateTime,
    ) -> Result<Vec<StoredProof>, StoreError> {
        let mut client = self.lock()?;
        let statement = client.prepare(&format!(
            "SELECT {COLUMNS} FROM proof_records WHERE system = $1 AND recorded_at_ms <= $2
             ORDER BY recorded_at_ms DESC, id DESC LIMIT 1"
        ))?;
        let mut latest = Vec::new();
        for system in systems {
            if let Some(row) = client.query_opt(&statement, &[&system.as_str(), &unix_ms(as_of)])? {
                latest.push(raw(&row).into_stored()?);
            }
        }
        Ok(latest)
    }

    fn history(
        &self,
        system: Option<&SystemId>,
        limit: usize,
    ) -> Result<Vec<StoredProof>, StoreError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = self.lock()?.query(
            &format!(
                "SELECT {COLUMNS} FROM proof_records WHERE ($1::TEXT IS NULL OR system = $1)
                 ORDER BY recorded_at_ms DESC, id DESC LIMIT $2"
            ),
            &[&system.map(SystemId::as_str), &limit],
        )?;
        rows.iter().map(|row| raw(row).into_stored()).collect()
    }

    fn count(&self) -> Result<u64, StoreError> {
        let n: i64 = self
            .lock()?
            .query_one("SELECT COUNT(*) FROM proof_records", &[])?
            .get(0);
        Ok(n.max(0) as u64)
    }

    fn ping(&self) -> Result<(), StoreError> {
        self.lock()?.query_one("SELECT 1", &[])?;
        Ok(())
    }

    fn version(&self) -> Result<i64, StoreError> {
        Ok(self
            .lock()?
            .query_one("SELECT COALESCE(MAX(id), 0) FROM proof_records", &[])?
            .get(0))
    }
}
