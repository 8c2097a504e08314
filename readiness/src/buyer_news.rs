//! What a burst of changes means to a buyer (issue 22, e-mail updates), in the buyer's words:
//! each offer whose availability ended different from before the burst ("Self-serve plans paid
//! by card is now available."), and each offer whose expected day was given, moved, removed or
//! passed. A burst that ends where it began (a proof failed and passed again) means nothing to
//! a buyer, and so does a change of a system's status or a variable: those are the operator's.

use crate::board::{Board, MotionView};
use crate::changes::{Change, Subject};
use crate::expected::display_day;
use crate::ids::MotionId;

/// The news of `burst` for a buyer following `follows` (empty: every offer), one sentence each,
/// in the board's order of offers; empty when nothing a buyer follows ended different.
pub fn burst_news(board: &Board, follows: &[MotionId], burst: &[&Change]) -> Vec<String> {
    let followed = |m: &MotionView| follows.is_empty() || follows.contains(&m.id);
    let mut news = Vec::new();
    for motion in board.motions.iter().filter(|m| followed(m)) {
        let offer = motion.offer_title();
        if let Some(now_available) = availability_moved(&motion.id, burst) {
            news.push(match now_available {
                true => format!("{offer} is now available."),
                false => format!("{offer} is no longer available."),
            });
        } else if !motion.can_move && dates_moved(motion, burst) {
            news.push(
                match motion
                    .expected
                    .as_ref()
                    .and_then(|e| e.by.map(|by| (by, e.overdue)))
                {
                    Some((by, false)) => format!("{offer} is now expected by {}.", display_day(by)),
                    Some((by, true)) => {
                        format!("{offer} was expected by {} and is late.", display_day(by))
                    }
                    None => format!("{offer} has no expected date any more."),
                },
            );
        }
    }
    news
}

/// One recorded change as a buyer reads it in "What changed" (issue 22, found by attack: the
/// list and the live note spoke of motions "gated" beside cards that name offers). An offer's
/// availability is said in the offer's words; a claim lifted or back in force is the team's, and
/// left out (`None`); anything else (a system's status, an expected day) keeps the record's
/// words, which the page explains. A motion the board no longer has keeps the record's words.
pub fn change_line(board: &Board, change: &Change) -> Option<String> {
    match &change.subject {
        Subject::Claim { .. } => None,
        Subject::Motion {
            motion, can_move, ..
        } => Some(match board.motions.iter().find(|m| &m.id == motion) {
            Some(m) => {
                let offer = m.offer_title();
                let now = if *can_move {
                    "is available now"
                } else {
                    "is not available now"
                };
                format!("{offer} {now}")
            }
            None => change.text.clone(),
        }),
        _ => Some(change.text.clone()),
    }
}

/// Whether `motion` can move at the end of `burst`, when that differs from before it.
fn availability_moved(motion: &MotionId, burst: &[&Change]) -> Option<bool> {
    let mut verdicts = burst.iter().filter_map(|c| match &c.subject {
        Subject::Motion {
            motion: m,
            can_move,
            ..
        } if m == motion => Some(*can_move),
        _ => None,
    });
    let first = verdicts.next()?;
    let last = verdicts.next_back().unwrap_or(first);
    // A motion's change flips its verdict: before the burst it was the opposite of the first,
    // so it ended different exactly when the last verdict is the first one.
    (last == first).then_some(last)
}

/// Whether the burst gave, moved, removed or passed the expected day of a system `motion`
/// rests on.
fn dates_moved(motion: &MotionView, burst: &[&Change]) -> bool {
    burst.iter().any(|c| match &c.subject {
        Subject::Expected { system, .. } => motion.depends_on.contains(system),
        _ => false,
    })
}
