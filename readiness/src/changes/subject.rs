//! What a change is about: a system's status and why it moved, a motion's verdict (and the
//! catalog edit behind it), a claim lifted, a system's or a motion's expected day.

use crate::catalog::Text;
use crate::ids::{MotionId, SystemId};
use crate::status::Status;
use serde::{Deserialize, Serialize};

/// Why a system's status moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Cause {
    ProofPassed,
    ProofFailed,
    ProofExpired,
    CatalogChanged,
    ConfigurationChanged,
}

impl Cause {
    pub fn words(self) -> &'static str {
        match self {
            Cause::ProofPassed => "proof passed",
            Cause::ProofFailed => "proof failed",
            Cause::ProofExpired => "proof expired",
            Cause::CatalogChanged => "catalog changed",
            Cause::ConfigurationChanged => "configuration changed",
        }
    }
}

/// What changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Subject {
    /// A system's status moved `from` → `to`.
    System {
        system: SystemId,
        from: Status,
        to: Status,
        cause: Cause,
    },
    /// A motion became able to move, or gated; `because` names the systems whose status moved.
    Motion {
        motion: MotionId,
        can_move: bool,
        because: Vec<SystemId>,
        /// Set when a catalog edit added, removed or reworded the motion (part of the change's id
        /// for a reword only, which can come with a verdict's change at the same instant).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        edit: Option<MotionEdit>,
    },
    /// A claim of a motion was lifted, or is disallowed again.
    Claim {
        motion: MotionId,
        claim: Text,
        lifted: bool,
    },
    /// When a system that is not ready is expected: its day passed (`from` = `to`, overdue),
    /// or an edit gave, moved or removed it.
    Expected {
        system: SystemId,
        #[serde(with = "crate::expected::day::option", default)]
        #[cfg_attr(
            feature = "schema",
            schemars(with = "Option<crate::expected::DaySchema>")
        )]
        from: Option<time::Date>,
        #[serde(with = "crate::expected::day::option", default)]
        #[cfg_attr(
            feature = "schema",
            schemars(with = "Option<crate::expected::DaySchema>")
        )]
        to: Option<time::Date>,
        /// The day (`to`) has passed and the system is still not ready.
        overdue: bool,
    },
    /// When a motion that cannot move is expected to, when it differs from what its changes
    /// last said (`from`: that day; `None` when none was said or none was given): the latest
    /// day among the systems it waits on (`to`; `None`: one of them has no day), whether it
    /// passed, and which of them is overdue already.
    /// A proof or an expiry that changes what it waits on moves it as an edit of a day does
    /// (found by attack: a proof moved an offer's day and nobody was told).
    MotionExpected {
        motion: MotionId,
        #[serde(with = "crate::expected::day::option", default)]
        #[cfg_attr(
            feature = "schema",
            schemars(with = "Option<crate::expected::DaySchema>")
        )]
        from: Option<time::Date>,
        #[serde(with = "crate::expected::day::option", default)]
        #[cfg_attr(
            feature = "schema",
            schemars(with = "Option<crate::expected::DaySchema>")
        )]
        to: Option<time::Date>,
        /// The day (`to`) has passed and the motion still cannot move.
        overdue: bool,
        /// The systems it waits on whose own day has passed, in its order.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        late: Vec<SystemId>,
        /// The systems whose status moved it, or whose day passed (empty for an edit).
        because: Vec<SystemId>,
    },
}

/// How a catalog edit brought about a motion's change: it added the motion, or removed it (with
/// the offer's words, which the board no longer has). Found by attack (issue 22): an offer
/// added not yet available was e-mailed as "no longer available".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum MotionEdit {
    Added,
    /// `was_available`: whether it could move just before (its change says `can_move: false`).
    Removed {
        offer: String,
        was_available: bool,
    },
    /// The motion kept its id but its offer now reads `to` (it read `from`); `was_available`:
    /// whether it could move just before. Found by attack (issue 22): two offers swapping ids
    /// recorded nothing, and their followers were moved to the other offer.
    Reworded {
        from: String,
        to: String,
        was_available: bool,
    },
}

impl Subject {
    /// The motion the change is about (its verdict, a claim or its day), if any.
    pub fn motion(&self) -> Option<&MotionId> {
        match self {
            Subject::Motion { motion, .. }
            | Subject::Claim { motion, .. }
            | Subject::MotionExpected { motion, .. } => Some(motion),
            Subject::System { .. } | Subject::Expected { .. } => None,
        }
    }
}
