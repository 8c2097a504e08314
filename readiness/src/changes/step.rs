//! One stretch of the replay in motion: the state and the counters that make each status move
//! cost O(dependents) (unmet requirements per motion, systems not ready per claim), stepped one
//! instant at a time; and the words of each kind of change.

use super::awaited::{awaited, blocked, Awaited};
use super::events::Event;
use super::words::{claim_change, proof_moved, verdict_words};
use super::{Cause, Change, State, Subject};
use crate::catalog::Catalog;
use crate::status::Status;
use std::sync::Arc;
use time::OffsetDateTime;

/// The state being replayed, with the counters that make each status move O(dependents).
#[derive(Debug, Clone)]
pub(super) struct Replay {
    pub(super) catalog: Arc<Catalog>,
    pub(super) state: State,
    /// Per system: (motion, status it must reach).
    pub(super) requirements: Vec<Vec<(usize, Status)>>,
    /// Per system: (motion, claim) whose `until_ready` names it.
    claims: Vec<Vec<(usize, usize)>>,
    /// Per motion: requirements not met, plus one while any system is blocked and it says so.
    unmet: Vec<u32>,
    /// Per motion and claim: systems of `until_ready` not ready (plus one if it can never lift).
    not_ready: Vec<Vec<u32>>,
    /// Per system: the step it was last touched in, and the status and cause it ends the step with.
    pending: Vec<(usize, Status, Cause)>,
    steps: usize,
    /// Per motion: when it is expected to move (`None`: it can); and the systems blocked (no
    /// proof moves a system into or out of blocked: only an edit, which starts a new replay).
    pub(super) awaited: Vec<Option<Awaited>>,
    /// Per motion: what its changes last said of its day (kept while it can move).
    pub(super) said: Vec<Option<Awaited>>,
    pub(super) blocked: Vec<usize>,
}

impl Replay {
    pub(super) fn new(catalog: Arc<Catalog>, state: State, at: OffsetDateTime) -> Self {
        let n = catalog.systems().len();
        let mut requirements = vec![Vec::new(); n];
        let mut claims = vec![Vec::new(); n];
        let any_blocked = state.statuses.contains(&Status::Blocked);
        let mut unmet = Vec::new();
        let mut not_ready = Vec::new();
        for (m, motion) in catalog.motions().iter().enumerate() {
            let mut count = u32::from(motion.no_blocked_systems && any_blocked);
            for requirement in &motion.requires {
                if let Some(at) = catalog.system_position(&requirement.system) {
                    requirements[at].push((m, requirement.at_least));
                    count += u32::from(state.statuses[at] < requirement.at_least);
                }
            }
            unmet.push(count);
            let per_claim = motion.claims.iter().enumerate().map(|(c, claim)| {
                let mut count = u32::from(claim.until_ready.is_empty());
                for id in claim.until_ready.iter() {
                    match catalog.system_position(id) {
                        Some(at) => {
                            claims[at].push((m, c));
                            count += u32::from(state.statuses[at] != Status::Ready);
                        }
                        None => count += 1,
                    }
                }
                count
            });
            not_ready.push(per_claim.collect());
        }
        let blocked = blocked(&state.statuses);
        let awaited: Vec<_> = (0..catalog.motions().len())
            .map(|m| awaited(&catalog, m, &state.statuses, &blocked, at))
            .collect();
        Self {
            catalog,
            state,
            requirements,
            claims,
            unmet,
            not_ready,
            pending: vec![(usize::MAX, Status::Blocked, Cause::ProofPassed); n],
            steps: 0,
            said: awaited.clone(),
            awaited,
            blocked,
        }
    }

    /// Applies the events of one instant and appends the net changes.
    pub(super) fn step(&mut self, events: &[Event], out: &mut Vec<Change>) {
        let (step, at) = (self.steps, events[0].at);
        self.steps += 1;
        let mut touched = Vec::new();
        for event in events {
            if self.pending[event.system].0 != step {
                touched.push(event.system);
            }
            self.pending[event.system] = (step, event.to, event.cause);
        }
        touched.sort_unstable();
        let mut moved = Vec::new();
        let mut motions = Vec::new();
        let mut claims = Vec::new();
        for system in touched {
            let (_, to, cause) = self.pending[system];
            let from = self.state.statuses[system];
            if to == from {
                continue;
            }
            self.state.statuses[system] = to;
            moved.push(system);
            out.push(proof_moved(&self.catalog, at, system, (from, to, cause)));
            for &(m, at_least) in &self.requirements[system] {
                let (was, is) = (from >= at_least, to >= at_least);
                if was != is {
                    if is {
                        self.unmet[m] -= 1
                    } else {
                        self.unmet[m] += 1
                    }
                    motions.push(m);
                }
            }
            for &(m, c) in &self.claims[system] {
                if is_ready(to) {
                    self.not_ready[m][c] -= 1
                } else if is_ready(from) {
                    self.not_ready[m][c] += 1
                }
                claims.push((m, c));
            }
        }
        motions.sort_unstable();
        motions.dedup();
        self.verdicts(at, &moved, &motions, out);
        self.days(at, &moved, &motions, out);
        self.lifts(at, claims, out);
    }

    fn verdicts(
        &mut self,
        at: OffsetDateTime,
        moved: &[usize],
        motions: &[usize],
        out: &mut Vec<Change>,
    ) {
        for &m in motions {
            let can_move = self.unmet[m] == 0;
            if can_move == self.state.can_move[m] {
                continue;
            }
            self.state.can_move[m] = can_move;
            let motion = &self.catalog.motions()[m];
            let because = self.because(m, moved);
            let text = verdict_words(&self.catalog, motion, &self.state.statuses, can_move);
            out.push(Change::new(
                at,
                Subject::Motion {
                    motion: motion.id.clone(),
                    can_move,
                    because,
                    edit: None,
                },
                text,
            ));
        }
    }

    fn lifts(
        &mut self,
        at: OffsetDateTime,
        mut claims: Vec<(usize, usize)>,
        out: &mut Vec<Change>,
    ) {
        claims.sort_unstable();
        claims.dedup();
        for (m, c) in claims {
            let lifted = self.not_ready[m][c] == 0;
            if lifted == self.state.lifted[m][c] {
                continue;
            }
            self.state.lifted[m][c] = lifted;
            let motion = &self.catalog.motions()[m];
            out.push(claim_change(at, motion, &motion.claims[c].text, lifted));
        }
    }
}

fn is_ready(status: Status) -> bool {
    status == Status::Ready
}
