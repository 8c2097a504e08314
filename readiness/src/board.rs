//! The computed board: everything the page, the JSON API and the CLI show, computed once.

use crate::catalog::{GroupKind, PageText, ProofCommand, Text};
use crate::ids::{MotionId, SystemId};
use crate::proof::{Outcome, ProofSource};
use crate::status::Status;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use time::OffsetDateTime;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Board {
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::instant::InstantSchema"))]
    pub as_of: OffsetDateTime,
    /// Computed from the motions: "Invoice-led beta can move. Self-serve and ... stay gated."
    pub headline: String,
    pub page: PageText,
    pub summary: Summary,
    /// Distinct owners in catalog order, for the owner filter.
    pub owners: Vec<Text>,
    pub motions: Vec<MotionView>,
    pub systems: Vec<SystemView>,
    pub proof_commands: Vec<ProofCommand>,
    pub boundaries: Vec<String>,
    /// The same boundaries with the systems that lift each and whether it is in force now.
    #[serde(default)]
    pub boundary_status: Vec<BoundaryView>,
    /// True when any proof behind a status is demo data seeded at start-up.
    pub demo_data: bool,
    /// Whether the board describes a real deployment: `demo` while the instance runs the demo
    /// configuration, however many real proofs are pushed to it.
    #[serde(default)]
    pub deployment: Deployment,
    /// The board's version (the server's `GET /api/board/version` and this answer's ETag), so
    /// a JSON snapshot can be tied to a page; `None` for a past view.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Which catalog produced the board and when it last changed; filled in by whoever read the file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub catalog: Option<CatalogInfo>,
    /// Which recorded set of inputs (catalog and configured names) the board was computed with,
    /// and since when it is in force; filled in by whoever read the record. `null` for an instant
    /// before the record begins: no inputs were recorded yet (the board uses the first ones).
    #[serde(default)]
    pub inputs: Option<InputsInfo>,
    /// Present on a filtered view: what was asked and what matched.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter: Option<FilterInfo>,
    /// Coming proof expiries and what each will gate (filled in from the proof history).
    #[serde(default)]
    pub upcoming: Vec<crate::over_time::Upcoming>,
    /// Readiness uptime of each motion and system over the last 90 days (from the history).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uptime: Option<crate::over_time::UptimeReport>,
}

/// A boundary as the board states it: in force until every system in `lifted_by` is ready
/// (always, when it names none).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BoundaryView {
    pub text: String,
    /// In a buyer's words, for the public page; absent: the team's only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub for_buyers: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lifted_by: Vec<SystemId>,
    pub in_force: bool,
}

/// What a board of an instant before the record begins says of its inputs (page and CLI).
pub const NO_INPUTS_RECORDED_YET: &str = "No inputs (catalog and configured names) were recorded yet at this instant: the board is computed with the first ones recorded.";

/// The recorded inputs behind a board.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct InputsInfo {
    /// The input set's digest: equal on every instance that computes with the same inputs.
    pub id: String,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::instant::InstantSchema"))]
    pub in_force_since: OffsetDateTime,
}

/// Whether a board describes a real deployment (found by a QA team: `demo_data` turned false
/// after one real push to a demo board, so "production is not a demo" could not be checked).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Deployment {
    /// Real inputs: the statuses describe a deployment.
    #[default]
    Live,
    /// The demo configuration (placeholder variables, or proof records seeded at start-up):
    /// the statuses describe no deployment.
    Demo,
}

impl Deployment {
    pub fn as_str(self) -> &'static str {
        match self {
            Deployment::Live => "live",
            Deployment::Demo => "demo",
        }
    }
}

/// Which catalog produced a board: the SHA-256 of its text and when the file last changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CatalogInfo {
    pub sha256: String,
    /// When this catalog came into force in the record (`None`: none was recorded).
    #[serde(with = "time::serde::rfc3339::option")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::instant::InstantSchema>")
    )]
    pub changed_at: Option<OffsetDateTime>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Summary {
    pub systems: usize,
    pub ready: usize,
    pub configured_unproven: usize,
    pub manual_fallback: usize,
    pub blocked: usize,
}

impl Summary {
    pub fn count(statuses: impl IntoIterator<Item = Status>) -> Self {
        let mut summary = Summary::default();
        for status in statuses {
            summary.systems += 1;
            match status {
                Status::Ready => summary.ready += 1,
                Status::ConfiguredUnproven => summary.configured_unproven += 1,
                Status::ManualFallback => summary.manual_fallback += 1,
                Status::Blocked => summary.blocked += 1,
            }
        }
        summary
    }

