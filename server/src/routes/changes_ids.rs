//! Which motion or system a `/changes` filter names (in any case, or an id only an earlier
//! catalog of the record knows), and the ids one offer stood under for the buyer's filter of it.

use crate::board_cache::Snapshot;
use readiness::followed::Edits;

/// The id of the motion `id` names, in any case, as the board's own filter takes it (found by
/// attack): one of the snapshot's catalog, or of a catalog the record held before (a motion
/// renamed or removed since keeps its changes, its filter and its feed: found by attack, a 404).
pub fn motion_id(snapshot: &Snapshot, id: &str) -> Option<readiness::MotionId> {
    let known = catalogs(snapshot).flat_map(|c| c.motions().iter().map(|m| &m.id));
    named(known, id, readiness::MotionId::as_str)
}

/// The id of the system `id` names, in any case: of the catalog, or of one the record held.
pub(super) fn system_id(snapshot: &Snapshot, id: &str) -> Option<readiness::SystemId> {
    let known = catalogs(snapshot).flat_map(|c| c.systems().iter().map(|s| &s.id));
    named(known, id, readiness::SystemId::as_str)
}

/// The catalog in force, then those the record held before it, newest first: every id the
/// history can name is in one of them (read instead of the whole history, issue 21).
fn catalogs(snapshot: &Snapshot) -> impl Iterator<Item = &readiness::Catalog> {
    let held = snapshot.record.inputs().iter().rev();
    std::iter::once(&*snapshot.in_force.catalog).chain(held.map(|e| &*e.inputs.catalog))
}

/// The first of `known` that `id` names in any case.
fn named<'a, T: Clone + 'a>(
    mut known: impl Iterator<Item = &'a T>,
    id: &str,
    text: fn(&T) -> &str,
) -> Option<T> {
    let id = id.trim();
    known.find(|k| text(k).eq_ignore_ascii_case(id)).cloned()
}

/// The ids the offer under `id` stood under, from its words now (or those it was withdrawn in).
pub(super) fn offer_lineage(
    snapshot: &Snapshot,
    id: &readiness::MotionId,
) -> readiness::followed::Lineage {
    let edits = Edits::of(&snapshot.history);
    let words = match snapshot.in_force.catalog.motion(id) {
        Some(m) => Some(m.offer_or_name().to_string()),
        None => edits.withdrawn_words(id.as_str()).map(str::to_owned),
    };
    readiness::followed::lineage(&edits, id, words.as_deref())
}
