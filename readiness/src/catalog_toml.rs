//! Catalog format v1 (TOML) into a validated [`Catalog`], every problem with file, line and reason.

use crate::catalog::{
    Boundary, Catalog, CatalogIssue, Group, GroupKind, Motion, Position, ProofCommand, Requirement,
    System, VarRequirement,
};
use crate::catalog_claims::RawClaim;
use crate::catalog_days::RawDay;
use crate::catalog_error::Locator;
pub use crate::catalog_error::{CatalogError, CatalogErrors};
use crate::ids::{MotionId, SystemId};
use crate::status::Status;
use serde::Deserialize;
use toml::Spanned;

/// Catalogs larger than this are refused before parsing.
pub const MAX_CATALOG_BYTES: usize = 4 * 1024 * 1024;

#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
struct RawCatalog {
    /// The page text shown above the computed board.
    page: crate::catalog_page::RawPage,
    /// The external systems (vendors) the board reports on.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Vec<RawSystem>"))]
    system: Vec<Spanned<RawSystem>>,
    /// Sales motions: what may be sold once their required systems are ready.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Vec<RawMotion>"))]
    motion: Vec<Spanned<RawMotion>>,
    /// Named proof commands listed on the page for operators.
    #[serde(default)]
    proof_command: Vec<crate::catalog_page::RawProofCommand>,
    /// Scope boundaries stated on the page.
    #[serde(default)]
    boundary: Vec<RawBoundary>,
    /// Named groups of synonyms that claim patterns refer to as `{name}`.
    #[serde(default)]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "std::collections::BTreeMap<String, Vec<String>>")
    )]
    concepts: std::collections::BTreeMap<String, Spanned<Vec<Spanned<String>>>>,
}

#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
struct RawSystem {
    /// Unique id: lowercase letters, digits and hyphens.
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    id: Spanned<String>,
    /// Display name.
    name: String,
    /// What the system does (billing, SSO, email, …).
    area: String,
    /// The team that owns the system.
    owner: String,
    /// true: an unconfigured system is "manual fallback"; false: "blocked".
    #[serde(default)]
    fallback: bool,
    /// What happens while the system is not ready.
    if_missing: String,
    /// Absent or empty: the system cannot be proven, so it can never be ready.
    #[serde(default)]
    proof_command: String,
    /// What a passing proof shows.
    #[serde(default)]
    proof_evidence: String,
    /// A passing proof older than this no longer proves the system (default 30).
    #[serde(default = "default_max_age")]
    #[cfg_attr(
        feature = "schema",
        schemars(range(min = 1, max = crate::instant::MAX_PROOF_AGE_DAYS))
    )]
    proof_max_age_days: u32,
    /// Groups of environment variables; a runtime group must be fully set to configure the system.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Vec<RawGroup>"))]
    group: Vec<Spanned<RawGroup>>,
    /// The day the system is expected to be ready (YYYY-MM-DD, 2000 to 9900), if known: the
    /// page says "expected 15 January 2027", and "overdue" once it has passed.
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<String>", regex(pattern = r"^\d{4}-\d{2}-\d{2}$"))
    )]
    expected: Option<Spanned<RawDay>>,
    /// A few words on the expected day ("after Stripe's review").
    expected_note: Option<String>,
}

fn default_max_age() -> u32 {
    30
}

#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
struct RawGroup {
    name: String,
    /// runtime (needed to run) or fixture (needed to prove).
    kind: GroupKind,
    /// Variable names (NAME) or required flag values (NAME=value).
    #[cfg_attr(feature = "schema", schemars(with = "Vec<String>"))]
    vars: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
struct RawMotion {
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    id: Spanned<String>,
    name: String,
    /// A short name for the motion, read in the headline ("Self-serve can move."): a few
    /// words, not a sentence.
    short: String,
    /// The day the motion is aimed to move by (YYYY-MM-DD), if any: the page says whether the
    /// days its systems are expected put it at risk, and when it was missed.
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<String>", regex(pattern = r"^\d{4}-\d{2}-\d{2}$"))
    )]
    target: Option<Spanned<RawDay>>,
    /// Whether the motion takes money (strict bundles hold paid motions).
    #[serde(default)]
    paid: bool,
    /// Evidence a buyer is shown before the motion goes ahead.
    #[serde(default)]
    required_evidence: Vec<String>,
    /// Systems and the status each must reach before the motion can move.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Vec<RawRequirement>"))]
    requires: Vec<Spanned<RawRequirement>>,
    /// The motion is gated while any system is blocked.
    #[serde(default)]
    no_blocked_systems: bool,
    /// Claims sales must not make while the motion is gated.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Vec<RawClaim>"))]
    claim: Vec<Spanned<RawClaim>>,
}

