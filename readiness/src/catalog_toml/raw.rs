//! The catalog file as written: serde types with spans, read by `toml` and described by the
//! catalog's JSON Schema (their doc comments are the schema's descriptions).

use crate::catalog::GroupKind;
use crate::catalog_claims::RawClaim;
use crate::catalog_days::RawDay;
use serde::Deserialize;
use toml::Spanned;

#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(super) struct RawCatalog {
    /// The page text shown above the computed board.
    pub(super) page: crate::catalog_page::RawPage,
    /// The external systems (vendors) the board reports on.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Vec<RawSystem>"))]
    pub(super) system: Vec<Spanned<RawSystem>>,
    /// Sales motions: what may be sold once their required systems are ready.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Vec<RawMotion>"))]
    pub(super) motion: Vec<Spanned<RawMotion>>,
    /// Named proof commands listed on the page for operators.
    #[serde(default)]
    pub(super) proof_command: Vec<crate::catalog_page::RawProofCommand>,
    /// Scope boundaries stated on the page.
    #[serde(default)]
    pub(super) boundary: Vec<RawBoundary>,
    /// Named groups of synonyms that claim patterns refer to as `{name}`.
    #[serde(default)]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "std::collections::BTreeMap<String, Vec<String>>")
    )]
    pub(super) concepts: std::collections::BTreeMap<String, Spanned<Vec<Spanned<String>>>>,
}

#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(super) struct RawSystem {
    /// Unique id: lowercase letters, digits and hyphens.
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub(super) id: Spanned<String>,
    /// Display name, shown as written, also inside sentences ("waiting on Stripe billing and
    /// HRIS connectors"): the board never changes its case, so a proper name keeps its capital;
    /// write a common noun as it reads mid-sentence ("official issuer connectors").
    pub(super) name: String,
    /// What the system does (billing, SSO, email, …).
    pub(super) area: String,
    /// The team that owns the system.
    pub(super) owner: String,
    /// true: an unconfigured system is "manual fallback"; false: "blocked".
    #[serde(default)]
    pub(super) fallback: bool,
    /// What happens while the system is not ready.
    pub(super) if_missing: String,
    /// Absent or empty: the system cannot be proven, so it can never be ready.
    #[serde(default)]
    pub(super) proof_command: String,
    /// What a passing proof shows.
    #[serde(default)]
    pub(super) proof_evidence: String,
    /// A passing proof older than this no longer proves the system (default 30).
    #[serde(default = "default_max_age")]
    #[cfg_attr(
        feature = "schema",
        schemars(range(min = 1, max = crate::instant::MAX_PROOF_AGE_DAYS))
    )]
    pub(super) proof_max_age_days: u32,
    /// Groups of environment variables; a runtime group must be fully set to configure the system.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Vec<RawGroup>"))]
    pub(super) group: Vec<Spanned<RawGroup>>,
    /// The day the system is expected to be ready (YYYY-MM-DD, 2000 to 9900), if known: the
    /// page says "expected 15 January 2027", and "overdue" once it has passed.
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<String>", regex(pattern = r"^\d{4}-\d{2}-\d{2}$"))
    )]
    pub(super) expected: Option<Spanned<RawDay>>,
    /// A few words on the expected day ("after Stripe's review").
    pub(super) expected_note: Option<String>,
}

fn default_max_age() -> u32 {
    30
}

#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(super) struct RawGroup {
    pub(super) name: String,
    /// runtime (needed to run) or fixture (needed to prove).
    pub(super) kind: GroupKind,
    /// Variable names (NAME) or required flag values (NAME=value).
    #[cfg_attr(feature = "schema", schemars(with = "Vec<String>"))]
    pub(super) vars: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(super) struct RawMotion {
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub(super) id: Spanned<String>,
    pub(super) name: String,
    /// A short name for the motion, read in the headline ("Self-serve can move."): a few
    /// words, not a sentence.
    pub(super) short: String,
    /// What a buyer gets when the motion moves, in the product's own words
    /// as it reads inside a sentence ("self-serve plans paid by card", "Okta single sign-on"):
    /// the buyer's page names it so, and capitalises its first letter in headings. Default: its
    /// name.
    #[serde(default)]
    pub(super) offer: Option<String>,
    /// The day the motion is aimed to move by (YYYY-MM-DD), if any: the page says whether the
    /// days its systems are expected put it at risk, and when it was missed.
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<String>", regex(pattern = r"^\d{4}-\d{2}-\d{2}$"))
    )]
    pub(super) target: Option<Spanned<RawDay>>,
    /// Whether the motion takes money (strict bundles hold paid motions).
    #[serde(default)]
    pub(super) paid: bool,
    /// Evidence a buyer is shown before the motion goes ahead.
    #[serde(default)]
    pub(super) required_evidence: Vec<String>,
    /// Systems and the status each must reach before the motion can move.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Vec<RawRequirement>"))]
    pub(super) requires: Vec<Spanned<RawRequirement>>,
    /// The motion is gated while any system is blocked.
    #[serde(default)]
    pub(super) no_blocked_systems: bool,
    /// Claims sales must not make while the motion is gated.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Vec<RawClaim>"))]
    pub(super) claim: Vec<Spanned<RawClaim>>,
}

#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(super) struct RawRequirement {
    /// A system id.
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub(super) system: Spanned<String>,
    /// The lowest status that lets the motion move: ready, configured_unproven, manual_fallback or blocked.
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub(super) at_least: Spanned<String>,
}

#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(super) struct RawBoundary {
    /// A boundary in plain words.
    pub(super) text: String,
    /// The same boundary in a buyer's words, shown on the public page while it is in force;
    /// without it, the boundary is shown to the team only.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub(super) for_buyers: Option<Spanned<String>>,
    /// Systems whose readiness lifts it: the page says it is in force until all are ready, and
    /// lifted after. Without any, it is always in force.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Vec<String>"))]
    pub(super) lifted_by: Vec<Spanned<String>>,
}
