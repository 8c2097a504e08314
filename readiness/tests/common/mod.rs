//! Helpers shared by the readiness integration tests: tiny catalogs, environments and instants.
#![allow(dead_code)]

use readiness::catalog_toml::parse_catalog;
use readiness::{
    evaluate, Board, Catalog, Environment, LatestProofs, Outcome, ProofRecord, ProofSource,
    SystemId,
};
use time::{Duration, OffsetDateTime};

pub fn now() -> OffsetDateTime {
    time::macros::datetime!(2026-11-26 12:00 UTC)
}

pub fn days_ago(days: i64) -> OffsetDateTime {
    now() - Duration::days(days)
}

pub fn catalog(toml: &str) -> Catalog {
    let text = format!(
        "[page]\ntitle = \"t\"\nheadline = \"h\"\nintro = \"i\"\nmotions_intro = \"m\"\n{toml}"
    );
    match parse_catalog("test.toml", &text) {
        Ok(catalog) => catalog,
        Err(errors) => panic!("test catalog rejected:\n{errors}"),
    }
}

pub fn seed_catalog() -> Catalog {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../catalog/vendor-catalog.toml"
    );
    let text = std::fs::read_to_string(path).expect("read the shipped catalog");
    parse_catalog("catalog/vendor-catalog.toml", &text).expect("the shipped catalog is valid")
}

pub fn seed_env(catalog: &Catalog) -> Environment {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../catalog/demo.env");
    let text = std::fs::read_to_string(path).expect("read demo.env");
    let pairs: Vec<(&str, &str)> = text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once('='))
        .collect();
    Environment::from_pairs(catalog, pairs)
}

pub fn env(catalog: &Catalog, pairs: &[(&str, &str)]) -> Environment {
    Environment::from_pairs(catalog, pairs.iter().copied())
}

pub fn proof(system: &str, outcome: Outcome, at: OffsetDateTime) -> ProofRecord {
    ProofRecord {
        system: SystemId::parse(system).unwrap(),
        outcome,
        recorded_at: at,
        evidence: "run log".into(),
        source: ProofSource::Cli,
    }
}

/// The seed board: shipped catalog, demo env and the demo proof of the core runtime, at `now()`.
pub fn seed_board() -> Board {
    let catalog = seed_catalog();
    let mut demo = proof("core-runtime", Outcome::Pass, now());
    demo.source = ProofSource::Demo;
    evaluate(
        &catalog,
        &seed_env(&catalog),
        &LatestProofs::from_records([demo]),
        now(),
    )
}

/// Every variable `catalog` names set (a label `NAME=value` to its value): a passing proof
/// makes any system with a proof command ready.
/// The seed without proof records: no claim is lifted.
pub fn unproven_seed_board() -> Board {
    let catalog = seed_catalog();
    evaluate(
        &catalog,
        &seed_env(&catalog),
        &LatestProofs::default(),
        now(),
    )
}

/// The shipped catalog, every motion: the claims it finds in the copy and does not read as
/// negated, each once, sorted.
pub fn shipped_claims(copy: &str) -> Vec<String> {
    let checker = readiness::ClaimRules::all(&unproven_seed_board()).compile();
    let checked = checker.check_at_most(copy, 10);
    let mut claims: Vec<String> = checked
        .violations
        .iter()
        .filter(|v| !v.negated)
        .map(|v| v.claim.to_string())
        .collect();
    claims.sort();
    claims.dedup();
    claims
}

/// The shipped catalog, every motion: whether the copy makes any claim, and whether the first
/// finding seems negated.
pub fn shipped_verdict(copy: &str) -> (bool, Option<bool>) {
    let checker = readiness::ClaimRules::all(&unproven_seed_board()).compile();
    let checked = checker.check_at_most(copy, 10);
    let unsafe_somewhere = checked.verdicts.iter().any(|v| !v.safe);
    (
        unsafe_somewhere,
        checked.violations.first().map(|v| v.negated),
    )
}

pub fn every_variable_set(catalog: &Catalog) -> Environment {
    let vars: Vec<(String, String)> = (catalog.systems().iter())
        .flat_map(|s| s.groups.iter().flat_map(|g| g.labels.iter()))
        .map(|label| match label.split_once('=') {
            Some((name, value)) => (name.to_owned(), value.to_owned()),
            None => (label.to_string(), "value".to_owned()),
        })
        .collect();
    Environment::from_pairs(catalog, vars.iter().map(|(k, v)| (k.as_str(), v.as_str())))
}

/// The catalog `text` as inputs in force, every variable set, under a digest of its text.
pub fn input_set(text: &str) -> std::sync::Arc<readiness::changes::InputSet> {
    use std::hash::{Hash, Hasher};
    let catalog = std::sync::Arc::new(parse_catalog("vendor-catalog.toml", text).unwrap());
    let env = every_variable_set(&catalog);
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut hasher);
    let digest = format!("{:016x}", hasher.finish());
    std::sync::Arc::new(readiness::changes::InputSet::new(&digest, catalog, &env))
}
