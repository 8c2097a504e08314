//! The replay: every proof record and every expiry is an event; events at one instant form one
//! step; a step's net effect on statuses, verdicts and claims is the list of changes. Linear in
//! the records after one sort: each status move updates counters of the requirements and claims
//! that rest on it (unmet requirements per motion, systems not ready per claim), never a board.

use super::events::{events, newest_by_system, Event};
use super::record::{KnownProof, Record};
use super::{Cause, Change, State, Subject};
use crate::catalog::Catalog;
use crate::engine::{display_instant, evaluate};
use crate::environment::Environment;
use crate::proof::{LatestProofs, ProofRecord};
use crate::status::Status;
use time::OffsetDateTime;

/// The first state (no proof recorded yet) and every change up to `until`, oldest first, under
/// one catalog and environment. `history` holds proof records in the order they were stored
/// (ties: the later one wins), each counting from its own instant.
pub fn changes(
    catalog: &Catalog,
    env: &Environment,
    history: &[ProofRecord],
    until: OffsetDateTime,
) -> (State, Vec<Change>) {
    let known: Vec<KnownProof> = history
        .iter()
        .map(|r| KnownProof::new(r.clone(), None))
        .collect();
    let stretch = [Stretch {
        from: crate::instant::EARLIEST,
        catalog,
        env,
        catalog_sha256: "",
    }];
    let timeline = run(&stretch, &known, &|_| LatestProofs::default(), until);
    let first = timeline.stretches.into_iter().next().map(|s| s.state);
    (
        first.unwrap_or_else(|| first_state(catalog, env)),
        timeline.changes,
    )
}

/// Every change of the record up to `until`, oldest first, each stretch of inputs replayed with
/// the inputs then in force, and an edit of the inputs that moves anything a change of its own.
pub fn replay(record: &Record, until: OffsetDateTime) -> Timeline {
    let stretches: Vec<Stretch> = record
        .inputs()
        .iter()
        .map(|e| Stretch {
            from: e.from,
            catalog: &e.inputs.catalog,
            env: &e.inputs.environment,
            catalog_sha256: &e.inputs.catalog_sha256,
        })
        .collect();
    run(
        &stretches,
        record.proofs(),
        &|at| record.latest_at(at),
        until,
    )
}

/// The changes, and where each stretch of inputs starts among them with the state it starts in.
#[derive(Debug, Clone, Default)]
pub struct Timeline {
    pub stretches: Vec<StretchStart>,
    pub changes: Vec<Change>,
}

/// A stretch of inputs (the record's `inputs()[input]`) from `from`: its first state, and the
/// index of its first change after the edit's own.
#[derive(Debug, Clone)]
pub struct StretchStart {
    pub from: OffsetDateTime,
    pub input: usize,
    pub state: State,
    pub first_change: usize,
}

struct Stretch<'a> {
    from: OffsetDateTime,
    catalog: &'a Catalog,
    env: &'a Environment,
    catalog_sha256: &'a str,
}

fn first_state(catalog: &Catalog, env: &Environment) -> State {
    let board = evaluate(
        catalog,
        env,
        &LatestProofs::default(),
        crate::instant::EARLIEST,
    );
    State::of(&board)
}

fn run(
    stretches: &[Stretch],
    proofs: &[KnownProof],
    latest_at: &dyn Fn(OffsetDateTime) -> LatestProofs,
    until: OffsetDateTime,
) -> Timeline {
    let newest = newest_by_system(proofs);
    let mut out = Timeline::default();
    let Some(first) = stretches.first() else {
        return out;
    };
    let mut state = first_state(first.catalog, first.env);
    let mut after = crate::instant::EARLIEST - time::Duration::milliseconds(1);
    for (k, stretch) in stretches.iter().enumerate() {
        if k > 0 {
            if stretch.from > until {
                break;
            }
            let board = evaluate(
                stretch.catalog,
                stretch.env,
                &latest_at(stretch.from),
                stretch.from,
            );
            let next = State::of(&board);
            let edit = super::edit::Edit {
                at: stretch.from,
                old: (stretches[k - 1].catalog, stretches[k - 1].env, &state),
                new: (stretch.catalog, stretch.env, &next),
                catalog_changed: stretches[k - 1].catalog_sha256 != stretch.catalog_sha256,
            };
            edit.changes(&mut out.changes);
            state = next;
            after = stretch.from;
        }
        out.stretches.push(StretchStart {
            from: after.max(crate::instant::EARLIEST),
            input: k,
            state: state.clone(),
            first_change: out.changes.len(),
        });
        let end = stretches.get(k + 1).map_or(until, |n| n.from.min(until));
        let events = events(stretch.catalog, stretch.env, &newest, after, end);
        let mut replay = Replay::new(stretch.catalog, state);
        let mut start = 0;
        while start < events.len() {
            let at = events[start].at;
            let end = start + events[start..].iter().take_while(|e| e.at == at).count();
            replay.step(&events[start..end], &mut out.changes);
            start = end;
        }
        state = replay.state;
    }
    out
}

