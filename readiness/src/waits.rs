//! What a motion waits on: the one rule the board's blockers ([`crate::engine`]) and the
//! replay's "when" of an offer (`changes::awaited`) both read (a review found them written twice).

use crate::catalog::Motion;
use crate::status::Status;
use rustc_hash::FxHashMap;

/// The systems (positions) `motion` waits on when each stands at `status_of`: each requirement
/// not met, then each `blocked` system when the motion takes none; each system once, in that
/// order, needing the most asked of it. The board's blockers and the replay's "when" of an
/// offer ([`crate::changes`]) both read it, so they cannot disagree on what it waits on.
pub(crate) fn waits_on(
    motion: &Motion,
    blocked: &[usize],
    position: impl Fn(&crate::ids::SystemId) -> Option<usize>,
    status_of: impl Fn(usize) -> Status,
) -> Vec<(usize, Status)> {
    let required = (motion.requires.iter())
        .filter_map(|r| Some((position(&r.system)?, r.at_least)))
        .filter(|&(at, at_least)| status_of(at) < at_least);
    let strict = blocked.iter().filter(|_| motion.no_blocked_systems);
    let mut waits: Vec<(usize, Status)> = Vec::new();
    let mut index: FxHashMap<usize, usize> = FxHashMap::default();
    for (at, needs) in required.chain(strict.map(|&at| (at, Status::ManualFallback))) {
        match index.get(&at) {
            Some(&i) => waits[i].1 = waits[i].1.max(needs),
            None => {
                index.insert(at, waits.len());
                waits.push((at, needs));
            }
        }
    }
    waits
}
