//! Readiness uptime: over a window, the share of time each motion could move and each system was
//! ready, with the segments a timeline draws, read off the same list of changes.

use super::{Change, State, Subject};
use crate::catalog::Catalog;
pub use crate::over_time::{Segment, Uptime};
use crate::status::Status;
use time::OffsetDateTime;

/// Uptime of every motion and every system (catalog order) over `[from, to]`, given the first
/// state and the changes in order.
pub fn uptime(
    catalog: &Catalog,
    initial: &State,
    changes: &[Change],
    from: OffsetDateTime,
    to: OffsetDateTime,
) -> (Vec<Uptime>, Vec<Uptime>) {
    let mut state = initial.clone();
    let split = changes.partition_point(|c| c.at <= from);
    for change in &changes[..split] {
        state.apply(change, catalog);
    }
    let mut motions: Vec<Track> = state
        .can_move
        .iter()
        .map(|&on| Track::new(from, on))
        .collect();
    let mut systems: Vec<Track> = state
        .statuses
        .iter()
        .map(|&s| Track::new(from, s == Status::Ready))
        .collect();
    for change in changes[split..].iter().take_while(|c| c.at <= to) {
        match &change.subject {
            Subject::Motion {
                motion, can_move, ..
            } => {
                if let Some(m) = catalog.motions().iter().position(|x| &x.id == motion) {
                    motions[m].set(change.at, *can_move);
                }
            }
            Subject::System {
                system, to: status, ..
            } => {
                if let Some(s) = catalog.system_position(system) {
                    systems[s].set(change.at, *status == Status::Ready);
                }
            }
            Subject::Claim { .. } => {}
        }
    }
    let ids = |i: usize, of_motion: bool| {
        if of_motion {
            catalog.motions()[i].id.to_string()
        } else {
            catalog.systems()[i].id.to_string()
        }
    };
    let finish = |tracks: Vec<Track>, of_motion: bool| -> Vec<Uptime> {
        tracks
            .into_iter()
            .enumerate()
            .map(|(i, t)| t.finish(ids(i, of_motion), to))
            .collect()
    };
    (finish(motions, true), finish(systems, false))
}

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
