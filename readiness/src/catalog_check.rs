//! Cross-piece checks of a catalog: unique ids, known systems, non-empty groups and texts.

use crate::catalog::{
    Boundary, Catalog, CatalogIssue, Motion, PageText, Position, ProofCommand, System,
};
use crate::ids::SystemId;
use rustc_hash::FxHashMap;
use std::collections::HashMap;

impl Catalog {
    /// A catalog of these pieces, once they hold together (every issue otherwise).
    pub fn new(
        page: PageText,
        systems: Vec<System>,
        motions: Vec<Motion>,
        proof_commands: Vec<ProofCommand>,
        boundaries: Vec<Boundary>,
    ) -> Result<Self, Vec<CatalogIssue>> {
        let system_index = check(&systems, &motions)?;
        Ok(Self {
            page,
            systems,
            motions,
            proof_commands,
            boundaries,
            system_index,
        })
    }
}

/// Every issue of `systems` and `motions` together, or the index of systems by id.
fn check(
    systems: &[System],
    motions: &[Motion],
) -> Result<FxHashMap<SystemId, usize>, Vec<CatalogIssue>> {
    let mut issues = Vec::new();
    let index = check_systems(systems, &mut issues);
    check_motions(motions, systems, &index, &mut issues);
    if issues.is_empty() {
        Ok(index)
    } else {
        Err(issues)
    }
}

/// Unique ids, non-empty texts and groups, a proof age in bounds; the index of systems by id.
fn check_systems(systems: &[System], issues: &mut Vec<CatalogIssue>) -> FxHashMap<SystemId, usize> {
    let mut issue = |at, reason: String| issues.push(CatalogIssue { at, reason });
    let mut index = FxHashMap::with_capacity_and_hasher(systems.len(), Default::default());
    for (i, system) in systems.iter().enumerate() {
        if let Some(first) = index.insert(system.id.clone(), i) {
            index.insert(system.id.clone(), first);
            issue(
                Position::System(i),
                format!(
                    "duplicate system id {:?} (first used by system #{})",
                    system.id.as_str(),
                    first + 1
                ),
            );
        }
        for (field, value) in [
            ("name", &system.name),
            ("owner", &system.owner),
            ("area", &system.area),
        ] {
            if value.trim().is_empty() {
                issue(
                    Position::System(i),
                    format!("system {:?} has an empty {field}", system.id.as_str()),
                );
            }
        }
        if !(1..=crate::instant::MAX_PROOF_AGE_DAYS).contains(&system.proof_max_age_days) {
            issue(
                Position::System(i),
                format!(
                    "system {:?}: proof_max_age_days must be between 1 and {}",
                    system.id.as_str(),
                    crate::instant::MAX_PROOF_AGE_DAYS
                ),
            );
        }
        for (g, group) in system.groups.iter().enumerate() {
            if group.vars.is_empty() {
                issue(
                    Position::Group {
                        system: i,
                        group: g,
                    },
                    format!(
                        "group {:?} of system {:?} is empty: list at least one variable",
                        group.name,
                        system.id.as_str()
                    ),
                );
            }
        }
    }
    index
}

/// Unique ids, a name and a short, known systems each at a status it can show.
fn check_motions(
    motions: &[Motion],
    systems: &[System],
    index: &FxHashMap<SystemId, usize>,
    issues: &mut Vec<CatalogIssue>,
) {
    let mut motion_ids = HashMap::new();
    for (m, motion) in motions.iter().enumerate() {
        let mut issue = |at, reason: String| issues.push(CatalogIssue { at, reason });
        if let Some(first) = motion_ids.insert(motion.id.clone(), m) {
            motion_ids.insert(motion.id.clone(), first);
            issue(
                Position::Motion(m),
                format!(
                    "duplicate motion id {:?} (first used by motion #{})",
                    motion.id.as_str(),
                    first + 1
                ),
            );
        }
        if motion.short.trim().is_empty() || motion.name.trim().is_empty() {
            issue(
                Position::Motion(m),
                format!("motion {:?} needs a name and a short", motion.id.as_str()),
            );
        } else if motion.short.trim_end().ends_with(['.', '!', '?']) {
            // Found by a new operator: the starter's short was a sentence, and the board read
            // "Buyers pay by card without talking to sales. stays gated."
            issue(
                Position::Motion(m),
                format!(
                    "motion {:?}: short is a sentence ({:?}); give a short name such as \"Self-serve\": the board reads \"<short> can move\" and \"<short> stays gated\"",
                    motion.id.as_str(),
                    motion.short
                ),
            );
        }
        check_requirements(m, motion, systems, index, issues);
        check_claims(m, motion, index, issues);
    }
}

/// Each requirement of motion `m` names a known system, at a status it can show.
fn check_requirements(
    m: usize,
    motion: &Motion,
    systems: &[System],
    index: &FxHashMap<SystemId, usize>,
    issues: &mut Vec<CatalogIssue>,
) {
    for (r, requirement) in motion.requires.iter().enumerate() {
        let at = Position::Requirement {
            motion: m,
            requirement: r,
        };
        let (motion, system) = (motion.id.as_str(), requirement.system.as_str());
        // A system without a fallback goes from blocked straight to configured unproven:
        // "at least manual fallback" would name a status it can never show.
        let no_fallback = index
            .get(&requirement.system)
            .is_some_and(|&i| !systems[i].fallback);
        if no_fallback && requirement.at_least == crate::Status::ManualFallback {
            issues.push(CatalogIssue {
                at,
                reason: format!("motion {motion:?} requires {system:?} at least manual_fallback, but it has no manual fallback (fallback = false): require configured_unproven"),
            });
        }
        if !index.contains_key(&requirement.system) {
            issues.push(CatalogIssue {
                at,
                reason: format!(
                    "motion {motion:?} requires unknown system {system:?}{}",
                    known_like(system, index)
                ),
            });
        }
    }
}

/// Each claim of motion `m` waits only on known systems.
fn check_claims(
    m: usize,
    motion: &Motion,
    index: &FxHashMap<SystemId, usize>,
    issues: &mut Vec<CatalogIssue>,
) {
    for (c, claim) in motion.claims.iter().enumerate() {
        let unknown = claim.until_ready.iter().enumerate();
        for (s, system) in unknown.filter(|(_, s)| !index.contains_key(*s)) {
            // At the id itself (found by a new operator: it pointed at the claim's header).
            issues.push(CatalogIssue {
                at: Position::ClaimSystem {
                    motion: m,
                    claim: c,
                    system: s,
                },
                reason: format!(
                    "claim {:?} of motion {:?} names unknown system {:?}{}",
                    claim.text,
                    motion.id.as_str(),
                    system.as_str(),
                    known_like(system.as_str(), index)
                ),
            });
        }
    }
}

/// " (did you mean …?)" for the known system id closest to `given` (with the parser only: the
/// browser never checks a catalog).
#[cfg(feature = "catalog-toml")]
fn known_like(given: &str, index: &FxHashMap<SystemId, usize>) -> String {
    let mut known: Vec<&str> = index.keys().map(SystemId::as_str).collect();
    known.sort_unstable();
    crate::suggest::did_you_mean(given, known)
}

#[cfg(not(feature = "catalog-toml"))]
fn known_like(_given: &str, _index: &FxHashMap<SystemId, usize>) -> String {
    String::new()
}
