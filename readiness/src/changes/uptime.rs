//! Readiness uptime: over a window, the share of time each motion could move and each system was
//! ready, with the segments a timeline draws, read off the same list of changes.

use super::{Change, Record, State, Subject, Timeline};
use crate::catalog::Catalog;
pub use crate::over_time::{Segment, Uptime};
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
    tracks(catalog, &[start], &changes, from, to)
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
    tracks(current, &starts, &timeline.changes, from, to)
}

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
    from: OffsetDateTime,
    to: OffsetDateTime,
) -> (Vec<Uptime>, Vec<Uptime>) {
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
    let reset =
        |motions: &mut [Track], systems: &mut [Track], at, catalog: &Catalog, state: &State| {
            for (m, motion) in current.motions().iter().enumerate() {
                let was = catalog.motions().iter().position(|x| x.id == motion.id);
                motions[m].set(at, was.is_some_and(|w| state.can_move[w]));
            }
            for (s, system) in current.systems().iter().enumerate() {
                let was = catalog.system_position(&system.id);
                systems[s].set(at, was.is_some_and(|w| state.statuses[w] == Status::Ready));
            }
        };
    reset(&mut motions, &mut systems, from, first.catalog, &state);
    let rest = changes.focus().narrow(split..).into_iter();
    for (i, change) in (split..).zip(rest) {
        if change.at > to {
            break;
        }
        while let Some(start) = starts.get(next).filter(|s| s.first_change <= i) {
            reset(
                &mut motions,
                &mut systems,
                start.at,
                start.catalog,
                start.state,
            );
            next += 1;
        }
        apply(current, &mut motions, &mut systems, change);
    }
    while let Some(start) = starts.get(next).filter(|s| s.at <= to) {
        reset(
            &mut motions,
            &mut systems,
            start.at,
            start.catalog,
            start.state,
        );
        next += 1;
    }
    let finish = |tracks: Vec<Track>, ids: Vec<String>| -> Vec<Uptime> {
        tracks
            .into_iter()
            .zip(ids)
            .map(|(t, id)| t.finish(id, to))
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
                motions[m].set(change.at, *can_move);
            }
        }
        Subject::System {
            system, to: status, ..
        } => {
            if let Some(s) = current.system_position(system) {
                systems[s].set(change.at, *status == Status::Ready);
            }
        }
        Subject::Claim { .. } | Subject::Expected { .. } => {}
    }
}

#[derive(Clone)]
struct Track {
    segments: Vec<Segment>,
    since: OffsetDateTime,
    on: bool,
}

impl Track {
    fn new(from: OffsetDateTime, on: bool) -> Self {
        Self {
            segments: Vec::new(),
            since: from,
            on,
        }
    }

    fn set(&mut self, at: OffsetDateTime, on: bool) {
        if on == self.on {
            return;
        }
        if at > self.since {
            self.segments.push(Segment {
                from: self.since,
                to: at,
                on: self.on,
            });
        }
        self.since = at;
        self.on = on;
    }

    fn finish(mut self, id: String, to: OffsetDateTime) -> Uptime {
        if to > self.since {
            self.segments.push(Segment {
                from: self.since,
                to,
                on: self.on,
            });
        }
        let total: f64 = self
            .segments
            .iter()
            .map(|s| (s.to - s.from).as_seconds_f64())
            .sum();
        let on: f64 = self
            .segments
            .iter()
            .filter(|s| s.on)
            .map(|s| (s.to - s.from).as_seconds_f64())
            .sum();
        // (A float sum starts at -0.0: a window with nothing on is 0, not -0.)
        let share = if total <= 0.0 {
            f64::from(u8::from(self.on))
        } else if on <= 0.0 {
            0.0
        } else {
            on / total
        };
        Uptime {
            id,
            share,
            segments: self.segments,
        }
    }
}
