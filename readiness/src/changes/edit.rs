//! An edit of the inputs (catalog or configured names) as changes: every system, motion and claim
//! present before and after whose status, verdict or "lifted" moved, at the edit's instant, with
//! words naming what moved ("STRIPE_SECRET_KEY no longer set").

use super::words::system_change;
use super::{Cause, Change, State};
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
        self.rewords(out);
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
}
