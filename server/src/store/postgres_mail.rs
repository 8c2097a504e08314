//! [`MailBackend`] on PostgreSQL: instances share the outbox; a claim takes the oldest due
//! message with `FOR UPDATE SKIP LOCKED` and leases it, so each is sent by one instance.

use super::mail::{
    ClaimedMail, Mail, MailBackend, MailKind, MailOutcome, MailRecord, PurgeBefore, Subscriber,
};
use super::postgres::PostgresStore;
use super::webhooks::{join_ids, split_ids};
use super::StoreError;
use postgres::Row;

const COLUMNS: &str =
    "id, address, token, motions, created_at_ms, confirmed_at_ms, enqueued_through_ms, motions_set_at_ms";

fn subscriber(r: &Row) -> Subscriber {
    Subscriber {
        id: r.get(0),
        address: r.get(1),
        token: r.get(2),
        motions: split_ids(r.get(3)),
        created_at_ms: r.get(4),
        confirmed_at_ms: r.get(5),
        enqueued_through_ms: r.get(6),
        motions_set_at_ms: r.get(7),
    }
}

fn count(n: u64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

impl PostgresStore {
    fn one_subscriber(&self, column: &str, value: &str) -> Result<Option<Subscriber>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM subscribers WHERE {column} = $1");
        Ok(self
            .client()?
            .query_opt(&sql, &[&value])?
            .as_ref()
            .map(subscriber))
    }

    /// The subscribers `condition` (SQL, never a value) holds for, oldest first.
    fn subscribers_where(&self, condition: &str) -> Result<Vec<Subscriber>, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM subscribers WHERE {condition} ORDER BY created_at_ms, id"
        );
        Ok(self
            .client()?
            .query(&sql, &[])?
            .iter()
            .map(subscriber)
            .collect())
    }
}

impl MailBackend for PostgresStore {
    fn subscriber_by_address(&self, address: &str) -> Result<Option<Subscriber>, StoreError> {
        self.one_subscriber("address", address)
    }

    fn subscriber_by_token(&self, token: &str) -> Result<Option<Subscriber>, StoreError> {
        self.one_subscriber("token", token)
    }

    fn subscribers(&self) -> Result<Vec<Subscriber>, StoreError> {
        self.subscribers_where("TRUE")
    }

    fn confirmed_subscribers(&self) -> Result<Vec<Subscriber>, StoreError> {
        self.subscribers_where("confirmed_at_ms IS NOT NULL")
    }

    fn add_subscriber(&self, s: &Subscriber) -> Result<bool, StoreError> {
        let n = self.client()?.execute(
            "INSERT INTO subscribers (id, address, token, motions, created_at_ms, confirmed_at_ms, enqueued_through_ms, motions_set_at_ms)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (address) DO NOTHING",
            &[&s.id, &s.address, &s.token, &join_ids(&s.motions), &s.created_at_ms, &s.confirmed_at_ms, &s.enqueued_through_ms, &s.motions_set_at_ms],
        )?;
        Ok(n > 0)
    }

    fn set_motions(&self, id: &str, motions: &[String], at_ms: i64) -> Result<bool, StoreError> {
        let n = self.client()?.execute(
            "UPDATE subscribers SET motions = $2, motions_set_at_ms = $3 WHERE id = $1",
            &[&id, &join_ids(motions), &at_ms],
        )?;
        Ok(n > 0)
    }

    fn move_motions(
        &self,
        s: &Subscriber,
        motions: &[String],
        at_ms: i64,
    ) -> Result<bool, StoreError> {
        let n = self.client()?.execute(
            "UPDATE subscribers SET motions = $2, motions_set_at_ms = $3
             WHERE id = $1 AND motions = $4 AND motions_set_at_ms IS NOT DISTINCT FROM $5",
            &[
                &s.id,
                &join_ids(motions),
                &at_ms,
                &join_ids(&s.motions),
                &s.motions_set_at_ms,
            ],
        )?;
        Ok(n > 0)
    }

