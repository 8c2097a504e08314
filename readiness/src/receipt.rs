//! What a stored proof record stands for on a board: the proof that makes its system ready, one a
//! newer proof replaced, one the board has not counted yet, or a proof that does not count and
//! why ("passed, but STRIPE_SECRET_KEY is not set"). Read by the receipt page, `proof show` and
//! the board's rows, in the same words.

use crate::board::{Board, ProofView, SystemView};
use crate::ids::SystemId;
use crate::proof::{Outcome, ProofSource};
use crate::proof_problem::ProofProblem;
use crate::status::Status;
use time::OffsetDateTime;

/// A stored record, as [`standing`] reads it.
pub struct Stored<'a> {
    pub system: &'a SystemId,
    /// The store's id of the record.
    pub receipt: u64,
    pub recorded_at: OffsetDateTime,
    pub source: ProofSource,
    /// When a newer record of its system, already stored but stamped ahead of the clock,
    /// comes to count (`None`: none is stored).
    pub next_at: Option<OffsetDateTime>,
}

impl SystemView {
    /// What keeps this system from being ready besides its proof, in words ("A and B are not
    /// set", "FLAG is not set to true"); `None` when nothing does.
    pub fn missing_words(&self) -> Option<String> {
        let plain = self.missing.iter().all(|m| !m.contains('='));
        match self.missing.as_slice() {
            [] => None,
            [one] if plain => Some(format!("{one} is not set")),
            many if plain => Some(format!("{} are not set", crate::english::and_list(many))),
            many => {
                let each = many.iter().map(|m| match m.split_once('=') {
                    Some((name, value)) => format!("{name} is not set to {value}"),
                    None => format!("{m} is not set"),
                });
                Some(crate::english::and_list(&each.collect::<Vec<_>>()))
            }
        }
    }

    /// Why this system's newest proof, a pass still fresh, does not make it ready (`None` when it
    /// does, or when the newest proof is not such a pass): after "passed, but".
    pub fn uncounted_pass(&self) -> Option<String> {
        let proof = self.proof.as_ref()?;
        let fresh_pass = proof.outcome == Outcome::Pass && self.proof_problem().is_none();
        if !fresh_pass || self.status == Status::Ready {
            return None;
        }
        Some(match self.missing_words() {
            _ if self.ceiling != Status::Ready => "the system has no proof command".to_owned(),
            Some(missing) => missing,
            None => self.reason.clone(),
        })
    }
}

/// What `record` stands for on `board` at `now` (the clock's instant, not the board's: a board
/// may be a minute old), said first when it is demonstration data.
pub fn standing(board: &Board, record: &Stored, now: OffsetDateTime) -> String {
    let mut said = standing_of(board, record, now);
    // Found by attack: "ready now, until …" while a record already stored would replace it in
    // seconds. What counts now is said, and what is already known to come.
    let current = board
        .system(record.system)
        .filter(|s| s.proof.as_ref().and_then(|p| p.receipt) == Some(record.receipt));
    if let (Some(next), Some(view)) = (record.next_at.filter(|at| *at > now), current) {
        let name = &view.name;
        let when = crate::instant::display_instant(next);
        said.push_str(&format!(" A newer record of {name}, already stored, is stamped {when}: it replaces this one then."));
    }
    match record.source {
        ProofSource::Demo => {
            format!("Demonstration data, which proves nothing about a real deployment. {said}")
        }
        _ => said,
    }
}

fn standing_of(board: &Board, record: &Stored, now: OffsetDateTime) -> String {
    let at = crate::instant::display_instant;
    let Some(view) = board.system(record.system) else {
        return "Its system is no longer in the catalog: it counts for nothing on the board now."
            .to_owned();
    };
    let name = &view.name;
    if record.recorded_at > now {
        let when = at(record.recorded_at);
        return format!(
            "This record is stamped {when}, ahead of the clock: it counts for {name} from then."
        );
    }
    match view.proof.as_ref() {
        Some(proof) if proof.receipt == Some(record.receipt) => the_newest(view, proof),
        Some(proof) if newer(proof, record) => {
            format!("A newer proof of {name} has replaced this one: it no longer counts.")
        }
        // Stored since the board last read the store (by another process or instance).
        _ => format!("The board has not read this record yet: it counts for {name} once it does, within seconds."),
    }
}

/// Whether the board's proof came after `record` (of two stamped alike, the later stored).
fn newer(proof: &ProofView, record: &Stored) -> bool {
    (proof.recorded_at, proof.receipt) > (record.recorded_at, Some(record.receipt))
}

/// What the board's newest proof of `view` stands for.
fn the_newest(view: &SystemView, proof: &ProofView) -> String {
    let name = &view.name;
    if view.ceiling != Status::Ready {
        return format!("{name} has no proof command, so no proof makes it ready: this record counts for nothing on the board.");
    }
    let also = view.missing_words();
    let at = crate::instant::display_instant;
    match (view.proof_problem(), also) {
        (None, _) if view.status == Status::Ready => match proof.expires_at {
            Some(until) => format!("This is the proof that makes {name} ready now, until {}.", at(until)),
            None => format!("This is the proof that makes {name} ready now."),
        },
        (None, _) => {
            let why = view.uncounted_pass().unwrap_or_else(|| view.reason.clone());
            format!("Passed, but {why}: {name} is not ready, and this pass does not count until then.")
        }
        (Some(ProofProblem::Expired { at: when }), None) => {
            format!("This pass expired {}: {name} needs a new proof to be ready.", at(when))
        }
        (Some(ProofProblem::Expired { at: when }), Some(also)) => format!(
            "This pass expired {}: {name} needs a new proof to be ready, and {also}.",
            at(when)
        ),
        (Some(_), None) => format!("This failed proof is the newest of {name}: it keeps it from being ready."),
        (Some(_), Some(also)) => format!(
            "This failed proof is the newest of {name}, which would not be ready after a pass either: {also}."
        ),
    }
}

/// Who recorded a proof, in plain words (a receipt's "Recorded by").
pub fn recorded_by(source: ProofSource) -> &'static str {
    match source {
        ProofSource::Cli => "an operator, with the vendor-readiness command line",
        ProofSource::Api => "a push to the board's API",
        ProofSource::Demo => "the demonstration data seeded at start-up (it proves nothing)",
    }
}
