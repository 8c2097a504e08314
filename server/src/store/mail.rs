//! E-mail subscribers and their outbox, in the proof store (SQLite or PostgreSQL). A subscriber
//! is pending until the confirm link is followed (double opt-in: only the confirm message is
//! ever sent before); messages get ids that are the same on every instance (a digest of what
//! they carry, or the subscriber and a ten-minute slot for notices), so enqueuing twice stores
//! once; each is claimed with a lease and recorded only under it, so one instance sends it.

use super::StoreError;

/// A subscriber: an address, what it follows, and the token its links carry.
#[derive(Clone, PartialEq, Eq)]
pub struct Subscriber {
    /// `sub_` and 16 hex digits: what the operator names it by.
    pub id: String,
    /// The address, trimmed and lower-cased: one subscriber per address.
    pub address: String,
    /// The capability in its confirm, manage and unsubscribe links (never logged).
    pub token: String,
    /// Motion ids (empty: the whole board).
    pub motions: Vec<String>,
    pub created_at_ms: i64,
    /// When the confirm link was followed; `None`: pending, sent nothing but the confirm message.
    pub confirmed_at_ms: Option<i64>,
    /// Changes up to this instant were turned into messages.
    pub enqueued_through_ms: i64,
    /// When `motions` was last set (chosen, confirmed, saved, or moved after the catalog):
    /// only edits after it move what it follows. `None` in rows written before it was kept.
    pub motions_set_at_ms: Option<i64>,
}

impl Subscriber {
    /// The instant `motions` stands at: when last set; in a row from before that was kept,
    /// the last burst passed (an older mail loop moved followers then) or when chosen. Found
    /// by attack: read as the confirm instant, an upgrade moved moved followers again.
    pub fn motions_since_ms(&self) -> i64 {
        match (self.motions_set_at_ms, self.confirmed_at_ms) {
            (Some(set), _) => set,
            (None, Some(confirmed)) => confirmed.max(self.enqueued_through_ms),
            (None, None) => self.created_at_ms,
        }
    }
}

impl std::fmt::Debug for Subscriber {
    /// Never the token; the address is personal data but no secret.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Subscriber({})", self.id)
    }
}

/// What a message is: a confirm link, "you are already subscribed", or changes of the board.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailKind {
    Confirm,
    Already,
    Changes,
}

impl MailKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MailKind::Confirm => "confirm",
            MailKind::Already => "already",
            MailKind::Changes => "changes",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [MailKind::Confirm, MailKind::Already, MailKind::Changes]
            .into_iter()
            .find(|k| k.as_str() == text)
    }
}

/// One message to one subscriber, composed when it is enqueued.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    pub id: String,
    pub kind: MailKind,
    pub subject: String,
    /// The text/plain body.
    pub body: String,
    pub created_at_ms: i64,
}

/// A claimed message, fenced by its lease token, with where it goes.
#[derive(Debug, Clone)]
pub struct ClaimedMail {
    pub mail: Mail,
    pub subscriber: String,
    pub address: String,
    /// The subscriber's link token, for the `List-Unsubscribe` header.
    pub token: String,
    pub attempts: i64,
    pub lease_token: String,
}

/// How one attempt to send a message ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MailOutcome {
    Sent { at_ms: i64 },
    Retry { next_ms: i64, error: String },
    GiveUp { error: String },
}

/// A message as the operator's export shows it.
#[derive(Debug, Clone, serde::Serialize, schemars::JsonSchema)]
pub struct MailRecord {
    pub id: String,
    pub kind: String,
    pub subject: String,
    pub created_at_ms: i64,
    pub sent_at_ms: Option<i64>,
    pub attempts: i64,
    pub gave_up: bool,
}

/// What the mail loop forgets, by age (Unix milliseconds).
#[derive(Debug, Clone, Copy)]
pub struct PurgeBefore {
    pub pending_ms: i64,
    pub done_ms: i64,
    pub notices_ms: i64,
}

/// What both backends do for e-mail subscriptions.
pub trait MailBackend: Send + Sync {
    fn subscriber_by_address(&self, address: &str) -> Result<Option<Subscriber>, StoreError>;
    fn subscriber_by_token(&self, token: &str) -> Result<Option<Subscriber>, StoreError>;
    /// Every subscriber, oldest first.
    fn subscribers(&self) -> Result<Vec<Subscriber>, StoreError>;
    /// The confirmed subscribers, oldest first: what the delivery loop reads every second (a
    /// flood of pending sign-ups costs it nothing).
    fn confirmed_subscribers(&self) -> Result<Vec<Subscriber>, StoreError>;
    /// Adds a pending subscriber; `false` when the address has one already.
    fn add_subscriber(&self, subscriber: &Subscriber) -> Result<bool, StoreError>;
    /// Sets what the subscriber follows, as of `at_ms`.
    fn set_motions(&self, id: &str, motions: &[String], at_ms: i64) -> Result<bool, StoreError>;
    /// Moves what `s` follows to `motions`, as of `at_ms`, only if its choices are still those
    /// read (found by attack: a save on the manage page during a mail pass was undone).
    fn move_motions(
        &self,
        s: &Subscriber,
        motions: &[String],
        at_ms: i64,
    ) -> Result<bool, StoreError>;
    /// Confirms a pending subscriber: changes after `now_ms` are sent to it.
    fn confirm_subscriber(&self, id: &str, now_ms: i64) -> Result<bool, StoreError>;
    /// Removes a subscriber and every message to it; `false` if there was none.
    fn remove_subscriber(&self, id: &str) -> Result<bool, StoreError>;
    /// Notes a notice (confirm, already) sent to the address of SHA-256 `address_sha256`.
    fn note_notice(&self, address_sha256: &str, at_ms: i64) -> Result<(), StoreError>;
    /// How many notices went to the address of SHA-256 `address_sha256` since `since_ms`, and
    /// when the last one did, whether or not it is still subscribed.
    fn notices_to(
        &self,
        address_sha256: &str,
        since_ms: i64,
    ) -> Result<(i64, Option<i64>), StoreError>;
    /// Inserts the messages not already there (and moves the watermark if given), in one
    /// transaction, only while the subscriber exists; returns how many were added.
    fn enqueue_mail(
        &self,
        id: &str,
        mails: &[Mail],
        through_ms: Option<i64>,
    ) -> Result<usize, StoreError>;
    /// Leases the oldest due message of any subscriber until `now_ms + lease_ms`, among those
    /// whose subscriber has no older message unsent (one subscriber's messages go out in order).
    fn claim_mail(
        &self,
        now_ms: i64,
        lease_ms: i64,
        token: &str,
    ) -> Result<Option<ClaimedMail>, StoreError>;
    /// Records an attempt if the lease still holds; `false` otherwise (nothing written).
    fn record_mail(&self, claimed: &ClaimedMail, outcome: &MailOutcome)
        -> Result<bool, StoreError>;
    /// The messages to `id`, oldest first (for the operator's export).
    fn mail_of(&self, id: &str) -> Result<Vec<MailRecord>, StoreError>;
    /// Forgets pending subscribers older than `pending_ms` (their link has expired), messages
    /// sent or given up before `done_ms` and notices noted before `notices_ms`; returns how many
    /// rows went.
    fn purge_mail(&self, before: PurgeBefore) -> Result<usize, StoreError>;
}
