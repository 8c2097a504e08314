//! When a motion that cannot move is expected to: the latest day among the systems it waits
//! on, which of them has no day, and which is overdue already, in words.

use super::{display_day, ExpectedView, MotionExpected};
use crate::board::{Blocker, SystemView};
use crate::english::and_list;
use crate::ids::SystemId;
use time::Date;

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
