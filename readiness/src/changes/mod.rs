//! Readiness over time: the ordered list of **changes** between consecutive boards (a system's
//! status, a motion's verdict, a claim lifted or disallowed again), computed from the catalog,
//! the environment and the proof history. Every surface (API, page, feed, forecast, uptime)
//! reads this list. Each change has a stable id, an instant and plain words; no variable value.

mod awaited;
mod awaited_replay;
mod due;
mod edit;
mod edit_motions;
mod events;
mod forecast;
mod known;
mod record;
mod record_at;
mod replay;
mod search;
mod state;
mod step;
mod stretches;
mod subject;
mod target_met;
mod track;
mod uptime;
mod words;

pub use crate::over_time::{Segment, Upcoming, Uptime, UptimeReport};
pub use forecast::upcoming;
pub use known::{InForce, InputSet, KnownProof};
pub use record::Record;
pub use replay::{changes, replay, Replayer, StretchStart, Timeline};
pub use search::{at_instant, partition_point};
pub use state::State;
pub use subject::{Cause, MotionEdit, Subject};
pub use target_met::mark_late;

/// The list of changes, oldest first: a persistent vector, so a snapshot shares it with the
/// next and a new change is appended in O(log n), never copied.
pub type Changes = imbl::Vector<Change>;
pub use uptime::{uptime, uptime_of, uptime_report};

use crate::ids::{MotionId, SystemId};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

/// One transition between two consecutive boards.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Change {
    /// The same on every instance and after a restart: a digest of what changed and when.
    pub id: String,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::instant::InstantSchema"))]
    pub at: OffsetDateTime,
    #[serde(flatten)]
    pub subject: Subject,
    /// Plain words: "Stripe self-serve billing became ready: proof passed at 2026-11-26 14:02 UTC".
    pub text: String,
    /// The same change in a buyer's words, in the names in force when it happened (a later
    /// edit never rewrites it); absent when it is the team's only (a claim, a rename).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub for_buyers: Option<String>,
}

impl Change {
    pub fn new(at: OffsetDateTime, subject: Subject, text: String) -> Self {
        let key = format!(
            "{}|{}",
            at.unix_timestamp_nanos() / 1_000_000,
            key_of(&subject)
        );
        let id = hex32(&Sha256::digest(key.as_bytes()));
        Self {
            id,
            at,
            subject,
            text,
            for_buyers: None,
        }
    }

    /// Whether the change concerns `system` (its status, or a verdict it caused).
    pub fn concerns_system(&self, id: &SystemId) -> bool {
        match &self.subject {
            Subject::System { system, .. } => system == id,
            Subject::Motion { because, .. } => because.contains(id),
            Subject::Claim { .. } => false,
            Subject::Expected { system, .. } => system == id,
            Subject::MotionExpected { because, .. } => because.contains(id),
        }
    }

    /// Whether the change concerns `motion` (its verdict or its claims).
    pub fn concerns_motion(&self, id: &MotionId) -> bool {
        self.subject.motion() == Some(id)
    }
}

fn key_of(subject: &Subject) -> String {
    match subject {
        Subject::System {
            system, from, to, ..
        } => {
            format!("system|{system}|{}|{}", from.as_str(), to.as_str())
        }
        Subject::Motion {
            motion,
            edit: Some(MotionEdit::Reworded { from, .. }),
            ..
        } => format!("motion|{motion}|reworded|{from}"),
        Subject::Motion {
            motion, can_move, ..
        } => format!("motion|{motion}|{can_move}"),
        Subject::Claim {
            motion,
            claim,
            lifted,
        } => format!("claim|{motion}|{claim}|{lifted}"),
        Subject::Expected {
            system,
            from,
            to,
            overdue,
        } => format!("expected|{system}|{from:?}|{to:?}|{overdue}"),
        Subject::MotionExpected {
            motion,
            from,
            to,
            overdue,
            ..
        } => format!("motion_expected|{motion}|{from:?}|{to:?}|{overdue}"),
    }
}

pub(crate) fn hex32(bytes: &[u8]) -> String {
    bytes.iter().take(16).map(|b| format!("{b:02x}")).collect()
}
