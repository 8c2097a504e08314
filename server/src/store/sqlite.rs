//! The SQLite backend: one embedded file in WAL mode, `synchronous=FULL`, migrated at open. It
//! remembers which file it opened, so a file removed, replaced or made read-only while serving
//! is noticed (not ready, writes refused) instead of acknowledging writes that would be lost.

use super::migrations::{self, Dialect};
use super::{
    earliest_ms, unix_ms, valid_rows, CommitGate, ProofBackend, RawRow, StoreError, StoredProof,
};
use readiness::{ProofRecord, SystemId};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Longest an operation waits for the connection before the store says it is busy.
const CONNECTION_WAIT: std::time::Duration = std::time::Duration::from_secs(5);
use time::OffsetDateTime;

const COLUMNS: &str =
    "id, system, outcome, recorded_at_ms, duration_ms, evidence, output_sha256, source";

pub struct SqliteStore {
    conn: Mutex<Connection>,
    /// The file and its identity (device, inode) when opened; `None` in memory.
    file: Option<(PathBuf, u64, u64)>,
}

impl SqliteStore {
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|source| StoreError::Folder {
                path: path.display().to_string(),
                source,
            })?;
        }
        // SQLite answers "busy" at once, without waiting, to a connection that turns a new file
        // to WAL while another does (found under load: one of four instances opening one new
        // file failed with "database is locked"). Every step is safe to run again.
        let deadline = std::time::Instant::now() + CONNECTION_WAIT;
        loop {
            match Self::open_once(path) {
                Err(StoreError::Sqlite(e))
                    if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy)
                        && std::time::Instant::now() < deadline =>
                {
                    std::thread::sleep(std::time::Duration::from_millis(10));
                }
                done => return done,
            }
        }
    }

    fn open_once(path: &Path) -> Result<Self, StoreError> {
        let conn = Connection::open(path)?;
        // Before anything that locks: two instances opening one new file wait for each other.
        conn.busy_timeout(CONNECTION_WAIT)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        let meta = std::fs::metadata(path).map_err(|e| StoreError::Lost(e.to_string()))?;
        Self::with_connection(conn, Some((path.to_owned(), meta.dev(), meta.ino())))
    }

    pub fn open_in_memory() -> Result<Self, StoreError> {
        Self::with_connection(Connection::open_in_memory()?, None)
    }

    fn with_connection(
        mut conn: Connection,
        file: Option<(PathBuf, u64, u64)>,
    ) -> Result<Self, StoreError> {
        let current: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
        for (version, sql) in migrations::pending(Dialect::Sqlite, current) {
            // Each step under the write lock, the version read again inside it: a second
            // instance opening the same new file waits, then skips what the first one ran
            // (found by attack: it failed with "table proof_records already exists").
            let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let done: i64 = tx.pragma_query_value(None, "user_version", |row| row.get(0))?;
            if done >= version {
                continue;
            }
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", version)?;
            tx.commit()?;
        }
        Ok(Self {
            conn: Mutex::new(conn),
            file,
        })
    }

    /// The connection, once no other operation holds it, waiting at most [`CONNECTION_WAIT`]:
    /// during a stall (a lock held by another process) operations answer "busy" in bounded
    /// time instead of queueing one behind another (found by attack, round 6: pushes answered
    /// up to 35 s late, so clients gave up and retried).
    pub(super) fn lock(&self) -> Result<std::sync::MutexGuard<'_, Connection>, StoreError> {
        use std::sync::TryLockError;
        let deadline = std::time::Instant::now() + CONNECTION_WAIT;
        loop {
            match self.conn.try_lock() {
                Ok(connection) => return Ok(connection),
                Err(TryLockError::Poisoned(_)) => return Err(StoreError::Poisoned),
                Err(TryLockError::WouldBlock) if std::time::Instant::now() < deadline => {
                    std::thread::sleep(std::time::Duration::from_millis(2));
                }
                Err(TryLockError::WouldBlock) => {
                    return Err(StoreError::Unavailable(
                        "the store is busy: another operation has held it for 5 s".into(),
                    ))
                }
            }
        }
    }

    /// Is the file this store writes to still the one it opened, and writable?
    fn check_file(&self) -> Result<(), StoreError> {
        let Some((path, dev, ino)) = &self.file else {
            return Ok(());
        };
        let meta = std::fs::metadata(path).map_err(|_| {
            StoreError::Lost(format!("{} was removed while serving", path.display()))
        })?;
        if (meta.dev(), meta.ino()) != (*dev, *ino) {
            return Err(StoreError::Lost(format!(
                "{} was replaced by another file while serving",
                path.display()
            )));
        }
        if meta.permissions().readonly() {
            return Err(StoreError::Lost(format!(
                "{} was made read-only",
                path.display()
            )));
        }
        // In WAL mode committed writes live in the `-wal` file until a checkpoint: without it
        // they would be lost at the next crash.
        let wal = PathBuf::from(format!("{}-wal", path.display()));
        if !wal.exists() {
            return Err(StoreError::Lost(format!(
                "{} was removed while serving",
                wal.display()
            )));
        }
        Ok(())
    }

    /// A write: the file is checked first, and the change counter bumped in the same transaction.
    pub(super) fn write<T>(
        &self,
        f: impl FnOnce(&Transaction<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.write_through(&CommitGate::always_open(), f)
    }

    /// [`SqliteStore::write`] committed only through `gate`.
    fn write_through<T>(
        &self,
        gate: &CommitGate,
        f: impl FnOnce(&Transaction<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.transact(rusqlite::TransactionBehavior::Deferred, gate, |tx| {
            let out = f(tx)?;
            tx.execute(
                "UPDATE store_changes SET counter = counter + 1 WHERE id = 1",
                [],
            )?;
            Ok(out)
        })
    }

    /// Runs `f` in one transaction on the checked file, committed if it succeeds and `gate`
    /// lets it.
    fn transact<T>(
        &self,
        behavior: rusqlite::TransactionBehavior,
        gate: &CommitGate,
        f: impl FnOnce(&Transaction<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.check_file()?;
        let mut conn = self.lock()?;
        let tx = conn.transaction_with_behavior(behavior)?;
        let out = f(&tx)?;
        if !gate.enter_commit() {
            return Err(CommitGate::given_up());
        }
        tx.commit()?;
        Ok(out)
    }
}

/// The instant a write is known from: `now_ms`, but never before an earlier write's (writes in
/// one millisecond are one step of the history).
pub(super) fn stamp(tx: &Transaction<'_>, now_ms: i64) -> Result<i64, StoreError> {
    Ok(tx.query_row(
        "UPDATE store_changes SET known_through_ms = MAX(?1, known_through_ms) WHERE id = 1
         RETURNING known_through_ms",
        params![now_ms],
        |r| r.get(0),
    )?)
}

fn insert_row(
    tx: &Transaction<'_>,
    record: &ProofRecord,
    (duration_ms, output_sha256): (Option<u64>, Option<&str>),
    known_ms: Option<i64>,
) -> Result<i64, StoreError> {
    tx.prepare_cached(
        "INSERT INTO proof_records (system, outcome, recorded_at_ms, duration_ms, evidence, output_sha256, source, known_at_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        record.system.as_str(),
        record.outcome.as_str(),
        unix_ms(record.recorded_at),
        duration_ms.map(|d| i64::try_from(d).unwrap_or(i64::MAX)),
        record.evidence,
        output_sha256,
        record.source.as_str(),
        known_ms,
    ])?;
    Ok(tx.last_insert_rowid())
}

impl ProofBackend for SqliteStore {
    fn insert(
        &self,
        record: &ProofRecord,
        (duration_ms, output_sha256): (Option<u64>, Option<&str>),
        known_ms: Option<i64>,
        gate: &CommitGate,
    ) -> Result<StoredProof, StoreError> {
        let id = self.write_through(gate, |tx| {
            let known = known_ms.map(|now| stamp(tx, now)).transpose()?;
            insert_row(tx, record, (duration_ms, output_sha256), known)
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
        // One immediate transaction through `transact` (the checked file, the gate): a key
        // seen before answers its first record; a new one stores the record under it.
        self.transact(rusqlite::TransactionBehavior::Immediate, gate, |tx| {
            let seen: Option<(i64, String)> = tx
                .query_row(
                    "SELECT record_id, request_sha256 FROM idempotency_keys WHERE key = ?1",
                    params![key],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            if let Some((id, hash)) = seen {
                if hash != request_sha256 {
                    return Err(StoreError::KeyReused);
                }
                let row = tx.query_row(
                    &format!("SELECT {COLUMNS} FROM proof_records WHERE id = ?1"),
                    params![id],
                    raw_row,
                )?;
                return Ok((row.into_stored()?, true));
            }
            let known = stamp(tx, known_ms)?;
            let id = insert_row(tx, record, (duration_ms, output_sha256), Some(known))?;
            tx.execute(
                "INSERT INTO idempotency_keys (key, request_sha256, record_id) VALUES (?1, ?2, ?3)",
                params![key, request_sha256, id],
            )?;
            tx.execute(
                "UPDATE store_changes SET counter = counter + 1 WHERE id = 1",
                [],
            )?;
            let stored = StoredProof {
                id,
                record: record.clone(),
                duration_ms,
                output_sha256: output_sha256.map(str::to_owned),
            };
            Ok((stored, false))
        })
    }

    fn insert_all(
        &self,
        records: &[ProofRecord],
        known_ms: Option<i64>,
    ) -> Result<Vec<i64>, StoreError> {
        self.write(|tx| {
            let known = known_ms.map(|now| stamp(tx, now)).transpose()?;
            records
                .iter()
                .map(|r| insert_row(tx, r, (None, None), known))
                .collect()
        })
    }

    fn latest(
        &self,
        systems: &[SystemId],
        as_of: OffsetDateTime,
    ) -> Result<Vec<StoredProof>, StoreError> {
        let conn = self.lock()?;
        let mut statement = conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM proof_records
             WHERE system = ?1 AND recorded_at_ms <= ?2 AND recorded_at_ms >= ?3
             ORDER BY recorded_at_ms DESC, id DESC LIMIT 1"
        ))?;
        let mut rows = Vec::new();
        for system in systems {
            if let Some(row) = statement
                .query_row(
                    params![system.as_str(), unix_ms(as_of), earliest_ms()],
                    raw_row,
                )
                .optional()?
            {
                rows.push(row);
            }
        }
        Ok(valid_rows(rows))
    }

    fn timeline_after(
        &self,
        after_id: i64,
    ) -> Result<(Vec<readiness::changes::KnownProof>, i64), StoreError> {
        let conn = self.lock()?;
        let mut statement = conn.prepare_cached(
            "SELECT id, system, outcome, recorded_at_ms, NULL, '', NULL, source, known_at_ms
             FROM proof_records WHERE id > ?1 ORDER BY id DESC",
        )?;
        let rows = statement
            .query_map(params![after_id], |r| Ok((raw_row(r)?, r.get(8)?)))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(super::stored_order(rows, after_id))
    }

    fn history(
        &self,
        system: Option<&SystemId>,
        limit: usize,
    ) -> Result<Vec<StoredProof>, StoreError> {
        let conn = self.lock()?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut statement = conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM proof_records WHERE (?1 IS NULL OR system = ?1)
             ORDER BY recorded_at_ms DESC, id DESC LIMIT ?2"
        ))?;
        let rows = statement
            .query_map(params![system.map(SystemId::as_str), limit], raw_row)?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(valid_rows(rows))
    }

    fn proof(&self, id: i64) -> Result<Option<StoredProof>, StoreError> {
        let conn = self.lock()?;
        let mut statement = conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM proof_records WHERE id = ?1"
        ))?;
        let mut rows = statement.query_map(params![id], raw_row)?;
        rows.next()
            .transpose()?
            .map(RawRow::into_stored)
            .transpose()
    }

    fn count(&self) -> Result<u64, StoreError> {
        let n: i64 = self
            .lock()?
            .query_row("SELECT COUNT(*) FROM proof_records", [], |r| r.get(0))?;
        Ok(n.max(0) as u64)
    }

    fn ping(&self) -> Result<(), StoreError> {
        self.check_file()?;
        self.lock()?.query_row("SELECT 1", [], |_| Ok(()))?;
        Ok(())
    }

    fn advance_horizon(&self, now_ms: i64) -> Result<i64, StoreError> {
        // Not a change of what is stored: the counter stays, so other readers do not read
        // again because this one did (as on PostgreSQL).
        self.transact(
            rusqlite::TransactionBehavior::Immediate,
            &CommitGate::always_open(),
            |tx| stamp(tx, now_ms),
        )
    }

    fn version(&self) -> Result<i64, StoreError> {
        Ok(self
            .lock()?
            .query_row("SELECT counter FROM store_changes WHERE id = 1", [], |r| {
                r.get(0)
            })?)
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
