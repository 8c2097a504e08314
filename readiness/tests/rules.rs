//! Every branch of the readiness rules, one small catalog at a time.

mod common;
use common::*;
use readiness::{evaluate, LatestProofs, Outcome, Status, SystemId};

const ONE_SYSTEM: &str = r#"
[[system]]
id = "pay"
name = "Payments"
area = "Billing"
owner = "Finance"
fallback = FALLBACK
if_missing = "Invoice only."
proof_command = "run"
proof_evidence = "log"
proof_max_age_days = 10
[[system.group]]
name = "API"
kind = "runtime"
vars = ["PAY_KEY", "PAY_MODE=live"]
[[system.group]]
name = "Fixture"
kind = "fixture"
vars = ["PAY_FIXTURE"]
"#;

fn one_system(fallback: bool) -> readiness::Catalog {
    catalog(&ONE_SYSTEM.replace("FALLBACK", &fallback.to_string()))
}

fn status_of(
    catalog: &readiness::Catalog,
    pairs: &[(&str, &str)],
    proofs: Vec<readiness::ProofRecord>,
) -> (Status, String, readiness::SystemView) {
    let board = evaluate(
        catalog,
        &env(catalog, pairs),
        &LatestProofs::from_records(proofs),
        now(),
    );
    let system = board.systems[0].clone();
    (system.status, system.reason.clone(), system)
}

const ALL_SET: &[(&str, &str)] = &[("PAY_KEY", "k"), ("PAY_MODE", "live"), ("PAY_FIXTURE", "f")];

#[test]
fn runtime_missing_without_fallback_is_blocked() {
    let (status, reason, view) = status_of(&one_system(false), &[("PAY_FIXTURE", "f")], vec![]);
    assert_eq!(status, Status::Blocked);
    assert!(reason.contains("Runtime not configured (API)"), "{reason}");
    assert_eq!(
        view.missing,
        ["PAY_KEY", "PAY_MODE=live"].map(readiness::Text::from)
    );
    assert_eq!((view.groups_configured, view.groups_total), (1, 2));
}

#[test]
fn runtime_missing_with_fallback_is_manual_fallback() {
    let (status, reason, _) = status_of(
        &one_system(true),
        &[],
        vec![proof("pay", Outcome::Pass, now())],
    );
    assert_eq!(
        status,
        Status::ManualFallback,
        "a passing proof does not help an unconfigured runtime"
    );
    assert!(reason.contains("manual fallback"), "{reason}");
}

#[test]
fn flag_with_the_wrong_value_is_not_configured() {
    let pairs = [("PAY_KEY", "k"), ("PAY_MODE", "test"), ("PAY_FIXTURE", "f")];
    let (status, _, view) = status_of(&one_system(false), &pairs, vec![]);
    assert_eq!(status, Status::Blocked);
    assert_eq!(view.missing, ["PAY_MODE=live"].map(readiness::Text::from));
}

#[test]
fn empty_value_counts_as_unset() {
    let pairs = [("PAY_KEY", ""), ("PAY_MODE", "live"), ("PAY_FIXTURE", "f")];
    assert_eq!(
        status_of(&one_system(false), &pairs, vec![]).0,
        Status::Blocked
    );
}

#[test]
fn fixture_missing_is_configured_unproven_even_with_a_pass() {
    let pairs = [("PAY_KEY", "k"), ("PAY_MODE", "live")];
    let (status, reason, _) = status_of(
        &one_system(false),
        &pairs,
        vec![proof("pay", Outcome::Pass, now())],
    );
    assert_eq!(status, Status::ConfiguredUnproven);
    assert_eq!(reason, "Fixture settings missing (Fixture).");
}

#[test]
fn configured_without_proof_is_unproven() {
    let (status, reason, view) = status_of(&one_system(false), ALL_SET, vec![]);
    assert_eq!(status, Status::ConfiguredUnproven);
    assert_eq!(reason, "No proof yet.");
    assert!(view.missing.is_empty());
}

#[test]
fn latest_proof_failed_is_unproven_with_its_time() {
    let proofs = vec![
        proof("pay", Outcome::Pass, days_ago(2)),
        proof("pay", Outcome::Fail, days_ago(1)),
    ];
    let (status, reason, _) = status_of(&one_system(false), ALL_SET, proofs);
    assert_eq!(status, Status::ConfiguredUnproven);
    assert_eq!(reason, "Last proof failed at 2026-11-25 12:00 UTC.");
}

#[test]
fn fresh_pass_is_ready() {
    let proofs = vec![
        proof("pay", Outcome::Fail, days_ago(3)),
        proof("pay", Outcome::Pass, days_ago(1)),
    ];
    let (status, reason, view) = status_of(&one_system(false), ALL_SET, proofs);
    assert_eq!(status, Status::Ready);
    assert_eq!(reason, "Proof passed at 2026-11-25 12:00 UTC.");
    let proof = view.proof.expect("proof view");
    assert!(!proof.expired);
    assert_eq!(
        proof.expires_at,
        Some(days_ago(1) + time::Duration::days(10))
    );
}

#[test]
fn expired_pass_is_unproven_and_says_how_long_ago() {
    let (status, reason, view) = status_of(
        &one_system(false),
        ALL_SET,
        vec![proof("pay", Outcome::Pass, days_ago(13))],
    );
    assert_eq!(status, Status::ConfiguredUnproven);
    assert_eq!(reason, "Proof expired 3 days ago.");
    assert!(view.proof.unwrap().expired);
}

#[test]
fn pass_expiring_exactly_now_has_expired() {
    let (status, reason, _) = status_of(
        &one_system(false),
        ALL_SET,
        vec![proof("pay", Outcome::Pass, days_ago(10))],
    );
    assert_eq!(status, Status::ConfiguredUnproven);
    assert_eq!(reason, "Proof expired today.");
}

#[test]
fn proof_recorded_after_the_instant_is_ignored() {
    let future = now() + time::Duration::hours(1);
    let (status, reason, view) = status_of(
        &one_system(false),
        ALL_SET,
        vec![proof("pay", Outcome::Pass, future)],
    );
    assert_eq!(status, Status::ConfiguredUnproven);
    assert_eq!(reason, "No proof yet.");
    assert!(view.proof.is_none());
}

#[test]
fn proof_of_another_system_does_not_count() {
    let (status, _, _) = status_of(
        &one_system(false),
        ALL_SET,
        vec![proof("other", Outcome::Pass, now())],
    );
    assert_eq!(status, Status::ConfiguredUnproven);
}

#[test]
fn later_pair_for_a_name_replaces_the_earlier() {
    let pairs = [
        ("PAY_KEY", "k"),
        ("PAY_MODE", "live"),
        ("PAY_MODE", "test"),
        ("PAY_FIXTURE", "f"),
    ];
    assert_eq!(
        status_of(&one_system(false), &pairs, vec![]).0,
        Status::Blocked
    );
}

#[test]
fn next_expiry_is_the_earliest_fresh_pass() {
    let catalog = one_system(false);
    let proofs = LatestProofs::from_records(vec![proof("pay", Outcome::Pass, days_ago(4))]);
    let board = evaluate(&catalog, &env(&catalog, ALL_SET), &proofs, now());
    assert_eq!(
        board.next_expiry(),
        Some(days_ago(4) + time::Duration::days(10))
    );
    let id = SystemId::parse("pay").unwrap();
    assert_eq!(board.system(&id).map(|s| s.status), Some(Status::Ready));
}
