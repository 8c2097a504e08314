//! What a buyer follows once the catalog has moved under them (issue 22): an offer withdrawn is
//! named in the words it had, and one whose words moved to another id (a rename, or two ids
//! swapped) is followed under that id. Found by attack: a renamed id left its followers
//! following nothing, and two swapped ids left them following the other offer.

use crate::board::Board;
use crate::changes::{Change, Changes, MotionEdit, Subject};
use crate::ids::MotionId;
use time::OffsetDateTime;

/// A followed offer whose words the catalog moved to another id: `from` no longer carries
/// them, `to` does, since `at`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rename {
    pub from: String,
    pub to: MotionId,
    pub at: OffsetDateTime,
}

/// The latest withdrawal of the offer with id `id` that the history holds: its position in
/// `changes`, and the words it was withdrawn in.
fn withdrawal<'c>(changes: &'c Changes, id: &str) -> Option<(usize, &'c str)> {
    let mut newest_first = changes.iter().rev().enumerate();
    newest_first.find_map(|(back, c)| match &c.subject {
        Subject::Motion {
            motion,
            edit: Some(MotionEdit::Removed { offer, .. }),
            ..
        } if motion.as_str() == id => Some((changes.len() - 1 - back, offer.as_str())),
        _ => None,
    })
}

/// The changes after `since_ms` (Unix milliseconds) at which the words of `id` left it,
/// withdrawn or reworded, newest first: each one's position in `changes`, and those words.
fn departures<'c>(
    changes: &'c Changes,
    id: &'c str,
    since_ms: i64,
) -> impl Iterator<Item = (usize, &'c str)> + 'c {
    let after = move |c: &&Change| c.at.unix_timestamp_nanos() / 1_000_000 > i128::from(since_ms);
    let newest_first = changes.iter().rev().take_while(after).enumerate();
    newest_first.filter_map(move |(back, c)| match &c.subject {
        Subject::Motion {
            motion,
            edit:
                Some(
                    MotionEdit::Removed { offer: words, .. }
                    | MotionEdit::Reworded { from: words, .. },
                ),
            ..
        } if motion.as_str() == id => Some((changes.len() - 1 - back, words.as_str())),
        _ => None,
    })
}

/// The motion the edit whose changes include the one at `at` gave `words`: listed in them, or
/// reworded to them (an edit's changes stand together in the history, all at its instant).
fn arrival<'c>(
    board: &Board,
    changes: &'c Changes,
    at: usize,
    words: &str,
) -> Option<&'c MotionId> {
    let instant = changes[at].at;
    let same = |c: &&Change| c.at == instant;
    let before = changes
        .focus()
        .narrow(..at)
        .into_iter()
        .rev()
        .take_while(same);
    let after = changes.focus().narrow(at..).into_iter().take_while(same);
    let words_now = |id: &MotionId| {
        board
            .motions
            .iter()
            .find(|m| &m.id == id)
            .map(|m| m.offer_words())
    };
    before.chain(after).find_map(|c| match &c.subject {
        Subject::Motion {
            motion,
            edit: Some(MotionEdit::Added),
            ..
        } if words_now(motion).as_deref() == Some(words) => Some(motion),
        Subject::Motion {
            motion,
            edit: Some(MotionEdit::Reworded { to, .. }),
            ..
        } if to == words && words_now(motion).is_some() => Some(motion),
        _ => None,
    })
}

/// The words the offer `id`, no longer listed, was withdrawn in; `None` when the history no
/// longer holds its withdrawal.
pub fn withdrawn_words<'c>(changes: &'c Changes, id: &str) -> Option<&'c str> {
    withdrawal(changes, id).map(|(_, words)| words)
}

/// Each id of `follows` whose words an edit after `since_ms` (when `follows` was last set, in
/// Unix milliseconds) moved to another id on `board`: withdrawn and listed under another id at
/// once (a rename), or reworded as another id took its words (a swap). Only edits after
/// `since_ms` count, so a swap moves a follower once, and a buyer who chose an id after it
/// keeps it.
pub fn renames(board: &Board, changes: &Changes, follows: &[String], since_ms: i64) -> Vec<Rename> {
    follows
        .iter()
        .filter_map(|id| {
            departures(changes, id, since_ms).find_map(|(gone, words)| {
                let to = arrival(board, changes, gone, words)?;
                (to.as_str() != id).then(|| Rename {
                    from: id.clone(),
                    to: to.clone(),
                    at: changes[gone].at,
                })
            })
        })
        .collect()
}

/// `follows` with each renamed id replaced by its new one, once, in the same order.
pub fn after_renames(follows: &[String], renames: &[Rename]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(follows.len());
    for id in follows {
        let now = renames
            .iter()
            .find(|r| &r.from == id)
            .map_or_else(|| id.clone(), |r| r.to.to_string());
        if !out.contains(&now) {
            out.push(now);
        }
    }
    out
}
