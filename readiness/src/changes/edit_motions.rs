//! The motions' side of an edit of the inputs: each motion reworded (its id kept, its offer in
//! new words), added or removed, each verdict and each claim's "lifted" that moved.

use super::edit::Edit;
use super::words::{claim_change, verdict_words};
use super::{Change, MotionEdit, Subject};
use crate::instant::display_instant;

impl Edit<'_> {
    /// A motion whose offer's words the edit changed, its id kept: before its verdict's change,
    /// so a reader of the edit's changes in order knows its words before and after.
    pub(super) fn rewords(&self, out: &mut Vec<Change>) {
        let ((old, _, before), (new, _, after)) = (self.old, self.new);
        for (m, motion) in new.motions().iter().enumerate() {
            let Some(was) = old.motions().iter().position(|x| x.id == motion.id) else {
                continue;
            };
            let (from, to) = (old.motions()[was].offer_or_name(), motion.offer_or_name());
            if from == to {
                continue;
            }
            let text = format!(
                "{}'s offer now reads \u{201c}{to}\u{201d} (it read \u{201c}{from}\u{201d}) at {}",
                motion.name,
                display_instant(self.at)
            );
            let subject = Subject::Motion {
                motion: motion.id.clone(),
                can_move: after.can_move[m],
                because: Vec::new(),
                edit: Some(MotionEdit::Reworded {
                    from: from.to_string(),
                    to: to.to_string(),
                    was_available: before.can_move[was],
                }),
            };
            out.push(Change::new(self.at, subject, text));
        }
    }

    pub(super) fn verdicts(&self, moved: &[crate::SystemId], out: &mut Vec<Change>) {
        let ((old, _, before), (new, _, after)) = (self.old, self.new);
        for (m, motion) in new.motions().iter().enumerate() {
            let Some(was) = old.motions().iter().position(|x| x.id == motion.id) else {
                continue;
            };
            let can_move = after.can_move[m];
            if before.can_move[was] == can_move {
                continue;
            }
            let because = motion
                .requires
                .iter()
                .filter(|r| moved.contains(&r.system))
                .map(|r| r.system.clone())
                .collect();
            let text = verdict_words(new, motion, &after.statuses, can_move);
            let subject = Subject::Motion {
                motion: motion.id.clone(),
                can_move,
                because,
                edit: None,
            };
            out.push(Change::new(self.at, subject, text));
        }
    }

    pub(super) fn claims(&self, out: &mut Vec<Change>) {
        let ((old, _, before), (new, _, after)) = (self.old, self.new);
        for (m, motion) in new.motions().iter().enumerate() {
            let Some(was) = old.motions().iter().position(|x| x.id == motion.id) else {
                continue;
            };
            let old_claims = &old.motions()[was].claims;
            for (c, claim) in motion.claims.iter().enumerate() {
                let Some(oc) = old_claims.iter().position(|x| x.text == claim.text) else {
                    continue;
                };
                let lifted = after.lifted[m][c];
                if before.lifted[was][oc] != lifted {
                    out.push(claim_change(self.at, motion, &claim.text, lifted));
                }
            }
        }
    }

    /// A motion the edit adds or removes is a change of its verdict (a removed one can no
    /// longer move).
    pub(super) fn added_and_removed_motions(&self, out: &mut Vec<Change>) {
        let ((old, _, before), (new, _, after)) = (self.old, self.new);
        for (m, motion) in new.motions().iter().enumerate() {
            if !old.motions().iter().any(|x| x.id == motion.id) {
                let can_move = after.can_move[m];
                let verdict = verdict_words(new, motion, &after.statuses, can_move);
                let text = format!("{} was added to the catalog: {verdict}", motion.name);
                let subject = Subject::Motion {
                    motion: motion.id.clone(),
                    can_move,
                    because: Vec::new(),
                    edit: Some(MotionEdit::Added),
                };
                out.push(Change::new(self.at, subject, text));
            }
        }
        for (m, motion) in old.motions().iter().enumerate() {
            if !new.motions().iter().any(|x| x.id == motion.id) {
                let text = format!(
                    "{} was removed from the catalog: it can no longer move",
                    motion.name
                );
                let offer = motion.offer_or_name().to_string();
                let subject = Subject::Motion {
                    motion: motion.id.clone(),
                    can_move: false,
                    because: Vec::new(),
                    edit: Some(MotionEdit::Removed {
                        offer,
                        was_available: before.can_move[m],
                    }),
                };
                out.push(Change::new(self.at, subject, text));
            }
        }
    }
}
