//! Readiness uptime: over a window, the share of time each motion could move and each system was
//! ready, with the segments a timeline draws (each with what started it), read off the same list
//! of changes. Time before the record began is no data, never downtime (found by a buyer: a
//! system ready for two minutes on a new install showed "Ready 0 % of the last 90 days").

use super::stretches::{data_from, tracks, Start, Window};
use super::{Change, Record, State, Timeline};
use crate::catalog::Catalog;
pub use crate::over_time::{Uptime, UptimeReport};
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
