//! What changes mean to a buyer (issue 22), in the buyer's words: the news of a burst for an
//! e-mail (each offer now available or no longer, newly listed or withdrawn, and each offer whose
//! expected day was given, moved, removed or passed); each line of the buyer's "What changed"
//! is [`crate::buyer_line`]'s. Offers are named first and the state after ("Now available: a
//! paid beta billed by invoice."), so no verb has to agree with an offer written in the plural
//! (found by attack: "Self-serve plans paid by card is available now"). A burst that ends where it began (a proof
//! failed and passed again) means nothing to a buyer; claims and the variables behind a status
//! are the team's.

use crate::board::{Board, MotionView};
use crate::buyer_line::awaited_line;
use crate::changes::{Change, Subject};
use crate::english::and_list;
use crate::expected::{display_day, has_passed};
use crate::ids::MotionId;
use crate::offer_moves::{moves_with, words_after_each, OfferMove};

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
    // The words of each change's motion just after it: the moves and the days read them both.
    let words = words_after_each(burst, words_now);
    let moves = moves_with(burst, &words);
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
                listed.map(|m| when(board, m, None)).unwrap_or_default()
            ),
            (Some(_), None) => format!("No longer offered: {offer}"),
            (Some(false), Some(true)) => format!("Now available: {offer}"),
            (Some(true), Some(false)) => format!(
                "No longer available: {offer}{}",
                listed
                    .map(|m| when(board, m, said_before(burst, &m.id)))
                    .unwrap_or_default()
            ),
            _ => format!("Renamed: {offer}"),
        };
        news.push(match was {
            Some(was) => format!("{line} (was: {was})."),
            None => format!("{line}."),
        });
    }
    // An offer listed anew or no longer available is told with its day; one renamed, or
    // reworded, is not (found by attack: a reword in the burst dropped the news of its day).
    let told_with_day =
        |m: &OfferMove| m.is_news() && m.after == Some(false) && m.before != Some(false);
    // By its words: an id may have carried another offer in the burst (found by attack: an offer
    // swapped onto an id listed anew took that listing as its own and its day went unsaid).
    let said = |m: &MotionView| {
        let now = m.offer_words();
        moves.iter().any(|mv| mv.offer == now && told_with_day(mv))
    };
    let unsaid = (board.motions.iter()).filter(|m| !m.can_move && (followed.motion)(m) && !said(m));
    // An offer's day is read under every id it stood under in the burst, while that id carried
    // its words (found by attack: a day moved, then the id renamed, was never e-mailed; an
    // offer swapped onto an id listed anew read the other offer's day as its own).
    let day_of = |motion: &MotionView| {
        let now = motion.offer_words();
        let moved = moves.iter().find(|mv| mv.offer == now);
        let was = moved.and_then(|mv| mv.was.as_deref());
        let carried = |i: usize| (words[i].as_deref()).is_some_and(|w| w == now || Some(w) == was);
        day_moved(board, burst, (motion, carried))
    };
    news.extend(unsaid.filter_map(day_of));
    news
}

/// ", expected by 15 January 2027" when the offer has an expected day, said as late when it
/// passed or a system it waits on is overdue (found by attack: "No longer available: …, expected
/// by 15 November 2026" on 6 December), else nothing.
fn when(board: &Board, motion: &MotionView, was: Option<time::Date>) -> String {
    let Some(expected) = motion.expected.as_ref() else {
        return String::new();
    };
    let Some(by) = expected.by else {
        return String::new();
    };
    let was = match was.filter(|was| *was != by) {
        Some(was) => format!(" (was {})", display_day(was)),
        None => String::new(),
    };
    let late = late_names(board, &expected.late);
    let day = display_day(by);
    match (expected.overdue, late.as_slice()) {
        (true, _) => format!(", expected by {day}{was}, a day already passed"),
        (false, []) => format!(", expected by {day}{was}"),
        (false, late) => format!(
            ", expected by {day}{was}, though part of what is needed is late ({})",
            and_list(late)
        ),
    }
}

/// The day said of motion `id` before `burst` moved it, if a change of the burst says one.
fn said_before(burst: &[&Change], id: &crate::MotionId) -> Option<time::Date> {
    burst.iter().find_map(|c| match &c.subject {
        Subject::MotionExpected { motion, from, .. } if motion == id => Some(*from),
        _ => None,
    })?
}

fn late_names(board: &Board, late: &[crate::SystemId]) -> Vec<String> {
    (late.iter())
        .filter_map(|id| Some(board.system(id)?.name.to_string()))
        .collect()
}

/// The news of `motion`'s expected day over the burst, read from its own changes (the replay
/// sees every move: an edit of a day, a proof that changed what it waits on, a day passing):
/// the day said before the first and the day after the last, when they differ or a system it
/// waits on is late, so a move undone within the burst is no news. Found by attack: read from
/// its systems' days alone, a proof that moved an offer's day told nobody.
fn day_moved(
    board: &Board,
    burst: &[&Change],
    (motion, carried): (&MotionView, impl Fn(usize) -> bool),
) -> Option<String> {
    let moves: Vec<_> = (burst.iter().enumerate())
        .filter(|&(i, _)| carried(i))
        .filter_map(|(_, c)| match &c.subject {
            Subject::MotionExpected {
                from,
                to,
                overdue,
                late,
                ..
            } => Some((c.at, *from, *to, *overdue, late)),
            _ => None,
        })
        .collect();
    let (&(at, from, ..), &(_, _, to, overdue, late)) = (moves.first()?, moves.last()?);
    // Its day had passed before the first move unless that move is the passing itself.
    let was_overdue = from.is_some_and(|day| has_passed(day, at - time::Duration::nanoseconds(1)));
    let late = late_names(board, late);
    ((from, was_overdue) != (to, overdue) || !late.is_empty()).then(|| {
        let line = awaited_line(&motion.offer_words(), (from, to), overdue, &late);
        format!("{line}.")
    })
}