#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
struct RawRequirement {
    /// A system id.
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    system: Spanned<String>,
    /// The lowest status that lets the motion move: ready, configured_unproven, manual_fallback or blocked.
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    at_least: Spanned<String>,
}

#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
struct RawBoundary {
    /// A boundary in plain words.
    text: String,
    /// Systems whose readiness lifts it: the page says it is in force until all are ready, and
    /// lifted after. Without any, it is always in force.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Vec<String>"))]
    lifted_by: Vec<Spanned<String>>,
}

/// Parses and validates catalog text of at most [`MAX_CATALOG_BYTES`]; `file` only labels the errors.
pub fn parse_catalog(file: &str, text: &str) -> Result<Catalog, CatalogErrors> {
    parse_catalog_within(file, text, MAX_CATALOG_BYTES)
}

/// [`parse_catalog`] with another size limit (the benchmark generator writes larger catalogs).
pub fn parse_catalog_within(
    file: &str,
    text: &str,
    max_bytes: usize,
) -> Result<Catalog, CatalogErrors> {
    let locate = Locator::new(file, text);
    if text.len() > max_bytes {
        return Err(CatalogErrors(vec![locate.error(
            0..0,
            format!("catalog is {} bytes; the limit is {max_bytes}", text.len()),
        )]));
    }
    parse_located(&locate)
}

/// Parses and validates `locate.text` (the file, or a repaired copy of it).
pub(crate) fn parse_located(locate: &Locator) -> Result<Catalog, CatalogErrors> {
    let raw: RawCatalog = match toml::from_str(locate.text) {
        Ok(raw) => raw,
        Err(e) => return Err(every_problem(locate, &e)),
    };
    let mut errors = Vec::new();
    control_characters(locate, &mut errors);
    let systems = convert_systems(&raw.system, locate, &mut errors);
    let concepts = crate::catalog_claims::concepts(&raw.concepts, locate, &mut errors);
    let motions = convert_motions(&raw.motion, &concepts, locate, &mut errors);
    // The checks across pieces run too when every piece was kept (a problem inside one, such
    // as a day or a status, leaves it in place), so their problems come in the same run.
    if !errors.is_empty() && !aligned(&raw, &systems, &motions) {
        return Err(CatalogErrors(errors));
    }
    let RawCatalog {
        page,
        system,
        motion,
        proof_command,
        boundary,
        concepts: _,
    } = raw;
    let boundaries = convert_boundaries(boundary, &systems, locate, &mut errors);
    let proof_commands = proof_command.into_iter().map(ProofCommand::from).collect();
    let catalog = Catalog::new(page.into(), systems, motions, proof_commands, boundaries);
    if let Err(issues) = &catalog {
        let located = issues.iter().cloned();
        errors.extend(located.map(|issue| locate_issue(locate, &system, &motion, issue)));
    }
    match (catalog, errors.is_empty()) {
        (Ok(catalog), true) => Ok(catalog),
        _ => Err(CatalogErrors(errors)),
    }
}

/// Whether every system, motion, requirement, claim and claim system of `raw` was kept, so a
/// position in the pieces is the same in the file.
fn aligned(raw: &RawCatalog, systems: &[System], motions: &[Motion]) -> bool {
    systems.len() == raw.system.len()
        && motions.len() == raw.motion.len()
        && motions.iter().zip(&raw.motion).all(|(m, r)| {
            let r = r.get_ref();
            m.requires.len() == r.requires.len()
                && m.claims.len() == r.claim.len()
                && (m.claims.iter().zip(&r.claim))
                    .all(|(c, rc)| c.until_ready.len() == rc.get_ref().until_ready.len())
        })
}

/// The parser stops at its first problem: with the schema, every problem of the file's shape is
/// found and set aside, and the rest checked in the same run (see `catalog_shape`); without it,
/// or when the file is not TOML, the parser's first.
fn every_problem(locate: &Locator, e: &toml::de::Error) -> CatalogErrors {
    let span = e.span().unwrap_or(0..0);
    // The parser gives no message for some errors (a key with no value): say what it means.
    let reason = match e.message().trim() {
        "" => "invalid TOML: a value is missing or malformed here".to_owned(),
        message => message.to_owned(),
    };
    let first = locate.error(span, reason);
    #[cfg(feature = "schema")]
    if locate.original.is_none() {
        if let Some(all) = crate::catalog_shape::every_problem(locate, &schema_value()) {
            return all;
        }
    }
    CatalogErrors(vec![first])
}

