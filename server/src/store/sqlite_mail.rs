//! [`MailBackend`] on SQLite: one writer at a time, so a claim is one transaction.

use super::mail::{
    ClaimedMail, Mail, MailBackend, MailKind, MailOutcome, MailRecord, PurgeBefore, Subscriber,
};
use super::sqlite::SqliteStore;
use super::webhooks::{join_ids, split_ids};
use super::StoreError;
use rusqlite::{params, OptionalExtension, Row};

const COLUMNS: &str =
    "id, address, token, motions, created_at_ms, confirmed_at_ms, enqueued_through_ms, motions_set_at_ms";

fn subscriber(r: &Row<'_>) -> rusqlite::Result<Subscriber> {
    Ok(Subscriber {
        id: r.get(0)?,
        address: r.get(1)?,
        token: r.get(2)?,
        motions: split_ids(&r.get::<_, String>(3)?),
        created_at_ms: r.get(4)?,
        confirmed_at_ms: r.get(5)?,
        enqueued_through_ms: r.get(6)?,
        motions_set_at_ms: r.get(7)?,
    })
}

impl SqliteStore {
    fn one_subscriber(&self, column: &str, value: &str) -> Result<Option<Subscriber>, StoreError> {
        let conn = self.lock()?;
        let sql = format!("SELECT {COLUMNS} FROM subscribers WHERE {column} = ?1");
        Ok(conn
            .query_row(&sql, params![value], subscriber)
            .optional()?)
    }

    /// The subscribers `condition` (SQL, never a value) holds for, oldest first.
    fn subscribers_where(&self, condition: &str) -> Result<Vec<Subscriber>, StoreError> {
        let conn = self.lock()?;
        let sql = format!(
            "SELECT {COLUMNS} FROM subscribers WHERE {condition} ORDER BY created_at_ms, id"
        );
        let mut statement = conn.prepare_cached(&sql)?;
        let rows = statement.query_map([], subscriber)?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }
}

impl MailBackend for SqliteStore {
    fn subscriber_by_address(&self, address: &str) -> Result<Option<Subscriber>, StoreError> {
        self.one_subscriber("address", address)
    }

    fn subscriber_by_token(&self, token: &str) -> Result<Option<Subscriber>, StoreError> {
        self.one_subscriber("token", token)
    }

    fn subscribers(&self) -> Result<Vec<Subscriber>, StoreError> {
        self.subscribers_where("1")
    }

    fn confirmed_subscribers(&self) -> Result<Vec<Subscriber>, StoreError> {
        self.subscribers_where("confirmed_at_ms IS NOT NULL")
    }

    fn add_subscriber(&self, s: &Subscriber) -> Result<bool, StoreError> {
        let n = self.lock()?.execute(
            "INSERT INTO subscribers (id, address, token, motions, created_at_ms, confirmed_at_ms, enqueued_through_ms, motions_set_at_ms)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (address) DO NOTHING",
            params![s.id, s.address, s.token, join_ids(&s.motions), s.created_at_ms, s.confirmed_at_ms, s.enqueued_through_ms, s.motions_set_at_ms],
        )?;
        Ok(n > 0)
    }

    fn set_motions(&self, id: &str, motions: &[String], at_ms: i64) -> Result<bool, StoreError> {
        let n = self.lock()?.execute(
            "UPDATE subscribers SET motions = ?2, motions_set_at_ms = ?3 WHERE id = ?1",
            params![id, join_ids(motions), at_ms],
        )?;
        Ok(n > 0)
    }

    fn move_motions(
        &self,
        s: &Subscriber,
        motions: &[String],
        at_ms: i64,
    ) -> Result<bool, StoreError> {
        let n = self.lock()?.execute(
            "UPDATE subscribers SET motions = ?2, motions_set_at_ms = ?3
             WHERE id = ?1 AND motions = ?4 AND motions_set_at_ms IS ?5",
            params![
                s.id,
                join_ids(motions),
                at_ms,
                join_ids(&s.motions),
                s.motions_set_at_ms
            ],
        )?;
        Ok(n > 0)
    }

