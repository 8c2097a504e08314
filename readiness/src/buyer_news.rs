//! What changes mean to a buyer (issue 22), in the buyer's words: the news of a burst for an
//! e-mail (each offer now available or no longer, newly listed or withdrawn, and each offer whose
//! expected day was given, moved, removed or passed) and each line of the buyer's "What
//! changed". Offers are named first and the state after ("Now available: a paid beta billed by
//! invoice."), so no verb has to agree with an offer written in the plural (found by attack:
//! "Self-serve plans paid by card is available now"). A burst that ends where it began (a proof
//! failed and passed again) means nothing to a buyer; claims and the variables behind a status
//! are the team's.

use crate::board::{Board, MotionView};
use crate::changes::{Cause, Change, MotionEdit, Subject};
use crate::expected::display_day;
use crate::ids::MotionId;

/// The news of `burst` for a buyer following `follows` (empty: every offer), one sentence each,
/// in the board's order of offers, then the offers withdrawn; empty when nothing a buyer follows
/// ended different.
pub fn burst_news(board: &Board, follows: &[MotionId], burst: &[&Change]) -> Vec<String> {
    let followed = |id: &MotionId| follows.is_empty() || follows.contains(id);
    let mut news = Vec::new();
    for motion in board.motions.iter().filter(|m| followed(&m.id)) {
        let offer = motion.offer_words();
        if listed_in(&motion.id, burst) {
            news.push(match motion.can_move {
                true => format!("Newly listed and available now: {offer}."),
                false => format!("Newly listed, not available yet: {offer}{}.", when(motion)),
            });
        } else if let Some(now_available) = availability_moved(&motion.id, burst) {
            news.push(match now_available {
                true => format!("Now available: {offer}."),
                false => format!("No longer available: {offer}."),
            });
        } else if !motion.can_move && dates_moved(motion, burst) {
            news.push(
                match motion
                    .expected
                    .as_ref()
                    .and_then(|e| e.by.map(|by| (by, e.overdue)))
                {
                    Some((by, false)) => format!("Now expected by {}: {offer}.", display_day(by)),
                    Some((by, true)) => format!("Late, expected by {}: {offer}.", display_day(by)),
                    None => format!("No expected date any more: {offer}."),
                },
            );
        }
    }
    for (id, offer) in withdrawn(board, burst) {
        if followed(id) {
            news.push(format!("No longer offered: {offer}."));
        }
    }
    news
}

/// ", expected by 15 January 2027" when the offer has an expected day, else nothing.
fn when(motion: &MotionView) -> String {
    match motion.expected.as_ref().and_then(|e| e.by) {
        Some(by) => format!(", expected by {}", display_day(by)),
        None => String::new(),
    }
}

/// One recorded change as a buyer reads it in "What changed" and the live note (found by
/// attack: the list spoke of motions "gated", of variables "no longer set", of a motion
/// "removed from the catalog: it can no longer move"). `None` for what is the team's: a
/// claim, a motion or system the board no longer has (its withdrawal says what a buyer needs).
pub fn change_line(board: &Board, change: &Change) -> Option<String> {
    match &change.subject {
        Subject::Claim { .. } => None,
        Subject::Motion {
            edit: Some(MotionEdit::Removed { offer }),
            ..
        } => Some(format!("No longer offered: {offer}")),
        Subject::Motion {
            motion,
            can_move,
            edit,
            ..
        } => {
            let offer = board
                .motions
                .iter()
                .find(|m| &m.id == motion)?
                .offer_words();
            Some(match (edit.is_some(), can_move) {
                (true, true) => format!("Newly listed and available: {offer}"),
                (true, false) => format!("Newly listed, not available yet: {offer}"),
                (false, true) => format!("Became available: {offer}"),
                (false, false) => format!("Stopped being available: {offer}"),
            })
        }
        // A proof's outcome is the buyer's to read; the variables or catalog lines behind an
        // edit are the team's: the line says the new status only.
        Subject::System {
            system, to, cause, ..
        } => match cause {
            Cause::ProofPassed | Cause::ProofFailed | Cause::ProofExpired => {
                Some(change.text.clone())
            }
            Cause::CatalogChanged | Cause::ConfigurationChanged => {
                let name = &board.system(system)?.name;
                Some(format!("{name} became {}", to.label()))
            }
        },
        Subject::Expected { .. } => Some(change.text.clone()),
    }
}

/// Whether a catalog edit in `burst` listed `motion` (it did not exist before the burst).
fn listed_in(motion: &MotionId, burst: &[&Change]) -> bool {
    let first = burst.iter().find_map(|c| match &c.subject {
        Subject::Motion {
            motion: m, edit, ..
        } if m == motion => Some(edit),
        _ => None,
    });
    matches!(first, Some(Some(MotionEdit::Added)))
}

/// The offers `burst` withdrew that the board no longer has, each once.
fn withdrawn<'a>(board: &Board, burst: &[&'a Change]) -> Vec<(&'a MotionId, &'a str)> {
    let mut out: Vec<(&MotionId, &str)> = Vec::new();
    for change in burst {
        if let Subject::Motion {
            motion,
            edit: Some(MotionEdit::Removed { offer }),
            ..
        } = &change.subject
        {
            let gone = !board.motions.iter().any(|m| &m.id == motion);
            if gone && !out.iter().any(|(id, _)| *id == motion) {
                out.push((motion, offer));
            }
        }
    }
    out
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