/// The catalog's JSON Schema as a value to walk.
#[cfg(feature = "schema")]
fn schema_value() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(RawCatalog)).unwrap_or_default()
}

/// A control character in any text (but tab and line breaks) is refused: feeds and pages
/// cannot carry it (an XML document with one is not well-formed), and it is never meant.
/// Found in the text as written (raw) or as a TOML escape (`\u0007`, `\b`, `\f`, `\e`).
fn control_characters(at: &Locator, errors: &mut Vec<CatalogError>) {
    let Ok(value) = at.text.parse::<toml::Table>() else {
        return;
    };
    let value = toml::Value::Table(value);
    let mut found = Vec::new();
    strings(&value, &mut found);
    let forbidden = |c: char| {
        let code = u32::from(c);
        // Controls but tab and line breaks; noncharacters, which XML refuses (found by attack:
        // U+FFFF made /feed.atom not well-formed); and the bidirectional overrides and
        // isolates, which make text read differently from what it says.
        (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
            || (0xFDD0..=0xFDEF).contains(&code)
            || code & 0xFFFE == 0xFFFE
            || (0x202A..=0x202E).contains(&code)
            || (0x2066..=0x2069).contains(&code)
    };
    let mut seen = std::collections::BTreeSet::new();
    for text in found {
        let Some(c) = text.chars().find(|&c| forbidden(c)) else {
            continue;
        };
        let escapes = [
            format!("\\u{:04x}", u32::from(c)),
            format!("\\u{:04X}", u32::from(c)),
            format!("\\U{:08x}", u32::from(c)),
            format!("\\U{:08X}", u32::from(c)),
        ];
        let short = match c {
            '\u{8}' => Some("\\b"),
            '\u{c}' => Some("\\f"),
            '\u{1b}' => Some("\\e"),
            _ => None,
        };
        let offset = at
            .text
            .find(c)
            .or_else(|| {
                escapes
                    .iter()
                    .filter_map(|e| at.text.find(e.as_str()))
                    .min()
            })
            .or_else(|| short.and_then(|s| at.text.find(s)))
            .unwrap_or(0);
        if seen.insert(offset) {
            let reason = format!(
                "text {:?} has a control character or a noncharacter (U+{:04X}); only tabs and line breaks are allowed",
                text.chars().take(40).collect::<String>(),
                u32::from(c)
            );
            errors.push(at.error(offset..offset, reason));
        }
    }
}

fn strings<'v>(value: &'v toml::Value, out: &mut Vec<&'v str>) {
    match value {
        toml::Value::String(s) => out.push(s),
        toml::Value::Array(items) => items.iter().for_each(|v| strings(v, out)),
        toml::Value::Table(table) => table.values().for_each(|v| strings(v, out)),
        _ => {}
    }
}

fn convert_systems(
    raw: &[Spanned<RawSystem>],
    at: &Locator,
    errors: &mut Vec<CatalogError>,
) -> Vec<System> {
    let mut systems = Vec::with_capacity(raw.len());
    for spanned in raw {
        let s = spanned.get_ref();
        let id = SystemId::parse(s.id.get_ref().as_str())
            .map_err(|e| errors.push(at.error(s.id.span(), e.to_string())));
        if s.owner.chars().any(char::is_control) {
            // Filters drop control characters, so such an owner could never be chosen (found by attack).
            let reason = format!(
                "owner {:?} has a control character (a tab, a newline…)",
                s.owner
            );
            errors.push(at.error(spanned.span(), reason));
        }
        let mut groups = Vec::with_capacity(s.group.len());
        for group in &s.group {
            let g = group.get_ref();
            let vars = g.vars.iter().filter_map(|v| {
                VarRequirement::parse(v.get_ref())
                    .map_err(|reason| errors.push(at.error(v.span(), reason)))
                    .ok()
            });
            groups.push(Group::new(g.name.as_str(), g.kind, vars.collect()));
        }
        if let Ok(id) = id {
            systems.push(System {
                id,
                name: s.name.as_str().into(),
                area: s.area.as_str().into(),
                owner: s.owner.as_str().into(),
                fallback: s.fallback,
                if_missing: s.if_missing.as_str().into(),
                proof_command: s.proof_command.as_str().into(),
                proof_evidence: s.proof_evidence.as_str().into(),
                proof_max_age_days: s.proof_max_age_days,
                groups,
                expected: crate::catalog_days::expected_of(
                    &s.id,
                    s.expected.as_ref(),
                    s.expected_note.as_deref(),
                    at,
                    errors,
                ),
            });
        }
    }
    systems
}

