//! Readiness uptime: over a window, the share of time each motion could move and each system was
//! ready, with the segments a timeline draws (each with what started it), read off the same list
//! of changes. Time before the record began is no data, never downtime (found by a buyer: a
//! system ready for two minutes on a new install showed "Ready 0 % of the last 90 days").

use super::track::Track;
use super::{Change, Record, State, Subject, Timeline};
use crate::catalog::Catalog;
pub use crate::over_time::{Uptime, UptimeReport};
use crate::status::Status;
use time::OffsetDateTime;

/// Uptime of every motion and every system (catalog order) over `[from, to]`, given the first
/// state and the changes in order, under one catalog.
pub fn uptime(
    catalog: &Catalog,
    initial: &State,
    changes: &[Change],
    from: OffsetDateTime,
    to: OffsetDateTime,
) -> (Vec<Uptime>, Vec<Uptime>) {
    let start = Start {
        at: crate::instant::EARLIEST,
        catalog,
        state: initial,
        first_change: 0,
    };
    let changes: imbl::Vector<Change> = changes.iter().cloned().collect();
    tracks(
        catalog,
        &[start],
        &changes,
        Window {
            from,
            to,
            began: None,
        },
    )
}

/// Uptime of every motion and system of the inputs in force at `to`, over `[from, to]`, read off
/// a replayed record: each stretch of inputs starts from the state its edit left.
pub fn uptime_of(
    record: &Record,
    timeline: &Timeline,
    from: OffsetDateTime,
    to: OffsetDateTime,
) -> (Vec<Uptime>, Vec<Uptime>) {
    let starts: Vec<Start> = timeline
        .stretches
        .iter()
        .map(|s| Start {
            at: s.from,
            catalog: &record.inputs()[s.input].inputs.catalog,
            state: &s.state,
            first_change: s.first_change,
        })
        .collect();
    let current = &record.inputs_at(to).catalog;
    let began = record.began();
    tracks(
        current,
        &starts,
        &timeline.changes,
        Window { from, to, began },
    )
}

/// Uptime of every motion and system over `[from, to]` as the board carries it: [`uptime_of`],
/// with where the data starts in the window.
pub fn uptime_report(
    record: &Record,
    timeline: &Timeline,
    from: OffsetDateTime,
    to: OffsetDateTime,
) -> UptimeReport {
    let (motions, systems) = uptime_of(record, timeline, from, to);
    UptimeReport {
        from,
        to,
        recorded_from: data_from(record.began(), from, to),
        motions,
        systems,
    }
}

/// Where a window's data starts: `from`, or when the record `began` if later (never past `to`).
fn data_from(
    began: Option<OffsetDateTime>,
    from: OffsetDateTime,
    to: OffsetDateTime,
) -> OffsetDateTime {
    began.map_or(from, |b| b.max(from)).min(to)
}

/// The window asked for, and when the record began (no data before it).
struct Window {
    from: OffsetDateTime,
    to: OffsetDateTime,
    began: Option<OffsetDateTime>,
}

/// What started a stretch that no change did.
const RECORD_BEGAN: &str = "the record began";
const INPUTS_CHANGED: &str = "the catalog or env file changed";

/// Where a stretch of inputs starts: its instant, catalog, first state and first change.
struct Start<'a> {
    at: OffsetDateTime,
    catalog: &'a Catalog,
    state: &'a State,
    first_change: usize,
}

fn tracks(
    current: &Catalog,
    starts: &[Start],
    changes: &imbl::Vector<Change>,
    window: Window,
) -> (Vec<Uptime>, Vec<Uptime>) {
    let Window {
        from: asked,
        to,
        began,
    } = window;
    // The data starts when the record began, if inside the window.
    let from = data_from(began, asked, to);
    let mut next = starts.partition_point(|s| s.at <= from).max(1);
    let Some(first) = starts.get(next - 1) else {
        return (Vec::new(), Vec::new());
    };
    let mut state = first.state.clone();
    let split = super::record::partition_point(changes, |c| c.at <= from);
    for change in changes.focus().narrow(first.first_change.min(split)..split) {
        state.apply(change, first.catalog);
    }
    let mut motions = vec![Track::new(from, false); current.motions().len()];
    let mut systems = vec![Track::new(from, false); current.systems().len()];
    let reset = |motions: &mut [Track], systems: &mut [Track], start: &Start, cause| {
        for (m, motion) in current.motions().iter().enumerate() {
            let was = start
                .catalog
                .motions()
                .iter()
                .position(|x| x.id == motion.id);
            let on = was.is_some_and(|w| start.state.can_move[w]);
            motions[m].set(start.at, on, cause);
        }
        for (s, system) in current.systems().iter().enumerate() {
            let was = start.catalog.system_position(&system.id);
            let on = was.is_some_and(|w| start.state.statuses[w] == Status::Ready);
            systems[s].set(start.at, on, cause);
        }
    };
    let opening = Start {
        at: from,
        state: &state,
        ..*first
    };
    let cause = (began == Some(from)).then_some(RECORD_BEGAN);
    reset(&mut motions, &mut systems, &opening, cause);
    let rest = changes.focus().narrow(split..).into_iter();
    for (i, change) in (split..).zip(rest) {
        if change.at > to {
            break;
        }
        while let Some(start) = starts.get(next).filter(|s| s.first_change <= i) {
            reset(&mut motions, &mut systems, start, Some(INPUTS_CHANGED));
            next += 1;
        }
        apply(current, &mut motions, &mut systems, change);
    }
    while let Some(start) = starts.get(next).filter(|s| s.at <= to) {
        reset(&mut motions, &mut systems, start, Some(INPUTS_CHANGED));
        next += 1;
    }
    let finish = |tracks: Vec<Track>, ids: Vec<String>| -> Vec<Uptime> {
        tracks
            .into_iter()
            .zip(ids)
            .map(|(t, id)| t.finish(id, asked, to))
            .collect()
    };
    let motion_ids = current.motions().iter().map(|m| m.id.to_string()).collect();
    let system_ids = current.systems().iter().map(|s| s.id.to_string()).collect();
    (finish(motions, motion_ids), finish(systems, system_ids))
}

/// One change on the tracks of the current catalog, found by id.
fn apply(current: &Catalog, motions: &mut [Track], systems: &mut [Track], change: &Change) {
    match &change.subject {
        Subject::Motion {
            motion, can_move, ..
        } => {
            if let Some(m) = current.motions().iter().position(|x| &x.id == motion) {
                motions[m].set(change.at, *can_move, Some(&change.text));
            }
        }
        Subject::System {
            system, to: status, ..
        } => {
            if let Some(s) = current.system_position(system) {
                systems[s].set(change.at, *status == Status::Ready, Some(&change.text));
            }
        }
        Subject::Claim { .. } | Subject::Expected { .. } => {}
    }
}
