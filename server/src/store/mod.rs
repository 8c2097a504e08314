//! The proof record store: append-only history in embedded SQLite (WAL, migrations at open).

mod migrations;

use readiness::{Outcome, ProofRecord, ProofSource, SystemId};
use rusqlite::{params, Connection, OptionalExtension};
use std::path::Path;
use std::sync::{Arc, Mutex};
use time::OffsetDateTime;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("proof store: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("proof store: cannot create the folder for {path}: {source}")]
    Folder {
        path: String,
        source: std::io::Error,
    },
    #[error("proof store holds an unreadable record #{id}: {reason}")]
    Corrupt { id: i64, reason: String },
    #[error("proof store lock was poisoned by a panic")]
    Poisoned,
}

/// A proof record as stored, with its id and the operator-side details.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredProof {
    pub id: i64,
    pub record: ProofRecord,
    pub duration_ms: Option<u64>,
    pub output_sha256: Option<String>,
}

impl StoredProof {
    /// The record as JSON. Public history leaves out evidence, duration and digest.
    pub fn to_json(&self, full: bool) -> serde_json::Value {
        let recorded_at = self
            .record
            .recorded_at
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default();
        let mut value = serde_json::json!({
            "id": self.id,
            "system": self.record.system,
            "outcome": self.record.outcome,
            "recorded_at": recorded_at,
            "source": self.record.source,
        });
        if full {
            value["evidence"] = self.record.evidence.clone().into();
            value["duration_ms"] = self.duration_ms.into();
            value["output_sha256"] = self.output_sha256.clone().into();
        }
        value
    }
}

/// A handle to the store; clones share one connection.
#[derive(Clone)]
pub struct ProofStore {
    conn: Arc<Mutex<Connection>>,
}

impl ProofStore {
    /// Opens (creating if needed) the SQLite file at `path` and runs pending migrations.
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
        migrations::run(&mut conn)?;
        Ok(Self {
            conn: Arc::new(Mutex::new(conn)),
        })
    }

    fn lock(&self) -> Result<std::sync::MutexGuard<'_, Connection>, StoreError> {
        self.conn.lock().map_err(|_| StoreError::Poisoned)
    }

    /// Appends a record and returns it with its id. Records are never updated or deleted.
    pub fn insert(
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

    /// Appends all records in one transaction: all are stored or none. Returns their ids.
    pub fn insert_all(&self, records: &[ProofRecord]) -> Result<Vec<i64>, StoreError> {
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

    /// The newest record at or before `as_of` for each system, one indexed lookup per system.
    pub fn latest(
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

    /// Records newest first, optionally of one system, at most `limit`.
    pub fn history(
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

    pub fn count(&self) -> Result<u64, StoreError> {
        let n: i64 = self
            .lock()?
            .query_row("SELECT COUNT(*) FROM proof_records", [], |r| r.get(0))?;
        Ok(n.max(0) as u64)
    }

    /// A cheap query proving the database answers.
    pub fn ping(&self) -> Result<(), StoreError> {
        self.lock()?.query_row("SELECT 1", [], |_| Ok(()))?;
        Ok(())
    }
}

struct RawRow {
    id: i64,
    system: String,
    outcome: String,
    recorded_at_ms: i64,
    duration_ms: Option<i64>,
    evidence: String,
    output_sha256: Option<String>,
    source: String,
}

fn raw_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<RawRow> {
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

impl RawRow {
    fn into_stored(self) -> Result<StoredProof, StoreError> {
        let corrupt = |reason: String| StoreError::Corrupt {
            id: self.id,
            reason,
        };
        let system = SystemId::parse(self.system.clone()).map_err(|e| corrupt(e.to_string()))?;
        let outcome = Outcome::parse(&self.outcome)
            .ok_or_else(|| corrupt(format!("outcome {:?}", self.outcome)))?;
        let source = ProofSource::parse(&self.source)
            .ok_or_else(|| corrupt(format!("source {:?}", self.source)))?;
        let recorded_at =
            OffsetDateTime::from_unix_timestamp_nanos(i128::from(self.recorded_at_ms) * 1_000_000)
                .map_err(|e| corrupt(e.to_string()))?;
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

fn unix_ms(at: OffsetDateTime) -> i64 {
    (at.unix_timestamp_nanos() / 1_000_000) as i64
}

#[cfg(test)]
mod tests;
