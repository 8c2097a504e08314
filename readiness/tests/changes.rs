//! The changes engine: replaying the changes from the first state gives the board at any later
//! instant (as `evaluate` computes it there), no change is reported twice, expiry is a change at
//! its instant, a burst that ends where it began reports nothing, and ids are stable.

use proptest::prelude::*;
use readiness::catalog_toml::parse_catalog;
use readiness::changes::{changes, uptime, Cause, State, Subject};
use readiness::{
    evaluate, Catalog, Environment, LatestProofs, Outcome, ProofRecord, ProofSource, SystemId,
};
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

const T0: OffsetDateTime = datetime!(2026-10-01 00:00 UTC);

/// The shipped catalog with every variable set: every system with a proof command is provable.
fn setup() -> (Catalog, Environment) {
    let text = include_str!("../../catalog/vendor-catalog.toml");
    let catalog = parse_catalog("vendor-catalog.toml", text).unwrap();
    let pairs: Vec<(String, String)> = catalog
        .systems()
        .iter()
        .flat_map(|s| s.groups.iter().flat_map(|g| g.labels.iter()))
        .map(|label| match label.split_once('=') {
            Some((name, value)) => (name.to_owned(), value.to_owned()),
            None => (label.to_string(), "canary-value-7".to_owned()),
        })
        .collect();
    let environment = Environment::from_pairs(
        &catalog,
        pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())),
    );
    (catalog, environment)
}

fn record(catalog: &Catalog, system: usize, pass: bool, at: OffsetDateTime) -> ProofRecord {
    ProofRecord {
        system: catalog.systems()[system].id.clone(),
        outcome: if pass { Outcome::Pass } else { Outcome::Fail },
        recorded_at: at,
        evidence: String::new(),
        source: ProofSource::Cli,
    }
}

fn state_at(
    catalog: &Catalog,
    env: &Environment,
    history: &[ProofRecord],
    at: OffsetDateTime,
) -> State {
    let latest =
        LatestProofs::from_records(history.iter().filter(|r| r.recorded_at <= at).cloned());
    State::of(&evaluate(catalog, env, &latest, at))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn replaying_the_changes_gives_the_board_at_every_instant(
        raw in prop::collection::vec((0usize..7, any::<bool>(), 0i64..(90 * 24 * 60)), 0..60),
        probes in prop::collection::vec(0i64..(120 * 24 * 60), 1..8),
    ) {
        let (catalog, env) = setup();
        let mut history: Vec<ProofRecord> = raw.iter().map(|&(s, pass, minutes)| record(&catalog, s, pass, T0 + Duration::minutes(minutes))).collect();
        history.sort_by_key(|r| r.recorded_at);
        let until = T0 + Duration::days(120);
        let (initial, all) = changes(&catalog, &env, &history, until);
        for minutes in probes {
            let at = T0 + Duration::minutes(minutes);
            let mut state = initial.clone();
            for change in all.iter().take_while(|c| c.at <= at) {
                state.apply(change, &catalog);
            }
            prop_assert_eq!(&state, &state_at(&catalog, &env, &history, at), "at {}", at);
        }
        let mut ids: Vec<&str> = all.iter().map(|c| c.id.as_str()).collect();
        ids.sort_unstable();
        let before = ids.len();
        ids.dedup();
        prop_assert_eq!(before, ids.len(), "a change reported twice");
        prop_assert!(all.windows(2).all(|w| w[0].at <= w[1].at), "changes in order");
    }
}

#[test]
fn an_expiry_is_a_change_at_the_instant_the_proof_expires() {
    let (catalog, env) = setup();
    let core = 0;
    let age = Duration::days(i64::from(catalog.systems()[core].proof_max_age_days));
    let history = vec![record(&catalog, core, true, T0)];
    let (_, all) = changes(&catalog, &env, &history, T0 + Duration::days(400));
    let expiry = all
        .iter()
        .find(|c| {
            matches!(
                c.subject,
                Subject::System {
                    cause: Cause::ProofExpired,
                    ..
                }
            )
        })
        .expect("an expiry change");
    assert_eq!(expiry.at, T0 + age);
    assert!(
        expiry
            .text
            .contains("is no longer ready: its proof expired at"),
        "{}",
        expiry.text
    );
    // Before the expiry instant it has not happened: the list is cut at `until`.
    let (_, early) = changes(&catalog, &env, &history, T0 + age - Duration::seconds(1));
    assert!(early.iter().all(|c| !matches!(
        c.subject,
        Subject::System {
            cause: Cause::ProofExpired,
            ..
        }
    )));
}

