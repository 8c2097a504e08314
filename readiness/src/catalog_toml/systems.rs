//! The systems and boundaries of a catalog file into the catalog's own types; every problem
//! found is set aside at its place in the file.

use super::raw::{RawBoundary, RawSystem};
use crate::catalog::{Boundary, Group, System, VarRequirement};
use crate::catalog_error::{CatalogError, Locator};
use crate::ids::SystemId;
use toml::Spanned;

pub(super) fn convert_systems(
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
pub(super) fn convert_boundaries(
    raw: &[RawBoundary],
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
        // Blank words would hide the boundary from buyers without a word (found by attack).
        let for_buyers = match &b.for_buyers {
            Some(words) if words.get_ref().trim().is_empty() => {
                errors.push(at.error(
                    words.span(),
                    "for_buyers is empty: write the buyer's words, or leave it out to show this boundary to the team only".to_owned(),
                ));
                None
            }
            words => words.as_ref().map(|w| w.get_ref().clone()),
        };
        boundaries.push(Boundary {
            text: b.text.clone(),
            for_buyers,
            lifted_by,
        });
    }
    boundaries
}
