//! The vendor catalog: systems, their env-var groups, motions, claims, proof commands, boundaries.
//!
//! Each piece is built from validated parts; [`Catalog::new`] checks what spans pieces
//! (unique ids, references to known systems) and reports every problem with its position.

use crate::ids::{MotionId, SystemId, VarName};
use crate::status::Status;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::Arc;

pub use crate::text::Text;

/// Page text shown above the computed board.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct PageText {
    pub title: String,
    pub headline: String,
    pub intro: String,
    pub motions_intro: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct System {
    pub id: SystemId,
    pub name: Text,
    pub area: Text,
    pub owner: Text,
    /// When the runtime is not configured: `true` gives manual fallback, `false` blocked.
    pub fallback: bool,
    pub if_missing: Text,
    /// Empty when the system cannot be proven: it then never becomes ready.
    pub proof_command: Text,
    pub proof_evidence: Text,
    /// A passing proof older than this no longer proves the system (at least 1).
    pub proof_max_age_days: u32,
    pub groups: Vec<Group>,
    /// When the system is expected to be ready, if the catalog says.
    pub expected: Option<crate::expected::Expected>,
}

#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupKind {
    Runtime,
    Fixture,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub name: Text,
    pub kind: GroupKind,
    pub vars: Vec<VarRequirement>,
    /// Each requirement as shown (`NAME` or `NAME=value`), computed once.
    pub labels: Arc<[Text]>,
}

impl Group {
    pub fn new(name: impl Into<Text>, kind: GroupKind, vars: Vec<VarRequirement>) -> Self {
        let labels = vars.iter().map(|v| Text::from(v.to_string())).collect();
        Self {
            name: name.into(),
            kind,
            vars,
            labels,
        }
    }
}

/// One entry of a group: a variable that must be set, or a non-secret flag that must equal a value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum VarRequirement {
    Set(VarName),
    Equals(VarName, String),
}

impl VarRequirement {
    /// Parses `NAME` or `NAME=value`.
    pub fn parse(text: &str) -> Result<Self, String> {
        match text.split_once('=') {
            None => VarName::parse(text)
                .map(VarRequirement::Set)
                .map_err(|e| e.to_string()),
            Some((_, "")) => Err(format!(
                "{text:?}: a NAME=value entry needs a value after '='"
            )),
            Some((name, value)) => VarName::parse(name)
                .map(|name| VarRequirement::Equals(name, value.to_owned()))
                .map_err(|e| e.to_string()),
        }
    }

    pub fn name(&self) -> &VarName {
        match self {
            VarRequirement::Set(name) | VarRequirement::Equals(name, _) => name,
        }
    }
}

impl fmt::Display for VarRequirement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VarRequirement::Set(name) => write!(f, "{name}"),
            VarRequirement::Equals(name, value) => write!(f, "{name}={value}"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Motion {
    pub id: MotionId,
    pub name: Text,
    /// Short form used in the computed headline ("Self-serve").
    pub short: Text,
    /// What a buyer gets when the motion moves, in the product's own words (the catalog's
    /// `offer`), if given.
    pub offer: Option<Text>,
    /// The day the motion is aimed to move by, if the catalog gives one.
    pub target: Option<time::Date>,
    /// A paid motion must move for a strict launch bundle.
    pub paid: bool,
    pub required_evidence: Arc<[Text]>,
    pub requires: Vec<Requirement>,
    /// The motion is gated while any system is blocked.
    pub no_blocked_systems: bool,
    pub claims: Vec<Claim>,
}

impl Motion {
    /// What a buyer is offered: the catalog's `offer`, else the name as written.
    pub fn offer_or_name(&self) -> &Text {
        self.offer.as_ref().unwrap_or(&self.name)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requirement {
    pub system: SystemId,
    pub at_least: Status,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    pub text: Text,
    /// What the claim claims, without its condition ("Automated cancellations").
    pub head: Text,
    /// The claim is lifted once all of these are ready; empty means it is never lifted.
    pub until_ready: Arc<[SystemId]>,
    /// Other phrasings that make the same claim ("buy now", "{sso} near {automatic}"), as written.
    pub matches: Arc<[Text]>,
    /// The head and the `matches`, parsed, concepts resolved: what the claim checker looks for.
    pub patterns: Arc<[crate::claims::Pattern]>,
    /// A compliant wording to suggest instead.
    pub instead: Option<Text>,
}

#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProofCommand {
    pub name: String,
    pub purpose: String,
    pub command: String,
}

/// Where in the catalog a problem sits, by position in each list (0-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    System(usize),
    Group {
        system: usize,
        group: usize,
    },
    Motion(usize),
    Requirement {
        motion: usize,
        requirement: usize,
    },
    Claim {
        motion: usize,
        claim: usize,
    },
    /// The `system`-th system a claim's `until_ready` names.
    ClaimSystem {
        motion: usize,
        claim: usize,
        system: usize,
    },
    /// The `system`-th system a boundary's `lifted_by` names.
    BoundarySystem {
        boundary: usize,
        system: usize,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogIssue {
    pub at: Position,
    pub reason: String,
}

/// A catalog whose ids are unique and whose references all resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Catalog {
    // Set only by `Catalog::new` (in `catalog_check`): a catalog is always a checked one.
    pub(crate) page: PageText,
    pub(crate) systems: Vec<System>,
    pub(crate) motions: Vec<Motion>,
    pub(crate) proof_commands: Vec<ProofCommand>,
    pub(crate) boundaries: Vec<Boundary>,
    pub(crate) system_index: FxHashMap<SystemId, usize>,
}

/// A line of what stays out of scope, in force until every system in `lifted_by` is ready (and
/// always, when it names none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Boundary {
    pub text: String,
    /// In a buyer's words; `None`: the team's only.
    pub for_buyers: Option<String>,
    pub lifted_by: Vec<SystemId>,
}

impl System {
    /// The best status this system can ever reach: ready needs a proof command.
    pub fn ceiling(&self) -> crate::Status {
        if self.proof_command.trim().is_empty() {
            crate::Status::ConfiguredUnproven
        } else {
            crate::Status::Ready
        }
    }
}

impl Catalog {
    pub fn page(&self) -> &PageText {
        &self.page
    }
    pub fn systems(&self) -> &[System] {
        &self.systems
    }
    pub fn motions(&self) -> &[Motion] {
        &self.motions
    }
    pub fn proof_commands(&self) -> &[ProofCommand] {
        &self.proof_commands
    }
    pub fn boundaries(&self) -> &[Boundary] {
        &self.boundaries
    }
    pub fn system(&self, id: &SystemId) -> Option<&System> {
        self.system_index.get(id).map(|&i| &self.systems[i])
    }
    /// The system whose id is `text`, for ids that arrive as text (requests, flags, files).
    pub fn find_system(&self, text: &str) -> Option<&System> {
        SystemId::parse(text).ok().and_then(|id| self.system(&id))
    }
    pub fn system_position(&self, id: &SystemId) -> Option<usize> {
        self.system_index.get(id).copied()
    }
    pub fn motion(&self, id: &MotionId) -> Option<&Motion> {
        self.motions.iter().find(|m| &m.id == id)
    }
    /// Every variable name the catalog mentions, for env-file checks and canary tests.
    pub fn var_names(&self) -> impl Iterator<Item = &VarName> {
        self.systems
            .iter()
            .flat_map(|s| s.groups.iter())
            .flat_map(|g| g.vars.iter().map(VarRequirement::name))
    }
}
