//! The ids one offer stood under over the history, read backwards from its id now: through its
//! rewords, a rename (withdrawn and listed in the same words at once) and ids swapped or moved
//! in a cycle. The buyer's "What changed" of one offer reads its changes under each (found by
//! attack: after a swap, an offer's filter showed the other offer's past).

use crate::changes::{Change, Changes, MotionEdit, Subject};
use crate::ids::MotionId;
use time::OffsetDateTime;

/// Where an offer stood: each id it moved to with the instant it moved, newest first, and the
/// id it stood under before them all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lineage {
    moves: Vec<(OffsetDateTime, MotionId)>,
    first: MotionId,
}

impl Lineage {
    /// The id the offer stood under at `at` (at an instant the offer moved, the new one).
    pub fn id_at(&self, at: OffsetDateTime) -> &MotionId {
        let found = self.moves.iter().find(|(from, _)| *from <= at);
        found.map_or(&self.first, |(_, id)| id)
    }
}

/// The lineage of the offer under `id` now, in `words` (its words now, or those it was
/// withdrawn in).
pub fn lineage(changes: &Changes, id: &MotionId, words: Option<&str>) -> Lineage {
    let mut moves: Vec<(OffsetDateTime, MotionId)> = Vec::new();
    let (mut id, mut words) = (id.clone(), words.map(str::to_owned));
    let newest: Vec<&Change> = changes.iter().rev().collect();
    for group in newest.chunk_by(|a, b| a.at == b.at) {
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
            (MotionEdit::Removed { .. }, _) => {}
            (_, Some(before)) => {
                moves.push((group[0].at, id.clone()));
                id = before;
            }
            (MotionEdit::Reworded { from, .. }, None) => words = Some(from.clone()),
            (MotionEdit::Added, None) => words = None,
        }
    }
    Lineage { moves, first: id }
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
