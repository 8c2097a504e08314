//! Store tests against real SQLite files.

use super::*;
use time::macros::datetime;

fn record(system: &str, outcome: Outcome, at: OffsetDateTime) -> ProofRecord {
    ProofRecord {
        system: SystemId::parse(system).unwrap(),
        outcome,
        recorded_at: at,
        evidence: "log".into(),
        source: ProofSource::Cli,
    }
}

#[test]
fn latest_per_system_respects_as_of_and_order() {
    let dir = tempfile::tempdir().unwrap();
    let store = ProofStore::open(&dir.path().join("nested/proofs.db")).unwrap();
    let t0 = datetime!(2026-11-01 00:00 UTC);
    store
        .insert(&record("a", Outcome::Pass, t0), Some(5), Some("ab"))
        .unwrap();
    store
        .insert(
            &record("a", Outcome::Fail, t0 + time::Duration::days(2)),
            None,
            None,
        )
        .unwrap();
    store
        .insert(
            &record("b", Outcome::Pass, t0 + time::Duration::days(1)),
            None,
            None,
        )
        .unwrap();
    let ids = [
        SystemId::parse("a").unwrap(),
        SystemId::parse("b").unwrap(),
        SystemId::parse("c").unwrap(),
    ];

    let now = store.latest(&ids, t0 + time::Duration::days(3)).unwrap();
    let got: Vec<_> = now
        .iter()
        .map(|p| (p.record.system.as_str(), p.record.outcome))
        .collect();
    assert_eq!(got, vec![("a", Outcome::Fail), ("b", Outcome::Pass)]);

    let earlier = store.latest(&ids, t0 + time::Duration::hours(1)).unwrap();
    assert_eq!(earlier.len(), 1);
    assert_eq!(earlier[0].record, record("a", Outcome::Pass, t0));
    assert_eq!(
        (earlier[0].duration_ms, earlier[0].output_sha256.as_deref()),
        (Some(5), Some("ab"))
    );
}

#[test]
fn records_survive_reopening_and_migrations_run_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("proofs.db");
    let at = datetime!(2026-11-02 10:30:15.250 UTC);
    ProofStore::open(&path)
        .unwrap()
        .insert(&record("a", Outcome::Pass, at), None, None)
        .unwrap();
    let store = ProofStore::open(&path).unwrap();
    assert_eq!(store.count().unwrap(), 1);
    let latest = store.latest(&[SystemId::parse("a").unwrap()], at).unwrap();
    assert_eq!(
        latest[0].record.recorded_at, at,
        "millisecond precision is kept"
    );
}

#[test]
fn ties_go_to_the_later_insert() {
    let store = ProofStore::open_in_memory().unwrap();
    let at = datetime!(2026-11-02 10:30 UTC);
    store
        .insert(&record("a", Outcome::Pass, at), None, None)
        .unwrap();
    store
        .insert(&record("a", Outcome::Fail, at), None, None)
        .unwrap();
    let latest = store.latest(&[SystemId::parse("a").unwrap()], at).unwrap();
    assert_eq!(latest[0].record.outcome, Outcome::Fail);
}
