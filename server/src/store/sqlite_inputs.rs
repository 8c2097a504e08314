//! [`InputsBackend`] on SQLite: one writer at a time, so recording is one transaction.

use super::inputs::{InputsBackend, InputsEntry, StoredInputs};
use super::sqlite::SqliteStore;
use super::StoreError;
use rusqlite::{params, OptionalExtension};

impl InputsBackend for SqliteStore {
    fn record_inputs(
        &self,
        inputs: &StoredInputs,
        by: &str,
        now_ms: i64,
    ) -> Result<bool, StoreError> {
        self.write(|tx| {
            tx.execute(
                "INSERT OR IGNORE INTO catalogs (sha256, toml) VALUES (?1, ?2)",
                params![inputs.catalog_sha256, inputs.catalog_toml],
            )?;
            tx.execute(
                "INSERT OR IGNORE INTO input_sets (id, catalog_sha256, names, flags) VALUES (?1, ?2, ?3, ?4)",
                params![inputs.id, inputs.catalog_sha256, inputs.names, inputs.flags],
            )?;
            let current: Option<String> = tx
                .query_row(
                    "SELECT input_set FROM inputs_in_force ORDER BY seq DESC LIMIT 1",
                    [],
                    |r| r.get(0),
                )
                .optional()?;
            if current.as_deref() == Some(inputs.id.as_str()) {
                return Ok(false);
            }
            let from = super::sqlite::stamp(tx, now_ms)?;
            tx.execute(
                "INSERT INTO inputs_in_force (input_set, from_ms, recorded_by) VALUES (?1, ?2, ?3)",
                params![inputs.id, from, by],
            )?;
            Ok(true)
        })
    }

    fn inputs_history(
        &self,
        after_seq: i64,
    ) -> Result<(Vec<InputsEntry>, Vec<StoredInputs>), StoreError> {
        let conn = self.lock()?;
        let entries = conn
            .prepare_cached(
                "SELECT seq, from_ms, input_set, recorded_by FROM inputs_in_force WHERE seq > ?1 ORDER BY seq",
            )?
            .query_map(params![after_seq], |r| {
                Ok(InputsEntry {
                    seq: r.get(0)?,
                    from_ms: r.get(1)?,
                    set_id: r.get(2)?,
                    recorded_by: r.get(3)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let sets = conn
            .prepare_cached(
                "SELECT s.id, s.catalog_sha256, c.toml, s.names, s.flags FROM input_sets s
                 JOIN catalogs c ON c.sha256 = s.catalog_sha256
                 WHERE s.id IN (SELECT input_set FROM inputs_in_force WHERE seq > ?1)",
            )?
            .query_map(params![after_seq], |r| {
                Ok(StoredInputs {
                    id: r.get(0)?,
                    catalog_sha256: r.get(1)?,
                    catalog_toml: r.get(2)?,
                    names: r.get(3)?,
                    flags: r.get(4)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok((entries, sets))
    }

    fn heartbeat(&self, instance: &str, set_id: &str, now_ms: i64) -> Result<(), StoreError> {
        // Not a change of the record: the change counter stays, so no instance reads again.
        self.lock()?.execute(
            "INSERT INTO live_instances (instance, input_set, seen_at_ms) VALUES (?1, ?2, ?3)
             ON CONFLICT (instance) DO UPDATE SET input_set = excluded.input_set, seen_at_ms = excluded.seen_at_ms",
            params![instance, set_id, now_ms],
        )?;
        Ok(())
    }

    fn live_instances(&self, since_ms: i64) -> Result<Vec<(String, String)>, StoreError> {
        let conn = self.lock()?;
        let rows = conn
            .prepare_cached(
                "SELECT instance, input_set FROM live_instances WHERE seen_at_ms >= ?1 ORDER BY instance",
            )?
            .query_map(params![since_ms], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }
}
