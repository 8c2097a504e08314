//! A record read at one instant: the inputs then in force and since when, the proofs then known
//! and the newest of each system's, the board then, and when something recorded next comes
//! into force.

use super::record::Record;
use super::search::partition_point;
use super::{InForce, InputSet, KnownProof};
use crate::engine::evaluate;
use crate::proof::{replaces, LatestProofs};
use crate::Board;
use std::sync::Arc;
use time::OffsetDateTime;

impl Record {
    /// How many proofs were known at `at`.
    pub fn known_count(&self, at: OffsetDateTime) -> usize {
        partition_point(&self.proofs, |p| p.known_at <= at)
    }

    /// The inputs in force at `at` (the first set before anything was recorded).
    pub fn inputs_at(&self, at: OffsetDateTime) -> &Arc<InputSet> {
        &self.entry_at(at).inputs
    }

    /// The entry in force at `at`: the inputs and since when.
    pub fn entry_at(&self, at: OffsetDateTime) -> &InForce {
        let later = self.inputs.partition_point(|e| e.from <= at);
        &self.inputs[later.saturating_sub(1)]
    }

    /// When the catalog in force at `at` (by digest) came into force in the record: the start
    /// of the run of input sets with that catalog up to `at`. `None` when none was recorded.
    /// Read off the record, never off a file, so a past board's says the same on every instance
    /// and after any edit (found by attack: a file's modification time moved past boards).
    pub fn catalog_since(&self, at: OffsetDateTime) -> Option<OffsetDateTime> {
        if self.unrecorded || self.before_the_record(at) {
            return None;
        }
        let end = self.inputs.partition_point(|e| e.from <= at).max(1);
        let sha = &self.inputs[end - 1].inputs.catalog_sha256;
        let run = self.inputs[..end]
            .iter()
            .rev()
            .take_while(|e| &e.inputs.catalog_sha256 == sha)
            .last()?;
        Some(run.from)
    }

    /// The first instant after `at` at which something recorded comes into force (an input set,
    /// or a proof known later, from a writer whose clock is ahead): a board must be recomputed then.
    pub fn next_after(&self, at: OffsetDateTime) -> Option<OffsetDateTime> {
        let inputs = self.inputs.iter().map(|e| e.from).find(|&from| from > at);
        let proof = self.proofs.get(self.known_count(at)).map(|p| p.known_at);
        let ahead = self
            .ahead
            .iter()
            .map(|p| p.known_at)
            .find(|&known| known > at);
        inputs.into_iter().chain(proof).chain(ahead).min()
    }

    /// What a board computed at `at` says of its inputs; `None` before the record begins (no
    /// inputs were recorded yet: found by attack, a board of 2000 said its inputs were in force
    /// "since" a later instant than its own).
    pub fn info_at(&self, at: OffsetDateTime) -> Option<crate::InputsInfo> {
        if self.before_the_record(at) {
            return None;
        }
        let entry = self.entry_at(at);
        Some(crate::InputsInfo {
            id: entry.inputs.id.clone(),
            in_force_since: entry.from,
        })
    }

    /// When the record began (its first input set), unless nothing was ever recorded.
    pub fn began(&self) -> Option<OffsetDateTime> {
        (!self.unrecorded)
            .then(|| self.inputs.first().map(|first| first.from))
            .flatten()
    }

    /// `true` for an instant before the first input set recorded (a board then is computed
    /// with the first recorded inputs, the only ones known, and says none was in force yet).
    pub fn before_the_record(&self, at: OffsetDateTime) -> bool {
        !self.unrecorded && self.inputs.first().is_some_and(|first| at < first.from)
    }

    /// The newest proof of each system among those known at `at` (ties: the later one known).
    /// Borrowed while scanning, so only the winners are cloned.
    pub fn latest_at(&self, at: OffsetDateTime) -> LatestProofs {
        let known = self.known_count(at);
        let ahead = self.ahead.partition_point(|p| p.known_at <= at);
        if known == self.proofs.len() && ahead == 0 {
            return latest_of(self.newest.values());
        }
        let mut newest: rustc_hash::FxHashMap<&crate::SystemId, &KnownProof> =
            rustc_hash::FxHashMap::default();
        let ahead = self.ahead[..ahead].iter();
        for proof in self.proofs.focus().narrow(..known).into_iter().chain(ahead) {
            let record = &proof.record;
            if replaces(record, newest.get(&record.system).map(|k| &k.record)) {
                newest.insert(&record.system, proof);
            }
        }
        latest_of(newest.into_values())
    }

    /// The board as it was at `at`: the inputs then in force, the proofs then known.
    pub fn board_at(&self, at: OffsetDateTime) -> Board {
        let inputs = self.inputs_at(at);
        evaluate(
            &inputs.catalog,
            &inputs.environment,
            &self.latest_at(at),
            at,
        )
    }
}

/// The newest of `proofs`, with their receipts.
fn latest_of<'a>(proofs: impl IntoIterator<Item = &'a KnownProof>) -> LatestProofs {
    let mut latest = LatestProofs::default();
    for proof in proofs {
        latest.offer(proof.record.clone(), proof.receipt);
    }
    latest
}
