//! A system's status as a buyer reads it (issue 22, attack round 5): why it is where it is, in
//! plain words, without group names, variables or "fixture" (found by attack: the buyer's table
//! said "Fixture settings missing (Fixture identities)" and named `STRIPE_SECRET_KEY`). The
//! team's view keeps the engine's reason and the names.

use crate::board::SystemView;
use crate::catalog::GroupKind;
use crate::instant::display_instant;
use crate::proof_problem::ProofProblem;
use crate::status::Status;

impl SystemView {
    /// Why this system stands where it does, for a buyer.
    pub fn reason_for_buyers(&self) -> String {
        let unset = |kind: GroupKind| self.groups.iter().any(|g| g.kind == kind && !g.configured);
        match self.status {
            Status::ManualFallback => "Done by hand by our team for now.".to_owned(),
            Status::Blocked => "Not set up yet.".to_owned(),
            Status::ConfiguredUnproven if unset(GroupKind::Fixture) => {
                "Set up; the means to check it are not in place yet.".to_owned()
            }
            Status::ConfiguredUnproven if self.ceiling < Status::Ready => {
                "Set up; it has no automatic check.".to_owned()
            }
            Status::ConfiguredUnproven => match self.proof_problem() {
                Some(ProofProblem::Failed { at }) => {
                    format!("Set up; its last check failed at {}.", display_instant(at))
                }
                Some(ProofProblem::Expired { at }) => {
                    format!("Set up; its last check ran out at {}.", display_instant(at))
                }
                _ => "Set up; not checked yet.".to_owned(),
            },
            Status::Ready => match &self.proof {
                Some(p) => format!("Checked at {}.", display_instant(p.recorded_at)),
                None => "Ready.".to_owned(),
            },
        }
    }

    /// After "Passed, but" on the buyer's page: the pass does not count, said without the
    /// variables behind it (the team's view and the receipt name them).
    pub fn uncounted_for_buyers(&self) -> Option<&'static str> {
        self.uncounted_pass().map(|_| "it is not fully set up yet")
    }
}
