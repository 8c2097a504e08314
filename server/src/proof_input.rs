//! The one shape of an incoming proof record, shared by `POST /api/proofs`, `proof add` and
//! `proof import`: `{system, outcome, evidence, recorded_at?}`, checked against the catalog and
//! redacted of every secret value the receiver knows before anything is stored.

use crate::redact::Redactor;
use readiness::{parse_instant, Catalog, Outcome, ProofRecord, ProofSource};
use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

/// Longest evidence text accepted, in bytes.
pub const MAX_EVIDENCE_BYTES: usize = 16 * 1024;
/// How far in the future a `recorded_at` may be (clock skew between machines).
pub const MAX_CLOCK_SKEW: Duration = Duration::minutes(5);

/// A proof record to push.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProofInput {
    pub system: String,
    pub outcome: Outcome,
    #[serde(default)]
    pub evidence: String,
    /// RFC 3339; parsed and bounded by [`readiness::parse_instant`]. Default: now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recorded_at: Option<String>,
}

/// What is wrong with an input, naming the field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct InvalidField {
    pub field: &'static str,
    pub message: String,
}

fn invalid(field: &'static str, message: impl Into<String>) -> InvalidField {
    InvalidField {
        field,
        message: message.into(),
    }
}

impl ProofInput {
    pub fn validate(
        self,
        catalog: &Catalog,
        source: ProofSource,
        now: OffsetDateTime,
        redactor: &Redactor,
    ) -> Result<ProofRecord, InvalidField> {
        let system = catalog
            .find_system(&self.system)
            .ok_or_else(|| invalid("system", format!("unknown system {:?}", self.system)))?;
        if self.outcome == Outcome::Pass && system.proof_command.trim().is_empty() {
            return Err(invalid(
                "outcome",
                format!(
                    "{} has no proof command, so it cannot be proven: a pass is refused",
                    system.id
                ),
            ));
        }
        if self.evidence.trim().is_empty() {
            return Err(invalid("evidence", "is required: say what was checked"));
        }
        if self.evidence.contains('\0') {
            return Err(invalid("evidence", "must not contain NUL bytes"));
        }
        if self.evidence.len() > MAX_EVIDENCE_BYTES {
            return Err(invalid(
                "evidence",
                format!(
                    "{} bytes; at most {MAX_EVIDENCE_BYTES} are accepted",
                    self.evidence.len()
                ),
            ));
        }
        let now = readiness::canonical(now).map_err(|e| invalid("recorded_at", e.to_string()))?;
        let recorded_at = match &self.recorded_at {
            None => now,
            Some(text) => parse_instant(text).map_err(|e| invalid("recorded_at", e.to_string()))?,
        };
        if recorded_at > now + MAX_CLOCK_SKEW {
            return Err(invalid("recorded_at", "is in the future"));
        }
        Ok(ProofRecord {
            system: system.id.clone(),
            outcome: self.outcome,
            recorded_at,
            evidence: redactor.redact(&self.evidence),
            source,
        })
    }
}
