//! When a gated motion is expected to move, as the replay follows it (issue 22): the latest day
//! among the systems it waits on, and whether that day has passed. A proof, an expiry, a day
//! passing or an edit that moves it is a change of its own (found by attack: a proof changed
//! what an offer waits on, its day moved, and nobody was told).

use super::step::Replay;
use super::{Change, Subject};
use crate::catalog::Catalog;
use crate::expected::{display_day, has_passed};
use crate::ids::SystemId;
use crate::status::Status;
use time::{Date, OffsetDateTime};

/// A gated motion's expected day (`None`: a system it waits on has none), and whether it passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Awaited {
    pub by: Option<Date>,
    pub overdue: bool,
}

/// Motion `m` of `catalog` with systems at `statuses` (`blocked`: the positions of those
/// blocked): when it is expected to move at `at`, or `None` when it can move. Computed as the
/// board computes it ([`crate::expected::motion_expected`]) from the same blockers.
pub(super) fn awaited(
    catalog: &Catalog,
    m: usize,
    statuses: &[Status],
    blocked: &[usize],
    at: OffsetDateTime,
) -> Option<Awaited> {
    let motion = &catalog.motions()[m];
    let required = (motion.requires.iter())
        .filter_map(|r| Some((catalog.system_position(&r.system)?, r.at_least)))
        .filter(|&(s, at_least)| statuses[s] < at_least)
        .map(|(s, _)| s);
    let also_blocked = blocked
        .iter()
        .copied()
        .filter(|_| motion.no_blocked_systems);
    let mut waits = required.chain(also_blocked).peekable();
    waits.peek()?;
    let days: Option<Vec<Date>> = waits
        .map(|s| catalog.systems()[s].expected.as_ref().map(|e| e.on))
        .collect();
    let by = days.and_then(|days| days.into_iter().max());
    let overdue = by.is_some_and(|by| has_passed(by, at));
    Some(Awaited { by, overdue })
}

/// The change of motion `m` of `catalog` whose expected day went from `was` to `is` at `at`,
/// when it could not move before nor after and the day or its passing moved.
pub(super) fn day_change(
    at: OffsetDateTime,
    catalog: &Catalog,
    m: usize,
    (was, is): (Option<Awaited>, Option<Awaited>),
    because: Vec<SystemId>,
) -> Option<Change> {
    let (was, is) = (was?, is?);
    if was == is {
        return None;
    }
    let motion = &catalog.motions()[m];
    let name = &motion.name;
    let text = match (was.by, is.by) {
        (_, Some(to)) if is.overdue => format!(
            "{name} was expected to move by {} and still cannot: overdue",
            display_day(to)
        ),
        (Some(from), Some(to)) => format!(
            "{name} is now expected to move by {} instead of {}",
            display_day(to),
            display_day(from)
        ),
        (None, Some(to)) => format!("{name} is now expected to move by {}", display_day(to)),
        (Some(from), None) => format!(
            "{name} has no expected date any more (it was expected by {})",
            display_day(from)
        ),
        (None, None) => return None,
    };
    let subject = Subject::MotionExpected {
        motion: motion.id.clone(),
        from: was.by,
        to: is.by,
        overdue: is.overdue,
        because,
    };
    Some(Change::new(at, subject, text))
}

/// The positions of the systems `statuses` has blocked.
pub(super) fn blocked(statuses: &[Status]) -> Vec<usize> {
    (statuses.iter().enumerate())
        .filter(|(_, s)| **s == Status::Blocked)
        .map(|(at, _)| at)
        .collect()
}

/// The changes of an edit at `at` to the expected days of motions listed (by id) before and
/// after it, gated both times: `(catalog, awaited)` before and after, in catalog order.
pub(super) fn edited(
    at: OffsetDateTime,
    (old, before): (&Catalog, &[Option<Awaited>]),
    (new, after): (&Catalog, &[Option<Awaited>]),
    out: &mut Vec<Change>,
) {
    let was: std::collections::HashMap<_, _> = (old.motions().iter().zip(before))
        .map(|(m, awaited)| (&m.id, *awaited))
        .collect();
    for (m, (motion, is)) in new.motions().iter().zip(after).enumerate() {
        let was = was.get(&motion.id).copied().flatten();
        out.extend(day_change(at, new, m, (was, *is), Vec::new()));
    }
}

/// The replay's side: which motions a status move or a day passing may move, and their changes.
impl Replay {
    /// System `system`'s expected day passed at `when`: the motions it keeps from moving may
    /// be overdue now.
    pub(super) fn day_passed(
        &mut self,
        system: usize,
        when: OffsetDateTime,
        out: &mut Vec<Change>,
    ) {
        let status = self.state.statuses[system];
        let mut motions: Vec<usize> = (self.requirements[system].iter())
            .filter(|&&(_, at_least)| status < at_least)
            .map(|&(m, _)| m)
            .collect();
        if status == Status::Blocked {
            let strict = self.catalog.motions().iter().enumerate();
            motions.extend(strict.filter(|(_, m)| m.no_blocked_systems).map(|(m, _)| m));
        }
        motions.sort_unstable();
        motions.dedup();
        self.days(when, &[system], &motions, out);
    }

    /// The expected days of `motions` at `at`, after `moved` (system positions) moved them: a
    /// change for each that stays gated with its day or its passing moved.
    pub(super) fn days(
        &mut self,
        at: OffsetDateTime,
        moved: &[usize],
        motions: &[usize],
        out: &mut Vec<Change>,
    ) {
        let statuses = &self.state.statuses;
        for &m in motions {
            let is = awaited(&self.catalog, m, statuses, &self.blocked, at);
            let was = std::mem::replace(&mut self.awaited[m], is);
            let because = self.because(m, moved);
            out.extend(day_change(at, &self.catalog, m, (was, is), because));
        }
    }

    /// Which of `moved` (system positions) motion `m` requires, by id.
    pub(super) fn because(&self, m: usize, moved: &[usize]) -> Vec<crate::ids::SystemId> {
        let motion = &self.catalog.motions()[m];
        let systems = self.catalog.systems();
        let strict =
            |s: usize| motion.no_blocked_systems && self.state.statuses[s] == Status::Blocked;
        (moved.iter().copied())
            .filter(|&s| strict(s) || motion.requires.iter().any(|r| r.system == systems[s].id))
            .map(|s| systems[s].id.clone())
            .collect()
    }
}
