//! One test suite for both proof-store backends: SQLite files and a real PostgreSQL (started by
//! the test command, which sets VENDOR_READINESS_TEST_POSTGRES; each test gets its own database).

use crate::common;

use readiness::{Outcome, ProofRecord, ProofSource, SystemId};
use server::store::{ProofStore, StoreLocation};
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

/// A fresh, empty store location of each backend, and whatever keeps it alive.
pub(crate) struct Fresh {
    pub(crate) location: StoreLocation,
    _dir: Option<tempfile::TempDir>,
}

pub(crate) fn sqlite() -> Fresh {
    let dir = tempfile::tempdir().unwrap();
    Fresh {
        location: StoreLocation::Sqlite(dir.path().join("nested/proofs.db")),
        _dir: Some(dir),
    }
}

pub(crate) fn postgres() -> Fresh {
    Fresh {
        location: StoreLocation::Postgres(common::fresh_postgres_database()),
        _dir: None,
    }
}

/// An output digest as `prove` writes it (64 hex characters; a row with another is not a record).
const DIGEST: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

fn record(system: &str, outcome: Outcome, at: OffsetDateTime) -> ProofRecord {
    ProofRecord {
        system: SystemId::parse(system).unwrap(),
        outcome,
        recorded_at: at,
        evidence: format!("{system} at {at}"),
        source: ProofSource::Cli,
    }
}

fn ids(names: &[&str]) -> Vec<SystemId> {
    names.iter().map(|n| SystemId::parse(*n).unwrap()).collect()
}

const T0: OffsetDateTime = datetime!(2026-11-01 00:00 UTC);

fn latest_per_system_respects_as_of_and_order(fresh: Fresh) {
    let store = ProofStore::connect(&fresh.location).unwrap();
    store
        .insert(&record("a", Outcome::Pass, T0), Some(5), Some(DIGEST))
        .unwrap();
    store
        .insert(
            &record("a", Outcome::Fail, T0 + Duration::days(2)),
            None,
            None,
        )
        .unwrap();
    store
        .insert(
            &record("b", Outcome::Pass, T0 + Duration::days(1)),
            None,
            None,
        )
        .unwrap();
    let now = store
        .latest(&ids(&["a", "b", "c"]), T0 + Duration::days(3))
        .unwrap();
    let got: Vec<_> = now
        .iter()
        .map(|p| (p.record.system.as_str(), p.record.outcome))
        .collect();
    assert_eq!(got, vec![("a", Outcome::Fail), ("b", Outcome::Pass)]);
    let earlier = store
        .latest(&ids(&["a", "b"]), T0 + Duration::hours(1))
        .unwrap();
    assert_eq!(earlier.len(), 1);
    assert_eq!(earlier[0].record, record("a", Outcome::Pass, T0));
    assert_eq!(
        (earlier[0].duration_ms, earlier[0].output_sha256.as_deref()),
        (Some(5), Some(DIGEST))
    );
}

fn ties_go_to_the_later_insert(fresh: Fresh) {
    let store = ProofStore::connect(&fresh.location).unwrap();
    store
        .insert(&record("a", Outcome::Pass, T0), None, None)
        .unwrap();
    store
        .insert(&record("a", Outcome::Fail, T0), None, None)
        .unwrap();
    assert_eq!(
        store.latest(&ids(&["a"]), T0).unwrap()[0].record.outcome,
        Outcome::Fail
    );
}

fn history_filters_orders_and_limits(fresh: Fresh) {
    let store = ProofStore::connect(&fresh.location).unwrap();
    let batch: Vec<ProofRecord> = (0..5)
        .map(|i| {
            record(
                if i % 2 == 0 { "a" } else { "b" },
                Outcome::Pass,
                T0 + Duration::hours(i),
            )
        })
        .collect();
    let inserted = store.insert_all(&batch).unwrap();
    assert_eq!(inserted.len(), 5);
    let all = store.history(None, 100).unwrap();
    assert_eq!(all.len(), 5);
    assert!(
        all.windows(2)
            .all(|w| w[0].record.recorded_at >= w[1].record.recorded_at),
        "newest first"
    );
    let only_a = store
        .history(Some(&SystemId::parse("a").unwrap()), 2)
        .unwrap();
    assert_eq!(only_a.len(), 2);
    assert!(only_a.iter().all(|p| p.record.system.as_str() == "a"));
    assert_eq!(store.count().unwrap(), 5);
}

