//! What the changes speak of at one instant, and how one change moves it.

use super::{Change, Subject};
use crate::board::Board;
use crate::catalog::Catalog;
use crate::status::Status;

/// What the changes speak of at one instant, in catalog order: each system's status, each
/// motion's verdict, each claim's "lifted".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct State {
    pub statuses: Vec<Status>,
    pub can_move: Vec<bool>,
    pub lifted: Vec<Vec<bool>>,
}

impl State {
    pub fn of(board: &Board) -> Self {
        Self {
            statuses: board.systems.iter().map(|s| s.status).collect(),
            can_move: board.motions.iter().map(|m| m.can_move).collect(),
            lifted: board
                .motions
                .iter()
                .map(|m| m.claims.iter().map(|c| c.lifted).collect())
                .collect(),
        }
    }

    /// Applies one change (replaying the list from the first state gives any later one).
    pub fn apply(&mut self, change: &Change, catalog: &Catalog) {
        match &change.subject {
            Subject::System { system, to, .. } => {
                if let Some(at) = catalog.system_position(system) {
                    self.statuses[at] = *to;
                }
            }
            Subject::Motion {
                motion, can_move, ..
            } => {
                if let Some(at) = catalog.motions().iter().position(|m| &m.id == motion) {
                    self.can_move[at] = *can_move;
                }
            }
            Subject::Claim {
                motion,
                claim,
                lifted,
            } => {
                if let Some(m) = catalog.motions().iter().position(|m| &m.id == motion) {
                    if let Some(c) = catalog.motions()[m]
                        .claims
                        .iter()
                        .position(|c| &c.text == claim)
                    {
                        self.lifted[m][c] = *lifted;
                    }
                }
            }
            // "When" moves no status, verdict or claim.
            Subject::Expected { .. } | Subject::MotionExpected { .. } => {}
        }
    }
}
