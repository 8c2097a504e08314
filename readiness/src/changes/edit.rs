//! An edit of the inputs (catalog or configured names) as changes: every system, motion and claim
//! present before and after whose status, verdict or "lifted" moved, at the edit's instant, with
//! words naming what moved ("STRIPE_SECRET_KEY no longer set").

use super::words::{claim_change, system_change, verdict_words};
use super::{Cause, Change, MotionEdit, State, Subject};
use crate::catalog::Catalog;
use crate::environment::Environment;
use crate::instant::display_instant;
use crate::status::Status;
use time::OffsetDateTime;

/// One side of an edit: the catalog, the environment and the state they give.
pub(super) type Side<'a> = (&'a Catalog, &'a Environment, &'a State);

pub(super) struct Edit<'a> {
    pub(super) at: OffsetDateTime,
    pub(super) old: Side<'a>,
    pub(super) new: Side<'a>,
    pub(super) catalog_changed: bool,
}

impl Edit<'_> {
    pub(super) fn changes(&self, out: &mut Vec<Change>) {
        let mut moved = self.systems(out);
        moved.extend(self.added_and_removed_systems(out));
        self.verdicts(&moved, out);
        self.added_and_removed_motions(out);
        self.claims(out);
    }

    /// A system the edit adds or removes (a rename is both) is a change: an absent system
    /// counts as blocked, as nothing can rest on it. Returns their ids.
    fn added_and_removed_systems(&self, out: &mut Vec<Change>) -> Vec<crate::SystemId> {
        let ((old, _, before), (new, _, after)) = (self.old, self.new);
        let when = display_instant(self.at);
        let mut moved = Vec::new();
        for (s, system) in new.systems().iter().enumerate() {
            if old.system_position(&system.id).is_none() {
                let to = after.statuses[s];
                let text = format!(
                    "{} was added to the catalog: {} at {when}",
                    system.name,
                    to.label()
                );
                let sides = (Status::Blocked, to, Cause::CatalogChanged);
                out.push(system_change(self.at, system.id.clone(), sides, text));
                moved.push(system.id.clone());
            }
        }
        for (s, system) in old.systems().iter().enumerate() {
            if new.system_position(&system.id).is_none() {
                let from = before.statuses[s];
                let text = format!(
                    "{} was removed from the catalog (it was {}) at {when}",
                    system.name,
                    from.label()
                );
                let sides = (from, Status::Blocked, Cause::CatalogChanged);
                out.push(system_change(self.at, system.id.clone(), sides, text));
                moved.push(system.id.clone());
            }
        }
        moved
    }

    /// A motion the edit adds or removes is a change of its verdict (a removed one can no
    /// longer move).
    fn added_and_removed_motions(&self, out: &mut Vec<Change>) {
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

    /// Systems whose status moved; returns their ids.
    fn systems(&self, out: &mut Vec<Change>) -> Vec<crate::SystemId> {
        let ((old, old_env, before), (new, new_env, after)) = (self.old, self.new);
        let mut moved = Vec::new();
        for (s, system) in new.systems().iter().enumerate() {
            let Some(was) = old.system_position(&system.id) else {
                continue;
            };
            let (from, to) = (before.statuses[was], after.statuses[s]);
            if from == to {
                continue;
            }
            let vars = system.groups.iter().flat_map(|g| g.vars.iter());
            let mut what: Vec<String> = Vec::new();
            for var in vars {
                match (old_env.satisfies(var), new_env.satisfies(var)) {
                    (true, false) => what.push(format!("{var} no longer set")),
                    (false, true) => what.push(format!("{var} now set")),
                    _ => {}
                }
            }
            let cause = if what.is_empty() && self.catalog_changed {
                what.push("the catalog changed".to_owned());
                Cause::CatalogChanged
            } else {
                Cause::ConfigurationChanged
            };
            if what.is_empty() {
                what.push("the configuration changed".to_owned());
            }
            let text = format!(
                "{} became {}: {} at {}",
                system.name,
                to.label(),
                what.join(", "),
                display_instant(self.at)
            );
            out.push(system_change(
                self.at,
                system.id.clone(),
                (from, to, cause),
                text,
            ));
            moved.push(system.id.clone());
        }
        moved
    }

    fn verdicts(&self, moved: &[crate::SystemId], out: &mut Vec<Change>) {
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

    fn claims(&self, out: &mut Vec<Change>) {
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
}
