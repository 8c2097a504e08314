//! The tracks uptime is read off: for each motion and system of the catalog in force at the
//! window's end, whether it could move (was ready) from instant to instant and what started each
//! stretch, replayed from the state the window opens on through each change and each edit of
//! the inputs.

use super::track::Track;
use super::{Change, State, Subject};
use crate::catalog::Catalog;
use crate::over_time::Uptime;
use crate::status::Status;
use time::OffsetDateTime;

/// Where a window's data starts: `from`, or when the record `began` if later (never past `to`).
pub(super) fn data_from(
    began: Option<OffsetDateTime>,
    from: OffsetDateTime,
    to: OffsetDateTime,
) -> OffsetDateTime {
    began.map_or(from, |b| b.max(from)).min(to)
}

/// The window asked for, and when the record began (no data before it).
pub(super) struct Window {
    pub from: OffsetDateTime,
    pub to: OffsetDateTime,
    pub began: Option<OffsetDateTime>,
}

/// What started a stretch that no change did.
const RECORD_BEGAN: &str = "the record began";
const INPUTS_CHANGED: &str = "the catalog or env file changed";

/// Where a stretch of inputs starts: its instant, catalog, first state and first change.
#[derive(Clone, Copy)]
pub(super) struct Start<'a> {
    pub at: OffsetDateTime,
    pub catalog: &'a Catalog,
    pub state: &'a State,
    pub first_change: usize,
}

/// The motions' and the systems' uptime over `window`, on the tracks of `current`.
pub(super) fn tracks(
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
    let split = super::partition_point(changes, |c| c.at <= from);
    let mut state = first.state.clone();
    for change in changes.focus().narrow(first.first_change.min(split)..split) {
        state.apply(change, first.catalog);
    }
    let mut on = Tracks::new(current, from);
    let opening = Start {
        at: from,
        state: &state,
        ..*first
    };
    on.reset(&opening, (began == Some(from)).then_some(RECORD_BEGAN));
    for (i, change) in (split..).zip(changes.focus().narrow(split..)) {
        if change.at > to {
            break;
        }
        while let Some(start) = starts.get(next).filter(|s| s.first_change <= i) {
            on.reset(start, Some(INPUTS_CHANGED));
            next += 1;
        }
        on.apply(change);
    }
    while let Some(start) = starts.get(next).filter(|s| s.at <= to) {
        on.reset(start, Some(INPUTS_CHANGED));
        next += 1;
    }
    on.finish(asked, to)
}

/// One track per motion and per system of the current catalog.
struct Tracks<'a> {
    current: &'a Catalog,
    motions: Vec<Track>,
    systems: Vec<Track>,
}

impl<'a> Tracks<'a> {
    fn new(current: &'a Catalog, from: OffsetDateTime) -> Self {
        Self {
            current,
            motions: vec![Track::new(from, false); current.motions().len()],
            systems: vec![Track::new(from, false); current.systems().len()],
        }
    }

    /// Every track as `start` left it (a motion or system its catalog lacks: off).
    fn reset(&mut self, start: &Start, cause: Option<&str>) {
        for (m, motion) in self.current.motions().iter().enumerate() {
            let motions = start.catalog.motions();
            let was = motions.iter().position(|x| x.id == motion.id);
            let on = was.is_some_and(|w| start.state.can_move[w]);
            self.motions[m].set(start.at, on, cause);
        }
        for (s, system) in self.current.systems().iter().enumerate() {
            let was = start.catalog.system_position(&system.id);
            let on = was.is_some_and(|w| start.state.statuses[w] == Status::Ready);
            self.systems[s].set(start.at, on, cause);
        }
    }

    /// One change on the tracks, found by id.
    fn apply(&mut self, change: &Change) {
        match &change.subject {
            // A reword moves no verdict: the verdict's own change, if any, says why it moved.
            Subject::Motion {
                edit: Some(super::MotionEdit::Reworded { .. }),
                ..
            } => {}
            Subject::Motion {
                motion, can_move, ..
            } => {
                if let Some(m) = self.current.motions().iter().position(|x| &x.id == motion) {
                    self.motions[m].set(change.at, *can_move, Some(&change.text));
                }
            }
            Subject::System {
                system, to: status, ..
            } => {
                if let Some(s) = self.current.system_position(system) {
                    let ready = *status == Status::Ready;
                    self.systems[s].set(change.at, ready, Some(&change.text));
                }
            }
            Subject::Claim { .. } | Subject::Expected { .. } | Subject::MotionExpected { .. } => {}
        }
    }

    fn finish(self, asked: OffsetDateTime, to: OffsetDateTime) -> (Vec<Uptime>, Vec<Uptime>) {
        let motions = (self.motions.into_iter())
            .zip(self.current.motions())
            .map(|(track, motion)| track.finish(motion.id.to_string(), asked, to));
        let systems = (self.systems.into_iter())
            .zip(self.current.systems())
            .map(|(track, system)| track.finish(system.id.to_string(), asked, to));
        (motions.collect(), systems.collect())
    }
}
