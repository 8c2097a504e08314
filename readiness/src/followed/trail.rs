//! Where a followed offer went through the edits after its follower's choice: its words are
//! followed edit by edit, from id to id (a rename, ids swapped or moved in a cycle), and through
//! a reword of its own id.

use super::{Edits, Lost, Trail};
use crate::board::Board;
use crate::changes::{Change, MotionEdit, Subject};
use crate::ids::MotionId;

/// Where each offer of `follows` (ids chosen at `since_ms`, Unix milliseconds) went through the
/// edits after it: its words are followed edit by edit, from id to id (a rename, two or more
/// ids swapped), and through a reword of its own id. Found by attack: a swap undone within a
/// burst, read as its last edit alone, moved followers to the other offer.
pub fn trails(board: &Board, edits: &Edits<'_>, follows: &[String], since_ms: i64) -> Vec<Trail> {
    let changes = edits.changes();
    let after = |c: &&Change| c.at.unix_timestamp_nanos() / 1_000_000 > i128::from(since_ms);
    let mut tail: Vec<&Change> = changes.iter().rev().take_while(after).collect();
    tail.reverse();
    let words_now = |id: &MotionId| board.motion(id).map(|m| m.offer_words());
    let words = crate::offer_moves::words_after_each(&tail, words_now);
    follows
        .iter()
        .map(|from| {
            let listed = board.motions.iter().find(|m| m.id.as_str() == from);
            // Withdrawn before `since_ms` (found by attack: a follower moved meanwhile never
            // saw the words listed again): followed from its withdrawal on.
            let (before, gone) = match words_before(&tail, &words, from) {
                Some(words) => (Some(words), false),
                None => match listed {
                    Some(m) => (Some(m.offer_words()), false),
                    None => (super::unlisted_words(edits, from).map(str::to_owned), true),
                },
            };
            let mut trail = Trail {
                from: from.clone(),
                hops: Vec::new(),
                words: before.into_iter().collect(),
                reworded: Vec::new(),
                losses: Vec::new(),
            };
            follow(&tail, &words, &mut trail, gone);
            trail
        })
        .collect()
}

/// Follows `trail`'s words through `tail`: to each id they move to, through the rewords of its
/// own id, and past a withdrawal to where they are listed again. A reword to words another id
/// gave up at once (ids swapped with new words) loses them, better nothing than another's,
/// until they are listed again.
fn follow(tail: &[&Change], words: &[Option<String>], trail: &mut Trail, mut gone: bool) {
    let Some(mut followed) = trail.words.first().cloned() else {
        return;
    };
    let mut id = trail.from.clone();
    let mut start = 0;
    for group in tail.chunk_by(|a, b| a.at == b.at) {
        let range = start..start + group.len();
        start = range.end;
        let left = match gone {
            true => Some(None),
            false => range
                .clone()
                .find_map(|i| left_from(tail[i], &id, &followed)),
        };
        let Some(left) = left else {
            continue;
        };
        // Gone, its words may come back under any id, its own too (found by attack: a swap
        // with new words undone later left the follow lost for good).
        let arrived = range.clone().find_map(|i| match &tail[i].subject {
            Subject::Motion {
                motion,
                edit: Some(MotionEdit::Reworded { to, .. }),
                ..
            } if (gone || motion.as_str() != id) && *to == followed => Some(motion),
            Subject::Motion {
                motion,
                edit: Some(MotionEdit::Added),
                ..
            } if words[i].as_deref() == Some(followed.as_str()) => Some(motion),
            _ => None,
        });
        match (arrived, left) {
            (Some(to), _) => {
                id = to.to_string();
                trail.hops.push((group[0].at, to.clone()));
                gone = false;
            }
            (None, Some(new)) if given_up(group, &id, &new) => {
                let at = group[0].at;
                trail.losses.push(Lost { id: id.clone(), at });
                gone = true;
            }
            (None, Some(new)) => {
                followed = new.clone();
                trail.words.push(new);
                trail.reworded.push(group[0].at);
            }
            (None, None) => gone = true,
        }
    }
}

/// Whether another id than `id` gave up the words `new` in `group`.
fn given_up(group: &[&Change], id: &str, new: &str) -> bool {
    let by = |c: &&Change| super::gave_up(c, new).is_some_and(|m| m.as_str() != id);
    group.iter().any(by)
}

/// Whether `change` takes the words `followed` from `id`: `Some(None)` when it withdraws it,
/// `Some(Some(new words))` when it rewords it.
fn left_from(change: &Change, id: &str, followed: &str) -> Option<Option<String>> {
    match &change.subject {
        Subject::Motion {
            motion,
            edit: Some(MotionEdit::Removed { offer, .. }),
            ..
        } if motion.as_str() == id && offer == followed => Some(None),
        Subject::Motion {
            motion,
            edit: Some(MotionEdit::Reworded { from, to, .. }),
            ..
        } if motion.as_str() == id && from == followed => Some(Some(to.clone())),
        _ => None,
    }
}

/// The words `id` had before `tail`: those its first change there gives, or none when it has
/// no change there (nothing moved it) or was listed there first.
fn words_before(tail: &[&Change], words: &[Option<String>], id: &str) -> Option<String> {
    tail.iter()
        .enumerate()
        .find_map(|(i, c)| match &c.subject {
            Subject::Motion { motion, edit, .. } if motion.as_str() == id => Some(match edit {
                Some(MotionEdit::Reworded { from, .. }) => Some(from.clone()),
                Some(MotionEdit::Removed { offer, .. }) => Some(offer.clone()),
                Some(MotionEdit::Added) => None,
                None => words[i].clone(),
            }),
            _ => None,
        })?
}
