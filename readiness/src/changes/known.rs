//! What a record holds: input sets (a catalog by its digest and what it sees of the
//! environment), each in force from an instant, and proofs with the instant the board knew them.

use crate::catalog::Catalog;
use crate::environment::Environment;
use crate::proof::ProofRecord;
use sha2::{Digest, Sha256};
use std::sync::Arc;
use time::OffsetDateTime;

/// One set of inputs: a catalog (by the SHA-256 of its text) and what it sees of the environment.
#[derive(Debug, Clone)]
pub struct InputSet {
    /// A digest of the catalog's SHA-256 and the names and flags: equal sets, equal ids.
    pub id: String,
    pub catalog_sha256: String,
    pub catalog: Arc<Catalog>,
    pub environment: Environment,
}

impl InputSet {
    /// The set for `catalog` (whose text hashes to `catalog_sha256`) and what `environment`
    /// holds of the names it refers to.
    pub fn new(catalog_sha256: &str, catalog: Arc<Catalog>, environment: &Environment) -> Self {
        let (names, flags) = environment.seen_by(&catalog);
        let environment = Environment::from_recorded(names.iter().cloned(), flags.iter().cloned());
        let mut digest = Sha256::new();
        digest.update(format!("catalog {catalog_sha256}\n"));
        for name in &names {
            digest.update(format!("set {name}\n"));
        }
        for flag in &flags {
            digest.update(format!("flag {flag}\n"));
        }
        Self {
            id: super::hex32(&digest.finalize()),
            catalog_sha256: catalog_sha256.to_owned(),
            catalog,
            environment,
        }
    }
}

/// An input set and the instant it came into force.
#[derive(Debug, Clone)]
pub struct InForce {
    pub from: OffsetDateTime,
    pub inputs: Arc<InputSet>,
}

/// A proof as the board learned of it: `known_at` is the later of the record's own instant and
/// the instant it was stored, so a record stamped in the past changes nothing before it arrived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownProof {
    pub known_at: OffsetDateTime,
    pub record: ProofRecord,
    /// The store's id of the record, when it was stored: its receipt (`/proofs/{id}`).
    pub receipt: Option<u64>,
}

impl KnownProof {
    pub fn new(record: ProofRecord, stored_at: Option<OffsetDateTime>) -> Self {
        let known_at = stored_at.map_or(record.recorded_at, |s| s.max(record.recorded_at));
        Self {
            known_at,
            record,
            receipt: None,
        }
    }

    /// The same proof, stored under the id `receipt`.
    pub fn with_receipt(self, receipt: u64) -> Self {
        Self {
            receipt: Some(receipt),
            ..self
        }
    }
}
