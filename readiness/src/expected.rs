//! When what is not ready yet is expected, as the catalog says (issue 22, "when?"): a system's
//! expected day and note, whether the day has passed with the system still not ready
//! (overdue), and for a motion the latest day among the systems it waits on. Never a date the
//! catalog did not give: a system without one says so, and so does a motion waiting on it.

use crate::board::{Blocker, SystemView};
use crate::english::and_list;
use crate::ids::SystemId;
use crate::status::Status;
use crate::text::Text;
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

time::serde::format_description!(pub(crate) day, Date, "[year]-[month]-[day]");

/// A system's expected day as the catalog gives it (`expected = "2027-01-15"`, `expected_note`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expected {
    pub on: Date,
    pub note: Option<Text>,
}

/// What a board says of when a system that is not ready is expected to be.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ExpectedView {
    /// The expected day (UTC), `YYYY-MM-DD`.
    #[serde(with = "day")]
    #[cfg_attr(feature = "schema", schemars(with = "DaySchema"))]
    pub on: Date,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
    /// The day has passed and the system is still not ready.
    pub overdue: bool,
    /// In words: "expected 15 January 2027", or "was expected 1 December 2026: overdue".
    pub words: String,
}

/// When a motion that cannot move yet is expected to: the latest day among the systems it
/// waits on, when every one of them has a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct MotionExpected {
    /// `None` when a system it waits on has no expected day.
    #[serde(with = "day::option", default)]
    #[cfg_attr(feature = "schema", schemars(with = "Option<DaySchema>"))]
    pub by: Option<Date>,
    /// The systems it waits on that have no expected day, in its order.
    pub undated: Vec<SystemId>,
    /// Its expected day (`by`) has passed: every system it waits on is overdue.
    pub overdue: bool,
    /// The systems it waits on whose own day has passed, in its order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub late: Vec<SystemId>,
    /// In words: "expected by 15 January 2027, waiting on Stripe billing", or which system
    /// has no expected day.
    pub words: String,
}

/// A motion's target day (the catalog's `target`) and how it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TargetView {
    /// The target day (UTC), `YYYY-MM-DD`.
    #[serde(with = "day")]
    #[cfg_attr(feature = "schema", schemars(with = "DaySchema"))]
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

/// The view of `expected` for a system now `status` at `as_of`: none once it is ready.
pub fn system_expected(
    expected: Option<&Expected>,
    status: Status,
    as_of: OffsetDateTime,
) -> Option<ExpectedView> {
    let expected = expected.filter(|_| status != Status::Ready)?;
    let overdue = has_passed(expected.on, as_of);
    let day = display_day(expected.on);
    let words = if overdue {
        format!("was expected {day}: overdue")
    } else {
        format!("expected {day}")
    };
    Some(ExpectedView {
        on: expected.on,
        note: expected.note.clone(),
        overdue,
        words,
    })
}

/// When a motion whose `blockers` keep it from moving is expected to (`None` when it can move).
pub fn motion_expected(blockers: &[Blocker], systems: &[&SystemView]) -> Option<MotionExpected> {
    if blockers.is_empty() {
        return None;
    }
    let days: Vec<Option<&ExpectedView>> = systems.iter().map(|s| s.expected.as_ref()).collect();
    let undated: Vec<SystemId> = systems
        .iter()
        .zip(&days)
        .filter(|(_, day)| day.is_none())
        .map(|(s, _)| s.id.clone())
        .collect();
    let names = and_list(
        &systems
            .iter()
            .map(|s| s.name.to_string())
            .collect::<Vec<_>>(),
    );
    let by = days
        .iter()
        .map(|d| d.map(|d| d.on))
        .collect::<Option<Vec<Date>>>();
    let by = by.and_then(|days| days.into_iter().max());
    // Overdue is the motion's own day passed; a system of it overdue is named (found by
    // attack: "was expected by 15 January 2027 … overdue" on 2 December 2026).
    let late_systems: Vec<&&SystemView> = systems
        .iter()
        .filter(|s| s.expected.as_ref().is_some_and(|e| e.overdue))
        .collect();
    let late: Vec<String> = late_systems.iter().map(|s| s.name.to_string()).collect();
    let overdue = by.is_some() && late.len() == systems.len();
    let words = match by {
        Some(by) if overdue => format!(
            "was expected by {}, waiting on {names}: overdue",
            display_day(by)
        ),
        Some(by) if !late.is_empty() => format!(
            "expected by {}, waiting on {names} ({} overdue)",
            display_day(by),
            and_list(&late)
        ),
        Some(by) => format!("expected by {}, waiting on {names}", display_day(by)),
        None => {
            let undated_names: Vec<String> = systems
                .iter()
                .filter(|s| s.expected.is_none())
                .map(|s| s.name.to_string())
                .collect();
            // A system of it overdue is named here too (found by attack: one card said it,
            // another waiting on the same late system did not).
            let late = match late.is_empty() {
                true => String::new(),
                false => format!("; {} overdue", and_list(&late)),
            };
            format!(
                "no expected date: none is given for {}{late}",
                and_list(&undated_names)
            )
        }
    };
    Some(MotionExpected {
        by,
        undated,
        overdue,
        late: late_systems.iter().map(|s| s.id.clone()).collect(),
        words,
    })
}

/// `true` once the whole of `day` (UTC) has passed at `as_of`.
pub fn has_passed(day: Date, as_of: OffsetDateTime) -> bool {
    as_of.to_offset(time::UtcOffset::UTC).date() > day
}

/// The instant `day` (UTC) has passed: the next midnight UTC.
pub fn passes_at(day: Date) -> Option<OffsetDateTime> {
    Some(day.next_day()?.with_time(time::Time::MIDNIGHT).assume_utc())
}

/// "15 January 2027".
pub fn display_day(day: Date) -> String {
    format!("{} {} {}", day.day(), day.month(), day.year())
}

/// The JSON Schema of a day: an RFC 3339 full-date.
#[cfg(feature = "schema")]
pub struct DaySchema;

#[cfg(feature = "schema")]
impl schemars::JsonSchema for DaySchema {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Day".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string", "format": "date" })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn a_day_passes_when_it_is_over_in_utc() {
        let day = date!(2026 - 11 - 26);
        assert!(!has_passed(day, datetime!(2026-11-26 23:59:59.999 UTC)));
        assert!(has_passed(day, datetime!(2026-11-27 00:00 UTC)));
        assert!(
            !has_passed(day, datetime!(2026-11-27 00:30 +01:00)),
            "00:30 at +01:00 is 23:30 UTC"
        );
    }

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

    #[test]
    fn a_ready_system_has_no_expected_day_and_words_say_overdue() {
        let expected = Expected {
            on: date!(2027 - 01 - 15),
            note: None,
        };
        let now = datetime!(2026-12-02 12:00 UTC);
        assert!(system_expected(Some(&expected), Status::Ready, now).is_none());
        let view = system_expected(Some(&expected), Status::Blocked, now).unwrap();
        assert_eq!(view.words, "expected 15 January 2027");
        let later = datetime!(2027-01-16 00:00 UTC);
        let view = system_expected(Some(&expected), Status::Blocked, later).unwrap();
        assert!(view.overdue);
        assert_eq!(view.words, "was expected 15 January 2027: overdue");
    }
}