    fn confirm_subscriber(&self, id: &str, now_ms: i64) -> Result<bool, StoreError> {
        let n = self.client()?.execute(
            "UPDATE subscribers SET confirmed_at_ms = $2, enqueued_through_ms = GREATEST(enqueued_through_ms, $2)
             WHERE id = $1 AND confirmed_at_ms IS NULL",
            &[&id, &now_ms],
        )?;
        Ok(n > 0)
    }

    fn remove_subscriber(&self, id: &str) -> Result<bool, StoreError> {
        let mut client = self.client()?;
        let mut tx = client.transaction()?;
        tx.execute("DELETE FROM mail_outbox WHERE subscriber = $1", &[&id])?;
        let removed = tx.execute("DELETE FROM subscribers WHERE id = $1", &[&id])?;
        tx.commit()?;
        Ok(removed > 0)
    }

    fn note_notice(&self, address_sha256: &str, at_ms: i64) -> Result<(), StoreError> {
        self.client()?.execute(
            "INSERT INTO mail_notices (address_sha256, at_ms) VALUES ($1, $2)",
            &[&address_sha256, &at_ms],
        )?;
        Ok(())
    }

    fn notices_to(
        &self,
        address_sha256: &str,
        since_ms: i64,
    ) -> Result<(i64, Option<i64>), StoreError> {
        let row = self.client()?.query_one(
            "SELECT COUNT(*), MAX(at_ms) FROM mail_notices WHERE address_sha256 = $1 AND at_ms >= $2",
            &[&address_sha256, &since_ms],
        )?;
        Ok((row.get(0), row.get(1)))
    }

    fn enqueue_mail(
        &self,
        id: &str,
        mails: &[Mail],
        through_ms: Option<i64>,
    ) -> Result<usize, StoreError> {
        let mut client = self.client()?;
        let mut tx = client.transaction()?;
        // Locks the subscriber's row: an erase waits for this insert, or this finds nothing.
        if tx
            .query_opt("SELECT 1 FROM subscribers WHERE id = $1 FOR UPDATE", &[&id])?
            .is_none()
        {
            return Ok(0);
        }
        let mut added = 0;
        for m in mails {
            added += tx.execute(
                "INSERT INTO mail_outbox (id, subscriber, kind, subject, body, created_at_ms, next_attempt_ms)
                 VALUES ($1, $2, $3, $4, $5, $6, $6) ON CONFLICT DO NOTHING",
                &[&m.id, &id, &m.kind.as_str(), &m.subject, &m.body, &m.created_at_ms],
            )?;
        }
        if let Some(through) = through_ms {
            tx.execute(
                "UPDATE subscribers SET enqueued_through_ms = GREATEST(enqueued_through_ms, $2) WHERE id = $1",
                &[&id, &through],
            )?;
        }
        tx.commit()?;
        Ok(count(added))
    }

