//! [`WebhookBackend`] on PostgreSQL: several instances share the outbox; a claim takes due rows
//! with `FOR UPDATE SKIP LOCKED` and leases them, so each row is sent by one instance at a time.

use super::postgres::PostgresStore;
use super::webhooks::{
    join_ids, split_ids, Attempt, Delivery, OutboxEvent, Webhook, WebhookBackend,
};
use super::StoreError;

fn status(code: Option<u16>) -> Option<i32> {
    code.map(i32::from)
}

impl WebhookBackend for PostgresStore {
    fn add_webhook(&self, hook: &Webhook) -> Result<(), StoreError> {
        self.client()?.execute(
            "INSERT INTO webhooks (id, url, secret, motions, systems, created_at_ms, enqueued_through_ms, failing)
             VALUES ($1, $2, $3, $4, $5, $6, $7, FALSE)",
            &[&hook.id, &hook.url, &hook.secret, &join_ids(&hook.motions), &join_ids(&hook.systems), &hook.created_at_ms, &hook.enqueued_through_ms],
        )?;
        Ok(())
    }

    fn webhooks(&self) -> Result<Vec<Webhook>, StoreError> {
        let rows = self.client()?.query(
            "SELECT w.id, w.url, w.secret, w.motions, w.systems, w.created_at_ms, w.enqueued_through_ms, w.failing,
                    (SELECT COUNT(*) FROM webhook_outbox o WHERE o.webhook = w.id AND o.delivered_at_ms IS NULL AND NOT o.gave_up),
                    (SELECT COUNT(*) FROM webhook_outbox o WHERE o.webhook = w.id AND o.delivered_at_ms IS NULL AND NOT o.gave_up AND o.attempts > 0)
             FROM webhooks w ORDER BY w.created_at_ms, w.id",
            &[],
        )?;
        Ok(rows
            .iter()
            .map(|r| Webhook {
                id: r.get(0),
                url: r.get(1),
                secret: r.get(2),
                motions: split_ids(r.get(3)),
                systems: split_ids(r.get(4)),
                created_at_ms: r.get(5),
                enqueued_through_ms: r.get(6),
                failing: r.get(7),
                pending: r.get(8),
                retrying: r.get(9),
            })
            .collect())
    }

    fn remove_webhook(&self, id: &str) -> Result<bool, StoreError> {
        let mut client = self.client()?;
        let mut tx = client.transaction()?;
        tx.execute("DELETE FROM webhook_outbox WHERE webhook = $1", &[&id])?;
        let removed = tx.execute("DELETE FROM webhooks WHERE id = $1", &[&id])?;
        tx.commit()?;
        Ok(removed > 0)
    }

    fn enqueue(
        &self,
        webhook: &str,
        events: &[OutboxEvent],
        through_ms: i64,
    ) -> Result<usize, StoreError> {
        let mut client = self.client()?;
        let mut tx = client.transaction()?;
        let mut added = 0;
        for event in events {
            added += tx.execute(
                "INSERT INTO webhook_outbox (webhook, event_id, payload, created_at_ms, next_attempt_ms)
                 VALUES ($1, $2, $3, $4, $4) ON CONFLICT DO NOTHING",
                &[&webhook, &event.event_id, &event.payload, &through_ms],
            )?;
        }
        tx.execute(
            "UPDATE webhooks SET enqueued_through_ms = GREATEST(enqueued_through_ms, $2) WHERE id = $1",
            &[&webhook, &through_ms],
        )?;
        tx.commit()?;
        Ok(usize::try_from(added).unwrap_or(usize::MAX))
    }

    fn claim_due(
        &self,
        now_ms: i64,
        lease_ms: i64,
        limit: usize,
    ) -> Result<Vec<Delivery>, StoreError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = self.client()?.query(
            "UPDATE webhook_outbox o SET leased_until_ms = $2
             FROM (SELECT webhook, event_id FROM webhook_outbox
                   WHERE delivered_at_ms IS NULL AND NOT gave_up AND next_attempt_ms <= $1 AND leased_until_ms <= $1
                   ORDER BY created_at_ms, event_id LIMIT $3 FOR UPDATE SKIP LOCKED) due
             WHERE o.webhook = due.webhook AND o.event_id = due.event_id
             RETURNING o.webhook, o.event_id, o.payload, o.attempts, o.created_at_ms",
            &[&now_ms, &now_ms.saturating_add(lease_ms), &limit],
        )?;
        Ok(rows
            .iter()
            .map(|r| Delivery {
                webhook: r.get(0),
                event_id: r.get(1),
                payload: r.get(2),
                attempts: i64::from(r.get::<_, i32>(3)),
                created_at_ms: r.get(4),
            })
            .collect())
    }

    fn record_attempt(
        &self,
        delivery: &Delivery,
        attempt: Attempt,
        now_ms: i64,
    ) -> Result<(), StoreError> {
        let mut client = self.client()?;
        let mut tx = client.transaction()?;
        let (hook, event) = (&delivery.webhook, &delivery.event_id);
        match attempt {
            Attempt::Delivered { status: code } => {
                tx.execute("UPDATE webhook_outbox SET delivered_at_ms = $3, attempts = attempts + 1, last_status = $4, leased_until_ms = 0 WHERE webhook = $1 AND event_id = $2",
                    &[hook, event, &now_ms, &status(Some(code))])?;
                tx.execute("UPDATE webhooks SET failing = FALSE WHERE id = $1", &[hook])?;
            }
            Attempt::Retry {
                status: code,
                next_ms,
            } => {
                tx.execute("UPDATE webhook_outbox SET attempts = attempts + 1, next_attempt_ms = $3, last_status = $4, leased_until_ms = 0 WHERE webhook = $1 AND event_id = $2",
                    &[hook, event, &next_ms, &status(code)])?;
            }
            Attempt::GiveUp { status: code } => {
                tx.execute("UPDATE webhook_outbox SET attempts = attempts + 1, gave_up = TRUE, last_status = $3, leased_until_ms = 0 WHERE webhook = $1 AND event_id = $2",
                    &[hook, event, &status(code)])?;
                tx.execute("UPDATE webhooks SET failing = TRUE WHERE id = $1", &[hook])?;
            }
        }
        tx.commit()?;
        Ok(())
    }
}
