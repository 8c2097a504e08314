//! Issue 22, "when": a system's expected day that passes while it is not ready is a change at
//! the next midnight UTC, and an edit that gives, moves or removes the day of a system that is
//! not ready is a change at the edit's instant. A ready system's day says nothing.

mod common;

use readiness::catalog_toml::parse_catalog;
use readiness::changes::{replay, InForce, InputSet, KnownProof, Record, Subject};
use readiness::{Catalog, Environment, Outcome, ProofRecord, ProofSource};
use std::sync::Arc;
use time::macros::{date, datetime};
use time::{Duration, OffsetDateTime};

const T0: OffsetDateTime = datetime!(2026-10-01 00:00 UTC);
const SHIPPED: &str = include_str!("../../catalog/vendor-catalog.toml");

/// The shipped catalog with the core runtime expected on `day` (none: as shipped).
fn catalog(day: Option<&str>) -> Arc<Catalog> {
    let text = match day {
        Some(day) => SHIPPED.replacen(
            "id = \"core-runtime\"\n",
            &format!("id = \"core-runtime\"\nexpected = \"{day}\"\n"),
            1,
        ),
        None => SHIPPED.to_owned(),
    };
    Arc::new(parse_catalog("vendor-catalog.toml", &text).unwrap())
}

/// Every variable set: a passing proof makes a system ready.
fn inputs(day: Option<&str>) -> Arc<InputSet> {
    let catalog = catalog(day);
    let env = common::every_variable_set(&catalog);
    Arc::new(InputSet::new(day.unwrap_or("none"), catalog, &env))
}

/// A record of the shipped catalog with the core runtime's day edited at each instant (none:
/// as shipped), and no proof.
fn record_of(edits: &[(OffsetDateTime, Option<&str>)]) -> Record {
    let in_force = (edits.iter())
        .map(|(from, day)| InForce {
            from: *from,
            inputs: inputs(*day),
        })
        .collect();
    Record::new(inputs(None), in_force, Vec::new())
}

fn core_passed(at: OffsetDateTime) -> KnownProof {
    let record = ProofRecord {
        system: readiness::SystemId::parse("core-runtime").unwrap(),
        outcome: Outcome::Pass,
        recorded_at: at,
        evidence: String::new(),
        source: ProofSource::Cli,
    };
    KnownProof::new(record, Some(at))
}

/// The "when" changes of `record` up to `until`: (instant, from, to, overdue, text).
fn due(record: &Record, until: OffsetDateTime) -> Vec<(OffsetDateTime, String)> {
    replay(record, until)
        .changes
        .iter()
        .filter(|c| matches!(c.subject, Subject::Expected { .. }))
        .map(|c| (c.at, c.text.clone()))
        .collect()
}

#[test]
fn a_day_that_passes_while_the_system_is_not_ready_is_a_change_at_midnight_utc() {
    let record = Record::single(inputs(Some("2026-10-05")), Vec::new());
    let changes = due(&record, T0 + Duration::days(20));
    assert_eq!(
        changes,
        vec![(
            datetime!(2026-10-06 00:00 UTC),
            "Core runtime and trust infrastructure was expected 5 October 2026 and is not ready: overdue".to_owned()
        )]
    );
    // Not before the day is over.
    assert!(due(&record, datetime!(2026-10-05 23:59:59.999 UTC)).is_empty());
    let change = replay(&record, T0 + Duration::days(20))
        .changes
        .iter()
        .find(|c| matches!(c.subject, Subject::Expected { .. }))
        .cloned()
        .unwrap();
    let Subject::Expected {
        from, to, overdue, ..
    } = change.subject
    else {
        unreachable!()
    };
    assert_eq!(
        (from, to, overdue),
        (
            Some(date!(2026 - 10 - 05)),
            Some(date!(2026 - 10 - 05)),
            true
        )
    );
}

#[test]
fn a_day_that_passes_once_the_system_is_ready_says_nothing() {
    let record = Record::single(inputs(Some("2026-10-05")), vec![core_passed(T0)]);
    assert!(due(&record, T0 + Duration::days(20)).is_empty());
    // Ready exactly when the day passes: the step at that instant comes first.
    let at_midnight = Record::single(
        inputs(Some("2026-10-05")),
        vec![core_passed(datetime!(2026-10-06 00:00 UTC))],
    );
    assert!(due(&at_midnight, T0 + Duration::days(20)).is_empty());
}

