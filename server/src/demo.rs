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

/// What `--demo` seeded: records, nothing (the store has some), or nothing because the catalog
/// is not the shipped one.
#[derive(Debug, PartialEq, Eq)]
pub enum Seeded {
    Records(usize),
    StoreNotEmpty,
    NotTheShippedCatalog,
}

/// Seeds the demo records when the store holds none and the catalog is the shipped one, byte
/// for byte (`catalog_sha256`): the demo records are the shipped catalog's, and an operator's
/// own catalog, even an edited copy with the same ids, gets none (found by a new operator: one
/// landed in their append-only store).
pub fn seed_if_empty(
    store: &ProofStore,
    catalog_sha256: &str,
    now: OffsetDateTime,
) -> Result<Seeded, StoreError> {
    use sha2::{Digest, Sha256};
    let shipped = hex::encode(Sha256::digest(crate::inputs::EMBEDDED_CATALOG.as_bytes()));
    if catalog_sha256 != shipped {
        return Ok(Seeded::NotTheShippedCatalog);
    }
    if store.count()? > 0 {
        return Ok(Seeded::StoreNotEmpty);
    }
    let records = demo_records(now);
    // Demo records stand for a made-up past: each counts from its own instant.
    store.insert_demo(&records)?;
    Ok(Seeded::Records(records.len()))
}
