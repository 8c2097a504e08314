//! Where a history's edits are: the instants its inputs came into force, where every edit of
//! the catalog is recorded. Reading an offer's past goes from edit to edit, never through the
//! whole history (issue 21: a buyer's "What changed" of one offer and each subscriber's mail
//! turn read every change there was).

use crate::changes::{at_instant, Change, Changes, MotionEdit, Subject, Timeline};
use time::OffsetDateTime;

/// A history's changes, and the instants at which its edits are, oldest first.
#[derive(Debug, Clone)]
pub struct Edits<'h> {
    changes: &'h Changes,
    instants: Vec<OffsetDateTime>,
}

impl<'h> Edits<'h> {
    /// The edits of `timeline`: each stretch of inputs starts at one.
    pub fn of(timeline: &'h Timeline) -> Self {
        let instants = timeline.stretches.iter().map(|s| s.from).collect();
        Self {
            changes: &timeline.changes,
            instants,
        }
    }

    /// The edits of changes not replayed from a record (tests), found by reading them all.
    pub fn scan(changes: &'h Changes) -> Self {
        let mut instants: Vec<OffsetDateTime> = (changes.iter())
            .filter(|c| matches!(c.subject, Subject::Motion { edit: Some(_), .. }))
            .map(|c| c.at)
            .collect();
        instants.dedup();
        Self { changes, instants }
    }

    /// Every change of the history, oldest first.
    pub fn changes(&self) -> &'h Changes {
        self.changes
    }

    /// Every change at each edit's instant, the newest edit first.
    pub fn newest_first(&self) -> impl Iterator<Item = Vec<&'h Change>> + '_ {
        let changes = self.changes;
        (self.instants.iter().rev()).map(move |at| at_instant(changes, *at).collect())
    }

    /// The words the offer `id`, no longer listed, was withdrawn in (its latest withdrawal);
    /// `None` when the history no longer holds its withdrawal.
    pub fn withdrawn_words(&self, id: &str) -> Option<&'h str> {
        self.newest_first().find_map(|group| {
            group.into_iter().find_map(|c| match &c.subject {
                Subject::Motion {
                    motion,
                    edit: Some(MotionEdit::Removed { offer, .. }),
                    ..
                } if motion.as_str() == id => Some(offer.as_str()),
                _ => None,
            })
        })
    }
}
