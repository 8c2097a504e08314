//! When a gated motion is expected to move, as the replay follows it (issue 22): the latest day
//! among the systems it waits on, whether that day has passed, and which of them is overdue
//! already. Each move from what was last said of it is a change of its own, whatever moved it (a
//! proof, an expiry, a day passing, an edit, even one made while the motion could move), so the
//! days said of an offer follow on from each other (found by attack: a proof moved an offer's
//! day and nobody was told; an edit made while it could move was never said).

use super::{Change, Subject};
use crate::catalog::Catalog;
use crate::english::and_list;
use crate::expected::{display_day, has_passed};
use crate::ids::SystemId;
use crate::status::Status;
use time::{Date, OffsetDateTime};

/// A gated motion's expected day (`None`: a system it waits on has none), whether it passed,
/// and the systems it waits on whose own day passed, in its order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Awaited {
    pub by: Option<Date>,
    pub overdue: bool,
    pub late: Vec<SystemId>,
}

impl Awaited {
    /// Whether this is news after `said`: late now or no longer, another day while not late,
    /// or another system late (found by attack: a day "moved" from one passed day to another
    /// as late systems became ready, and a system no longer late was told as "Now expected").
    /// An edit of a day it waits on (`edited`) moving its day is news even while late: a date
    /// moved is a change (issue 22), found by attack round 15 (2 → 5 December, no word).
    pub(super) fn news_after(&self, said: &Awaited, edited: bool) -> bool {
        let late_again = self.late.iter().any(|id| !said.late.contains(id));
        let moved = self.by != said.by || late_again;
        self.overdue != said.overdue || (!self.overdue || edited) && moved
    }
}

/// Motion `m` of `catalog` with systems at `statuses` (`blocked`: the positions of those
/// blocked): when it is expected to move at `at`, or `None` when it can move. It waits on what
/// the board's blockers are made of ([`crate::waits::waits_on`]), and its day is read as
/// [`crate::expected::motion_expected`] reads it (a property test holds them equal).
pub(super) fn awaited(
    catalog: &Catalog,
    m: usize,
    statuses: &[Status],
    blocked: &[usize],
    at: OffsetDateTime,
) -> Option<Awaited> {
    let motion = &catalog.motions()[m];
    let position = |id: &SystemId| catalog.system_position(id);
    let waits: Vec<usize> = (crate::waits::waits_on(motion, blocked, position, |s| statuses[s]))
        .into_iter()
        .map(|(s, _)| s)
        .collect();
    if waits.is_empty() {
        return None;
    }
    let day = |s: usize| catalog.systems()[s].expected.as_ref().map(|e| e.on);
    let days: Option<Vec<Date>> = waits.iter().map(|&s| day(s)).collect();
    let by = days.and_then(|days| days.into_iter().max());
    let late = (waits.iter().copied())
        .filter(|&s| day(s).is_some_and(|d| has_passed(d, at)))
        .map(|s| catalog.systems()[s].id.clone())
        .collect();
    let overdue = by.is_some_and(|by| has_passed(by, at));
    Some(Awaited { by, overdue, late })
}

/// The change of motion `m` of `catalog` that says `is` at `at` after `said` (what was last
/// said of it: `None` when nothing was).
pub(super) fn day_change(
    at: OffsetDateTime,
    catalog: &Catalog,
    m: usize,
    (said, is): (Option<&Awaited>, &Awaited),
    because: Vec<SystemId>,
) -> Change {
    let motion = &catalog.motions()[m];
    let from = said.and_then(|s| s.by);
    let late: Vec<String> = (is.late.iter())
        .filter_map(|id| Some(catalog.system(id)?.name.to_string()))
        .collect();
    let text = team_words(&motion.name, (from, is), &late);
    let subject = Subject::MotionExpected {
        motion: motion.id.clone(),
        from,
        to: is.by,
        overdue: is.overdue,
        late: is.late.clone(),
        because,
    };
    Change::new(at, subject, text)
}

/// The team's words of a motion's day: "… is now expected to move by 1 May 2027 instead of 1
/// June 2027; overdue already: Official issuer connectors".
fn team_words(name: &str, (from, is): (Option<Date>, &Awaited), late: &[String]) -> String {
    let instead = match from {
        Some(from) if Some(from) != is.by => format!(" instead of {}", display_day(from)),
        _ => String::new(),
    };
    let line = match is.by {
        Some(to) if is.overdue => format!(
            "{name} was expected to move by {}{instead} and still cannot: overdue",
            display_day(to)
        ),
        Some(to) => format!(
            "{name} is now expected to move by {}{instead}",
            display_day(to)
        ),
        None => match from {
            Some(from) => format!(
                "{name} has no expected date any more (it was expected by {})",
                display_day(from)
            ),
            None => format!("{name} has no expected date"),
        },
    };
    match (late.is_empty(), is.overdue) {
        (false, false) => format!("{line}; overdue already: {}", and_list(late)),
        _ => line,
    }
}

/// The positions of the systems `statuses` has blocked.
pub(super) fn blocked(statuses: &[Status]) -> Vec<usize> {
    (statuses.iter().enumerate())
        .filter(|(_, s)| **s == Status::Blocked)
        .map(|(at, _)| at)
        .collect()
}