    pub fn of(&self, status: Status) -> usize {
        match status {
            Status::Ready => self.ready,
            Status::ConfiguredUnproven => self.configured_unproven,
            Status::ManualFallback => self.manual_fallback,
            Status::Blocked => self.blocked,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SystemView {
    pub id: SystemId,
    pub name: Text,
    pub area: Text,
    pub owner: Text,
    pub status: Status,
    /// The best status the system can ever reach (ready needs a proof command).
    pub ceiling: Status,
    pub reason: String,
    pub groups_configured: usize,
    pub groups_total: usize,
    pub groups: Vec<GroupView>,
    /// Names (or `NAME=value` flags) not satisfied, in catalog order. Never a value that is set.
    pub missing: Vec<Text>,
    pub proof_command: Text,
    pub proof_evidence: Text,
    pub if_missing: Text,
    pub proof_max_age_days: u32,
    pub proof: Option<ProofView>,
    /// Whether a manual fallback applies while its runtime is not configured.
    #[serde(default)]
    pub fallback: bool,
    /// When it is expected to be ready, while it is not and the catalog gives a day.
    #[serde(default)]
    pub expected: Option<crate::expected::ExpectedView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct GroupView {
    pub name: Text,
    pub kind: GroupKind,
    pub configured: bool,
    /// Every variable name (or `NAME=value` flag) of the group, in catalog order.
    pub vars: Arc<[Text]>,
    pub missing: Vec<Text>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ProofView {
    pub outcome: Outcome,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::instant::InstantSchema"))]
    pub recorded_at: OffsetDateTime,
    /// When a passing proof stops counting; `None` for a failed one (only a pass expires).
    #[serde(with = "time::serde::rfc3339::option")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::instant::InstantSchema>")
    )]
    pub expires_at: Option<OffsetDateTime>,
    /// A passing proof older than its system's `proof_max_age_days`; never for a failed one.
    pub expired: bool,
    pub source: ProofSource,
    /// The store's id of the record: its receipt is `/proofs/{receipt}` (and the JSON at
    /// `/api/proofs/{receipt}`). Absent for a record that was never stored (a preview).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receipt: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct MotionView {
    pub id: MotionId,
    pub name: Text,
    pub short: Text,
    /// What a buyer gets when it moves, in the product's own words, as it reads inside a
    /// sentence: the catalog's `offer` as written, or the motion's name with its first letter
    /// lowered (unless an acronym).
    pub offer: Text,
    pub paid: bool,
    pub can_move: bool,
    pub required_evidence: Arc<[Text]>,
    pub claims: Vec<ClaimView>,
    pub blockers: Vec<Blocker>,
    /// The minimal set of systems, and the status each must reach, for the motion to move.
    pub unlock: Unlock,
    /// Systems this motion's verdict or claims rest on, in catalog order.
    pub depends_on: Vec<SystemId>,
    /// What the catalog requires of systems for the motion to move, in its order.
    #[serde(default)]
    pub requires: Vec<RequirementView>,
    /// When it is expected to move, while it cannot: the latest expected day among the
    /// systems it waits on.
    #[serde(default)]
    pub expected: Option<crate::expected::MotionExpected>,
    /// The catalog's target day for the motion, and whether it is at risk or missed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<crate::expected::TargetView>,
}

/// A system a motion requires, and the status it must reach at least.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RequirementView {
    pub system: SystemId,
    pub at_least: Status,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ClaimView {
    pub text: Text,
    pub lifted: bool,
    pub until_ready: Arc<[SystemId]>,
    /// What the claim claims, without its condition.
    pub head: Text,
    /// Other phrasings of the claim that the claim checker also flags, as the catalog wrote them.
    #[serde(default, skip_serializing_if = "<[Text]>::is_empty")]
    pub matches: Arc<[Text]>,
    /// A compliant wording to suggest instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instead: Option<Text>,
    /// What the claim checker looks for (the head and `matches`, parsed).
    #[serde(skip)]
    pub patterns: Arc<[crate::claims::Pattern]>,
}

/// An unmet requirement: `system` is at `status` and must reach at least `needs`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Blocker {
    pub system: SystemId,
    pub system_name: Text,
    pub status: Status,
    pub needs: Status,
    pub if_missing: Text,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FilterInfo {
    pub owner: Option<String>,
    pub motion: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    pub total_systems: usize,
    pub matched_systems: usize,
    /// Why nothing matched, in words, when nothing did.
    pub no_match: Option<String>,
}

impl Board {
    pub fn system(&self, id: &SystemId) -> Option<&SystemView> {
        self.systems.iter().find(|s| &s.id == id)
    }

    pub fn motion(&self, id: &MotionId) -> Option<&MotionView> {
        self.motions.iter().find(|m| &m.id == id)
    }

    /// The earliest instant after `as_of` at which a passing proof expires, so a cached board
    /// knows when it must be computed again even if nothing is written.
    pub fn next_expiry(&self) -> Option<OffsetDateTime> {
        self.systems
            .iter()
            .filter_map(|s| s.proof.as_ref())
            .filter(|p| !p.expired)
            .filter_map(|p| p.expires_at)
            .min()
    }

    /// The earliest instant after `as_of` at which the expected day of a system that is not
    /// ready passes (it becomes overdue: a change), so a cached board is computed again then.
    pub fn next_day_passing(&self) -> Option<OffsetDateTime> {
        self.systems
            .iter()
            .filter_map(|s| s.expected.as_ref())
            .filter_map(|e| crate::expected::passes_at(e.on))
            .filter(|at| *at > self.as_of)
            .min()
    }
}

/// The unlock set of a motion (computed in `unlock`): the systems that must change, and the
/// status each must reach, for a gated motion to move.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Unlock {
    /// "Self-serve paid launch moves when ... becomes ready." in words.
    pub sentence: String,
    /// Empty when the motion can move now.
    pub steps: Vec<UnlockStep>,
    /// False when some step asks more than its system can ever reach: the motion can never move.
    pub reachable: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct UnlockStep {
    pub system: SystemId,
    pub system_name: Text,
    pub from: Status,
    pub to: Status,
    /// What the system still lacks to reach `to`: variable names, then the proof, in words.
    pub needs: Vec<Text>,
    /// False when `to` is above the best status the system can ever reach.
    pub reachable: bool,
}