#[test]
fn a_burst_that_ends_where_it_began_reports_nothing_for_the_others() {
    let (catalog, env) = setup();
    let mut history = vec![record(&catalog, 0, true, T0), record(&catalog, 2, true, T0)];
    let burst = T0 + Duration::hours(1);
    history.extend([
        record(&catalog, 0, false, burst),
        record(&catalog, 0, true, burst),
    ]);
    let (_, all) = changes(&catalog, &env, &history, T0 + Duration::days(2));
    assert!(
        all.iter().all(|c| c.at != burst),
        "a burst at one instant that ends where it began changes nothing: {all:#?}"
    );
    let third = T0 + Duration::hours(2);
    history.extend([
        record(&catalog, 0, false, third),
        record(&catalog, 0, true, third + Duration::minutes(1)),
    ]);
    let (_, all) = changes(&catalog, &env, &history, T0 + Duration::days(2));
    let other: &SystemId = &catalog.systems()[2].id;
    assert!(
        all.iter()
            .filter(|c| c.at >= third)
            .all(|c| !c.concerns_system(other)),
        "a system outside the burst reports nothing"
    );
    assert!(all
        .iter()
        .any(|c| c.at == third && c.concerns_system(&catalog.systems()[0].id)));
}

#[test]
fn ids_are_the_same_for_the_same_history_and_words_carry_no_value() {
    let (catalog, env) = setup();
    let history: Vec<ProofRecord> = (0..20)
        .map(|i| record(&catalog, i % 7, i % 3 != 0, T0 + Duration::hours(i as i64)))
        .collect();
    let until = T0 + Duration::days(10);
    let first = changes(&catalog, &env, &history, until).1;
    let again = changes(&catalog, &env, &history, until).1;
    assert_eq!(first, again);
    assert!(!first.is_empty());
    for change in &first {
        assert_eq!(change.id.len(), 32);
        assert!(
            !change.text.contains("canary-value-7"),
            "no variable value in a change: {}",
            change.text
        );
    }
    let became = first
        .iter()
        .find(|c| matches!(c.subject, Subject::System { .. }))
        .unwrap();
    // The first move of this history is a pass making a configured system ready.
    let Subject::System {
        system, to, cause, ..
    } = &became.subject
    else {
        unreachable!("found as a system change")
    };
    assert_eq!(
        (*to, *cause),
        (readiness::Status::Ready, Cause::ProofPassed)
    );
    let name = &catalog.system(system).unwrap().name;
    let when = readiness::display_instant(became.at);
    assert_eq!(
        became.text,
        format!("{name} became ready: proof passed at {when}")
    );
    assert!(
        first
            .iter()
            .any(|c| matches!(c.subject, Subject::Motion { .. })),
        "verdicts move too"
    );
}

#[test]
fn uptime_is_the_share_of_the_window_a_motion_could_move() {
    let (catalog, env) = setup();
    // Ready for the first half of a 10-day window, then failing.
    let history: Vec<ProofRecord> = (0..catalog.systems().len())
        .flat_map(|s| {
            [
                record(&catalog, s, true, T0),
                record(&catalog, s, false, T0 + Duration::days(5)),
            ]
        })
        .collect();
    let end = T0 + Duration::days(10);
    let (initial, all) = changes(&catalog, &env, &history, end);
    let (motions, systems) = uptime(&catalog, &initial, &all, T0, end);
    let core = &systems[0];
    assert!((core.share - 0.5).abs() < 1e-9, "{core:?}");
    assert_eq!(core.segments.len(), 2);
    assert!(core.segments[0].on && !core.segments[1].on);
    let at = |t: OffsetDateTime| {
        evaluate(
            &catalog,
            &env,
            &LatestProofs::from_records(history.iter().filter(|r| r.recorded_at <= t).cloned()),
            t,
        )
    };
    let (first_half, second_half) = (at(T0), at(T0 + Duration::days(6)));
    for (m, motion) in motions.iter().enumerate() {
        let half = |board: &readiness::Board| if board.motions[m].can_move { 0.5 } else { 0.0 };
        let expected = half(&first_half) + half(&second_half);
        assert!(
            (motion.share - expected).abs() < 1e-9,
            "{}: {}",
            motion.id,
            motion.share
        );
    }
}
