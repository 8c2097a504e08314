//! What changes mean to a buyer (issue 22), in the buyer's words: the news of a burst for an
//! e-mail (each offer now available or no longer, newly listed or withdrawn, and each offer whose
//! expected day was given, moved, removed or passed); each line of the buyer's "What changed"
//! is [`crate::buyer_line`]'s. Offers are named first and the state after ("Now available: a
//! paid beta billed by invoice."), so no verb has to agree with an offer written in the plural
//! (found by attack: "Self-serve plans paid by card is available now"). A burst that ends where it began (a proof
//! failed and passed again) means nothing to a buyer; claims and the variables behind a status
//! are the team's.

use crate::board::{Board, MotionView};
use crate::changes::{Change, Subject};
use crate::expected::display_day;
use crate::ids::MotionId;
use crate::offer_moves::{offer_moves, OfferMove};

/// The news of `burst` for a buyer following `follows` (empty: every offer), one sentence each:
/// each offer whose standing moved over the burst (listed, withdrawn, now available or no
/// longer), in the order the burst first touched them, then each offer not available whose
/// expected day moved. An offer is compared as it stood before the burst with how it stood at
/// its end, both read from the burst, so edits that undo each other say nothing (found by
/// attack: a delete undone at once was e-mailed as "no longer available"), and an offer whose
/// id was renamed (withdrawn and listed in the same words) is no news either.
pub fn burst_news(board: &Board, follows: &[MotionId], burst: &[&Change]) -> Vec<String> {
    let followed =
        |ids: &[&MotionId]| follows.is_empty() || ids.iter().any(|id| follows.contains(id));
    let each = Followed {
        offer: &|m: &OfferMove| followed(&m.ids),
        motion: &|m: &MotionView| followed(&[&m.id]),
        was: &|_: &str| true,
    };
    news(board, each, burst)
}

/// [`burst_news`] for a buyer who follows offers by their words (`followed`): an offer is news
/// when its words, or those it was renamed from, are followed. Found by attack: read by the ids
/// an offer passed through, a follower moved by a swap was told the other offer's news.
pub fn news_for(board: &Board, followed: impl Fn(&str) -> bool, burst: &[&Change]) -> Vec<String> {
    let each = Followed {
        offer: &|m: &OfferMove| followed(&m.offer) || m.was.as_deref().is_some_and(&followed),
        motion: &|m: &MotionView| followed(&m.offer_words()),
        was: &followed,
    };
    news(board, each, burst)
}

/// Which moved offers, and which listed motions (for their days), a buyer follows; and whether
/// it followed the words an offer was renamed from (else the offer is news to it as the words
/// it follows stood: found by attack, a follower whose offer came back in another id's reword
/// was told "Renamed: its words (was: the other offer's words)").
struct Followed<'f> {
    offer: &'f dyn Fn(&OfferMove) -> bool,
    motion: &'f dyn Fn(&MotionView) -> bool,
    was: &'f dyn Fn(&str) -> bool,
}

fn news(board: &Board, followed: Followed<'_>, burst: &[&Change]) -> Vec<String> {
    let words_now = |id: &MotionId| board.motion(id).map(MotionView::offer_words);
    let moves = offer_moves(burst, words_now);
    let mut news = Vec::new();
    let seen = |m: &OfferMove| match &m.was {
        Some(was) if !(followed.was)(was) => (m.own_before, None),
        _ => (m.before, m.was.clone()),
    };
    let news_to_it = |m: &&OfferMove| {
        let (before, was) = seen(m);
        (before != m.after || was.is_some()) && (followed.offer)(m)
    };
    for mv in moves.iter().filter(news_to_it) {
        let offer = &mv.offer;
        let (before, was) = seen(mv);
        let listed = (mv.ids.last()).and_then(|id| board.motion(id));
        let line = match (before, mv.after) {
            (None, Some(true)) => format!("Newly listed and available now: {offer}"),
            (None, Some(false)) => format!(
                "Newly listed, not available yet: {offer}{}",
                listed.map(when).unwrap_or_default()
            ),
            (Some(_), None) => format!("No longer offered: {offer}"),
            (Some(false), Some(true)) => format!("Now available: {offer}"),
            (Some(true), Some(false)) => format!("No longer available: {offer}"),
            _ => format!("Renamed: {offer}"),
        };
        news.push(match was {
            Some(was) => format!("{line} (was: {was})."),
            None => format!("{line}."),
        });
    }
    let said = |id: &MotionId| moves.iter().any(|m| m.ids.contains(&id) && m.is_news());
    for motion in board
        .motions
        .iter()
        .filter(|m| (followed.motion)(m) && !said(&m.id))
    {
        if !motion.can_move && dates_moved(board, motion, burst) {
            news.push(dates_news(motion));
        }
    }
    news
}

/// What a moved expected day means for an offer that is not available.
fn dates_news(motion: &MotionView) -> String {
    let offer = motion.offer_words();
    match motion
        .expected
        .as_ref()
        .and_then(|e| e.by.map(|by| (by, e.overdue)))
    {
        Some((by, false)) => format!("Now expected by {}: {offer}.", display_day(by)),
        Some((by, true)) => format!("Late, expected by {}: {offer}.", display_day(by)),
        None => format!("No expected date any more: {offer}."),
    }
}

/// ", expected by 15 January 2027" when the offer has an expected day, else nothing.
fn when(motion: &MotionView) -> String {
    match motion.expected.as_ref().and_then(|e| e.by) {
        Some(by) => format!(", expected by {}", display_day(by)),
        None => String::new(),
    }
}

/// Whether the burst moved the day `motion` is expected by, or passed it: read from the systems
/// it waits on (its blockers, as its expected day is; a claim's systems are not), their days
/// before the burst against its day now. Found by attack: a date given to a system an offer only
/// names in a claim, or one that left its day unknown either way, was e-mailed as "No expected
/// date any more".
fn dates_moved(board: &Board, motion: &MotionView, burst: &[&Change]) -> bool {
    let waits: Vec<&crate::SystemId> = motion.blockers.iter().map(|b| &b.system).collect();
    let first_in_burst = |id: &crate::SystemId| {
        burst.iter().find_map(|c| match &c.subject {
            Subject::Expected { system, from, .. } if system == id => Some(*from),
            _ => None,
        })
    };
    let now = |id: &crate::SystemId| board.system(id)?.expected.as_ref().map(|e| e.on);
    let before = |id: &crate::SystemId| first_in_burst(id).unwrap_or_else(|| now(id));
    let days: Option<Vec<time::Date>> = waits.iter().map(|id| before(id)).collect();
    let by_before = days.and_then(|d| d.into_iter().max());
    let late = motion.expected.as_ref().is_some_and(|e| e.overdue);
    let passed = late
        && burst.iter().any(|c| match &c.subject {
            Subject::Expected {
                system,
                overdue: true,
                ..
            } => waits.contains(&system),
            _ => false,
        });
    // Its day now is the one its expected view was computed with, from the same systems.
    by_before != motion.expected.as_ref().and_then(|e| e.by) || passed
}
