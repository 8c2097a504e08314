//! Demo proof records for the embedded default board, seeded only into an empty store.

use crate::store::{ProofStore, StoreError};
use readiness::{Outcome, ProofRecord, ProofSource, SystemId};
use time::OffsetDateTime;

/// The demo proofs: a passing run of the core runtime's readiness check, so the seed board
/// shows one ready system. Each is stamped `now` and marked as demo data.
pub fn demo_records(now: OffsetDateTime) -> Vec<ProofRecord> {
    let record = |system: &str, outcome, evidence: &str| {
        SystemId::parse(system).ok().map(|system| ProofRecord {
            system,
            outcome,
            recorded_at: now,
            evidence: evidence.to_owned(),
            source: ProofSource::Demo,
        })
    };
    [record(
        "core-runtime",
        Outcome::Pass,
        "Demo: readiness JSON, DID/JWKS responses and launch proof bundle output.",
    )]
    .into_iter()
    .flatten()
    .collect()
}

/// Seeds the demo records of `catalog`'s systems when the store holds none; returns how many
/// were written. The demo records are the shipped catalog's: an operator's own catalog gets
/// none (found by a new operator: one landed in their append-only store).
pub fn seed_if_empty(
    store: &ProofStore,
    catalog: &readiness::Catalog,
    now: OffsetDateTime,
) -> Result<usize, StoreError> {
    if store.count()? > 0 {
        return Ok(0);
    }
    let records: Vec<ProofRecord> = demo_records(now)
        .into_iter()
        .filter(|r| catalog.system(&r.system).is_some())
        .collect();
    if records.is_empty() {
        return Ok(0);
    }
    // Demo records stand for a made-up past: each counts from its own instant.
    store.insert_demo(&records)?;
    Ok(records.len())
}
