//! [`WebhookBackend`] on PostgreSQL: several instances share the outbox; a claim takes due rows
//! with `FOR UPDATE SKIP LOCKED` and leases them, so each row is sent by one instance at a time.

use super::postgres::PostgresStore;
use super::webhooks::{
    join_ids, split_ids, Attempt, AttemptLog, Delivery, OutboxEvent, Recorded, Webhook,
    WebhookBackend,
};
use super::StoreError;

fn status(code: Option<u16>) -> Option<i32> {
    code.map(i32::from)
}

impl PostgresStore {
    /// Every subscription, oldest first, with `counts` (two SQL expressions: pending, retrying).
    fn select_hooks(&self, counts: &str) -> Result<Vec<Webhook>, StoreError> {
        let rows = self.client()?.query(
            &format!(
                "SELECT w.id, w.url, w.secret, w.motions, w.systems, w.created_at_ms, w.enqueued_through_ms, w.failing, w.allow_private, w.disabled_at_ms, {counts}
                 FROM webhooks w ORDER BY w.created_at_ms, w.id"
            ),
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
                allow_private: r.get(8),
                disabled_at_ms: r.get(9),
                pending: r.get(10),
                retrying: r.get(11),
            })
            .collect())
    }
}

impl WebhookBackend for PostgresStore {
    fn add_webhook(&self, hook: &Webhook) -> Result<(), StoreError> {
        self.client()?.execute(
            "INSERT INTO webhooks (id, url, secret, motions, systems, created_at_ms, enqueued_through_ms, failing, allow_private)
             VALUES ($1, $2, $3, $4, $5, $6, $7, FALSE, $8)",
            &[&hook.id, &hook.url, &hook.secret, &join_ids(&hook.motions), &join_ids(&hook.systems), &hook.created_at_ms, &hook.enqueued_through_ms, &hook.allow_private],
        )?;
        Ok(())
    }

    fn webhooks(&self) -> Result<Vec<Webhook>, StoreError> {
        self.select_hooks(
            "(SELECT COUNT(*) FROM webhook_outbox o WHERE o.webhook = w.id AND o.delivered_at_ms IS NULL AND NOT o.gave_up),
             (SELECT COUNT(*) FROM webhook_outbox o WHERE o.webhook = w.id AND o.delivered_at_ms IS NULL AND NOT o.gave_up AND o.attempts > 0)",
        )
    }

    fn subscriptions(&self) -> Result<Vec<Webhook>, StoreError> {
        self.select_hooks("0::BIGINT, 0::BIGINT")
    }

    fn enable_webhook(&self, id: &str) -> Result<bool, StoreError> {
        let n = self.client()?.execute(
            "UPDATE webhooks SET disabled_at_ms = NULL, failing = FALSE WHERE id = $1",
            &[&id],
        )?;
        Ok(n > 0)
    }

