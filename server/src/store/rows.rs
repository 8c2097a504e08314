//! A stored row as the backends read it, checked into a proof record (a row that is not one is
//! left out with a log line that never repeats what it holds), and the store's instants.

use super::{StoreError, StoredProof};
use readiness::{Outcome, ProofRecord, ProofSource, SystemId};
use time::OffsetDateTime;

/// Valid rows (newest first, each with its `known_at_ms`) as known proofs in stored order, and
/// the greatest id among all rows (`after_id` when there are none).
pub(super) fn stored_order(
    rows: impl IntoIterator<Item = (RawRow, Option<i64>)>,
    after_id: i64,
) -> (Vec<readiness::changes::KnownProof>, i64) {
    let mut last = after_id;
    let mut out: Vec<_> = rows
        .into_iter()
        .filter_map(|(row, known_ms)| {
            last = last.max(row.id);
            let known = known_ms.and_then(|ms| readiness::instant::from_unix_ms(ms).ok());
            match row.into_stored() {
                Ok(stored) => {
                    let proof = readiness::changes::KnownProof::new(stored.record, known);
                    Some(proof.with_receipt(stored.id.unsigned_abs()))
                }
                Err(e) => {
                    tracing::warn!(error = %e, "skipping an unreadable proof record");
                    None
                }
            }
        })
        .collect();
    out.reverse();
    (out, last)
}

pub(super) struct RawRow {
    pub(super) id: i64,
    pub(super) system: String,
    pub(super) outcome: String,
    pub(super) recorded_at_ms: i64,
    pub(super) duration_ms: Option<i64>,
    pub(super) evidence: String,
    pub(super) output_sha256: Option<String>,
    pub(super) source: String,
}

impl RawRow {
    pub(super) fn into_stored(self) -> Result<StoredProof, StoreError> {
        let corrupt = |reason: String| StoreError::Corrupt {
            id: self.id,
            reason,
        };
        // What a row holds is never said: a row written by hand may hold anything, a secret too.
        let system = SystemId::parse(self.system.clone())
            .map_err(|_| corrupt("its system is not a system id".into()))?;
        let outcome = Outcome::parse(&self.outcome)
            .ok_or_else(|| corrupt("its outcome is neither pass nor fail".into()))?;
        let source = ProofSource::parse(&self.source)
            .ok_or_else(|| corrupt("its source is not one the board writes".into()))?;
        let recorded_at = readiness::instant::from_unix_ms(self.recorded_at_ms)
            .map_err(|_| corrupt("its instant is outside the years 2000 to 9900".into()))?;
        let digest_ok = |d: &String| d.len() == 64 && d.bytes().all(|b| b.is_ascii_hexdigit());
        if self.output_sha256.as_ref().is_some_and(|d| !digest_ok(d)) {
            return Err(corrupt("its output digest is not 64 hex characters".into()));
        }
        Ok(StoredProof {
            id: self.id,
            record: ProofRecord {
                system,
                outcome,
                recorded_at,
                evidence: self.evidence,
                source,
            },
            duration_ms: self.duration_ms.map(|d| d.max(0) as u64),
            output_sha256: self.output_sha256,
        })
    }
}

/// An instant as the store keeps it: Unix milliseconds.
pub fn unix_ms(at: OffsetDateTime) -> i64 {
    i64::try_from(at.unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX)
}

/// Rows that are not valid records (written by an older version, or by hand) are left out with
/// a log line: one bad row must never make the whole board unreadable.
pub(super) fn valid_rows(rows: impl IntoIterator<Item = RawRow>) -> Vec<StoredProof> {
    rows.into_iter()
        .filter_map(|row| match row.into_stored() {
            Ok(stored) => Some(stored),
            Err(e) => {
                tracing::warn!(error = %e, "skipping an unreadable proof record");
                None
            }
        })
        .collect()
}

/// The first instant a stored record may carry, in Unix milliseconds.
pub(super) fn earliest_ms() -> i64 {
    unix_ms(readiness::instant::EARLIEST)
}

#[cfg(test)]
mod tests {
    use super::RawRow;

    /// Found by attack (issue 22): a row written into the store by hand with a secret in its
    /// `system` put the secret in the log (the reason named the value), and one in its digest
    /// was served on the receipt. A row that is not a record is refused without saying what
    /// it holds.
    #[test]
    fn a_row_that_is_not_a_record_is_refused_without_repeating_it() {
        let row = |system: &str, digest: Option<&str>| RawRow {
            id: 7,
            system: system.to_owned(),
            outcome: "pass".to_owned(),
            recorded_at_ms: 1_764_000_000_000,
            duration_ms: None,
            evidence: "ok".to_owned(),
            output_sha256: digest.map(str::to_owned),
            source: "cli".to_owned(),
        };
        // Spelt in parts, as the project writes canaries: never a live key to a secret scanner.
        let secret = concat!("sk_", "live_", "Zq9xSECRET");
        for bad in [row(secret, None), row("core-runtime", Some(secret))] {
            let error = bad.into_stored().unwrap_err().to_string();
            assert!(!error.contains(secret), "{error}");
            assert!(error.contains('7'), "the row is named by its id: {error}");
        }
        let digest = "ab".repeat(32);
        assert!(row("core-runtime", Some(&digest)).into_stored().is_ok());
    }
}
