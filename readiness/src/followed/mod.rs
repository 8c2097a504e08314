//! What a buyer follows once the catalog has moved under them (issue 22): an offer withdrawn is
//! named in the words it had, and one whose words moved to another id (a rename, or two ids
//! swapped) is followed under that id. Found by attack: a renamed id left its followers
//! following nothing, and two swapped ids left them following the other offer.

mod edits;
mod lineage;
mod lost;
mod settle;
mod trail;

pub use edits::Edits;
pub use lineage::{lineage, Lineage};
pub use lost::Lost;
pub use settle::{renames, settled, settled_now};
pub use trail::trails;

use crate::changes::{Change, MotionEdit, Subject};
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

/// Where the offer a buyer chose under the id `from` went: each id its words moved to, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trail {
    pub from: String,
    pub hops: Vec<(OffsetDateTime, MotionId)>,
    /// The words followed, first those chosen, then each reword of them (none: unknown).
    pub words: Vec<String>,
    /// When its own id reworded it (each of `words` after the first).
    pub reworded: Vec<OffsetDateTime>,
    /// Where and when its words were lost (ids swapped while it got new words): no id carries
    /// it from then on, until its words are listed again (a hop after it).
    pub losses: Vec<Lost>,
}

impl Trail {
    /// The ids the offer stood under at `at`: two at the instant of a hop, the old and the new.
    pub fn ids_at(&self, at: OffsetDateTime) -> Vec<&str> {
        let mut ids = vec![self.from.as_str()];
        for (when, id) in &self.hops {
            if *when < at {
                ids.clear();
            }
            if *when <= at {
                ids.retain(|x| *x != id.as_str());
                ids.push(id.as_str());
            }
        }
        ids
    }

    /// Whether an offer in the words `words` is this one (in any words it was followed in).
    pub fn follows(&self, words: &str) -> bool {
        self.words.iter().any(|w| w == words)
    }

    /// Every id the offer stood under, the first first.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.from.as_str()).chain(self.hops.iter().map(|(_, id)| id.as_str()))
    }

    /// The last instant by `through` at which the offer moved (to another id, or into new
    /// words): its follower's choices stand there once that instant is passed, so words it no
    /// longer has match nothing (found by attack: old words matched another offer's news).
    pub fn moved_through(&self, through: OffsetDateTime) -> Option<OffsetDateTime> {
        let hops = self.hops.iter().map(|(at, _)| *at);
        let lost = self.losses.iter().map(|l| l.at);
        hops.chain(self.reworded.iter().copied())
            .chain(lost)
            .filter(|at| *at <= through)
            .max()
    }

    /// What its follower's choice reads once `through` is passed: the id its words reached,
    /// or the lost follow.
    pub fn settled(&self, through: OffsetDateTime) -> String {
        match (self.lost_through(through), self.rename_through(through)) {
            (Some(lost), _) => lost.to_string(),
            (_, Some(rename)) => rename.to.to_string(),
            _ => self.from.clone(),
        }
    }

    /// The loss it stands at by `through`: the last one by then, unless its words were listed
    /// again after it.
    pub fn lost_through(&self, through: OffsetDateTime) -> Option<&Lost> {
        let lost = self.losses.iter().rev().find(|l| l.at <= through)?;
        let found_again = self
            .hops
            .iter()
            .any(|(at, _)| lost.at < *at && *at <= through);
        (!found_again).then_some(lost)
    }

    /// The move to the last id its words reached by `through`, if not `from`.
    pub fn rename_through(&self, through: OffsetDateTime) -> Option<Rename> {
        let (at, to) = self.hops.iter().rev().find(|(at, _)| *at <= through)?;
        (to.as_str() != self.from).then(|| Rename {
            from: self.from.clone(),
            to: to.clone(),
            at: *at,
        })
    }
}

/// The words of a follow no longer listed: those its offer was lost in, or withdrawn in.
pub fn unlisted_words<'c>(edits: &Edits<'c>, follow: &str) -> Option<&'c str> {
    match Lost::parse(follow) {
        Some(lost) => lost.words(edits.changes()),
        None => edits.withdrawn_words(follow),
    }
}

/// The motion `change` took the words `words` from (it reworded or withdrew them), if it did:
/// at one instant, where an offer in those words came from.
fn gave_up<'c>(change: &'c Change, words: &str) -> Option<&'c MotionId> {
    match &change.subject {
        Subject::Motion {
            motion,
            edit:
                Some(
                    MotionEdit::Reworded { from: gave, .. }
                    | MotionEdit::Removed { offer: gave, .. },
                ),
            ..
        } if gave == words => Some(motion),
        _ => None,
    }
}
