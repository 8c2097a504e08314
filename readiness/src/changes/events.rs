//! The events of a replay: each proof record of a provable system, and each expiry of a passing
//! proof that nothing newer supersedes first, in time order.

use super::Cause;
use crate::catalog::Catalog;
use crate::engine::system_view;
use crate::environment::Environment;
use crate::proof::{Outcome, ProofRecord, ProofSource};
use crate::status::Status;
use time::{Duration, OffsetDateTime};

pub(super) struct Event {
    pub(super) at: OffsetDateTime,
    pub(super) system: usize,
    pub(super) to: Status,
    pub(super) cause: Cause,
}

/// A system whose status a fresh passing proof makes ready (configured, with a proof command).
fn provable(system: &crate::catalog::System, env: &Environment) -> bool {
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

/// Records and expiries of provable systems, by instant (stable: a system's own order is kept).
pub(super) fn events(
    catalog: &Catalog,
    env: &Environment,
    history: &[ProofRecord],
    until: OffsetDateTime,
) -> Vec<Event> {
    let systems = catalog.systems();
    let provable: Vec<bool> = systems.iter().map(|s| provable(s, env)).collect();
    let mut by_system: Vec<Vec<&ProofRecord>> = vec![Vec::new(); systems.len()];
    for record in history.iter().filter(|r| r.recorded_at <= until) {
        if let Some(at) = catalog
            .system_position(&record.system)
            .filter(|&at| provable[at])
        {
            by_system[at].push(record);
        }
    }
    let mut events = Vec::with_capacity(history.len() * 2);
    for (system, records) in by_system.iter_mut().enumerate() {
        records.sort_by_key(|r| r.recorded_at);
        let max_age = Duration::days(i64::from(systems[system].proof_max_age_days));
        for (i, record) in records.iter().enumerate() {
            let passed = record.outcome == Outcome::Pass;
            let (to, cause) = if passed {
                (Status::Ready, Cause::ProofPassed)
            } else {
                (Status::ConfiguredUnproven, Cause::ProofFailed)
            };
            events.push(Event {
                at: record.recorded_at,
                system,
                to,
                cause,
            });
            let expires = record
                .recorded_at
                .checked_add(max_age)
                .unwrap_or(crate::instant::END);
            let superseded = records
                .get(i + 1)
                .is_some_and(|next| next.recorded_at <= expires);
            if passed && expires <= until && !superseded {
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