fn version_moves_with_every_insert(fresh: Fresh) {
    let store = ProofStore::connect(&fresh.location).unwrap();
    let empty = store.version().unwrap();
    let stored = store
        .insert(&record("a", Outcome::Pass, T0), None, None)
        .unwrap();
    let after = store.version().unwrap();
    assert_ne!(empty, after);
    assert_eq!(after, stored.id);
    store.ping().unwrap();
}

fn records_survive_reconnecting_and_migrations_run_once(fresh: Fresh) {
    let at = datetime!(2026-11-02 10:30:15.250 UTC);
    ProofStore::connect(&fresh.location)
        .unwrap()
        .insert(&record("a", Outcome::Pass, at), None, None)
        .unwrap();
    let again = ProofStore::connect(&fresh.location).unwrap();
    let third = ProofStore::connect(&fresh.location).unwrap();
    assert_eq!(again.count().unwrap(), 1);
    assert_eq!(
        third.latest(&ids(&["a"]), at).unwrap()[0]
            .record
            .recorded_at,
        at,
        "millisecond precision is kept"
    );
}

/// Found by attack (issue 22): two instances started at once on a new SQLite file, and one
/// failed with "table proof_records already exists"; then, under load, with "database is
/// locked" (turning a new file to WAL is refused at once, without waiting, while another
/// connection does). Openers at once all open, migrated once.
fn stores_opened_at_once_on_a_new_location_all_open(fresh: Fresh) {
    const OPENERS: usize = 12;
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(OPENERS));
    let openers: Vec<_> = (0..OPENERS)
        .map(|_| {
            let (location, barrier) = (fresh.location.clone(), barrier.clone());
            std::thread::spawn(move || {
                barrier.wait();
                ProofStore::connect(&location)
                    .map(|_| ())
                    .map_err(|e| e.to_string())
            })
        })
        .collect();
    for opener in openers {
        assert_eq!(opener.join().unwrap(), Ok(()));
    }
    assert_eq!(
        ProofStore::connect(&fresh.location)
            .unwrap()
            .count()
            .unwrap(),
        0
    );
}

/// Issue 26: a board's read moves the store's horizon (every later write is known after it) but
/// stores nothing, so the change counter stays and no other reader reads again because of it
/// (on SQLite it once counted as a write: two instances would re-read each other's reads).
fn a_read_for_a_board_moves_the_horizon_not_the_version(fresh: Fresh) {
    let store = ProofStore::connect(&fresh.location).unwrap();
    store
        .insert(&record("a", Outcome::Pass, T0), None, None)
        .unwrap();
    let text = std::fs::read_to_string(common::repo_path("catalog/vendor-catalog.toml")).unwrap();
    let catalog =
        std::sync::Arc::new(readiness::catalog_toml::parse_catalog("c.toml", &text).unwrap());
    let env = readiness::Environment::from_pairs(&catalog, []);
    let own = std::sync::Arc::new(readiness::changes::InputSet::new("sha", catalog, &env));
    let before = store.version().unwrap();
    let now = OffsetDateTime::now_utc();
    let view = store.view_for_board(None, &own, now).unwrap();
    assert!(
        view.record.through() > now,
        "the horizon is past the read's instant"
    );
    assert_eq!(store.version().unwrap(), before, "a read is not a write");
    assert_eq!(view.version, before);
}

