//! The one shape of an incoming proof record, shared by `POST /api/proofs` and `proof import`:
//! `{system, outcome, evidence, recorded_at?}`, checked against the catalog before anything is stored.

use readiness::{Catalog, Outcome, ProofRecord, ProofSource};
use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

/// Longest evidence text accepted, in bytes.
pub const MAX_EVIDENCE_BYTES: usize = 16 * 1024;
/// How far in the future a `recorded_at` may be (clock skew between machines).
const MAX_CLOCK_SKEW: Duration = Duration::minutes(5);

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ProofInput {
    pub system: String,
    pub outcome: Outcome,
    #[serde(default)]
    pub evidence: String,
    #[serde(
        default,
        with = "time::serde::rfc3339::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub recorded_at: Option<OffsetDateTime>,
}

/// What is wrong with an input, naming the field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct InvalidField {
    pub field: &'static str,
    pub message: String,
}

impl ProofInput {
    pub fn validate(
        self,
        catalog: &Catalog,
        source: ProofSource,
        now: OffsetDateTime,
    ) -> Result<ProofRecord, InvalidField> {
        let system = catalog
            .find_system(&self.system)
            .map(|s| s.id.clone())
            .ok_or_else(|| InvalidField {
                field: "system",
                message: format!("unknown system {:?}", self.system),
            })?;
        if self.evidence.len() > MAX_EVIDENCE_BYTES {
            return Err(InvalidField {
                field: "evidence",
                message: format!(
                    "{} bytes; at most {MAX_EVIDENCE_BYTES} are accepted",
                    self.evidence.len()
                ),
            });
        }
        let recorded_at = self
            .recorded_at
            .unwrap_or(now)
            .to_offset(time::UtcOffset::UTC);
        if recorded_at > now + MAX_CLOCK_SKEW {
            return Err(InvalidField {
                field: "recorded_at",
                message: "is in the future".to_owned(),
            });
        }
        Ok(ProofRecord {
            system,
            outcome: self.outcome,
            recorded_at,
            evidence: self.evidence,
            source,
        })
    }
}
