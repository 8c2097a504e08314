//! One motion's or system's uptime track: the stretches it went through (each with what started
//! it), and its share of the recorded part of a window; time before the record is no data.

use crate::over_time::{Segment, Uptime};
use time::OffsetDateTime;

/// One motion's or system's stretches so far, and the one under way.
#[derive(Clone)]
pub(super) struct Track {
    segments: Vec<Segment>,
    since: OffsetDateTime,
    on: bool,
    cause: Option<String>,
}

impl Track {
    pub(super) fn new(from: OffsetDateTime, on: bool) -> Self {
        Self {
            segments: Vec::new(),
            since: from,
            on,
            cause: None,
        }
    }

    /// The value is `on` from `at`, because of `cause`. A cause given at the very instant the
    /// stretch began names it better (an edit's own change after the generic "inputs changed").
    pub(super) fn set(&mut self, at: OffsetDateTime, on: bool, cause: Option<&str>) {
        if on == self.on {
            if at == self.since && cause.is_some() {
                self.cause = cause.map(str::to_owned);
            }
            return;
        }
        if at > self.since {
            self.segments.push(Segment {
                from: self.since,
                to: at,
                on: self.on,
                recorded: true,
                cause: self.cause.take(),
            });
        }
        self.since = at;
        self.on = on;
        self.cause = cause.map(str::to_owned);
    }

    /// The window's uptime: the share of its recorded part, and a stretch of no data from
    /// `asked` to where the track began, if the record began later.
    pub(super) fn finish(
        mut self,
        id: String,
        asked: OffsetDateTime,
        to: OffsetDateTime,
    ) -> Uptime {
        let began = self.segments.first().map_or(self.since, |s| s.from);
        if to > self.since {
            self.segments.push(Segment {
                from: self.since,
                to,
                on: self.on,
                recorded: true,
                cause: self.cause.take(),
            });
        }
        let seconds = |s: &Segment| (s.to - s.from).as_seconds_f64();
        let total: f64 = self.segments.iter().map(seconds).sum();
        let on: f64 = self.segments.iter().filter(|s| s.on).map(seconds).sum();
        // (A float sum starts at -0.0: a window with nothing on is 0, not -0.)
        let share = if total <= 0.0 {
            f64::from(u8::from(self.on))
        } else if on <= 0.0 {
            0.0
        } else {
            on / total
        };
        if began > asked {
            let none = Segment {
                from: asked,
                to: began,
                on: false,
                recorded: false,
                cause: None,
            };
            self.segments.insert(0, none);
        }
        Uptime {
            id,
            share,
            segments: self.segments,
        }
    }
}
