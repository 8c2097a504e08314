//! Changes of "when" (issue 22): a system's expected day passing while it is still not ready
//! (it becomes overdue at the next midnight UTC, a timed event as an expiry is), and an edit of
//! the inputs that gives, moves or removes the day of a system that is not ready.

use super::{Change, Subject};
use crate::catalog::{Catalog, System};
use crate::expected::{display_day, has_passed, passes_at};
use crate::status::Status;
use time::{Date, OffsetDateTime};

/// The instants in `(after, until]` at which a system's expected day passes, with its position
/// in `catalog`, oldest first.
pub(super) fn days_passing(
    catalog: &Catalog,
    after: OffsetDateTime,
    until: OffsetDateTime,
) -> Vec<(OffsetDateTime, usize)> {
    let mut out: Vec<_> = catalog
        .systems()
        .iter()
        .enumerate()
        .filter_map(|(at, s)| Some((passes_at(s.expected.as_ref()?.on)?, at)))
        .filter(|(when, _)| *when > after && *when <= until)
        .collect();
    out.sort_unstable();
    out
}

/// The change of system `at` in `catalog` whose day passed at `when`, unless it is ready.
pub(super) fn overdue(
    catalog: &Catalog,
    at: usize,
    status: Status,
    when: OffsetDateTime,
) -> Option<Change> {
    let system = catalog.systems().get(at)?;
    let day = system.expected.as_ref()?.on;
    if status == Status::Ready {
        return None;
    }
    let text = format!(
        "{} was expected {} and is not ready: overdue",
        system.name,
        display_day(day)
    );
    Some(expected_change(
        when,
        system.id.clone(),
        (Some(day), Some(day)),
        text,
    ))
}

/// The changes of an edit at `at` to the expected days of the systems not ready after it
/// (`statuses`, in the order of `new`).
pub(super) fn days_moved(
    at: OffsetDateTime,
    old: &Catalog,
    new: &Catalog,
    statuses: &[Status],
    out: &mut Vec<Change>,
) {
    for (system, status) in new.systems().iter().zip(statuses) {
        let was = same_system(old, system)
            .and_then(|s| s.expected.as_ref())
            .map(|e| e.on);
        let is = system.expected.as_ref().map(|e| e.on);
        if was == is || *status == Status::Ready {
            continue;
        }
        let text = moved_words(&system.name, (was, is), at);
        out.push(expected_change(at, system.id.clone(), (was, is), text));
    }
}

/// `system` (of the new catalog) in `old`: the one with its id and name, else its name (two
/// ids swapped: found by attack, each system was said to have the other's day), else its id.
pub(super) fn same_system<'c>(old: &'c Catalog, system: &System) -> Option<&'c System> {
    let by_id = old.system(&system.id);
    let by_name = || old.systems().iter().find(|o| o.name == system.name);
    by_id
        .filter(|o| o.name == system.name)
        .or_else(by_name)
        .or(by_id)
}

/// The words of a day moved `was` → `is` by an edit at `at`. A day already passed reads as the
/// passing does (found by attack: "is now expected 1 October 2026" on 5 December).
fn moved_words(name: &str, (was, is): (Option<Date>, Option<Date>), at: OffsetDateTime) -> String {
    let passed = is.filter(|day| has_passed(*day, at));
    match (was, is, passed) {
        (None, _, Some(is)) => format!(
            "{name} was expected {} (a date given now) and is not ready: overdue",
            display_day(is)
        ),
        (Some(was), _, Some(is)) => format!(
            "{name} was expected {} (moved from {}) and is not ready: overdue",
            display_day(is),
            display_day(was)
        ),
        (None, Some(is), None) => format!("{name} is now expected {}", display_day(is)),
        (Some(was), Some(is), None) => format!(
            "{name} is now expected {} instead of {}",
            display_day(is),
            display_day(was)
        ),
        (Some(was), None, _) => format!(
            "{name} has no expected date any more (it was {})",
            display_day(was)
        ),
        (None, None, _) => String::new(),
    }
}

fn expected_change(
    at: OffsetDateTime,
    system: crate::ids::SystemId,
    (from, to): (Option<Date>, Option<Date>),
    text: String,
) -> Change {
    let overdue = to.is_some_and(|day| has_passed(day, at));
    Change::new(
        at,
        Subject::Expected {
            system,
            from,
            to,
            overdue,
        },
        text,
    )
}
