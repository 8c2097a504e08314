//! The motions of a catalog file into the catalog's own types, and where a problem the
//! catalog's own checks found is in the file.

use super::raw::{RawMotion, RawSystem};
use crate::catalog::{CatalogIssue, Motion, Position, Requirement};
use crate::catalog_error::{CatalogError, Locator};
use crate::ids::{MotionId, SystemId};
use crate::status::Status;
use toml::Spanned;

pub(super) fn convert_motions(
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
        let claims = m.claim.iter().map(|c| {
            let until_ready = c
                .get_ref()
                .until_ready
                .iter()
                .filter_map(|s| system_id(s, errors))
                .collect();
            crate::catalog_claims::claim(c, until_ready, concepts, at, errors)
        });
        let claims = claims.collect();
        let offer = m.offer.as_deref().map(str::trim);
        if offer.is_some_and(|o| !o.chars().any(char::is_alphanumeric)) {
            // Found by attack (issue 22): an empty offer left a card without a name and an
            // answer ending "… and .".
            errors.push(at.error(
                spanned.span(),
                "`offer` is empty: write the offer as it reads inside a sentence, or leave it out"
                    .to_owned(),
            ));
        }
        if let Ok(id) = id {
            motions.push(Motion {
                id,
                name: m.name.as_str().into(),
                short: m.short.as_str().into(),
                offer: offer.map(Into::into),
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
pub(super) fn locate_issue(
    at: &Locator,
    systems: &[Spanned<RawSystem>],
    motions: &[Spanned<RawMotion>],
    boundaries: &[super::raw::RawBoundary],
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
        Position::BoundarySystem { boundary, system } => {
            boundaries[boundary].lifted_by[system].span()
        }
    };
    at.error(span, issue.reason)
}
