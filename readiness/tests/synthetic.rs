//! The benchmark generator: deterministic for a seed, valid, and of the size asked for.
#![cfg(feature = "synthetic")]

use readiness::synthetic::{catalog_toml, generate};
use readiness::{evaluate, LatestProofs};
use time::macros::datetime;

#[test]
fn same_seed_same_catalog_and_sizes_as_asked() {
    assert_eq!(catalog_toml(50, 5, 9), catalog_toml(50, 5, 9));
    assert_ne!(catalog_toml(50, 5, 9), catalog_toml(50, 5, 10));
    let now = datetime!(2026-11-26 09:00 UTC);
    let (big, _, _) = generate(20_000, 10, 0, 3, now);
    assert_eq!(
        big.systems().len(),
        20_000,
        "larger than a catalog file may be, on purpose"
    );
    let (catalog, environment, records) = generate(200, 10, 5_000, 3, now);
    assert_eq!(
        (
            catalog.systems().len(),
            catalog.motions().len(),
            records.len()
        ),
        (200, 10, 5_000)
    );
    assert!(records.iter().all(|r| r.recorded_at <= now));
    let board = evaluate(
        &catalog,
        &environment,
        &LatestProofs::from_records(records),
        now,
    );
    let s = board.summary;
    assert_eq!(s.systems, 200);
    assert!(
        s.ready > 0 && s.blocked > 0 && s.manual_fallback > 0,
        "a mix of statuses: {s:?}"
    );
}
