//! What the subscription pages do to the store. Subscribing answers the same whatever the
//! address's state (new, pending, confirmed), so the page never tells whether an address is
//! subscribed; what it sends is bounded per address (one notice in any ten minutes, five a day).

use super::compose::{self, Letterhead};
use super::Address;
use crate::board_cache::Snapshot;
use crate::store::mail::{MailKind, Subscriber};
use crate::store::{ProofStore, StoreError};
use readiness::Board;
use sha2::Digest;

/// The most notices (confirm, already subscribed) one address is sent in a day.
const NOTICES_PER_DAY: i64 = 5;
const DAY_MS: i64 = 24 * 3_600_000;

/// Said when a form chose offers and none of them is on the board now.
pub const NONE_OFFERED: &str =
    "None of the offers chosen is offered now (the page may be out of date): choose again.";

/// The motion ids of `asked` the board has (in any case), each once, in the board's order; none
/// asked means the whole board. Asked, yet none on the board, is refused ([`NONE_OFFERED`]):
/// found by attack, a stale or forged form turned one offer into everything.
pub fn known_motions(board: &Board, asked: &[String]) -> Result<Vec<String>, &'static str> {
    let known: Vec<String> = board
        .motions
        .iter()
        .map(|m| m.id.to_string())
        .filter(|id| asked.iter().any(|a| a.trim().eq_ignore_ascii_case(id)))
        .collect();
    match known.is_empty() && asked.iter().any(|a| !a.trim().is_empty()) {
        true => Err(NONE_OFFERED),
        false => Ok(known),
    }
}

/// Subscribes `address` to `motions` (empty: the whole board): a new or pending address is sent
/// a confirm link, a confirmed one a note that it gets updates already (its choice unchanged).
pub fn subscribe(
    store: &ProofStore,
    snapshot: &Snapshot,
    head: &Letterhead<'_>,
    address: &Address,
    motions: Vec<String>,
    now_ms: i64,
) -> Result<(), StoreError> {
    let fresh = Subscriber {
        id: super::new_id(),
        address: address.to_string(),
        token: super::new_token(),
        motions: motions.clone(),
        created_at_ms: now_ms,
        confirmed_at_ms: None,
        enqueued_through_ms: now_ms,
        motions_set_at_ms: Some(now_ms),
    };
    let subscriber = match store.add_subscriber(&fresh)? {
        true => fresh,
        // Another request (maybe on another instance) added it first: that one is answered.
        false => match store.subscriber_by_address(address.as_str())? {
            Some(existing) => existing,
            None => return Ok(()),
        },
    };
    // Ten minutes since the last notice of any kind (found by attack: a fixed ten-minute slot
    // let two through across its edge, and a confirm then "already" within a minute).
    // Counted by the address, not the subscriber: an unsubscribe or an erase clears no count.
    let hashed = hex::encode(sha2::Sha256::digest(subscriber.address.as_bytes()));
    let (today, last) = store.notices_to(&hashed, now_ms - DAY_MS)?;
    let recent = last.is_some_and(|at| at >= now_ms - compose::NOTICE_SLOT_MS);
    if recent || today >= NOTICES_PER_DAY {
        tracing::info!(subscriber = %subscriber.id, "subscribe: this address had a notice lately; nothing sent");
        return Ok(());
    }
    let (kind, subscriber) = match subscriber.confirmed_at_ms {
        Some(_) => (MailKind::Already, subscriber),
        None => {
            // A pending subscription takes the latest choice: the confirm page shows it.
            store.set_motions(&subscriber.id, &motions, now_ms)?;
            (
                MailKind::Confirm,
                Subscriber {
                    motions,
                    ..subscriber
                },
            )
        }
    };
    let scope = compose::scope(snapshot, &subscriber.motions);
    let notice = compose::notice(head, &subscriber, &scope, kind, now_ms);
    if store.enqueue_mail(&subscriber.id, &[notice], None)? > 0 {
        store.note_notice(&hashed, now_ms)?;
    }
    Ok(())
}

/// The subscription a link's token opens, if it still stands (a pending one for 7 days).
pub fn by_token(
    store: &ProofStore,
    token: &str,
    now_ms: i64,
) -> Result<Option<Subscriber>, StoreError> {
    if !super::is_token(token) {
        return Ok(None);
    }
    let found = store.subscriber_by_token(token)?;
    Ok(found.filter(|s| {
        s.confirmed_at_ms.is_some() || now_ms - s.created_at_ms < super::CONFIRM_WITHIN_MS
    }))
}

/// The offers a form chose, as ids of the board now: each id mapped through the edits since the
/// board the form was rendered on (`chosen_at`, Unix milliseconds, when the form says it).
pub fn chosen_now(snapshot: &Snapshot, posted: &[String], chosen_at: &str) -> Vec<String> {
    match chosen_at.trim().parse::<i64>() {
        Ok(at) => follows_now(snapshot, posted, at),
        Err(_) => posted.to_vec(),
    }
}

/// `motions`, chosen at `since_ms`, with each id whose words the catalog moved to another id
/// since (renamed, or swapped) replaced by that id.
pub fn follows_now(snapshot: &Snapshot, motions: &[String], since_ms: i64) -> Vec<String> {
    let edits = readiness::followed::Edits::of(&snapshot.history);
    readiness::followed::settled_now(&snapshot.board, &edits, motions, since_ms)
}

/// Confirms the subscription of `token`: changes from now on are sent to it, about the offers
/// chosen under their ids now (found by attack: a subscription pending while an id was renamed
/// was confirmed to the old id, which the mail loop, reading confirmed ones only, never moved).
pub fn confirm(
    store: &ProofStore,
    snapshot: &Snapshot,
    token: &str,
    now_ms: i64,
) -> Result<Option<Subscriber>, StoreError> {
    let Some(subscriber) = by_token(store, token, now_ms)? else {
        return Ok(None);
    };
    if subscriber.confirmed_at_ms.is_none() {
        let since = subscriber.motions_since_ms();
        let follows = follows_now(snapshot, &subscriber.motions, since);
        store.set_motions(&subscriber.id, &follows, now_ms)?;
        store.confirm_subscriber(&subscriber.id, now_ms)?;
        tracing::info!(subscriber = %subscriber.id, "a subscription was confirmed");
    }
    by_token(store, token, now_ms)
}

/// Ends the subscription of `token`: the subscriber and its messages are removed.
pub fn unsubscribe(store: &ProofStore, token: &str, now_ms: i64) -> Result<bool, StoreError> {
    let Some(subscriber) = by_token(store, token, now_ms)? else {
        return Ok(false);
    };
    let removed = store.remove_subscriber(&subscriber.id)?;
    if removed {
        tracing::info!(subscriber = %subscriber.id, "a subscriber unsubscribed and was removed");
    }
    Ok(removed)
}
