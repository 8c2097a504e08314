//! What a buyer follows once the catalog has moved under them (issue 22): an offer withdrawn is
//! named in the words it had, and one whose id was renamed (withdrawn and listed again in the
//! same words at the same instant) is followed under its new id. Found by attack: a renamed id
//! left its followers following nothing, and their page and messages named it by the old id.

use crate::board::Board;
use crate::changes::{Change, Changes, MotionEdit, Subject};
use crate::ids::MotionId;
use time::OffsetDateTime;

/// A followed offer the catalog renamed: `from` is gone, `to` is listed in its words since `at`.
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

/// The motions listed by the edit whose changes include the one at `at` (an edit's changes
/// stand together in the history, all at its instant).
fn listed_with(changes: &Changes, at: usize) -> Vec<&MotionId> {
    let instant = changes[at].at;
    let same = |c: &&Change| c.at == instant;
    let before = changes
        .focus()
        .narrow(..at)
        .into_iter()
        .rev()
        .take_while(same);
    let after = changes.focus().narrow(at..).into_iter().take_while(same);
    before
        .chain(after)
        .filter_map(|c| match &c.subject {
            Subject::Motion {
                motion,
                edit: Some(MotionEdit::Added),
                ..
            } => Some(motion),
            _ => None,
        })
        .collect()
}

/// The words the offer `id`, no longer listed, was withdrawn in; `None` when the history no
/// longer holds its withdrawal.
pub fn withdrawn_words<'c>(changes: &'c Changes, id: &str) -> Option<&'c str> {
    withdrawal(changes, id).map(|(_, words)| words)
}

/// Each id of `follows` that is not on `board` and was renamed: withdrawn at the instant an
/// offer in the same words, listed on `board` now, was added.
pub fn renames(board: &Board, changes: &Changes, follows: &[String]) -> Vec<Rename> {
    let listed = |id: &str| board.motions.iter().any(|m| m.id.as_str() == id);
    follows
        .iter()
        .filter(|id| !listed(id))
        .filter_map(|id| {
            let (gone, words) = withdrawal(changes, id)?;
            let listed = listed_with(changes, gone);
            let to =
                (board.motions.iter()).find(|m| *m.offer == *words && listed.contains(&&m.id))?;
            Some(Rename {
                from: id.clone(),
                to: to.id.clone(),
                at: changes[gone].at,
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
