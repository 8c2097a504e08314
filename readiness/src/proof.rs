//! Proof records (timestamped results of preflights and fixture runs) and the latest one per system.

use crate::ids::SystemId;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use time::OffsetDateTime;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Pass,
    Fail,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Pass => "pass",
            Outcome::Fail => "fail",
        }
    }

    /// What a proof with this outcome did, in the words the page and the CLI say it with.
    pub fn past_tense(self) -> &'static str {
        match self {
            Outcome::Pass => "passed",
            Outcome::Fail => "failed",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "pass" => Some(Outcome::Pass),
            "fail" => Some(Outcome::Fail),
            _ => None,
        }
    }
}

/// Who recorded a proof: an operator's CLI, the HTTP API, or demo data seeded at start-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ProofSource {
    Cli,
    Api,
    Demo,
}

impl ProofSource {
    pub fn as_str(self) -> &'static str {
        match self {
            ProofSource::Cli => "cli",
            ProofSource::Api => "api",
            ProofSource::Demo => "demo",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "cli" => Some(ProofSource::Cli),
            "api" => Some(ProofSource::Api),
            "demo" => Some(ProofSource::Demo),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ProofRecord {
    pub system: SystemId,
    pub outcome: Outcome,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::instant::InstantSchema"))]
    pub recorded_at: OffsetDateTime,
    pub evidence: String,
    pub source: ProofSource,
}

/// Whether `record` takes the place of `held` as its system's newest proof: it is at least as
/// new (of two stamped alike, the one offered later wins).
pub(crate) fn replaces(record: &ProofRecord, held: Option<&ProofRecord>) -> bool {
    held.is_none_or(|held| held.recorded_at <= record.recorded_at)
}

/// The newest proof record of each system (ties broken by the later record in the input), and
/// the receipt of each that was stored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LatestProofs {
    records: HashMap<SystemId, ProofRecord>,
    receipts: HashMap<SystemId, u64>,
}

impl LatestProofs {
    pub fn from_records(records: impl IntoIterator<Item = ProofRecord>) -> Self {
        let mut latest = LatestProofs::default();
        for record in records {
            latest.offer(record, None);
        }
        latest
    }

    /// Keeps `record` (stored under `receipt`, if it was) if it is at least as new as the one
    /// held for its system.
    pub fn offer(&mut self, record: ProofRecord, receipt: Option<u64>) {
        if replaces(&record, self.records.get(&record.system)) {
            match receipt {
                Some(id) => self.receipts.insert(record.system.clone(), id),
                None => self.receipts.remove(&record.system),
            };
            self.records.insert(record.system.clone(), record);
        }
    }

    pub fn get(&self, system: &SystemId) -> Option<&ProofRecord> {
        self.records.get(system)
    }

    /// The receipt of the record held for `system`, if it was stored.
    pub fn receipt(&self, system: &SystemId) -> Option<u64> {
        self.receipts.get(system).copied()
    }

    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }
}
