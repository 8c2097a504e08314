//! Webhook subscriptions and their outbox, in the proof store (SQLite or PostgreSQL). Every
//! instance enqueues the events its changes make, idempotently (one row per subscription and
//! event id); deliveries are claimed with a lease, so one instance sends each due row at a time
//! (PostgreSQL: `FOR UPDATE SKIP LOCKED`), and a row stays until it is delivered or given up.

use super::StoreError;

/// A subscription. `secret` is the signing secret (`whsec_…`): only the server reads it.
#[derive(Clone)]
pub struct Webhook {
    pub id: String,
    pub url: String,
    pub secret: String,
    /// Motion ids (empty: every motion).
    pub motions: Vec<String>,
    /// System ids (empty: every system).
    pub systems: Vec<String>,
    pub created_at_ms: i64,
    /// Changes up to this instant have been turned into events.
    pub enqueued_through_ms: i64,
    /// Deliveries kept failing for a day: events were given up.
    pub failing: bool,
    /// The operator allowed a loopback, private or link-local target (`--allow-private-targets`).
    pub allow_private: bool,
    /// When a receiver answered 410 Gone: nothing is sent until `webhook enable`.
    pub disabled_at_ms: Option<i64>,
    /// Events not yet delivered nor given up.
    pub pending: i64,
    /// Of those, events that already failed at least once (the receiver is failing now).
    pub retrying: i64,
}

impl std::fmt::Debug for Webhook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Webhook({}, {})",
            self.id,
            crate::redact::mask_url(&self.url)
        )
    }
}

/// One event to deliver to one subscription.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxEvent {
    pub event_id: String,
    pub payload: String,
    /// The instant of its last change: events are delivered in this order (found by attack:
    /// events enqueued together shared one instant and went out in id order).
    pub at_ms: i64,
}

/// A claimed delivery, fenced by its lease token.
#[derive(Debug, Clone)]
pub struct Delivery {
    pub webhook: String,
    pub event_id: String,
    pub payload: String,
    pub attempts: i64,
    pub created_at_ms: i64,
    pub lease_token: String,
}

/// What one attempt met, for `webhook deliveries`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
pub struct AttemptLog {
    pub event_id: String,
    pub at_ms: i64,
    /// The receiver's HTTP status, if it answered.
    pub status: Option<u16>,
    pub latency_ms: i64,
    /// `delivered`, `retry`, `given_up` or `lost_lease`.
    pub outcome: String,
    /// Why it failed when no status came back: refused, timed out, refused target…
    pub error: Option<String>,
}

/// What recording an attempt found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recorded {
    /// The lease held: the outcome is recorded.
    Held,
    /// Another instance owns the delivery now: only the attempt log is written.
    LeaseLost,
    /// The subscription was removed during the attempt (found by attack: an orphan log row and
    /// a wrong "lease ran out" line): nothing is written.
    Removed,
}

/// How a delivery attempt ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attempt {
    Delivered {
        status: u16,
    },
    /// Try again at `next_ms`.
    Retry {
        status: Option<u16>,
        next_ms: i64,
    },
    /// Retries exhausted, or the receiver is `gone` (410): the event is given up and the
    /// subscription marked failing; a gone one is disabled too.
    GiveUp {
        status: Option<u16>,
        gone: bool,
    },
}

pub fn join_ids(ids: &[String]) -> String {
    ids.join(",")
}

pub fn split_ids(text: &str) -> Vec<String> {
    text.split(',')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// What both backends do for webhooks.
pub trait WebhookBackend: Send + Sync {
    fn add_webhook(&self, hook: &Webhook) -> Result<(), StoreError>;
    /// Every subscription with its secret and pending count, oldest first.
    fn webhooks(&self) -> Result<Vec<Webhook>, StoreError>;
    /// Every subscription, without the counts (what the delivery loop reads every second: its
    /// cost does not grow with the outbox).
    fn subscriptions(&self) -> Result<Vec<Webhook>, StoreError>;
    /// Removes a subscription and its outbox; `false` if there was none.
    fn remove_webhook(&self, id: &str) -> Result<bool, StoreError>;
    /// Enables a disabled subscription (and clears `failing`); `false` if there is none.
    fn enable_webhook(&self, id: &str) -> Result<bool, StoreError>;
    /// Inserts the events not already there and moves the watermark, in one transaction.
    fn enqueue(
        &self,
        webhook: &str,
        events: &[OutboxEvent],
        through_ms: i64,
    ) -> Result<usize, StoreError>;
    /// Subscriptions whose oldest pending delivery is due and not leased at `now_ms`.
    fn due_webhooks(&self, now_ms: i64) -> Result<Vec<String>, StoreError>;
    /// Leases the oldest pending delivery of `webhook`, if it is due and not leased, until
    /// `now_ms + lease_ms` under `token`. A subscription's events go out in the order they
    /// happened: a later one waits while an earlier one is retried (found by attack: a later
    /// event overtook the retry of an earlier one, and a receiver ended in the wrong state).
    fn claim_next(
        &self,
        webhook: &str,
        now_ms: i64,
        lease_ms: i64,
        token: &str,
    ) -> Result<Option<Delivery>, StoreError>;
    /// Records an attempt if the delivery's lease is still held; otherwise only the attempt
    /// log is written (another instance took it over), or nothing (the subscription was removed).
    fn record_attempt(
        &self,
        delivery: &Delivery,
        attempt: Attempt,
        log: &AttemptLog,
    ) -> Result<Recorded, StoreError>;
    /// The newest `limit` attempts of `webhook`, newest first.
    fn attempts(&self, webhook: &str, limit: usize) -> Result<Vec<AttemptLog>, StoreError>;
    /// Makes `event_id` due again at `now_ms` for every subscription that has it (delivered or
    /// given up); returns how many.
    fn redeliver(&self, event_id: &str, now_ms: i64) -> Result<usize, StoreError>;
}
