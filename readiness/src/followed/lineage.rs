//! The ids one offer stood under over the history, read backwards from its id now: through its
//! rewords, a rename (withdrawn and listed in the same words at once) and ids swapped or moved
//! in a cycle. The buyer's "What changed" of one offer reads its changes under each (found by
//! attack: after a swap, an offer's filter showed the other offer's past).

use super::Edits;
use crate::changes::{Change, MotionEdit, Subject};
use crate::ids::MotionId;
use time::OffsetDateTime;

/// Where an offer stood: each id it moved to with the instant it moved, newest first, and the
/// id it stood under before them all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lineage {
    moves: Vec<(OffsetDateTime, MotionId)>,
    first: MotionId,
    /// When the offer was first listed, if the history holds it: before, no id carried it.
    born: Option<OffsetDateTime>,
}

impl Lineage {
    /// The id the offer stood under at `at` (at an instant the offer moved, the new one); none
    /// before it was listed.
    pub fn id_at(&self, at: OffsetDateTime) -> Option<&MotionId> {
        if self.born.is_some_and(|born| at < born) {
            return None;
        }
        let found = self.moves.iter().find(|(from, _)| *from <= at);
        Some(found.map_or(&self.first, |(_, id)| id))
    }
}

/// The lineage of the offer under `id` now, in `words` (its words now, or those it was
/// withdrawn in), read from edit to edit.
pub fn lineage(edits: &Edits<'_>, id: &MotionId, words: Option<&str>) -> Lineage {
    let mut moves: Vec<(OffsetDateTime, MotionId)> = Vec::new();
    let mut born = None;
    let (mut id, mut words) = (id.clone(), words.map(str::to_owned));
    for group in edits.newest_first() {
        let group = group.as_slice();
        let Some(now) = words.clone() else {
            break;
        };
        let Some(edit) = group.iter().find_map(|c| edit_of(c, &id)) else {
            continue;
        };
        let given_up = (group.iter())
            .filter_map(|c| super::gave_up(c, &now))
            .find(|m| **m != id)
            .cloned();
        match (edit, given_up) {
            // Withdrawn, then listed again (passed already, reading backwards): the same offer
            // if in the same words, else another one carried the id before.
            (MotionEdit::Removed { offer, .. }, _) if born.is_some() => match *offer == now {
                true => born = None,
                false => words = None,
            },
            (MotionEdit::Removed { .. }, _) => {}
            (_, Some(before)) => {
                moves.push((group[0].at, id.clone()));
                id = before;
            }
            // Its id's words before went to another id at once (ids swapped while this offer got
            // new words): no id carried it before (found by attack: the offer's page showed
            // the other offer's past).
            (MotionEdit::Reworded { from, .. }, None) if taken(group, from, &id) => {
                (born, words) = (Some(group[0].at), None);
            }
            (MotionEdit::Reworded { from, .. }, None) => words = Some(from.clone()),
            (MotionEdit::Added, None) => born = Some(group[0].at),
        }
    }
    Lineage {
        moves,
        first: id,
        born,
    }
}

/// Whether another id than `id` took the words `words` in `group` (a reword to them).
fn taken(group: &[&Change], words: &str, id: &MotionId) -> bool {
    group.iter().any(|c| match &c.subject {
        Subject::Motion {
            motion,
            edit: Some(MotionEdit::Reworded { to, .. }),
            ..
        } => motion != id && to == words,
        _ => false,
    })
}

/// The edit `change` made to the motion `id`, if any.
fn edit_of<'c>(change: &'c Change, id: &MotionId) -> Option<&'c MotionEdit> {
    match &change.subject {
        Subject::Motion {
            motion,
            edit: Some(edit),
            ..
        } if motion == id => Some(edit),
        _ => None,
    }
}