    fn remove_webhook(&self, id: &str) -> Result<bool, StoreError> {
        let mut client = self.client()?;
        let mut tx = client.transaction()?;
        tx.execute("DELETE FROM webhook_outbox WHERE webhook = $1", &[&id])?;
        tx.execute("DELETE FROM webhook_attempts WHERE webhook = $1", &[&id])?;
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
                &[&webhook, &event.event_id, &event.payload, &event.at_ms],
            )?;
        }
        tx.execute(
            "UPDATE webhooks SET enqueued_through_ms = GREATEST(enqueued_through_ms, $2) WHERE id = $1",
            &[&webhook, &through_ms],
        )?;
        tx.commit()?;
        Ok(usize::try_from(added).unwrap_or(usize::MAX))
    }

    fn due_webhooks(&self, now_ms: i64) -> Result<Vec<String>, StoreError> {
        let rows = self.client()?.query(
            "SELECT webhook FROM webhook_outbox o
             WHERE delivered_at_ms IS NULL AND NOT gave_up AND next_attempt_ms <= $1 AND leased_until_ms <= $1
               AND NOT EXISTS (SELECT 1 FROM webhook_outbox e
                 WHERE e.webhook = o.webhook AND e.delivered_at_ms IS NULL AND NOT e.gave_up
                   AND (e.created_at_ms, e.event_id) < (o.created_at_ms, o.event_id))",
            &[&now_ms],
        )?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    fn claim_next(
        &self,
        webhook: &str,
        now_ms: i64,
        lease_ms: i64,
        token: &str,
    ) -> Result<Option<Delivery>, StoreError> {
        let row = self.client()?.query_opt(
            "UPDATE webhook_outbox o SET leased_until_ms = $3, lease_token = $4
             FROM (SELECT webhook, event_id FROM webhook_outbox
                   WHERE webhook = $1 AND delivered_at_ms IS NULL AND NOT gave_up
                   ORDER BY created_at_ms, event_id LIMIT 1 FOR UPDATE) head
             WHERE o.webhook = head.webhook AND o.event_id = head.event_id
               AND o.next_attempt_ms <= $2 AND o.leased_until_ms <= $2
             RETURNING o.event_id, o.payload, o.attempts, o.created_at_ms",
            &[&webhook, &now_ms, &now_ms.saturating_add(lease_ms), &token],
        )?;
        Ok(row.map(|r| Delivery {
            webhook: webhook.to_owned(),
            event_id: r.get(0),
            payload: r.get(1),
            attempts: i64::from(r.get::<_, i32>(2)),
            created_at_ms: r.get(3),
            lease_token: token.to_owned(),
        }))
    }

    fn record_attempt(
        &self,
        delivery: &Delivery,
        attempt: Attempt,
        log: &AttemptLog,
    ) -> Result<Recorded, StoreError> {
        let mut client = self.client()?;
        let mut tx = client.transaction()?;
        let (hook, event, token) = (&delivery.webhook, &delivery.event_id, &delivery.lease_token);
        let fence =
            "WHERE webhook = $1 AND event_id = $2 AND lease_token = $3 AND delivered_at_ms IS NULL";
        let held = match attempt {
            Attempt::Delivered { status: code } => {
                let n = tx.execute(&format!("UPDATE webhook_outbox SET delivered_at_ms = $4, attempts = attempts + 1, last_status = $5, leased_until_ms = 0, lease_token = NULL {fence}"),
                    &[hook, event, token, &log.at_ms, &status(Some(code))])?;
                if n > 0 {
                    tx.execute("UPDATE webhooks SET failing = FALSE WHERE id = $1", &[hook])?;
                }
                n > 0
            }
            Attempt::Retry { status: code, next_ms } => {
                tx.execute(&format!("UPDATE webhook_outbox SET attempts = attempts + 1, next_attempt_ms = $4, last_status = $5, leased_until_ms = 0, lease_token = NULL {fence}"),
                    &[hook, event, token, &next_ms, &status(code)])? > 0
            }
            Attempt::GiveUp { status: code, gone } => {
                let n = tx.execute(&format!("UPDATE webhook_outbox SET attempts = attempts + 1, gave_up = TRUE, last_status = $4, leased_until_ms = 0, lease_token = NULL {fence}"),
                    &[hook, event, token, &status(code)])?;
                if n > 0 {
                    tx.execute(
                        "UPDATE webhooks SET failing = TRUE, disabled_at_ms = CASE WHEN $2 THEN $3 ELSE disabled_at_ms END WHERE id = $1",
                        &[hook, &gone, &log.at_ms],
                    )?;
                }
                n > 0
            }
        };
        if !held {
            let exists: i64 = tx
                .query_one("SELECT COUNT(*) FROM webhooks WHERE id = $1", &[hook])?
                .get(0);
            if exists == 0 {
                return Ok(Recorded::Removed);
            }
        }
        let outcome = if held {
            log.outcome.as_str()
        } else {
            "lost_lease"
        };
        tx.execute(
            "INSERT INTO webhook_attempts (webhook, event_id, at_ms, status, latency_ms, outcome, error)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
            &[hook, event, &log.at_ms, &status(log.status), &log.latency_ms, &outcome, &log.error],
        )?;
        tx.execute(
            "DELETE FROM webhook_attempts WHERE webhook = $1 AND id <= (SELECT id FROM webhook_attempts WHERE webhook = $1 ORDER BY id DESC LIMIT 1 OFFSET 1000)",
            &[hook],
        )?;
        tx.commit()?;
        Ok(if held {
            Recorded::Held
        } else {
            Recorded::LeaseLost
        })
    }

    fn attempts(&self, webhook: &str, limit: usize) -> Result<Vec<AttemptLog>, StoreError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = self.client()?.query(
            "SELECT event_id, at_ms, status, latency_ms, outcome, error FROM webhook_attempts
             WHERE webhook = $1 ORDER BY id DESC LIMIT $2",
            &[&webhook, &limit],
        )?;
        Ok(rows
            .iter()
            .map(|r| AttemptLog {
                event_id: r.get(0),
                at_ms: r.get(1),
                status: r
                    .get::<_, Option<i32>>(2)
                    .and_then(|s| u16::try_from(s).ok()),
                latency_ms: r.get(3),
                outcome: r.get(4),
                error: r.get(5),
            })
            .collect())
    }

    fn redeliver(&self, event_id: &str, now_ms: i64) -> Result<usize, StoreError> {
        let mut client = self.client()?;
        let mut tx = client.transaction()?;
        // What is pending for those subscriptions is tried again now, so the event does not wait
        // behind a retry's backoff (found by attack: 29.5 s, hours at later steps).
        tx.execute(
            "UPDATE webhook_outbox SET next_attempt_ms = $2
             WHERE webhook IN (SELECT webhook FROM webhook_outbox WHERE event_id = $1)
               AND delivered_at_ms IS NULL AND NOT gave_up AND next_attempt_ms > $2",
            &[&event_id, &now_ms],
        )?;
        let again = tx.execute(
            "UPDATE webhook_outbox SET delivered_at_ms = NULL, gave_up = FALSE, next_attempt_ms = $2,
                    leased_until_ms = 0, lease_token = NULL, created_at_ms = $2
             WHERE event_id = $1",
            &[&event_id, &now_ms],
        )?;
        tx.commit()?;
        Ok(usize::try_from(again).unwrap_or(usize::MAX))
    }
}
