//! The events of a replay: each time a system's newest proof changes (a record becomes known that
//! is at least as new as the one held), and each expiry of the newest passing proof before
//! anything replaces it, in time order, within one stretch of inputs.

use super::Cause;
use super::KnownProof;
use crate::catalog::{Catalog, System};
use crate::engine::system_view;
use crate::environment::Environment;
use crate::ids::SystemId;
use crate::proof::{Outcome, ProofRecord, ProofSource};
use crate::status::Status;
use rustc_hash::FxHashMap;
use time::{Duration, OffsetDateTime};

pub(super) struct Event {
    pub(super) at: OffsetDateTime,
    pub(super) system: usize,
    pub(super) to: Status,
    pub(super) cause: Cause,
}

/// From `at` on, a system's newest proof was recorded at `recorded_at` and passed or not.
#[derive(Debug, Clone, Copy)]
pub(super) struct Newest {
    pub(super) at: OffsetDateTime,
    pub(super) recorded_at: OffsetDateTime,
    pub(super) passed: bool,
}

/// Per system id, the instants its newest proof changed, oldest first.
#[derive(Debug, Clone, Default)]
pub(super) struct Newests(FxHashMap<SystemId, Vec<Newest>>);

impl Newests {
    /// Takes in `proofs` in the order they became known, each known no earlier than every proof
    /// taken so far; a record no newer than the one held changes nothing.
    pub(super) fn add<'a>(&mut self, proofs: impl IntoIterator<Item = &'a KnownProof>) {
        for proof in proofs {
            let record = &proof.record;
            let held = self.0.get(&record.system).and_then(|list| list.last());
            if held.is_some_and(|held| held.recorded_at > record.recorded_at) {
                continue;
            }
            let newest = Newest {
                at: proof.known_at,
                recorded_at: record.recorded_at,
                passed: record.outcome == Outcome::Pass,
            };
            match self.0.get_mut(&record.system) {
                Some(list) => list.push(newest),
                None => {
                    self.0.insert(record.system.clone(), vec![newest]);
                }
            }
        }
    }

    fn get(&self, system: &SystemId) -> Option<&Vec<Newest>> {
        self.0.get(system)
    }
}

/// Per system of `catalog` (in order), whether a fresh passing proof makes it ready under `env`:
/// computed once per stretch of inputs.
pub(super) fn provable_systems(catalog: &Catalog, env: &Environment) -> Vec<bool> {
    catalog.systems().iter().map(|s| provable(s, env)).collect()
}

/// A system whose status a fresh passing proof makes ready (configured, with a proof command).
fn provable(system: &System, env: &Environment) -> bool {
    let at = crate::instant::EARLIEST;
    let proof = ProofRecord {
        system: system.id.clone(),
        outcome: Outcome::Pass,
        recorded_at: at,
        evidence: String::new(),
        source: ProofSource::Api,
    };
    system_view(system, env, Some(&proof), at).status == Status::Ready
}

/// The events in `(after, until]` under one catalog and environment, by instant (stable).
pub(super) fn events(
    catalog: &Catalog,
    provable: &[bool],
    newest: &Newests,
    after: OffsetDateTime,
    until: OffsetDateTime,
) -> Vec<Event> {
    let mut events = Vec::new();
    for (system, spec) in catalog.systems().iter().enumerate() {
        let Some(list) = newest.get(&spec.id).filter(|_| provable[system]) else {
            continue;
        };
        let max_age = Duration::days(i64::from(spec.proof_max_age_days));
        let first = list.partition_point(|n| n.at <= after);
        // The proof held when the stretch starts may still expire within it.
        for i in first.saturating_sub(1)..list.len() {
            let newest = list[i];
            if newest.at > until {
                break;
            }
            let expires = newest
                .recorded_at
                .checked_add(max_age)
                .unwrap_or(crate::instant::END);
            if newest.at > after {
                let (to, cause) = match (newest.passed, newest.at < expires) {
                    (true, true) => (Status::Ready, Cause::ProofPassed),
                    (true, false) => (Status::ConfiguredUnproven, Cause::ProofExpired),
                    (false, _) => (Status::ConfiguredUnproven, Cause::ProofFailed),
                };
                let at = newest.at;
                events.push(Event {
                    at,
                    system,
                    to,
                    cause,
                });
            }
            let replaced = list.get(i + 1).is_some_and(|next| next.at <= expires);
            if newest.passed
                && expires > after
                && expires > newest.at
                && expires <= until
                && !replaced
            {
                events.push(Event {
                    at: expires,
                    system,
                    to: Status::ConfiguredUnproven,
                    cause: Cause::ProofExpired,
                });
            }
        }
    }
    events.sort_by_key(|e| e.at);
    events
}
