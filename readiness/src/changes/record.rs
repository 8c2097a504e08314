//! The record a board is computed from: the inputs in force over time (catalog and configured
//! names, each set content-addressed) and the proofs in the order the board learned of them.
//! Nothing in it is ever rewritten: an edit of the inputs is a new entry from its instant on, and
//! a proof counts from the later of its own instant and the instant it was stored.

use super::{InForce, InputSet, KnownProof};
use crate::ids::SystemId;
use crate::proof::replaces;
use std::sync::atomic::{AtomicU64, Ordering as AtomicOrdering};
use std::sync::Arc;
use time::OffsetDateTime;

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
    pub(super) inputs: Vec<InForce>,
    /// `true` while no inputs were ever recorded and `inputs` holds the reader's own.
    pub(super) unrecorded: bool,
    /// Known at or before `through`.
    pub(super) proofs: imbl::Vector<KnownProof>,
    /// Known after `through`, in known order.
    pub(super) ahead: Vec<KnownProof>,
    pub(super) through: OffsetDateTime,
    /// The newest proof of each system among `proofs` (ties: the later known).
    pub(super) newest: imbl::HashMap<SystemId, KnownProof>,
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
