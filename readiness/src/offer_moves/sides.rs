//! One change's sides as an offer's words (before it, after it) and one instant's renames: the
//! reading [`super::offer_moves`] folds into moves.

use super::{carried_by, OfferMove};
use crate::changes::{Change, MotionEdit, Subject};
use crate::ids::MotionId;
use std::collections::HashMap;

/// One side of a change: an offer's words, whether it was available, and the motion's id.
pub(super) type Side<'c> = (String, bool, &'c MotionId);

/// The words of each change's motion (its standing or its day) just after it (`None` for
/// other changes, or when the motion is not listed then).
pub(crate) fn words_after_each(
    changes: &[&Change],
    words_now: impl Fn(&MotionId) -> Option<String>,
) -> Vec<Option<String>> {
    let mut current: HashMap<&MotionId, Option<String>> = HashMap::new();
    let mut out = vec![None; changes.len()];
    for (i, change) in changes.iter().enumerate().rev() {
        let (motion, edit) = match &change.subject {
            Subject::Motion { motion, edit, .. } => (motion, Some(edit)),
            Subject::MotionExpected { motion, .. } => (motion, None),
            _ => continue,
        };
        let now = current.entry(motion).or_insert_with(|| words_now(motion));
        out[i] = now.clone();
        let Some(edit) = edit else {
            continue;
        };
        *now = match edit {
            Some(MotionEdit::Added) => None,
            Some(MotionEdit::Removed { offer, .. }) => Some(offer.clone()),
            Some(MotionEdit::Reworded { from, .. }) => Some(from.clone()),
            None => now.take(),
        };
    }
    out
}

/// What change `i` of the instant `group` says an offer was before it and is after it. A
/// verdict's change of a motion reworded at the same instant gives its after side only: its
/// words before are the reword's.
pub(super) fn sides<'c>(
    changes: &[&'c Change],
    group: std::ops::Range<usize>,
    i: usize,
    words: &[Option<String>],
) -> (Option<Side<'c>>, Option<Side<'c>>) {
    let Subject::Motion {
        motion,
        can_move,
        edit,
        ..
    } = &changes[i].subject
    else {
        return (None, None);
    };
    let here = || words[i].clone().map(|w| (w, *can_move, motion));
    match edit {
        Some(MotionEdit::Added) => (None, here()),
        Some(MotionEdit::Removed {
            offer,
            was_available,
        }) => (Some((offer.clone(), *was_available, motion)), None),
        Some(MotionEdit::Reworded {
            from,
            to,
            was_available,
        }) => (
            Some((from.clone(), *was_available, motion)),
            Some((to.clone(), *can_move, motion)),
        ),
        None if reworded(&changes[group], motion) => (None, here()),
        None => (here().map(|(w, now, id)| (w, !now, id)), here()),
    }
}

fn reworded(group: &[&Change], id: &MotionId) -> bool {
    group.iter().any(|c| {
        matches!(&c.subject, Subject::Motion { motion, edit: Some(MotionEdit::Reworded { .. }), .. } if motion == id)
    })
}

/// At one instant, words withdrawn from an id that a reword listed in new words are one offer
/// renamed: the new words' move keeps the old ones in `was`.
pub(super) fn renamed_at_once(at_once: &mut Vec<OfferMove>, changes: &[&Change]) {
    for change in changes {
        let Subject::Motion {
            edit: Some(MotionEdit::Reworded { from, to, .. }),
            ..
        } = &change.subject
        else {
            continue;
        };
        let gone = at_once
            .iter()
            .position(|m| &m.offer == from && m.after.is_none());
        let new = at_once
            .iter()
            .position(|m| &m.offer == to && m.before.is_none());
        if let (Some(gone), Some(new)) = (gone, new) {
            let old = at_once.remove(gone);
            let new = if gone < new { new - 1 } else { new };
            let mv = &mut at_once[new];
            mv.before = old.before;
            mv.was = Some(old.offer);
            let newer = std::mem::replace(&mut mv.ids, old.ids);
            for id in newer {
                carried_by(mv, id);
            }
        }
    }
}
