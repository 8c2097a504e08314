//! [`WebhookBackend`] on SQLite: one writer at a time, so a claim is one transaction.

use super::sqlite::SqliteStore;
use super::webhooks::{
    join_ids, split_ids, Attempt, AttemptLog, Delivery, OutboxEvent, Recorded, Webhook,
    WebhookBackend,
};
use super::StoreError;
use rusqlite::{params, OptionalExtension};

impl SqliteStore {
    /// Every subscription, oldest first, with `counts` (two SQL expressions: pending, retrying).
    fn select_hooks(&self, counts: &str) -> Result<Vec<Webhook>, StoreError> {
        let conn = self.lock()?;
        let mut statement = conn.prepare_cached(&format!(
            "SELECT w.id, w.url, w.secret, w.motions, w.systems, w.created_at_ms, w.enqueued_through_ms, w.failing, w.allow_private, w.disabled_at_ms, {counts}
             FROM webhooks w ORDER BY w.created_at_ms, w.id"
        ))?;
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
                allow_private: r.get::<_, i64>(8)? != 0,
                disabled_at_ms: r.get(9)?,
                pending: r.get(10)?,
                retrying: r.get(11)?,
            })
        })?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }
}

impl WebhookBackend for SqliteStore {
    fn add_webhook(&self, hook: &Webhook) -> Result<(), StoreError> {
        self.lock()?.execute(
            "INSERT INTO webhooks (id, url, secret, motions, systems, created_at_ms, enqueued_through_ms, failing, allow_private)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0, ?8)",
            params![hook.id, hook.url, hook.secret, join_ids(&hook.motions), join_ids(&hook.systems), hook.created_at_ms, hook.enqueued_through_ms, hook.allow_private],
        )?;
        Ok(())
    }

    fn webhooks(&self) -> Result<Vec<Webhook>, StoreError> {
        self.select_hooks(
            "(SELECT COUNT(*) FROM webhook_outbox o WHERE o.webhook = w.id AND o.delivered_at_ms IS NULL AND o.gave_up = 0),
             (SELECT COUNT(*) FROM webhook_outbox o WHERE o.webhook = w.id AND o.delivered_at_ms IS NULL AND o.gave_up = 0 AND o.attempts > 0)",
        )
    }

    fn subscriptions(&self) -> Result<Vec<Webhook>, StoreError> {
        self.select_hooks("0, 0")
    }

    fn enable_webhook(&self, id: &str) -> Result<bool, StoreError> {
        let n = self.lock()?.execute(
            "UPDATE webhooks SET disabled_at_ms = NULL, failing = 0 WHERE id = ?1",
            params![id],
        )?;
        Ok(n > 0)
    }

