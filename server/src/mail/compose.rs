//! The words of the board's messages: the confirm link, "already subscribed", and a burst of
//! changes, each ending with the links to manage the subscription and to unsubscribe. Plain
//! text, composed when the message is enqueued; ids are the same on every instance.

use crate::board_cache::Snapshot;
use crate::store::mail::{Mail, MailKind, Subscriber};
use readiness::changes::Change;
use readiness::followed::Trail;
use readiness::Board;
use sha2::{Digest, Sha256};
use std::fmt::Write as _;

/// A notice (confirm, already) to one address goes out at most once in this slot.
pub const NOTICE_SLOT_MS: i64 = 10 * 60_000;

/// What every message names: the board's title and its public origin.
pub struct Letterhead<'a> {
    pub title: &'a str,
    pub origin: &'a str,
}

/// A subscriber's links.
pub struct Links {
    pub confirm: String,
    pub manage: String,
    pub unsubscribe: String,
}

impl Links {
    pub fn new(origin: &str, token: &str) -> Self {
        let origin = origin.trim_end_matches('/');
        Self {
            confirm: format!("{origin}/subscriptions/confirm?token={token}"),
            manage: format!("{origin}/subscriptions/manage?token={token}"),
            unsubscribe: format!("{origin}/subscriptions/unsubscribe?token={token}"),
        }
    }
}

/// The confirm message (or, `already`, the notice that the address gets updates already).
pub fn notice(
    head: &Letterhead<'_>,
    s: &Subscriber,
    scope: &str,
    kind: MailKind,
    now_ms: i64,
) -> Mail {
    let links = Links::new(head.origin, &s.token);
    let title = head.title;
    let (subject, body) = match kind {
        MailKind::Already => (
            format!("You already get e-mail updates from {title}"),
            format!(
                "Someone asked to subscribe this address to updates from {title}. It gets them already, about {scope}.\n\n\
                 To choose what you get, or to stop: {}\n\n\
                 If that was not you, there is nothing to do.\n",
                links.manage
            ),
        ),
        _ => (
            format!("Confirm your e-mail updates from {title}"),
            format!(
                "Someone, we hope you, asked for e-mail updates from {title} about {scope}.\n\n\
                 To start them, confirm here:\n{}\n\n\
                 If you did not ask, ignore this message: nothing more is sent, and this address is forgotten in 7 days.\n",
                links.confirm
            ),
        ),
    };
    Mail {
        id: format!("{}_{}_{}", kind.as_str(), s.id, now_ms / NOTICE_SLOT_MS),
        kind,
        subject,
        body,
        created_at_ms: now_ms,
    }
}

/// One message for a burst of changes, in the buyer's words: what it means for the offers
/// followed (from [`readiness::buyer_news`]) and what is available now. `None` when the burst
/// means nothing to this buyer (it ended where it began, or moved only the operator's detail).
/// `trails` is where each offer followed went (none: everything is followed), and `burst` holds
/// every change of the instants it spans, so an edit is read whole.
pub fn changes(
    head: &Letterhead<'_>,
    s: &Subscriber,
    (board, scope, trails): (&Board, &str, &[Trail]),
    burst: &[&Change],
) -> Option<Mail> {
    let followed = |words: &str| trails.is_empty() || trails.iter().any(|t| t.follows(words));
    let news = readiness::buyer_news::news_for(board, followed, burst);
    let links = Links::new(head.origin, &s.token);
    let title = head.title;
    let subject = match news.as_slice() {
        [] => return None,
        [one] => format!("{title}: {}", one.trim_end_matches('.')),
        _ => format!("{title}: {} updates", news.len()),
    };
    let mut body = format!("News from {title}:\n\n");
    for line in &news {
        let _ = writeln!(body, "- {line}");
    }
    let today = readiness::buyer::for_buyers(board, false);
    let origin = head.origin.trim_end_matches('/');
    let _ = write!(
        body,
        "\nWhere things stand: {today}\n\nThe board now: {origin}/\n\n\
         You get this because this address subscribed to updates about {scope}.\n\
         Choose what you get: {}\nUnsubscribe: {}\n",
        links.manage, links.unsubscribe
    );
    let mut digest = Sha256::new();
    digest.update(s.id.as_bytes());
    for change in burst {
        digest.update(change.id.as_bytes());
    }
    Some(Mail {
        id: format!("chg_{}", &hex::encode(digest.finalize())[..32]),
        kind: MailKind::Changes,
        subject,
        body,
        created_at_ms: burst.last().map_or(0, |c| crate::store::unix_ms(c.at)),
    })
}

/// "everything on the board", or the offers followed, in the catalog's words for them; one
/// withdrawn is named in the words it had, and said to be no longer offered (found by attack:
/// messages named it by its id).
pub fn scope(snapshot: &Snapshot, motions: &[String]) -> String {
    if motions.is_empty() {
        return "everything on the board".to_owned();
    }
    let names: Vec<String> = motions
        .iter()
        .map(|id| {
            let listed = snapshot.board.motions.iter().find(|m| m.id.as_str() == id);
            match listed {
                Some(motion) => motion.offer_words(),
                None => format!("{} (no longer offered)", withdrawn(snapshot, id)),
            }
        })
        .collect();
    readiness::english::and_list(&names)
}

/// A followed offer no longer listed, in the words it was withdrawn or lost in (else its id).
pub fn withdrawn(snapshot: &Snapshot, id: &str) -> String {
    let edits = readiness::followed::Edits::of(&snapshot.history);
    let words = readiness::followed::unlisted_words(&edits, id);
    words.unwrap_or(id).to_owned()
}
