//! What a stored proof record stands for on a board: the proof that makes its system ready, one a
//! newer proof replaced, or a pass that does not count and why ("passed, but STRIPE_SECRET_KEY is
//! not set"). Read by the receipt page and by the board's rows, in the same words.

use crate::board::{Board, SystemView};
use crate::ids::SystemId;
use crate::proof::Outcome;
use crate::proof_problem::ProofProblem;
use crate::status::Status;

impl SystemView {
    /// Why this system's newest proof, a pass still fresh, does not make it ready (`None` when it
    /// does, or when the newest proof is not such a pass): after "passed, but".
    pub fn uncounted_pass(&self) -> Option<String> {
        let proof = self.proof.as_ref()?;
        let fresh_pass = proof.outcome == Outcome::Pass && self.proof_problem().is_none();
        if !fresh_pass || self.status == Status::Ready {
            return None;
        }
        Some(match self.missing.as_slice() {
            [] if self.proof_command.is_empty() => "the system has no proof command".to_owned(),
            [] => self.reason.clone(),
            [one] => format!("{one} is not set"),
            many => format!("{} are not set", crate::english::and_list(many)),
        })
    }
}

/// What the record stored under `receipt`, a proof of `system`, stands for on `board`.
pub fn standing(board: &Board, system: &SystemId, receipt: u64) -> String {
    let Some(view) = board.system(system) else {
        return "Its system is no longer in the catalog: it counts for nothing on the board now."
            .to_owned();
    };
    let name = &view.name;
    let Some(proof) = view.proof.as_ref().filter(|p| p.receipt == Some(receipt)) else {
        return format!("A newer proof of {name} has replaced this one: it no longer counts.");
    };
    if let Some(why) = view.uncounted_pass() {
        return format!(
            "Passed, but {why}: {name} is not ready, and this pass does not count until then."
        );
    }
    match (view.proof_problem(), proof.expires_at) {
        (None, Some(until)) => format!(
            "This is the proof that makes {name} ready now, until {}.",
            crate::instant::display_instant(until)
        ),
        (None, None) => format!("This is the proof that makes {name} ready now."),
        (Some(ProofProblem::Expired { at }), _) => format!(
            "This pass expired {}: {name} needs a new proof to be ready.",
            crate::instant::display_instant(at)
        ),
        (Some(_), _) => {
            format!("This failed proof is {name}'s newest: it keeps it from being ready.")
        }
    }
}

/// Who recorded a proof, in plain words (a receipt's "Recorded by").
pub fn recorded_by(source: crate::proof::ProofSource) -> &'static str {
    match source {
        crate::proof::ProofSource::Cli => "an operator, with the vendor-readiness command line",
        crate::proof::ProofSource::Api => "a push to the board's API",
        crate::proof::ProofSource::Demo => {
            "the demonstration data seeded at start-up (it proves nothing)"
        }
    }
}
