//! Which motion or system a `/changes` filter names (in any case, or an id only the history
//! knows), and the ids one offer stood under for the buyer's filter of it.

use crate::board_cache::Snapshot;
use readiness::changes::{Change, Subject};

/// The id of the motion `id` names, in any case, as the board's own filter takes it (found by
/// attack): one of the snapshot's catalog, or one its history knows (a motion renamed or
/// removed since keeps its changes, its filter and its feed: found by attack, a 404).
pub fn motion_id(snapshot: &Snapshot, id: &str) -> Option<readiness::MotionId> {
    let listed = snapshot.in_force.catalog.motions().iter().map(|m| &m.id);
    fn recorded(c: &Change) -> Option<&readiness::MotionId> {
        match &c.subject {
            Subject::Motion { motion, .. } | Subject::Claim { motion, .. } => Some(motion),
            _ => None,
        }
    }
    named(snapshot, listed, recorded, id, readiness::MotionId::as_str)
}

/// The id of the system `id` names, in any case: of the catalog, or one the history knows.
pub(super) fn system_id(snapshot: &Snapshot, id: &str) -> Option<readiness::SystemId> {
    let listed = snapshot.in_force.catalog.systems().iter().map(|s| &s.id);
    fn recorded(c: &Change) -> Option<&readiness::SystemId> {
        match &c.subject {
            Subject::System { system, .. } | Subject::Expected { system, .. } => Some(system),
            _ => None,
        }
    }
    named(snapshot, listed, recorded, id, readiness::SystemId::as_str)
}

/// The first of `listed`, then of the ids the snapshot's changes name (newest first, read only
/// when the catalog has none), that `id` names in any case.
fn named<'a, T: Clone + 'a>(
    snapshot: &'a Snapshot,
    listed: impl Iterator<Item = &'a T>,
    recorded: impl Fn(&'a Change) -> Option<&'a T>,
    id: &str,
    text: fn(&T) -> &str,
) -> Option<T> {
    let id = id.trim();
    let history = snapshot.history.changes.iter().rev().filter_map(recorded);
    listed
        .chain(history)
        .find(|known| text(known).eq_ignore_ascii_case(id))
        .cloned()
}

/// The ids the offer under `id` stood under, from its words now (or those it was withdrawn in).
pub(super) fn offer_lineage(
    snapshot: &Snapshot,
    id: &readiness::MotionId,
) -> readiness::followed::Lineage {
    let changes = &snapshot.history.changes;
    let words = match snapshot.in_force.catalog.motion(id) {
        Some(m) => Some(m.offer_or_name().to_string()),
        None => readiness::followed::withdrawn_words(changes, id.as_str()).map(str::to_owned),
    };
    readiness::followed::lineage(changes, id, words.as_deref())
}
