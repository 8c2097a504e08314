//! The record a board is computed from: the inputs in force over time (catalog and configured
//! names, each set content-addressed) and the proofs in the order the board learned of them.
//! Nothing in it is ever rewritten: an edit of the inputs is a new entry from its instant on, and
//! a proof counts from the later of its own instant and the instant it was stored.

use crate::catalog::Catalog;
use crate::engine::evaluate;
use crate::environment::Environment;
use crate::ids::SystemId;
use crate::proof::{replaces, LatestProofs, ProofRecord};
use crate::Board;
use sha2::{Digest, Sha256};
use std::cmp::Ordering;
use std::sync::atomic::{AtomicU64, Ordering as AtomicOrdering};
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

/// Everything the history is replayed from: input sets ordered by `from` (never empty; the
/// first also counts before its `from`), proofs ordered by `known_at` (ties: in stored order).
/// Cheap to clone and to extend: a snapshot and the next share the proofs they both hold.
///
/// A record read for a board has a horizon (`through`): every write stored after the read is
/// known from it or later (the store's stamps never go below it), so nothing before the horizon
/// can change any more, and a replay never goes beyond it. Proofs known after the horizon (stamped
/// ahead of the clock) wait aside until a later horizon passes them.
#[derive(Debug, Clone)]
pub struct Record {
    inputs: Vec<InForce>,
    /// `true` while no inputs were ever recorded and `inputs` holds the reader's own.
    unrecorded: bool,
    /// Known at or before `through`.
    proofs: imbl::Vector<KnownProof>,
    /// Known after `through`, in known order.
    ahead: Vec<KnownProof>,
    through: OffsetDateTime,
    /// The newest proof of each system among `proofs` (ties: the later known).
    newest: imbl::HashMap<SystemId, KnownProof>,
    /// Shared by a record and its extensions only: a replay can tell it may go on from here.
    lineage: u64,
}

impl Record {
    /// `inputs` in the order they came into force (the first also counts for any instant before
    /// it, as nothing else was recorded then, but keeps its own `from`: "in force since"),
    /// `first` when none was ever recorded; `proofs` in the order they were stored. No horizon:
    /// what a command that only reads computes from.
    pub fn new(first: Arc<InputSet>, inputs: Vec<InForce>, proofs: Vec<KnownProof>) -> Self {
        Self::read(first, inputs, proofs, crate::instant::END)
    }

    /// [`Record::new`], read with the horizon `through` (see the type's words).
    pub fn read(
        first: Arc<InputSet>,
        mut inputs: Vec<InForce>,
        mut proofs: Vec<KnownProof>,
        through: OffsetDateTime,
    ) -> Self {
        static LINEAGES: AtomicU64 = AtomicU64::new(0);
        inputs.sort_by_key(|e| e.from);
        let unrecorded = inputs.is_empty();
        if unrecorded {
            inputs.push(InForce {
                from: crate::instant::EARLIEST,
                inputs: first,
            });
        }
        proofs.sort_by_key(|p| p.known_at);
        let mut record = Self {
            inputs,
            unrecorded,
            proofs: imbl::Vector::new(),
            ahead: Vec::new(),
            through,
            newest: imbl::HashMap::new(),
            lineage: LINEAGES.fetch_add(1, AtomicOrdering::Relaxed),
        };
        record.take(proofs);
        record
    }

    /// A record under one input set, in force from the beginning.
    pub fn single(inputs: Arc<InputSet>, proofs: Vec<KnownProof>) -> Self {
        Self::new(inputs, Vec::new(), proofs)
    }

    /// This record with input sets that came into force since and proofs stored since (each in
    /// stored order) appended, read with the horizon `through`, sharing what it holds. `None`
    /// when one of them counts from before what this record holds (before its horizon, or
    /// inputs when none were recorded): then the whole record must be read again.
    pub fn extended(
        &self,
        inputs: Vec<InForce>,
        proofs: Vec<KnownProof>,
        through: OffsetDateTime,
    ) -> Option<Self> {
        let last_from = self.inputs.last().map(|e| e.from);
        if !inputs.is_empty()
            && (self.unrecorded || !in_order(last_from, inputs.iter().map(|e| e.from)))
        {
            return None;
        }
        if through < self.through || proofs.iter().any(|p| p.known_at < self.through) {
            return None;
        }
        let mut next = self.clone();
        next.inputs.extend(inputs);
        next.through = through;
        let mut incoming = std::mem::take(&mut next.ahead);
        incoming.extend(proofs);
        // Stable: of two proofs known at once, the one stored first stays first.
        incoming.sort_by_key(|p| p.known_at);
        next.take(incoming);
        Some(next)
    }

    /// Takes proofs in known order: those known by the horizon join the proofs, the rest wait.
    fn take(&mut self, proofs: Vec<KnownProof>) {
        for proof in proofs {
            if proof.known_at > self.through {
                self.ahead.push(proof);
                continue;
            }
            let record = &proof.record;
            if replaces(record, self.newest.get(&record.system).map(|k| &k.record)) {
                self.newest.insert(record.system.clone(), proof.clone());
            }
            self.proofs.push_back(proof);
        }
    }

    /// The horizon: nothing known before it can be stored any more.
    pub fn through(&self) -> OffsetDateTime {
        self.through
    }

    /// The last instant up to `at` that nothing can change any more (just before the horizon):
    /// what a board may publish. A board at a later instant could show what a write stored
    /// after this read takes back (an expiry that a waiting write, stamped before it, averts).
    pub fn settled(&self, at: OffsetDateTime) -> OffsetDateTime {
        at.min(self.through - time::Duration::milliseconds(1))
    }

    /// Whether `other` is this record or an extension of it.
    pub fn same_lineage(&self, other: &Record) -> bool {
        self.lineage == other.lineage
    }

    /// The input sets in the order they came into force.
    pub fn inputs(&self) -> &[InForce] {
        &self.inputs
    }

    /// The proofs known by the horizon, in the order they became known.
    pub fn proofs(&self) -> &imbl::Vector<KnownProof> {
        &self.proofs
    }

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

/// Whether `later` is in order and none of it comes before `last`.
fn in_order(last: Option<OffsetDateTime>, later: impl Iterator<Item = OffsetDateTime>) -> bool {
    let mut previous = last;
    later.into_iter().all(|at| {
        let fine = previous.is_none_or(|p| p <= at);
        previous = Some(at);
        fine
    })
}

/// The changes recorded at the instant `at`, in their order (found by a binary search).
pub fn at_instant(
    changes: &super::Changes,
    at: OffsetDateTime,
) -> impl Iterator<Item = &super::Change> {
    let start = partition_point(changes, |c| c.at < at);
    let same = changes.focus().narrow(start..).into_iter();
    same.take_while(move |c| c.at == at)
}

/// The first index whose item fails `pred`, in a vector where `pred` holds for a prefix.
pub fn partition_point<T: Clone>(items: &imbl::Vector<T>, pred: impl Fn(&T) -> bool) -> usize {
    let found = items.binary_search_by(|item| {
        if pred(item) {
            Ordering::Less
        } else {
            Ordering::Greater
        }
    });
    found.unwrap_or_else(|at| at)
}

/// The newest of `proofs`, with their receipts.
fn latest_of<'a>(proofs: impl IntoIterator<Item = &'a KnownProof>) -> LatestProofs {
    let mut latest = LatestProofs::default();
    for proof in proofs {
        latest.offer(proof.record.clone(), proof.receipt);
    }
    latest
}
