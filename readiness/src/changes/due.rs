//! Changes of "when" (issue 22): a system's expected day passing while it is still not ready
//! (it becomes overdue at the next midnight UTC, a timed event as an expiry is), and an edit of
//! the inputs that gives, moves or removes the day of a system that is not ready.

use super::{Change, Subject};
use crate::catalog::Catalog;
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
        let was = old
            .system(&system.id)
            .and_then(|s| s.expected.as_ref())
            .map(|e| e.on);
        let is = system.expected.as_ref().map(|e| e.on);
        if was == is || *status == Status::Ready {
            continue;
        }
        let name = &system.name;
        let text = match (was, is) {
            (None, Some(is)) => format!("{name} is now expected {}", display_day(is)),
            (Some(was), Some(is)) => format!(
                "{name} is now expected {} instead of {}",
                display_day(is),
                display_day(was)
            ),
            (Some(was), None) => format!(
                "{name} has no expected date any more (it was {})",
                display_day(was)
            ),
            (None, None) => continue,
        };
        // A day already passed at the edit says so (found by attack).
        let text = match is.is_some_and(|day| has_passed(day, at)) {
            true => format!("{text}: overdue"),
            false => text,
        };
        out.push(expected_change(at, system.id.clone(), (was, is), text));
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
