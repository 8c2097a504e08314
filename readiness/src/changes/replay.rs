//! The replay: every proof record and every expiry is an event; events at one instant form one
//! step; a step's net effect on statuses, verdicts and claims is the list of changes; an edit of
//! the inputs that moves anything is a change of its own. A [`Replayer`] keeps its place, so
//! replaying a longer record replays only what came after (a write costs the same on a long
//! history); anything that counts from before its place makes it start over.

use super::due;
use super::edit::Edit;
use super::events::{events, provable_systems, Newests};
use super::step::Replay;
use super::{Change, State};
use super::{InForce, KnownProof, Record};
use crate::catalog::Catalog;
use crate::engine::evaluate;
use crate::environment::Environment;
use crate::proof::{LatestProofs, ProofRecord};
use std::sync::Arc;
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
    let set = super::InputSet::new("", Arc::new(catalog.clone()), env);
    let known = history.iter().map(|r| KnownProof::new(r.clone(), None));
    let record = Record::single(Arc::new(set), known.collect());
    let timeline = replay(&record, until);
    let first = timeline.stretches[0].state.clone();
    (first, timeline.changes.into_iter().collect())
}

/// Every change of the record up to `until`, oldest first, each stretch of inputs replayed with
/// the inputs then in force.
pub fn replay(record: &Record, until: OffsetDateTime) -> Timeline {
    Replayer::new().advance(record, until).clone()
}

/// The changes, and where each stretch of inputs starts among them with the state it starts in.
/// Cheap to clone: a snapshot shares the changes with the next.
#[derive(Debug, Clone, Default)]
pub struct Timeline {
    pub stretches: Vec<StretchStart>,
    pub changes: super::Changes,
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

/// A replay that keeps its place between calls (see the module's words).
#[derive(Debug, Clone, Default)]
pub struct Replayer {
    progress: Option<Progress>,
    starts: u64,
}

#[derive(Debug, Clone)]
struct Progress {
    /// The record replayed last; any other must be an extension of it to go on.
    record: Record,
    timeline: Timeline,
    newest: Newests,
    /// Events are applied through this instant.
    after: OffsetDateTime,
    /// The stretch being replayed (`record.inputs()[stretch]`), with its counters and which of
    /// its systems a passing proof makes ready.
    stretch: usize,
    replay: Replay,
    provable: Vec<bool>,
}

impl Replayer {
    pub fn new() -> Self {
        Self::default()
    }

    /// How many times it replayed from the start (a metric; once is the least).
    pub fn starts(&self) -> u64 {
        self.starts
    }

    /// The changes of `record` up to `until`, and never up to its horizon (what is known from
    /// the horizon on may still be stored). Goes on from where the last call stopped when
    /// `record` extends the record it replayed with nothing counting from before that point;
    /// starts over otherwise. Never goes back: with an earlier `until` it returns what it has.
    pub fn advance(&mut self, record: &Record, until: OffsetDateTime) -> &Timeline {
        let until = record.settled(until);
        let progress = match self.progress.take() {
            Some(p) if p.goes_on(record) => p,
            _ => {
                self.starts += 1;
                Progress::start(record)
            }
        };
        let progress = self.progress.insert(progress);
        progress.catch_up(record, until);
        &progress.timeline
    }
}

impl Progress {
    fn start(record: &Record) -> Self {
        let first = &record.inputs()[0].inputs;
        let board = evaluate(
            &first.catalog,
            &first.environment,
            &LatestProofs::default(),
            crate::instant::EARLIEST,
        );
        let state = State::of(&board);
        let start = StretchStart {
            from: crate::instant::EARLIEST,
            input: 0,
            state: state.clone(),
            first_change: 0,
        };
        let mut newest = Newests::default();
        newest.add(record.proofs());
        Self {
            record: record.clone(),
            timeline: Timeline {
                stretches: vec![start],
                changes: imbl::Vector::new(),
            },
            newest,
            after: crate::instant::EARLIEST - time::Duration::milliseconds(1),
            stretch: 0,
            // Late or not as the record began: a day passed before it is how the board began
            // (found by attack: systems late from the start were told as newly late at the
            // first proof that touched their offer).
            replay: Replay::new(Arc::clone(&first.catalog), state, record.inputs()[0].from),
            provable: provable_systems(&first.catalog, &first.environment),
        }
    }

