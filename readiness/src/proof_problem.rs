//! What keeps a system's newest proof from making it ready: one rule, read by the status and its
//! reason (`engine`) and by a strict bundle's blockers, instead of each deciding it again.

use crate::board::{ProofView, SystemView};
use crate::proof::Outcome;
use time::OffsetDateTime;

/// Why a system's proof does not make it ready.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProofProblem {
    /// No proof was ever recorded.
    Missing,
    /// The newest proof failed, recorded `at`.
    Failed { at: OffsetDateTime },
    /// The newest proof passed but expired `at`.
    Expired { at: OffsetDateTime },
}

impl ProofProblem {
    /// The problem of the newest proof `proof` (`None`: a fresh pass).
    pub fn of(proof: Option<&ProofView>) -> Option<Self> {
        match proof {
            None => Some(Self::Missing),
            Some(p) if p.outcome == Outcome::Fail => Some(Self::Failed { at: p.recorded_at }),
            Some(ProofView {
                expires_at: Some(at),
                expired: true,
                ..
            }) => Some(Self::Expired { at: *at }),
            Some(_) => None,
        }
    }

    /// After a system's name: "has no proof", "last proof failed at …", "proof expired at …".
    pub fn words(&self) -> String {
        let at = crate::instant::display_instant;
        match self {
            Self::Missing => "has no proof".to_owned(),
            Self::Failed { at: when } => format!("last proof failed at {}", at(*when)),
            Self::Expired { at: when } => format!("proof expired at {}", at(*when)),
        }
    }
}

impl SystemView {
    /// Why this system's proof does not make it ready, if it does not.
    pub fn proof_problem(&self) -> Option<ProofProblem> {
        ProofProblem::of(self.proof.as_ref())
    }
}