/// Found by attack (issue 26, round 6): `webhook redeliver` put the event behind a newer one
/// waiting out a retry's backoff (29.5 s, hours at later steps). What is pending is tried again
/// at once, in its order, then the redelivered event.
fn redeliver_sends_what_is_pending_first_and_now(fresh: Fresh) {
    use server::store::webhooks::{Attempt, AttemptLog, OutboxEvent, Webhook};
    let store = ProofStore::connect(&fresh.location).unwrap();
    let hook = Webhook {
        id: "wh_t".into(),
        url: "http://127.0.0.1:9/".into(),
        secret: "whsec_dGVzdA==".into(),
        motions: vec![],
        systems: vec![],
        created_at_ms: 0,
        enqueued_through_ms: 0,
        failing: false,
        allow_private: true,
        disabled_at_ms: None,
        pending: 0,
        retrying: 0,
    };
    store.add_webhook(&hook).unwrap();
    let event = |id: &str, at_ms| OutboxEvent {
        event_id: id.into(),
        payload: "{}".into(),
        at_ms,
    };
    let events = [event("msg_a", 1_000), event("msg_b", 2_000)];
    store.enqueue("wh_t", &events, 2_000).unwrap();
    let now = 10_000;
    let log = |id: &str| AttemptLog {
        event_id: id.into(),
        at_ms: now,
        status: Some(200),
        latency_ms: 1,
        outcome: "delivered".into(),
        error: None,
    };
    let claim = |at: i64, token: &str| store.claim_next("wh_t", at, 60_000, token).unwrap();
    let a = claim(now, "t1").unwrap();
    assert_eq!(a.event_id, "msg_a");
    store
        .record_attempt(&a, Attempt::Delivered { status: 200 }, &log("msg_a"))
        .unwrap();
    let b = claim(now, "t2").unwrap();
    let later = Attempt::Retry {
        status: Some(503),
        next_ms: now + 3_600_000,
    };
    store.record_attempt(&b, later, &log("msg_b")).unwrap();
    assert!(claim(now + 1, "t3").is_none(), "b waits for its retry");
    assert_eq!(store.redeliver("msg_a", now + 2).unwrap(), 1);
    let first = claim(now + 2, "t4").expect("what was pending is due now");
    assert_eq!(first.event_id, "msg_b");
    store
        .record_attempt(&first, Attempt::Delivered { status: 200 }, &log("msg_b"))
        .unwrap();
    assert_eq!(claim(now + 2, "t5").unwrap().event_id, "msg_a");
}

/// Issue 22 (receipts): a record is found again by its id, whole (details included); an id no
/// record has is none, not an error.
fn a_record_is_found_by_its_id(fresh: Fresh) {
    let store = ProofStore::connect(&fresh.location).unwrap();
    let first = store
        .insert(&record("a", Outcome::Pass, T0), Some(5), Some(DIGEST))
        .unwrap();
    let second = store
        .insert(
            &record("b", Outcome::Fail, T0 + Duration::hours(1)),
            None,
            None,
        )
        .unwrap();
    let found = store.proof(first.id).unwrap().expect("the first record");
    assert_eq!(found.id, first.id);
    assert_eq!(found.record, record("a", Outcome::Pass, T0));
    assert_eq!(
        (found.duration_ms, found.output_sha256.as_deref()),
        (Some(5), Some(DIGEST))
    );
    let found = store.proof(second.id).unwrap().expect("the second record");
    assert_eq!(found.record.system.as_str(), "b");
    for unknown in [0, -1, second.id + 1, i64::MAX] {
        assert!(store.proof(unknown).unwrap().is_none(), "{unknown}");
    }
}

/// One test module per backend, each running every case on a fresh store of its kind.
macro_rules! both_backends {
    ($($case:ident),* $(,)?) => {
        mod sqlite_backend {
            $(#[test] fn $case() { super::$case(super::sqlite()) })*
        }
        mod postgres_backend {
            $(#[test] fn $case() { super::$case(super::postgres()) })*
        }
    };
}

pub(crate) use both_backends;

both_backends!(
    latest_per_system_respects_as_of_and_order,
    ties_go_to_the_later_insert,
    history_filters_orders_and_limits,
    version_moves_with_every_insert,
    records_survive_reconnecting_and_migrations_run_once,
    stores_opened_at_once_on_a_new_location_all_open,
    a_read_for_a_board_moves_the_horizon_not_the_version,
    redeliver_sends_what_is_pending_first_and_now,
    a_record_is_found_by_its_id,
);

/// Found by attack (issue 26, round 6): on PostgreSQL a push behind a lock another session
/// held waited for the whole stall. A statement waits at most 5 s for a lock, then the store
/// says it is busy (a 503 to the client), and writes go through once the lock is gone.
#[test]
fn a_postgres_write_behind_a_held_lock_is_busy_within_seconds() {
    let url = common::fresh_postgres_database();
    let store = ProofStore::connect(&StoreLocation::Postgres(url.clone())).unwrap();
    let mut locker = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let mut held = locker.transaction().unwrap();
    held.batch_execute("LOCK TABLE store_changes IN ACCESS EXCLUSIVE MODE")
        .unwrap();
    let started = std::time::Instant::now();
    let refused = store.insert(&record("a", Outcome::Pass, T0), None, None);
    assert!(
        matches!(refused, Err(server::store::StoreError::Unavailable(_))),
        "{refused:?}"
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(8));
    held.rollback().unwrap();
    store
        .insert(&record("a", Outcome::Pass, T0), None, None)
        .unwrap();
}