    /// Whether `record` extends the one replayed with nothing known or in force by `after`.
    fn goes_on(&self, record: &Record) -> bool {
        let (held, after) = (&self.record, self.after);
        let (proofs, inputs) = (held.proofs().len(), held.inputs().len());
        held.same_lineage(record)
            && record.proofs().len() >= proofs
            && record.inputs().len() >= inputs
            && record
                .proofs()
                .get(proofs)
                .is_none_or(|p| p.known_at > after)
            && record.inputs().get(inputs).is_none_or(|e| e.from > after)
    }

    fn catch_up(&mut self, record: &Record, until: OffsetDateTime) {
        let seen = self.record.proofs().len();
        self.newest.add(record.proofs().focus().narrow(seen..));
        self.record = record.clone();
        while until > self.after {
            let next = record.inputs().get(self.stretch + 1);
            let end = next.map_or(until, |n| n.from.min(until));
            self.replay_events(&record.inputs()[self.stretch], end);
            match next {
                Some(next) if next.from <= until => self.edit(record, next),
                _ => break,
            }
        }
    }

    /// Applies the events of the stretch in `(after, end]`, one instant at a time.
    fn replay_events(&mut self, stretch: &InForce, end: OffsetDateTime) {
        if end <= self.after {
            return;
        }
        let catalog = &stretch.inputs.catalog;
        let events = events(catalog, &self.provable, &self.newest, self.after, end);
        // A day that passed before the record began is how the board began, not a change
        // (found by attack: a change dated before the board ever ran).
        let mut passing = due::days_passing(catalog, self.after.max(stretch.from), end)
            .into_iter()
            .peekable();
        let mut out = Vec::new();
        for step in events.chunk_by(|a, b| a.at == b.at) {
            // A day that passes before this step's instant is judged on the state before it.
            while let Some((when, system)) = passing.next_if(|(when, _)| *when < step[0].at) {
                self.overdue(catalog, system, when, &mut out);
            }
            self.replay.step(step, &mut out);
        }
        for (when, system) in passing {
            self.overdue(catalog, system, when, &mut out);
        }
        crate::buyer_line::write_lines(catalog, &mut out);
        self.timeline.changes.extend(out);
        self.after = end;
    }

    /// System `system`'s expected day passed at `when`: a change unless it is ready then, and
    /// one for each motion it keeps from moving whose own day passed with it.
    fn overdue(
        &mut self,
        catalog: &Catalog,
        system: usize,
        when: OffsetDateTime,
        out: &mut Vec<Change>,
    ) {
        let status = self.replay.state.statuses[system];
        out.extend(due::overdue(catalog, system, status, when));
        self.replay.day_passed(system, when, out);
    }

    /// Puts `next` (the stretch after the current one) in force: its edit's changes, then a
    /// stretch of its own from the state the edit leaves.
    fn edit(&mut self, record: &Record, next: &InForce) {
        let old = &record.inputs()[self.stretch].inputs;
        let new = &next.inputs;
        let latest = record.latest_at(next.from);
        let board = evaluate(&new.catalog, &new.environment, &latest, next.from);
        let state = State::of(&board);
        let mut out = Vec::new();
        Edit {
            at: next.from,
            old: (&old.catalog, &old.environment, &self.replay.state),
            new: (&new.catalog, &new.environment, &state),
            catalog_changed: old.catalog_sha256 != new.catalog_sha256,
        }
        .changes(&mut out);
        due::days_moved(
            next.from,
            &old.catalog,
            &new.catalog,
            &state.statuses,
            &mut out,
        );
        let mut replay = Replay::new(Arc::clone(&new.catalog), state.clone(), next.from);
        replay.carry_said(next.from, &self.replay, &mut out);
        crate::buyer_line::write_lines(&new.catalog, &mut out);
        self.timeline.changes.extend(out);
        self.stretch += 1;
        self.timeline.stretches.push(StretchStart {
            from: next.from,
            input: self.stretch,
            state: state.clone(),
            first_change: self.timeline.changes.len(),
        });
        self.replay = replay;
        self.provable = provable_systems(&new.catalog, &new.environment);
        self.after = next.from;
    }
}