    fn claim_mail(
        &self,
        now_ms: i64,
        lease_ms: i64,
        token: &str,
    ) -> Result<Option<ClaimedMail>, StoreError> {
        let row = self.client()?.query_opt(
            "WITH next AS (
               SELECT id FROM mail_outbox m
               WHERE sent_at_ms IS NULL AND NOT gave_up AND next_attempt_ms <= $1 AND leased_until_ms <= $1
                 AND NOT EXISTS (SELECT 1 FROM mail_outbox e WHERE e.subscriber = m.subscriber
                   AND e.sent_at_ms IS NULL AND NOT e.gave_up
                   AND (e.created_at_ms < m.created_at_ms OR (e.created_at_ms = m.created_at_ms AND e.id < m.id)))
               ORDER BY next_attempt_ms, created_at_ms, id LIMIT 1 FOR UPDATE SKIP LOCKED)
             UPDATE mail_outbox o SET leased_until_ms = $2, lease_token = $3
             FROM next, subscribers s
             WHERE o.id = next.id AND s.id = o.subscriber
             RETURNING o.id, o.kind, o.subject, o.body, o.created_at_ms, o.subscriber, s.address, s.token, o.attempts",
            &[&now_ms, &now_ms.saturating_add(lease_ms), &token],
        )?;
        Ok(row.map(|r| ClaimedMail {
            mail: Mail {
                id: r.get(0),
                kind: MailKind::parse(r.get(1)).unwrap_or(MailKind::Changes),
                subject: r.get(2),
                body: r.get(3),
                created_at_ms: r.get(4),
            },
            subscriber: r.get(5),
            address: r.get(6),
            token: r.get(7),
            attempts: r.get(8),
            lease_token: token.to_owned(),
        }))
    }

    fn record_mail(&self, c: &ClaimedMail, outcome: &MailOutcome) -> Result<bool, StoreError> {
        let fence = "WHERE id = $1 AND lease_token = $2 AND sent_at_ms IS NULL";
        let mut client = self.client()?;
        let (id, lease) = (&c.mail.id, &c.lease_token);
        let n = match outcome {
            MailOutcome::Sent { at_ms } => client.execute(
                &format!("UPDATE mail_outbox SET sent_at_ms = $3, attempts = attempts + 1, last_error = NULL, leased_until_ms = 0, lease_token = NULL {fence}"),
                &[id, lease, at_ms],
            )?,
            MailOutcome::Retry { next_ms, error } => client.execute(
                &format!("UPDATE mail_outbox SET next_attempt_ms = $3, attempts = attempts + 1, last_error = $4, leased_until_ms = 0, lease_token = NULL {fence}"),
                &[id, lease, next_ms, error],
            )?,
            MailOutcome::GiveUp { error } => client.execute(
                &format!("UPDATE mail_outbox SET gave_up = TRUE, attempts = attempts + 1, last_error = $3, leased_until_ms = 0, lease_token = NULL {fence}"),
                &[id, lease, error],
            )?,
        };
        Ok(n > 0)
    }

    fn mail_of(&self, id: &str) -> Result<Vec<MailRecord>, StoreError> {
        let rows = self.client()?.query(
            "SELECT id, kind, subject, created_at_ms, sent_at_ms, attempts, gave_up FROM mail_outbox
             WHERE subscriber = $1 ORDER BY created_at_ms, id",
            &[&id],
        )?;
        Ok(rows
            .iter()
            .map(|r| MailRecord {
                id: r.get(0),
                kind: r.get(1),
                subject: r.get(2),
                created_at_ms: r.get(3),
                sent_at_ms: r.get(4),
                attempts: r.get(5),
                gave_up: r.get(6),
            })
            .collect())
    }

    fn purge_mail(&self, before: PurgeBefore) -> Result<usize, StoreError> {
        let (pending_before_ms, done_before_ms) = (before.pending_ms, before.done_ms);
        let mut client = self.client()?;
        let mut tx = client.transaction()?;
        let stale =
            "SELECT id FROM subscribers WHERE confirmed_at_ms IS NULL AND created_at_ms < $1";
        let mut gone = tx.execute(
            &format!("DELETE FROM mail_outbox WHERE subscriber IN ({stale})"),
            &[&pending_before_ms],
        )?;
        gone += tx.execute(
            "DELETE FROM subscribers WHERE confirmed_at_ms IS NULL AND created_at_ms < $1",
            &[&pending_before_ms],
        )?;
        gone += tx.execute(
            "DELETE FROM mail_outbox WHERE (sent_at_ms IS NOT NULL OR gave_up) AND created_at_ms < $1",
            &[&done_before_ms],
        )?;
        gone += tx.execute(
            "DELETE FROM mail_notices WHERE at_ms < $1",
            &[&before.notices_ms],
        )?;
        tx.commit()?;
        Ok(count(gone))
    }
}