/// The state being replayed, with the counters that make each status move O(dependents).
struct Replay<'a> {
    catalog: &'a Catalog,
    state: State,
    /// Per system: (motion, status it must reach).
    requirements: Vec<Vec<(usize, Status)>>,
    /// Per system: (motion, claim) whose `until_ready` names it.
    claims: Vec<Vec<(usize, usize)>>,
    /// Per motion: requirements not met, plus one while any system is blocked and it says so.
    unmet: Vec<u32>,
    /// Per motion and claim: systems of `until_ready` not ready (plus one if it can never lift).
    not_ready: Vec<Vec<u32>>,
    /// Per system: the step it was last touched in, and the status and cause it ends the step with.
    pending: Vec<(usize, Status, Cause)>,
    steps: usize,
}

impl<'a> Replay<'a> {
    fn new(catalog: &'a Catalog, state: State) -> Self {
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
        Self {
            catalog,
            state,
            requirements,
            claims,
            unmet,
            not_ready,
            pending: vec![(usize::MAX, Status::Blocked, Cause::ProofPassed); n],
            steps: 0,
        }
    }

    /// Applies the events of one instant and appends the net changes.
    fn step(&mut self, events: &[Event], out: &mut Vec<Change>) {
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
            out.push(self.system_change(at, system, from, to, cause));
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
        self.verdicts(at, &moved, motions, out);
        self.lifts(at, claims, out);
    }

    fn verdicts(
        &mut self,
        at: OffsetDateTime,
        moved: &[usize],
        mut motions: Vec<usize>,
        out: &mut Vec<Change>,
    ) {
        motions.sort_unstable();
        motions.dedup();
        for m in motions {
            let can_move = self.unmet[m] == 0;
            if can_move == self.state.can_move[m] {
                continue;
            }
            self.state.can_move[m] = can_move;
            let motion = &self.catalog.motions()[m];
            let because: Vec<_> = moved
                .iter()
                .filter(|&&s| {
                    motion
                        .requires
                        .iter()
                        .any(|r| r.system == self.catalog.systems()[s].id)
                })
                .map(|&s| self.catalog.systems()[s].id.clone())
                .collect();
            let text = verdict_words(self.catalog, motion, &self.state.statuses, can_move);
            out.push(Change::new(
                at,
                Subject::Motion {
                    motion: motion.id.clone(),
                    can_move,
                    because,
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

    fn system_change(
        &self,
        at: OffsetDateTime,
        system: usize,
        from: Status,
        to: Status,
        cause: Cause,
    ) -> Change {
        let name = &self.catalog.systems()[system].name;
        let when = display_instant(at);
        let text = match cause {
            Cause::ProofExpired => {
                format!("{name} is no longer ready: its proof expired at {when}")
            }
            _ => format!("{name} became {}: {} at {when}", to.label(), cause.words()),
        };
        let id = self.catalog.systems()[system].id.clone();
        system_change(at, id, (from, to, cause), text)
    }
}

/// A system's move, with its words.
pub(super) fn system_change(
    at: OffsetDateTime,
    system: crate::ids::SystemId,
    (from, to, cause): (Status, Status, Cause),
    text: String,
) -> Change {
    let subject = Subject::System {
        system,
        from,
        to,
        cause,
    };
    Change::new(at, subject, text)
}

/// A claim lifted or disallowed again, with its words.
pub(super) fn claim_change(
    at: OffsetDateTime,
    motion: &crate::catalog::Motion,
    claim: &crate::catalog::Text,
    lifted: bool,
) -> Change {
    let words = if lifted {
        "may now be made"
    } else {
        "is disallowed again"
    };
    let text = format!("{}: \u{201c}{claim}\u{201d} {words}", motion.name);
    let subject = Subject::Claim {
        motion: motion.id.clone(),
        claim: claim.clone(),
        lifted,
    };
    Change::new(at, subject, text)
}

fn is_ready(status: Status) -> bool {
    status == Status::Ready
}

/// "Self-serve paid launch can move", or "… is gated: waiting on Stripe self-serve billing".
pub(super) fn verdict_words(
    catalog: &Catalog,
    motion: &crate::catalog::Motion,
    statuses: &[Status],
    can_move: bool,
) -> String {
    if can_move {
        return format!("{} can move", motion.name);
    }
    let waiting: Vec<&str> = motion
        .requires
        .iter()
        .filter(|r| {
            catalog
                .system_position(&r.system)
                .is_some_and(|s| statuses[s] < r.at_least)
        })
        .filter_map(|r| catalog.system(&r.system).map(|s| &*s.name))
        .collect();
    format!(
        "{} is gated: waiting on {}",
        motion.name,
        waiting.join(", ")
    )
}
