//! A motion's target day (the catalog's `target`) and how it stands: met, on track, at risk,
//! missed, or not judged when a system it waits on has no day.

use super::{display_day, has_passed, MotionExpected};
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

/// A motion's target day (the catalog's `target`) and how it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TargetView {
    /// The target day (UTC), `YYYY-MM-DD`.
    #[serde(with = "super::day")]
    #[cfg_attr(feature = "schema", schemars(with = "super::DaySchema"))]
    pub on: Date,
    pub state: TargetState,
    /// In words: "target 1 February 2027", "… at risk: expected by 15 March 2027", "… missed".
    pub words: String,
}

/// How a motion stands against its target day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum TargetState {
    /// The motion can move.
    Met,
    /// Gated; every system it waits on is expected by the day.
    OnTrack,
    /// Gated; the systems it waits on are expected after the day.
    AtRisk,
    /// Gated, and the day has passed.
    Missed,
    /// Gated; a system it waits on has no expected day to compare with.
    Unknown,
}

impl TargetState {
    pub fn as_str(self) -> &'static str {
        match self {
            TargetState::Met => "met",
            TargetState::OnTrack => "on_track",
            TargetState::AtRisk => "at_risk",
            TargetState::Missed => "missed",
            TargetState::Unknown => "unknown",
        }
    }
}

/// How motion's target `on` stands at `as_of`, when it `can_move` or is `expected` to.
pub fn motion_target(
    on: Option<Date>,
    can_move: bool,
    expected: Option<&MotionExpected>,
    as_of: OffsetDateTime,
) -> Option<TargetView> {
    let on = on?;
    let day = display_day(on);
    let by = expected.and_then(|e| e.by);
    let (state, words) = match by {
        // Found by attack: a met target and one with nothing to judge it by both read
        // "Target 1 February 2027." with no word of how it stands.
        _ if can_move => (TargetState::Met, format!("target {day}, met")),
        _ if has_passed(on, as_of) => (TargetState::Missed, format!("target {day} missed")),
        // An expected day that passed with the motion still gated cannot keep a target on
        // track (found by attack: "on track: expected by 1 November 2026" on 5 December).
        Some(by) if has_passed(by, as_of) => (
            TargetState::AtRisk,
            format!("target {day}, at risk: was expected by {}", display_day(by)),
        ),
        // A system it waits on is late already: the later day is no promise (found by attack:
        // "on track" beside "(Enterprise SSO overdue)"), nor is none ("not judged").
        Some(by) if expected.is_some_and(|e| !e.late.is_empty()) => (
            TargetState::AtRisk,
            format!(
                "target {day}, at risk: expected by {}, and a system it waits on is overdue",
                display_day(by)
            ),
        ),
        None if expected.is_some_and(|e| !e.late.is_empty()) => (
            TargetState::AtRisk,
            format!("target {day}, at risk: a system it waits on is overdue"),
        ),
        Some(by) if by > on => (
            TargetState::AtRisk,
            format!("target {day}, at risk: expected by {}", display_day(by)),
        ),
        Some(by) => (
            TargetState::OnTrack,
            format!("target {day}, on track: expected by {}", display_day(by)),
        ),
        None => (
            TargetState::Unknown,
            format!("target {day}, not judged: a system it waits on has no expected date"),
        ),
    };
    Some(TargetView { on, state, words })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::SystemId;
    use time::macros::{date, datetime};

    #[test]
    fn a_target_is_on_track_at_risk_missed_met_or_not_judged() {
        let target = Some(date!(2027 - 02 - 01));
        let now = datetime!(2026-12-02 12:00 UTC);
        let by = |day| MotionExpected {
            by: Some(day),
            undated: Vec::new(),
            overdue: false,
            late: Vec::new(),
            words: String::new(),
        };
        let words = |can_move, expected: Option<&MotionExpected>, at| {
            motion_target(target, can_move, expected, at).unwrap().words
        };
        let early = by(date!(2027 - 01 - 15));
        let late = by(date!(2027 - 03 - 15));
        assert_eq!(
            words(false, Some(&early), now),
            "target 1 February 2027, on track: expected by 15 January 2027"
        );
        assert_eq!(
            words(false, Some(&late), now),
            "target 1 February 2027, at risk: expected by 15 March 2027"
        );
        assert_eq!(
            words(false, None, now),
            "target 1 February 2027, not judged: a system it waits on has no expected date"
        );
        assert_eq!(words(true, None, now), "target 1 February 2027, met");
        let after = datetime!(2027-02-02 00:00 UTC);
        let missed = motion_target(target, false, Some(&late), after).unwrap();
        assert_eq!(missed.state, TargetState::Missed);
        assert_eq!(missed.words, "target 1 February 2027 missed");
        let passed = by(date!(2026 - 12 - 01));
        let stale = motion_target(target, false, Some(&passed), now).unwrap();
        assert_eq!(stale.state, TargetState::AtRisk);
        assert_eq!(
            stale.words,
            "target 1 February 2027, at risk: was expected by 1 December 2026"
        );
        let met = motion_target(target, true, None, after).unwrap();
        assert_eq!(met.state, TargetState::Met);
        let state = |e| motion_target(target, false, e, now).unwrap().state;
        assert_eq!(state(Some(&early)), TargetState::OnTrack);
        assert_eq!(state(Some(&late)), TargetState::AtRisk);
        assert_eq!(state(None), TargetState::Unknown);
        assert!(motion_target(None, false, None, now).is_none());
        let one_late = MotionExpected {
            late: vec![SystemId::parse("enterprise-identity").unwrap()],
            ..early.clone()
        };
        assert_eq!(
            words(false, Some(&one_late), now),
            "target 1 February 2027, at risk: expected by 15 January 2027, and a system it waits on is overdue"
        );
        let late_and_undated = MotionExpected {
            by: None,
            ..one_late.clone()
        };
        assert_eq!(
            words(false, Some(&late_and_undated), now),
            "target 1 February 2027, at risk: a system it waits on is overdue"
        );
    }
}