#[test]
fn an_edit_that_gives_moves_or_removes_a_day_is_a_change_at_its_instant() {
    let edits = [
        (T0, None),
        (T0 + Duration::days(1), Some("2027-01-15")),
        (T0 + Duration::days(2), Some("2027-03-01")),
        (T0 + Duration::days(3), None),
    ];
    let record = record_of(&edits);
    let name = "Core runtime and trust infrastructure";
    assert_eq!(
        due(&record, T0 + Duration::days(10)),
        vec![
            (
                edits[1].0,
                format!("{name} is now expected 15 January 2027")
            ),
            (
                edits[2].0,
                format!("{name} is now expected 1 March 2027 instead of 15 January 2027")
            ),
            (
                edits[3].0,
                format!("{name} has no expected date any more (it was 1 March 2027)")
            ),
        ]
    );
}

#[test]
fn moving_the_day_of_a_ready_system_says_nothing() {
    let in_force = vec![
        InForce {
            from: T0,
            inputs: inputs(Some("2027-01-15")),
        },
        InForce {
            from: T0 + Duration::days(1),
            inputs: inputs(Some("2027-03-01")),
        },
    ];
    let record = Record::new(inputs(None), in_force, vec![core_passed(T0)]);
    assert!(due(&record, T0 + Duration::days(10)).is_empty());
}

/// A cached board is computed again when a day passes: the board says when the next one does.
#[test]
fn a_board_says_when_the_next_expected_day_passes() {
    let set = inputs(Some("2026-10-05"));
    let board = |at| {
        readiness::evaluate(
            &set.catalog,
            &set.environment,
            &readiness::LatestProofs::default(),
            at,
        )
    };
    assert_eq!(
        board(T0).next_day_passing(),
        Some(datetime!(2026-10-06 00:00 UTC))
    );
    assert_eq!(
        board(datetime!(2026-10-06 00:00 UTC)).next_day_passing(),
        None
    );
}

#[test]
fn an_edit_that_gives_a_day_already_passed_reads_as_the_passing_does() {
    let edits = [
        (T0, None),
        (T0 + Duration::days(10), Some("2026-10-05")),
        (T0 + Duration::days(11), Some("2026-10-03")),
    ];
    let record = record_of(&edits);
    let name = "Core runtime and trust infrastructure";
    assert_eq!(
        due(&record, T0 + Duration::days(20)),
        vec![
            (
                edits[1].0,
                format!("{name} was expected 5 October 2026 (a date given now) and is not ready: overdue")
            ),
            (
                edits[2].0,
                format!("{name} was expected 3 October 2026 (moved from 5 October 2026) and is not ready: overdue")
            ),
        ],
        "never \"is now expected\" of a day already passed"
    );
}

/// Found by attack (round 13): two systems' ids swapped, their names and days kept, published
/// that each had the other's day.
#[test]
fn two_system_ids_swapped_move_no_day() {
    let dated = SHIPPED
        .replacen(
            "id = \"hris-connectors\"\n",
            "id = \"hris-connectors\"\nexpected = \"2027-05-01\"\n",
            1,
        )
        .replacen(
            "id = \"official-issuers\"\n",
            "id = \"official-issuers\"\nexpected = \"2027-06-01\"\n",
            1,
        );
    let swapped = dated
        .replace("id = \"hris-connectors\"", "id = \"swap-placeholder\"")
        .replace("id = \"official-issuers\"", "id = \"hris-connectors\"")
        .replace("id = \"swap-placeholder\"", "id = \"official-issuers\"");
    let set = |text: &str, name: &str| {
        let catalog = Arc::new(parse_catalog("vendor-catalog.toml", text).unwrap());
        let env = Environment::from_pairs(&catalog, std::iter::empty());
        Arc::new(InputSet::new(name, catalog, &env))
    };
    let in_force = vec![
        InForce {
            from: T0,
            inputs: set(&dated, "dated"),
        },
        InForce {
            from: T0 + Duration::days(1),
            inputs: set(&swapped, "swapped"),
        },
    ];
    let record = Record::new(set(&dated, "dated"), in_force, Vec::new());
    assert_eq!(due(&record, T0 + Duration::days(5)), Vec::new());
}
