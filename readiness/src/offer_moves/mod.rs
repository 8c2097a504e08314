//! How changes moved each offer as a buyer knows it, by its words (issue 22): listed or not and
//! available or not, before the changes and after them. A buyer reads words, not ids, so an id
//! renamed or two ids swapped leave every offer where it was, and a reword is one offer renamed.
//! Found by attack: two offers swapping ids were told as one "no longer available" and the
//! other "now available". Read by the buyer's lines ([`crate::buyer_line`]) and e-mails.

mod sides;

use crate::changes::Change;
use crate::ids::MotionId;
pub(crate) use sides::words_after_each;
use sides::{renamed_at_once, sides};

/// One offer over the changes: `None` when not listed, else whether it was available.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferMove<'c> {
    pub offer: String,
    pub before: Option<bool>,
    pub after: Option<bool>,
    /// The words it had before, when a reword of its id renamed it.
    pub was: Option<String>,
    /// Whether an offer in these very words was listed before (and available), whatever was
    /// renamed into them: what a buyer following these words, not `was`, had before.
    pub own_before: Option<bool>,
    /// The ids that carried it, oldest first (a buyer follows it under any of them).
    pub ids: Vec<&'c MotionId>,
    /// The position in the changes of the last one that moved it.
    pub last: usize,
}

impl OfferMove<'_> {
    /// Whether a buyer has news: it is listed, withdrawn, renamed or its availability moved.
    pub fn is_news(&self) -> bool {
        self.before != self.after || self.was.is_some()
    }
}

/// The moves of every offer `changes` touched, in the order they first touched them. Words of
/// an id that a change does not carry are read from `words_now` (the words in force after the
/// last change), undoing the rewords that come later.
pub fn offer_moves<'c>(
    changes: &[&'c Change],
    words_now: impl Fn(&MotionId) -> Option<String>,
) -> Vec<OfferMove<'c>> {
    moves_with(changes, &words_after_each(changes, words_now))
}

/// [`offer_moves`] with the words of each change's motion just after it already read
/// ([`words_after_each`]), for a reader that needs them too.
pub(crate) fn moves_with<'c>(
    changes: &[&'c Change],
    words: &[Option<String>],
) -> Vec<OfferMove<'c>> {
    let mut moves: Vec<OfferMove> = Vec::new();
    let mut start = 0;
    for group in changes.chunk_by(|a, b| a.at == b.at) {
        let range = start..start + group.len();
        start = range.end;
        let mut at_once: Vec<OfferMove> = Vec::new();
        for i in range.clone() {
            let group = range.clone();
            let (before, after) = sides(changes, group, i, words);
            if let Some((offer, was, id)) = before {
                let mv = entry(&mut at_once, offer, i);
                mv.before = Some(was);
                mv.own_before = Some(was);
                carried_by(mv, id);
            }
            if let Some((offer, now, id)) = after {
                let mv = entry(&mut at_once, offer, i);
                mv.after = Some(now);
                mv.last = i;
                carried_by(mv, id);
            }
        }
        renamed_at_once(&mut at_once, &changes[range]);
        for step in at_once {
            fold(&mut moves, step);
        }
    }
    moves
}

pub(super) fn carried_by<'c>(mv: &mut OfferMove<'c>, id: &'c MotionId) {
    if !mv.ids.contains(&id) {
        mv.ids.push(id);
    }
}

fn entry<'m, 'c>(
    moves: &'m mut Vec<OfferMove<'c>>,
    offer: String,
    i: usize,
) -> &'m mut OfferMove<'c> {
    let at = match moves.iter().position(|m| m.offer == offer) {
        Some(at) => at,
        None => {
            moves.push(OfferMove {
                offer,
                before: None,
                after: None,
                was: None,
                own_before: None,
                ids: Vec::new(),
                last: i,
            });
            moves.len() - 1
        }
    };
    &mut moves[at]
}

/// Adds one instant's move of an offer to the moves so far: its state before is the first
/// instant's, its state after the last's.
fn fold<'c>(moves: &mut Vec<OfferMove<'c>>, mut step: OfferMove<'c>) {
    // A rename of words an earlier instant gave continues that move: A→B then B→C is one
    // rename, A→C, and A→B→A none (found by attack: two "Renamed" lines for an undone reword).
    let renamed_from = step
        .was
        .as_ref()
        .and_then(|was| moves.iter().position(|m| &m.offer == was));
    if let Some(at) = renamed_from {
        let earlier = moves.remove(at);
        step.before = earlier.before;
        step.was = earlier.was.or(step.was).filter(|was| *was != step.offer);
        let later = std::mem::replace(&mut step.ids, earlier.ids);
        for id in later {
            carried_by(&mut step, id);
        }
    }
    match moves.iter_mut().find(|m| m.offer == step.offer) {
        Some(known) => {
            known.after = step.after;
            known.last = step.last;
            known.was = known.was.take().or(step.was);
            for id in step.ids {
                carried_by(known, id);
            }
        }
        None => moves.push(step),
    }
}
