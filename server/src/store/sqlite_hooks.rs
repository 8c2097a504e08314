//! [`WebhookBackend`] on SQLite: one writer at a time, so a claim is one transaction.

use super::sqlite::SqliteStore;
use super::webhooks::{
    join_ids, split_ids, Attempt, Delivery, OutboxEvent, Webhook, WebhookBackend,
};
use super::StoreError;
use rusqlite::params;

impl WebhookBackend for SqliteStore {
    fn add_webhook(&self, hook: &Webhook) -> Result<(), StoreError> {
        self.lock()?.execute(
            "INSERT INTO webhooks (id, url, secret, motions, systems, created_at_ms, enqueued_through_ms, failing)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0)",
            params![hook.id, hook.url, hook.secret, join_ids(&hook.motions), join_ids(&hook.systems), hook.created_at_ms, hook.enqueued_through_ms],
        )?;
        Ok(())
    }

    fn webhooks(&self) -> Result<Vec<Webhook>, StoreError> {
        let conn = self.lock()?;
        let mut statement = conn.prepare_cached(
            "SELECT w.id, w.url, w.secret, w.motions, w.systems, w.created_at_ms, w.enqueued_through_ms, w.failing,
                    (SELECT COUNT(*) FROM webhook_outbox o WHERE o.webhook = w.id AND o.delivered_at_ms IS NULL AND o.gave_up = 0),
                    (SELECT COUNT(*) FROM webhook_outbox o WHERE o.webhook = w.id AND o.delivered_at_ms IS NULL AND o.gave_up = 0 AND o.attempts > 0)
             FROM webhooks w ORDER BY w.created_at_ms, w.id",
        )?;
        let rows = statement.query_map([], |r| {
            Ok(Webhook {
                id: r.get(0)?,
                url: r.get(1)?,
                secret: r.get(2)?,
                motions: split_ids(&r.get::<_, String>(3)?),
                systems: split_ids(&r.get::<_, String>(4)?),
                created_at_ms: r.get(5)?,
                enqueued_through_ms: r.get(6)?,
                failing: r.get::<_, i64>(7)? != 0,
                pending: r.get(8)?,
                retrying: r.get(9)?,
            })
        })?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    fn remove_webhook(&self, id: &str) -> Result<bool, StoreError> {
        let mut conn = self.lock()?;
        let tx = conn.transaction()?;
        tx.execute("DELETE FROM webhook_outbox WHERE webhook = ?1", params![id])?;
        let removed = tx.execute("DELETE FROM webhooks WHERE id = ?1", params![id])?;
        tx.commit()?;
        Ok(removed > 0)
    }

    fn enqueue(
        &self,
        webhook: &str,
        events: &[OutboxEvent],
        through_ms: i64,
    ) -> Result<usize, StoreError> {
        let mut conn = self.lock()?;
        let tx = conn.transaction()?;
        let mut added = 0;
        for event in events {
            added += tx.execute(
                "INSERT OR IGNORE INTO webhook_outbox (webhook, event_id, payload, created_at_ms, next_attempt_ms)
                 VALUES (?1, ?2, ?3, ?4, ?4)",
                params![webhook, event.event_id, event.payload, through_ms],
            )?;
        }
        tx.execute(
            "UPDATE webhooks SET enqueued_through_ms = MAX(enqueued_through_ms, ?2) WHERE id = ?1",
            params![webhook, through_ms],
        )?;
        tx.commit()?;
        Ok(added)
    }

    fn claim_due(
        &self,
        now_ms: i64,
        lease_ms: i64,
        limit: usize,
    ) -> Result<Vec<Delivery>, StoreError> {
        let mut conn = self.lock()?;
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let due: Vec<Delivery> = {
            let mut statement = tx.prepare_cached(
                "SELECT webhook, event_id, payload, attempts, created_at_ms FROM webhook_outbox
                 WHERE delivered_at_ms IS NULL AND gave_up = 0 AND next_attempt_ms <= ?1 AND leased_until_ms <= ?1
                 ORDER BY created_at_ms, event_id LIMIT ?2",
            )?;
            let rows = statement.query_map(
                params![now_ms, i64::try_from(limit).unwrap_or(i64::MAX)],
                |r| {
                    Ok(Delivery {
                        webhook: r.get(0)?,
                        event_id: r.get(1)?,
                        payload: r.get(2)?,
                        attempts: r.get(3)?,
                        created_at_ms: r.get(4)?,
                    })
                },
            )?;
            rows.collect::<Result<Vec<_>, _>>()?
        };
        for delivery in &due {
            tx.execute(
                "UPDATE webhook_outbox SET leased_until_ms = ?3 WHERE webhook = ?1 AND event_id = ?2",
                params![delivery.webhook, delivery.event_id, now_ms.saturating_add(lease_ms)],
            )?;
        }
        tx.commit()?;
        Ok(due)
    }

    fn record_attempt(
        &self,
        delivery: &Delivery,
        attempt: Attempt,
        now_ms: i64,
    ) -> Result<(), StoreError> {
        let mut conn = self.lock()?;
        let tx = conn.transaction()?;
        match attempt {
            Attempt::Delivered { status } => {
                tx.execute("UPDATE webhook_outbox SET delivered_at_ms = ?3, attempts = attempts + 1, last_status = ?4, leased_until_ms = 0 WHERE webhook = ?1 AND event_id = ?2",
                    params![delivery.webhook, delivery.event_id, now_ms, status])?;
                tx.execute(
                    "UPDATE webhooks SET failing = 0 WHERE id = ?1",
                    params![delivery.webhook],
                )?;
            }
            Attempt::Retry { status, next_ms } => {
                tx.execute("UPDATE webhook_outbox SET attempts = attempts + 1, next_attempt_ms = ?3, last_status = ?4, leased_until_ms = 0 WHERE webhook = ?1 AND event_id = ?2",
                    params![delivery.webhook, delivery.event_id, next_ms, status])?;
            }
            Attempt::GiveUp { status } => {
                tx.execute("UPDATE webhook_outbox SET attempts = attempts + 1, gave_up = 1, last_status = ?3, leased_until_ms = 0 WHERE webhook = ?1 AND event_id = ?2",
                    params![delivery.webhook, delivery.event_id, status])?;
                tx.execute(
                    "UPDATE webhooks SET failing = 1 WHERE id = ?1",
                    params![delivery.webhook],
                )?;
            }
        }
        tx.commit()?;
        Ok(())
    }
}
