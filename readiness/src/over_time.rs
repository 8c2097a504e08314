//! What the board says about time beyond "now": coming proof expiries and readiness uptime.
//! The types live here (the board carries them); `changes` computes them.

use crate::catalog::Text;
use crate::ids::{MotionId, SystemId};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// How far ahead the forecast looks ("Upcoming"), in days.
pub const FORECAST_DAYS: i64 = 30;
/// How far back readiness uptime looks, in days.
pub const UPTIME_DAYS: i64 = 90;

/// One coming expiry of a passing proof, and the motions it will gate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Upcoming {
    pub system: SystemId,
    pub system_name: Text,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::instant::InstantSchema"))]
    pub expires_at: OffsetDateTime,
    /// Motions that can move now and would be gated from then on.
    pub gates: Vec<MotionId>,
    /// "Core runtime's proof expires on 3 Dec 2026: Invoice-led paid beta would be gated".
    pub text: String,
}

/// A stretch of a window during which the value held (`on`: could move, or was ready).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Segment {
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::instant::InstantSchema"))]
    pub from: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::instant::InstantSchema"))]
    pub to: OffsetDateTime,
    pub on: bool,
    /// `false` before the record began: no data, never counted as down (nor as up).
    pub recorded: bool,
    /// What started this stretch, in plain words (the change's), when a change did.
    pub cause: Option<String>,
}

/// One motion's (or system's) uptime over a window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Uptime {
    pub id: String,
    /// Between 0 and 1, of the recorded part of the window (`recorded_from` to `to`).
    pub share: f64,
    pub segments: Vec<Segment>,
}

/// Uptime of every motion and system over the window `[from, to]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct UptimeReport {
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::instant::InstantSchema"))]
    pub from: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::instant::InstantSchema"))]
    pub to: OffsetDateTime,
    /// Where the data starts: `from`, or when the record began if that is later (a new
    /// install has no 90 days of history, and the time before it is not downtime).
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::instant::InstantSchema"))]
    pub recorded_from: OffsetDateTime,
    pub motions: Vec<Uptime>,
    pub systems: Vec<Uptime>,
}

impl UptimeReport {
    pub fn motion(&self, id: &MotionId) -> Option<&Uptime> {
        self.motions.iter().find(|u| u.id == id.as_str())
    }

    pub fn system(&self, id: &SystemId) -> Option<&Uptime> {
        self.systems.iter().find(|u| u.id == id.as_str())
    }
}