    fn remove_webhook(&self, id: &str) -> Result<bool, StoreError> {
        let mut conn = self.lock()?;
        let tx = conn.transaction()?;
        tx.execute("DELETE FROM webhook_outbox WHERE webhook = ?1", params![id])?;
        tx.execute(
            "DELETE FROM webhook_attempts WHERE webhook = ?1",
            params![id],
        )?;
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
                params![webhook, event.event_id, event.payload, event.at_ms],
            )?;
        }
        tx.execute(
            "UPDATE webhooks SET enqueued_through_ms = MAX(enqueued_through_ms, ?2) WHERE id = ?1",
            params![webhook, through_ms],
        )?;
        tx.commit()?;
        Ok(added)
    }

    fn due_webhooks(&self, now_ms: i64) -> Result<Vec<String>, StoreError> {
        let conn = self.lock()?;
        let rows = conn
            .prepare_cached(
                "SELECT webhook FROM webhook_outbox o
                 WHERE delivered_at_ms IS NULL AND gave_up = 0 AND next_attempt_ms <= ?1 AND leased_until_ms <= ?1
                   AND NOT EXISTS (SELECT 1 FROM webhook_outbox e
                     WHERE e.webhook = o.webhook AND e.delivered_at_ms IS NULL AND e.gave_up = 0
                       AND (e.created_at_ms, e.event_id) < (o.created_at_ms, o.event_id))",
            )?
            .query_map(params![now_ms], |r| r.get(0))?
            .collect::<Result<Vec<String>, _>>()?;
        Ok(rows)
    }

    fn claim_next(
        &self,
        webhook: &str,
        now_ms: i64,
        lease_ms: i64,
        token: &str,
    ) -> Result<Option<Delivery>, StoreError> {
        let mut conn = self.lock()?;
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let next = tx
            .query_row(
                "SELECT event_id, payload, attempts, created_at_ms FROM (
                   SELECT * FROM webhook_outbox
                   WHERE webhook = ?1 AND delivered_at_ms IS NULL AND gave_up = 0
                   ORDER BY created_at_ms, event_id LIMIT 1)
                 WHERE next_attempt_ms <= ?2 AND leased_until_ms <= ?2",
                params![webhook, now_ms],
                |r| {
                    Ok(Delivery {
                        webhook: webhook.to_owned(),
                        event_id: r.get(0)?,
                        payload: r.get(1)?,
                        attempts: r.get(2)?,
                        created_at_ms: r.get(3)?,
                        lease_token: token.to_owned(),
                    })
                },
            )
            .optional()?;
        if let Some(delivery) = &next {
            tx.execute(
                "UPDATE webhook_outbox SET leased_until_ms = ?3, lease_token = ?4 WHERE webhook = ?1 AND event_id = ?2",
                params![webhook, delivery.event_id, now_ms.saturating_add(lease_ms), token],
            )?;
        }
        tx.commit()?;
        Ok(next)
    }

    fn record_attempt(
        &self,
        delivery: &Delivery,
        attempt: Attempt,
        log: &AttemptLog,
    ) -> Result<Recorded, StoreError> {
        let mut conn = self.lock()?;
        let tx = conn.transaction()?;
        let (hook, event, token) = (&delivery.webhook, &delivery.event_id, &delivery.lease_token);
        let fence =
            "WHERE webhook = ?1 AND event_id = ?2 AND lease_token = ?3 AND delivered_at_ms IS NULL";
        let held = match attempt {
            Attempt::Delivered { status } => {
                let n = tx.execute(&format!("UPDATE webhook_outbox SET delivered_at_ms = ?4, attempts = attempts + 1, last_status = ?5, leased_until_ms = 0, lease_token = NULL {fence}"),
                    params![hook, event, token, log.at_ms, status])?;
                if n > 0 {
                    tx.execute("UPDATE webhooks SET failing = 0 WHERE id = ?1", params![hook])?;
                }
                n > 0
            }
            Attempt::Retry { status, next_ms } => {
                tx.execute(&format!("UPDATE webhook_outbox SET attempts = attempts + 1, next_attempt_ms = ?4, last_status = ?5, leased_until_ms = 0, lease_token = NULL {fence}"),
                    params![hook, event, token, next_ms, status])? > 0
            }
            Attempt::GiveUp { status, gone } => {
                let n = tx.execute(&format!("UPDATE webhook_outbox SET attempts = attempts + 1, gave_up = 1, last_status = ?4, leased_until_ms = 0, lease_token = NULL {fence}"),
                    params![hook, event, token, status])?;
                if n > 0 {
                    tx.execute(
                        "UPDATE webhooks SET failing = 1, disabled_at_ms = CASE WHEN ?2 THEN ?3 ELSE disabled_at_ms END WHERE id = ?1",
                        params![hook, gone, log.at_ms],
                    )?;
                }
                n > 0
            }
        };
        if !held {
            let exists: i64 = tx.query_row(
                "SELECT COUNT(*) FROM webhooks WHERE id = ?1",
                params![hook],
                |r| r.get(0),
            )?;
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
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![hook, event, log.at_ms, log.status, log.latency_ms, outcome, log.error],
        )?;
        // The log is for reading recent attempts: the newest thousand per subscription stay.
        tx.execute(
            "DELETE FROM webhook_attempts WHERE webhook = ?1 AND id <= (SELECT id FROM webhook_attempts WHERE webhook = ?1 ORDER BY id DESC LIMIT 1 OFFSET 1000)",
            params![hook],
        )?;
        tx.commit()?;
        Ok(if held {
            Recorded::Held
        } else {
            Recorded::LeaseLost
        })
    }

    fn attempts(&self, webhook: &str, limit: usize) -> Result<Vec<AttemptLog>, StoreError> {
        let conn = self.lock()?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = conn
            .prepare_cached(
                "SELECT event_id, at_ms, status, latency_ms, outcome, error FROM webhook_attempts
                 WHERE webhook = ?1 ORDER BY id DESC LIMIT ?2",
            )?
            .query_map(params![webhook, limit], |r| {
                Ok(AttemptLog {
                    event_id: r.get(0)?,
                    at_ms: r.get(1)?,
                    status: r.get(2)?,
                    latency_ms: r.get(3)?,
                    outcome: r.get(4)?,
                    error: r.get(5)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    fn redeliver(&self, event_id: &str, now_ms: i64) -> Result<usize, StoreError> {
        let mut conn = self.lock()?;
        let tx = conn.transaction()?;
        // What is pending for those subscriptions is tried again now, so the event does not wait
        // behind a retry's backoff (found by attack: 29.5 s, hours at later steps).
        tx.execute(
            "UPDATE webhook_outbox SET next_attempt_ms = ?2
             WHERE webhook IN (SELECT webhook FROM webhook_outbox WHERE event_id = ?1)
               AND delivered_at_ms IS NULL AND gave_up = 0 AND next_attempt_ms > ?2",
            params![event_id, now_ms],
        )?;
        let again = tx.execute(
            "UPDATE webhook_outbox SET delivered_at_ms = NULL, gave_up = 0, next_attempt_ms = ?2,
                    leased_until_ms = 0, lease_token = NULL, created_at_ms = ?2
             WHERE event_id = ?1",
            params![event_id, now_ms],
        )?;
        tx.commit()?;
        Ok(again)
    }
}