/// Boundaries with the systems that lift them, each a system of the catalog.
fn convert_boundaries(
    raw: Vec<RawBoundary>,
    systems: &[System],
    at: &Locator,
    errors: &mut Vec<CatalogError>,
) -> Vec<Boundary> {
    let mut boundaries = Vec::with_capacity(raw.len());
    for b in raw {
        let mut lifted_by = Vec::new();
        for s in &b.lifted_by {
            match SystemId::parse(s.get_ref().as_str()) {
                Ok(id) if systems.iter().any(|known| known.id == id) => lifted_by.push(id),
                Ok(id) => errors.push(at.error(
                    s.span(),
                    format!(
                        "boundary lifted by unknown system \"{id}\"{}",
                        crate::suggest::did_you_mean(
                            id.as_str(),
                            systems.iter().map(|s| s.id.as_str())
                        )
                    ),
                )),
                Err(e) => errors.push(at.error(s.span(), e.to_string())),
            }
        }
        boundaries.push(Boundary {
            text: b.text,
            lifted_by,
        });
    }
    boundaries
}

fn convert_motions(
    raw: &[Spanned<RawMotion>],
    concepts: &crate::claims::pattern::Concepts,
    at: &Locator,
    errors: &mut Vec<CatalogError>,
) -> Vec<Motion> {
    let mut motions = Vec::with_capacity(raw.len());
    let system_id = |s: &Spanned<String>, errors: &mut Vec<CatalogError>| {
        SystemId::parse(s.get_ref().as_str())
            .map_err(|e| errors.push(at.error(s.span(), e.to_string())))
            .ok()
    };
    for spanned in raw {
        let m = spanned.get_ref();
        let id = MotionId::parse(m.id.get_ref().as_str())
            .map_err(|e| errors.push(at.error(m.id.span(), e.to_string())));
        let mut requires = Vec::new();
        for r in &m.requires {
            let r = r.get_ref();
            let status = Status::parse(r.at_least.get_ref()).ok_or_else(|| {
                errors.push(at.error(r.at_least.span(), format!(
                    "unknown status {:?}: expected one of ready, configured_unproven, manual_fallback, blocked",
                    r.at_least.get_ref()
                )))
            });
            // A status in error keeps its requirement (as blocked, never in force: the
            // catalog is refused), so the checks across pieces still run.
            if let Some(system) = system_id(&r.system, errors) {
                let at_least = status.unwrap_or(Status::Blocked);
                requires.push(Requirement { system, at_least });
            }
        }
        let claims = m.claim.iter().filter_map(|c| {
            let until_ready = c
                .get_ref()
                .until_ready
                .iter()
                .filter_map(|s| system_id(s, errors))
                .collect();
            crate::catalog_claims::claim(c, until_ready, concepts, at, errors)
        });
        let claims = claims.collect();
        if let Ok(id) = id {
            motions.push(Motion {
                id,
                name: m.name.as_str().into(),
                short: m.short.as_str().into(),
                target: m
                    .target
                    .as_ref()
                    .and_then(|t| crate::catalog_days::day_of(t, "target", at, errors)),
                paid: m.paid,
                required_evidence: m
                    .required_evidence
                    .iter()
                    .map(|e| e.as_str().into())
                    .collect(),
                requires,
                no_blocked_systems: m.no_blocked_systems,
                claims,
            });
        }
    }
    motions
}

/// Where `issue` is in the file: the span of the id, group, requirement or claim it names.
fn locate_issue(
    at: &Locator,
    systems: &[Spanned<RawSystem>],
    motions: &[Spanned<RawMotion>],
    issue: CatalogIssue,
) -> CatalogError {
    let span = match issue.at {
        Position::System(i) => systems[i].get_ref().id.span(),
        Position::Group { system, group } => systems[system].get_ref().group[group].span(),
        Position::Motion(i) => motions[i].get_ref().id.span(),
        Position::Requirement {
            motion,
            requirement,
        } => motions[motion].get_ref().requires[requirement]
            .get_ref()
            .system
            .span(),
        Position::Claim { motion, claim } => motions[motion].get_ref().claim[claim].span(),
        Position::ClaimSystem {
            motion,
            claim,
            system,
        } => motions[motion].get_ref().claim[claim].get_ref().until_ready[system].span(),
    };
    at.error(span, issue.reason)
}

/// The JSON Schema (draft 2020-12) of catalog format v1, generated from the types the parser
/// reads, for editors (Taplo's `#:schema`) and `vendor-readiness catalog schema`.
#[cfg(feature = "schema")]
pub fn catalog_schema() -> String {
    let mut schema = schemars::schema_for!(RawCatalog);
    schema.insert(
        "title".into(),
        "Vendor readiness catalog (format v1)".into(),
    );
    let text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text + "\n"
}
