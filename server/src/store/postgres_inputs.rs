//! [`InputsBackend`] on PostgreSQL: recording takes the change counter's row lock first, so two
//! instances recording at once are ordered, and each sees the other's set before deciding.

use super::inputs::{InputsBackend, InputsEntry, StoredInputs};
use super::postgres::PostgresStore;
use super::StoreError;

impl InputsBackend for PostgresStore {
    fn record_inputs(
        &self,
        inputs: &StoredInputs,
        by: &str,
        now_ms: i64,
    ) -> Result<bool, StoreError> {
        let mut client = self.client()?;
        let mut tx = client.transaction()?;
        tx.execute(
            "SELECT counter FROM store_changes WHERE id = 1 FOR UPDATE",
            &[],
        )?;
        tx.execute(
            "INSERT INTO catalogs (sha256, toml) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            &[&inputs.catalog_sha256, &inputs.catalog_toml],
        )?;
        tx.execute(
            "INSERT INTO input_sets (id, catalog_sha256, names, flags) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
            &[&inputs.id, &inputs.catalog_sha256, &inputs.names, &inputs.flags],
        )?;
        let current = tx.query_opt(
            "SELECT input_set FROM inputs_in_force ORDER BY seq DESC LIMIT 1",
            &[],
        )?;
        if current.is_some_and(|r| r.get::<_, String>(0) == inputs.id) {
            tx.commit()?;
            return Ok(false);
        }
        let from = super::postgres::stamp(&mut tx, now_ms)?;
        tx.execute(
            "INSERT INTO inputs_in_force (input_set, from_ms, recorded_by) VALUES ($1, $2, $3)",
            &[&inputs.id, &from, &by],
        )?;
        super::postgres::count_a_change(&mut tx)?;
        tx.commit()?;
        Ok(true)
    }

    fn inputs_history(
        &self,
        after_seq: i64,
    ) -> Result<(Vec<InputsEntry>, Vec<StoredInputs>), StoreError> {
        let mut client = self.client()?;
        let entries = client
            .query(
                "SELECT seq, from_ms, input_set, recorded_by FROM inputs_in_force WHERE seq > $1 ORDER BY seq",
                &[&after_seq],
            )?
            .iter()
            .map(|r| InputsEntry {
                seq: r.get(0),
                from_ms: r.get(1),
                set_id: r.get(2),
                recorded_by: r.get(3),
            })
            .collect();
        let sets = client
            .query(
                "SELECT s.id, s.catalog_sha256, c.toml, s.names, s.flags FROM input_sets s
                 JOIN catalogs c ON c.sha256 = s.catalog_sha256
                 WHERE s.id IN (SELECT input_set FROM inputs_in_force WHERE seq > $1)",
                &[&after_seq],
            )?
            .iter()
            .map(|r| StoredInputs {
                id: r.get(0),
                catalog_sha256: r.get(1),
                catalog_toml: r.get(2),
                names: r.get(3),
                flags: r.get(4),
            })
            .collect();
        Ok((entries, sets))
    }

    fn heartbeat(&self, instance: &str, set_id: &str, now_ms: i64) -> Result<(), StoreError> {
        self.client()?.execute(
            "INSERT INTO live_instances (instance, input_set, seen_at_ms) VALUES ($1, $2, $3)
             ON CONFLICT (instance) DO UPDATE SET input_set = EXCLUDED.input_set, seen_at_ms = EXCLUDED.seen_at_ms",
            &[&instance, &set_id, &now_ms],
        )?;
        Ok(())
    }

    fn live_instances(&self, since_ms: i64) -> Result<Vec<(String, String)>, StoreError> {
        let rows = self.client()?.query(
            "SELECT instance, input_set FROM live_instances WHERE seen_at_ms >= $1 ORDER BY instance",
            &[&since_ms],
        )?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }
}
