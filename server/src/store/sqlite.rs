//! The SQLite backend: one embedded file in WAL mode, `synchronous=FULL`, migrated at open.

use super::migrations::{self, Dialect};
use super::{unix_ms, ProofBackend, RawRow, StoreError, StoredProof};
use readiness::{ProofRecord, SystemId};
use rusqlite::{params, Connection, OptionalExtension};
use std::path::Path;
use std::sync::Mutex;
use time::OffsetDateTime;

pub struct SqliteStore {
    conn: Mutex<Connection>,
}

impl SqliteStore {
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|source| StoreError::Folder {
                path: path.display().to_string(),
                source,
            })?;
        }
        let conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        Self::with_connection(conn)
    }

    pub fn open_in_memory() -> Result<Self, StoreError> {
        Self::with_connection(Connection::open_in_memory()?)
    }

    fn with_connection(mut conn: Connection) -> Result<Self, StoreError> {
        let current: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
        for (version, sql) in migrations::pending(Dialect::Sqlite, current) {
            let tx = conn.transaction()?;
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", version)?;
            tx.commit()?;
        }
        Ok(Self {
            conn: Mutex::new(conn),
        })
    }

    fn lock(&self) -> Result<std::sync::MutexGuard<'_, Connection>, StoreError> {
        self.conn.lock().map_err(|_| StoreError::Poisoned)
    }
}

impl ProofBackend for SqliteStore {
    fn insert(
        &self,
        record: &ProofRecord,
        duration_ms: Option<u64>,
        output_sha256: Option<&str>,
    ) -> Result<StoredProof, StoreError> {
        let conn = self.lock()?;
        conn.execute(
            "INSERT INTO proof_records (system, outcome, recorded_at_ms, duration_ms, evidence, output_sha256, source)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                record.system.as_str(),
                record.outcome.as_str(),
                unix_ms(record.recorded_at),
                duration_ms.map(|d| d as i64),
                record.evidence,
                output_sha256,
                record.source.as_str(),
            ],
        )?;
        Ok(StoredProof {
            id: conn.last_insert_rowid(),
            record: record.clone(),
            duration_ms,
            output_sha256: output_sha256.map(str::to_owned),
        })
    }

    fn insert_all(&self, records: &[ProofRecord]) -> Result<Vec<i64>, StoreError> {
        let mut conn = self.lock()?;
        let tx = conn.transaction()?;
        let mut ids = Vec::with_capacity(records.len());
        {
            let mut statement = tx.prepare_cached(
                "INSERT INTO proof_records (system, outcome, recorded_at_ms, evidence, source) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            for record in records {
                statement.execute(params![
                    record.system.as_str(),
                    record.outcome.as_str(),
                    unix_ms(record.recorded_at),
                    record.evidence,
                    record.source.as_str()
                ])?;
                ids.push(tx.last_insert_rowid());
            }
        }
        tx.commit()?;
        Ok(ids)
    }

    fn latest(
        &self,
        systems: &[SystemId],
        as_of: OffsetDateTime,
    ) -> Result<Vec<StoredProof>, StoreError> {
        let conn = self.lock()?;
        let mut statement = conn.prepare_cached(
            "SELECT id, system, outcome, recorded_at_ms, duration_ms, evidence, output_sha256, source
             FROM proof_records WHERE system = ?1 AND recorded_at_ms <= ?2
             ORDER BY recorded_at_ms DESC, id DESC LIMIT 1",
        )?;
        let mut latest = Vec::new();
        for system in systems {
            if let Some(row) = statement
                .query_row(params![system.as_str(), unix_ms(as_of)], raw_row)
                .optional()?
            {
                latest.push(row.into_stored()?);
            }
        }
        Ok(latest)
    }

    fn history(
        &self,
        system: Option<&SystemId>,
        limit: usize,
    ) -> Result<Vec<StoredProof>, StoreError> {
        let conn = self.lock()?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut statement = conn.prepare_cached(
            "SELECT id, system, outcome, recorded_at_ms, duration_ms, evidence, output_sha256, source
             FROM proof_records WHERE (?1 IS NULL OR system = ?1)
             ORDER BY recorded_at_ms DESC, id DESC LIMIT ?2",
        )?;
        let rows = statement.query_map(params![system.map(SystemId::as_str), limit], raw_row)?;
        rows.map(|row| row.map_err(StoreError::from).and_then(RawRow::into_stored))
            .collect()
    }

    fn count(&self) -> Result<u64, StoreError> {
        let n: i64 = self
            .lock()?
            .query_row("SELECT COUNT(*) FROM proof_records", [], |r| r.get(0))?;
        Ok(n.max(0) as u64)
    }

    fn ping(&self) -> Result<(), StoreError> {
        self.lock()?.query_row("SELECT 1", [], |_| Ok(()))?;
        Ok(())
    }

    fn version(&self) -> Result<i64, StoreError> {
        let version: i64 =
            self.lock()?
                .query_row("SELECT COALESCE(MAX(id), 0) FROM proof_records", [], |r| {
                    r.get(0)
                })?;
        Ok(version)
    }
}

pub(super) fn raw_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<RawRow> {
    Ok(RawRow {
        id: row.get(0)?,
        system: row.get(1)?,
        outcome: row.get(2)?,
        recorded_at_ms: row.get(3)?,
        duration_ms: row.get(4)?,
        evidence: row.get(5)?,
        output_sha256: row.get(6)?,
        source: row.get(7)?,
    })
}
