//! The one shape of an incoming proof record, shared by `POST /api/proofs`, `proof add` and
//! `proof import`: `{system, outcome, evidence, recorded_at?, duration_ms?, output_sha256?}`,
//! checked against the catalog and redacted of every secret value the receiver knows before
//! anything is stored.

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
    /// How long the proof command ran, in milliseconds (at most a week).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_ms: Option<u64>,
    /// SHA-256 of the command's redacted output, 64 lower-case hex digits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_sha256: Option<String>,
}

/// The longest run a record may say it took: a week.
pub const MAX_DURATION_MS: u64 = 7 * 24 * 3_600_000;

/// What a record says of its run besides its outcome: duration and output digest.
pub type RunDetails = (Option<u64>, Option<String>);

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
    /// The run's duration and output digest, checked: a week at most, 64 lower-case hex digits.
    pub fn details(&self) -> Result<RunDetails, InvalidField> {
        if self.duration_ms.is_some_and(|ms| ms > MAX_DURATION_MS) {
            return Err(invalid(
                "duration_ms",
                format!("at most {MAX_DURATION_MS} (a week)"),
            ));
        }
        let hex =
            |d: &String| d.len() == 64 && d.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
        if self.output_sha256.as_ref().is_some_and(|d| !hex(d)) {
            return Err(invalid(
                "output_sha256",
                "must be 64 lower-case hex digits (a SHA-256)",
            ));
        }
        Ok((self.duration_ms, self.output_sha256.clone()))
    }

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
        self.details()?;
        Ok(ProofRecord {
            system: system.id.clone(),
            outcome: self.outcome,
            recorded_at,
            evidence: redactor.redact(&self.evidence),
            source,
        })
    }
}