    fn confirm_subscriber(&self, id: &str, now_ms: i64) -> Result<bool, StoreError> {
        let n = self.lock()?.execute(
            "UPDATE subscribers SET confirmed_at_ms = ?2, enqueued_through_ms = MAX(enqueued_through_ms, ?2)
             WHERE id = ?1 AND confirmed_at_ms IS NULL",
            params![id, now_ms],
        )?;
        Ok(n > 0)
    }

    fn remove_subscriber(&self, id: &str) -> Result<bool, StoreError> {
        let mut conn = self.lock()?;
        let tx = conn.transaction()?;
        tx.execute("DELETE FROM mail_outbox WHERE subscriber = ?1", params![id])?;
        let removed = tx.execute("DELETE FROM subscribers WHERE id = ?1", params![id])?;
        tx.commit()?;
        Ok(removed > 0)
    }

    fn note_notice(&self, address_sha256: &str, at_ms: i64) -> Result<(), StoreError> {
        self.lock()?.execute(
            "INSERT INTO mail_notices (address_sha256, at_ms) VALUES (?1, ?2)",
            params![address_sha256, at_ms],
        )?;
        Ok(())
    }

    fn notices_to(
        &self,
        address_sha256: &str,
        since_ms: i64,
    ) -> Result<(i64, Option<i64>), StoreError> {
        Ok(self.lock()?.query_row(
            "SELECT COUNT(*), MAX(at_ms) FROM mail_notices WHERE address_sha256 = ?1 AND at_ms >= ?2",
            params![address_sha256, since_ms],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?)
    }

    fn enqueue_mail(
        &self,
        id: &str,
        mails: &[Mail],
        through_ms: Option<i64>,
    ) -> Result<usize, StoreError> {
        let mut conn = self.lock()?;
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let exists: i64 = tx.query_row(
            "SELECT COUNT(*) FROM subscribers WHERE id = ?1",
            params![id],
            |r| r.get(0),
        )?;
        if exists == 0 {
            return Ok(0);
        }
        let mut added = 0;
        for m in mails {
            added += tx.execute(
                "INSERT OR IGNORE INTO mail_outbox (id, subscriber, kind, subject, body, created_at_ms, next_attempt_ms)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
                params![m.id, id, m.kind.as_str(), m.subject, m.body, m.created_at_ms],
            )?;
        }
        if let Some(through) = through_ms {
            tx.execute(
                "UPDATE subscribers SET enqueued_through_ms = MAX(enqueued_through_ms, ?2) WHERE id = ?1",
                params![id, through],
            )?;
        }
        tx.commit()?;
        Ok(added)
    }

    fn claim_mail(
        &self,
        now_ms: i64,
        lease_ms: i64,
        token: &str,
    ) -> Result<Option<ClaimedMail>, StoreError> {
        let mut conn = self.lock()?;
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let next = tx
            .query_row(
                "SELECT o.id, o.kind, o.subject, o.body, o.created_at_ms, o.subscriber, s.address, s.token, o.attempts
                 FROM mail_outbox o JOIN subscribers s ON s.id = o.subscriber
                 WHERE o.sent_at_ms IS NULL AND o.gave_up = 0 AND o.next_attempt_ms <= ?1 AND o.leased_until_ms <= ?1
                   AND NOT EXISTS (SELECT 1 FROM mail_outbox e WHERE e.subscriber = o.subscriber
                     AND e.sent_at_ms IS NULL AND e.gave_up = 0
                     AND (e.created_at_ms < o.created_at_ms OR (e.created_at_ms = o.created_at_ms AND e.id < o.id)))
                 ORDER BY o.next_attempt_ms, o.created_at_ms, o.id LIMIT 1",
                params![now_ms],
                |r| claimed(r, token),
            )
            .optional()?;
        if let Some(c) = &next {
            tx.execute(
                "UPDATE mail_outbox SET leased_until_ms = ?2, lease_token = ?3 WHERE id = ?1",
                params![c.mail.id, now_ms.saturating_add(lease_ms), token],
            )?;
        }
        tx.commit()?;
        Ok(next)
    }

    fn record_mail(&self, c: &ClaimedMail, outcome: &MailOutcome) -> Result<bool, StoreError> {
        let fence = "WHERE id = ?1 AND lease_token = ?2 AND sent_at_ms IS NULL";
        let conn = self.lock()?;
        let (id, lease) = (&c.mail.id, &c.lease_token);
        let n = match outcome {
            MailOutcome::Sent { at_ms } => conn.execute(
                &format!("UPDATE mail_outbox SET sent_at_ms = ?3, attempts = attempts + 1, last_error = NULL, leased_until_ms = 0, lease_token = NULL {fence}"),
                params![id, lease, at_ms],
            )?,
            MailOutcome::Retry { next_ms, error } => conn.execute(
                &format!("UPDATE mail_outbox SET next_attempt_ms = ?3, attempts = attempts + 1, last_error = ?4, leased_until_ms = 0, lease_token = NULL {fence}"),
                params![id, lease, next_ms, error],
            )?,
            MailOutcome::GiveUp { error } => conn.execute(
                &format!("UPDATE mail_outbox SET gave_up = 1, attempts = attempts + 1, last_error = ?3, leased_until_ms = 0, lease_token = NULL {fence}"),
                params![id, lease, error],
            )?,
        };
        Ok(n > 0)
    }

    fn mail_of(&self, id: &str) -> Result<Vec<MailRecord>, StoreError> {
        let conn = self.lock()?;
        let mut statement = conn.prepare_cached(
            "SELECT id, kind, subject, created_at_ms, sent_at_ms, attempts, gave_up FROM mail_outbox
             WHERE subscriber = ?1 ORDER BY created_at_ms, id",
        )?;
        let rows = statement.query_map(params![id], |r| {
            Ok(MailRecord {
                id: r.get(0)?,
                kind: r.get(1)?,
                subject: r.get(2)?,
                created_at_ms: r.get(3)?,
                sent_at_ms: r.get(4)?,
                attempts: r.get(5)?,
                gave_up: r.get::<_, i64>(6)? != 0,
            })
        })?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    fn purge_mail(&self, before: PurgeBefore) -> Result<usize, StoreError> {
        let (pending_before_ms, done_before_ms) = (before.pending_ms, before.done_ms);
        let mut conn = self.lock()?;
        let tx = conn.transaction()?;
        let stale =
            "SELECT id FROM subscribers WHERE confirmed_at_ms IS NULL AND created_at_ms < ?1";
        let mut gone = tx.execute(
            &format!("DELETE FROM mail_outbox WHERE subscriber IN ({stale})"),
            params![pending_before_ms],
        )?;
        gone += tx.execute(
            "DELETE FROM subscribers WHERE confirmed_at_ms IS NULL AND created_at_ms < ?1",
            params![pending_before_ms],
        )?;
        gone += tx.execute(
            "DELETE FROM mail_outbox WHERE (sent_at_ms IS NOT NULL OR gave_up = 1) AND created_at_ms < ?1",
            params![done_before_ms],
        )?;
        gone += tx.execute(
            "DELETE FROM mail_notices WHERE at_ms < ?1",
            params![before.notices_ms],
        )?;
        tx.commit()?;
        Ok(gone)
    }
}

fn claimed(r: &Row<'_>, token: &str) -> rusqlite::Result<ClaimedMail> {
    let kind: String = r.get(1)?;
    Ok(ClaimedMail {
        mail: Mail {
            id: r.get(0)?,
            kind: MailKind::parse(&kind).unwrap_or(MailKind::Changes),
            subject: r.get(2)?,
            body: r.get(3)?,
            created_at_ms: r.get(4)?,
        },
        subscriber: r.get(5)?,
        address: r.get(6)?,
        token: r.get(7)?,
        attempts: r.get(8)?,
        lease_token: token.to_owned(),
    })
}
