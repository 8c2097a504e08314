//! Catalog format v1 (TOML) into a validated [`Catalog`], every problem with file, line and reason.

mod controls;
mod motions;
mod raw;
mod systems;

use crate::catalog::{Catalog, Motion, ProofCommand, System};
use crate::catalog_error::Locator;
pub use crate::catalog_error::{CatalogError, CatalogErrors};
use raw::RawCatalog;

/// Catalogs larger than this are refused before parsing.
pub const MAX_CATALOG_BYTES: usize = 4 * 1024 * 1024;

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
    within(&locate, max_bytes)?;
    parse_located(&locate)
}

/// [`parse_catalog`], with every rule of the valid catalog that can never be met (see
/// [`Catalog::never_met`]) located in the file, as warnings.
pub fn parse_catalog_checked(
    file: &str,
    text: &str,
) -> Result<(Catalog, Vec<CatalogError>), CatalogErrors> {
    let locate = Locator::new(file, text);
    within(&locate, MAX_CATALOG_BYTES)?;
    parse_with_warnings(&locate, true)
}

/// Refuses a text over `max_bytes` before parsing.
fn within(locate: &Locator, max_bytes: usize) -> Result<(), CatalogErrors> {
    let size = locate.text.len();
    if size > max_bytes {
        let reason = format!("catalog is {size} bytes; the limit is {max_bytes}");
        return Err(CatalogErrors(vec![locate.error(0..0, reason)]));
    }
    Ok(())
}

/// Parses and validates `locate.text` (the file, or a repaired copy of it).
pub(crate) fn parse_located(locate: &Locator) -> Result<Catalog, CatalogErrors> {
    parse_with_warnings(locate, false).map(|(catalog, _)| catalog)
}

/// [`parse_located`], with the rules that can never be met, located, when `warn` (only
/// `catalog check` asks: every other parse would compute them for no one).
fn parse_with_warnings(
    locate: &Locator,
    warn: bool,
) -> Result<(Catalog, Vec<CatalogError>), CatalogErrors> {
    let raw: RawCatalog = match toml::from_str(locate.text) {
        Ok(raw) => raw,
        Err(e) => return Err(every_problem(locate, &e)),
    };
    let mut errors = Vec::new();
    controls::control_characters(locate, &mut errors);
    let systems = systems::convert_systems(&raw.system, locate, &mut errors);
    let concepts = crate::catalog_claims::concepts(&raw.concepts, locate, &mut errors);
    let motions = motions::convert_motions(&raw.motion, &concepts, locate, &mut errors);
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
    let boundaries = systems::convert_boundaries(&boundary, &systems, locate, &mut errors);
    let proof_commands = proof_command.into_iter().map(ProofCommand::from).collect();
    let catalog = Catalog::new(page.into(), systems, motions, proof_commands, boundaries);
    if let Err(issues) = &catalog {
        let located = issues.iter().cloned();
        errors.extend(
            located.map(|issue| motions::locate_issue(locate, &system, &motion, &boundary, issue)),
        );
    }
    match (catalog, errors.is_empty()) {
        (Ok(catalog), true) if !warn => Ok((catalog, Vec::new())),
        (Ok(catalog), true) => {
            let never_met = catalog.never_met().into_iter();
            let warnings = never_met
                .map(|issue| motions::locate_issue(locate, &system, &motion, &boundary, issue));
            Ok((catalog, warnings.collect()))
        }
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
