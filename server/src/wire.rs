//! The JSON bodies the server answers with and the CLI prints: serialized from these types and
//! described in the OpenAPI document from the same types, so the two cannot differ.

use crate::store::StoredProof;
use readiness::{Outcome, ProofSource, SystemId};
use schemars::JsonSchema;
use serde::Serialize;
use time::OffsetDateTime;

/// `GET /healthz`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Health {
    /// Always `ok`: the process answers.
    pub status: &'static str,
}

/// `GET /readyz` when the store answers.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Ready {
    /// Always `ready`.
    pub status: &'static str,
    /// Systems in the catalog in force.
    pub systems: usize,
    /// Proof records the board holds.
    pub proof_records: usize,
    pub inputs: ReadyInputs,
}

/// Which input sets (a catalog and the names it sees set) are where.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ReadyInputs {
    /// This instance's own, read from its files.
    pub this_instance: String,
    /// The set in force in the record, which the board shows.
    pub shown: String,
    /// The sets live instances run.
    pub live: Vec<String>,
}

/// A stored proof record. Evidence, duration and digest only where the reader may see them (the
/// answer to its push, the CLI, a receipt, redacted again), never in the public history.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Proof {
    pub id: i64,
    pub system: SystemId,
    pub outcome: Outcome,
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(with = "readiness::instant::InstantSchema")]
    pub recorded_at: OffsetDateTime,
    pub source: ProofSource,
    #[serde(flatten)]
    pub details: Option<ProofDetails>,
}

/// What only the pusher and the operator see of a record.
#[derive(Debug, Default, Serialize, JsonSchema)]
pub struct ProofDetails {
    pub evidence: String,
    pub duration_ms: Option<u64>,
    pub output_sha256: Option<String>,
}

impl Proof {
    /// This record as [`readiness::receipt::standing`] reads it (the page and `proof show`).
    pub fn as_stored(&self) -> readiness::receipt::Stored<'_> {
        readiness::receipt::Stored {
            system: &self.system,
            receipt: self.id.unsigned_abs(),
            recorded_at: self.recorded_at,
            source: self.source,
            next_at: None,
        }
    }

    /// `stored`, with its details when `full`.
    pub fn of(stored: &StoredProof, full: bool) -> Self {
        let record = &stored.record;
        Self {
            id: stored.id,
            system: record.system.clone(),
            outcome: record.outcome,
            recorded_at: record.recorded_at,
            source: record.source,
            details: full.then(|| ProofDetails {
                evidence: record.evidence.clone(),
                duration_ms: stored.duration_ms,
                output_sha256: stored.output_sha256.clone(),
            }),
        }
    }

    /// `stored` whole, its evidence redacted again with `redactor`: what a pusher could not
    /// redact (a value the env gained after the push) is removed before anyone reads it.
    pub fn redacted(stored: &StoredProof, redactor: &crate::redact::Redactor) -> Self {
        let mut proof = Self::of(stored, true);
        if let Some(details) = &mut proof.details {
            details.evidence = redactor.redact(&details.evidence);
        }
        proof
    }
}

/// `GET /api/proofs`: public history, newest first.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ProofHistory {
    /// The system asked for, if one was.
    pub system: Option<SystemId>,
    pub records: Vec<Proof>,
}

/// `{"error": {...}}`: every error answer of the board's own routes.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct ErrorDetail {
    /// A stable code: `bad_request`, `unauthorized`, `invalid`, `store_unavailable`, `busy`…
    pub code: &'static str,
    /// What the client can do; for a server error never its cause.
    pub message: String,
    /// The input field at fault (422).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<&'static str>,
    /// Names the failure in the server log (5xx only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}
