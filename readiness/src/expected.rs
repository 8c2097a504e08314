//! When what is not ready yet is expected, as the catalog says (issue 22, "when?"): a system's
//! expected day and note, whether the day has passed with the system still not ready
//! (overdue), and for a motion the latest day among the systems it waits on. Never a date the
//! catalog did not give: a system without one says so, and so does a motion waiting on it.

use crate::ids::SystemId;
use crate::status::Status;
use crate::text::Text;
use serde::{Deserialize, Serialize};

mod motion;
mod target;
pub use motion::motion_expected;
pub use target::{motion_target, TargetState, TargetView};
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
