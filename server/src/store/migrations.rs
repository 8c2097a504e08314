//! Schema migrations, applied in order at open and tracked in SQLite's `user_version`.

use rusqlite::Connection;

/// Each entry moves the schema one version up. Never edit a shipped entry: append a new one.
const MIGRATIONS: &[&str] = &["
    CREATE TABLE proof_records (
        id             INTEGER PRIMARY KEY AUTOINCREMENT,
        system         TEXT    NOT NULL,
        outcome        TEXT    NOT NULL CHECK (outcome IN ('pass', 'fail')),
        recorded_at_ms INTEGER NOT NULL,
        duration_ms    INTEGER CHECK (duration_ms IS NULL OR duration_ms >= 0),
        evidence       TEXT    NOT NULL DEFAULT '',
        output_sha256  TEXT,
        source         TEXT    NOT NULL CHECK (source IN ('cli', 'api', 'demo'))
    );
    CREATE INDEX proof_records_latest ON proof_records (system, recorded_at_ms DESC, id DESC);
"];

pub(super) fn run(conn: &mut Connection) -> rusqlite::Result<()> {
    let current: usize = conn
        .pragma_query_value(None, "user_version", |row| row.get::<_, i64>(0))?
        .max(0) as usize;
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(current) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (index + 1) as i64)?;
        tx.commit()?;
    }
    Ok(())
}
