//! The shipped catalog with the demo environment and demo proof reproduces the seed's figures.

mod common;
use common::*;
use readiness::Status;

#[test]
fn seed_counts() {
    let b = seed_board();
    let s = b.summary;
    assert_eq!(
        (
            s.systems,
            s.ready,
            s.configured_unproven,
            s.manual_fallback,
            s.blocked
        ),
        (7, 1, 1, 3, 2)
    );
    assert!(b.demo_data);
}

#[test]
fn seed_headline() {
    assert_eq!(
        seed_board().headline,
        "Invoice-led beta can move. Self-serve and broad enterprise stay gated."
    );
}

#[test]
fn seed_statuses_and_group_counts() {
    let b = seed_board();
    let rows: Vec<(&str, Status, usize, usize)> = b
        .systems
        .iter()
        .map(|s| (s.id.as_str(), s.status, s.groups_configured, s.groups_total))
        .collect();
    assert_eq!(
        rows,
        vec![
            ("core-runtime", Status::Ready, 3, 3),
            ("support-email", Status::ManualFallback, 0, 1),
            ("stripe-billing", Status::Blocked, 0, 2),
            ("enterprise-identity", Status::Blocked, 0, 3),
            ("hris-connectors", Status::ManualFallback, 0, 2),
            ("official-issuers", Status::ManualFallback, 1, 5),
            ("evidence-operations", Status::ConfiguredUnproven, 1, 2),
        ]
    );
}

#[test]
fn seed_missing_variables_match_the_page() {
    let b = seed_board();
    let missing = |id: &str| {
        b.systems
            .iter()
            .find(|s| s.id.as_str() == id)
            .unwrap()
            .missing
            .join(", ")
    };
    assert_eq!(missing("support-email"), "RESEND_API_KEY");
    assert_eq!(
        missing("stripe-billing"),
        "STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET, STRIPE_PRICE_REPORT, STRIPE_PRICE_MONITORING"
    );
    assert_eq!(
        missing("official-issuers"),
        "HOME_OFFICE_RTW_API_KEY, UKVI_RIGHT_TO_WORK_API_KEY, DBS_UPDATE_SERVICE_API_URL, DBS_UPDATE_SERVICE_API_KEY, \
         EVERIFY_WEB_SERVICES_BASE_URL, EVERIFY_COMPANY_ID, EVERIFY_USERNAME, EVERIFY_PASSWORD, EVERIFY_CLIENT_CERT, \
         EVERIFY_CLIENT_KEY, EVERIFY_INTEGRATION_APPROVED=true"
    );
    assert_eq!(
        missing("evidence-operations"),
        "THESMIOS_AUTH_SMOKE_PASSWORD, THESMIOS_TEST_SUBJECT_ID, THESMIOS_TEST_CREDENTIAL_ID"
    );
    assert_eq!(missing("core-runtime"), "");
}

#[test]
fn seed_motions() {
    let b = seed_board();
    let verdicts: Vec<(&str, bool)> = b
        .motions
        .iter()
        .map(|m| (m.id.as_str(), m.can_move))
        .collect();
    assert_eq!(
        verdicts,
        vec![
            ("managed-private-beta", true),
            ("invoice-led-paid-beta", true),
            ("self-serve-paid-launch", false),
            ("broad-enterprise-expansion", false),
        ]
    );
    let self_serve = &b.motions[2];
    let blockers: Vec<_> = self_serve
        .blockers
        .iter()
        .map(|x| (x.system.as_str(), x.status, x.needs))
        .collect();
    assert_eq!(
        blockers,
        vec![
            ("stripe-billing", Status::Blocked, Status::Ready),
            (
                "enterprise-identity",
                Status::Blocked,
                Status::ManualFallback
            )
        ]
    );
    let claims: usize = b.motions.iter().map(|m| m.claims.len()).sum();
    assert_eq!(claims, 12);
    assert!(b.motions.iter().flat_map(|m| &m.claims).all(|c| !c.lifted));
    assert_eq!(b.proof_commands.len(), 3);
    assert_eq!(b.boundaries.len(), 7);
    // Each boundary names the system that lifts it, and is in force while that one is not ready.
    assert_eq!(b.boundary_status.len(), 7);
    for boundary in &b.boundary_status {
        assert_eq!(boundary.lifted_by.len(), 1);
        let system = b.system(&boundary.lifted_by[0]).unwrap();
        assert_eq!(
            boundary.in_force,
            system.status != Status::Ready,
            "{boundary:?}"
        );
    }
    assert!(b.boundary_status.iter().any(|s| s.in_force));
}

/// Issue 23 (found by a new operator): `catalog init`'s starter had a sentence for a short, and
/// the board read "No motion can move yet. Buyers pay by card without talking to sales. stays
/// gated.". The starter makes a correct headline, and a short that is a sentence is refused.
#[test]
fn the_starter_makes_a_correct_headline_and_a_sentence_short_is_refused() {
    let text = include_str!("../../catalog/starter.toml");
    let catalog = readiness::catalog_toml::parse_catalog("starter.toml", text).unwrap();
    let env = readiness::Environment::from_pairs(&catalog, std::iter::empty::<(&str, &str)>());
    let at = time::macros::datetime!(2026-12-02 12:00 UTC);
    let board = readiness::evaluate(&catalog, &env, &readiness::LatestProofs::default(), at);
    assert_eq!(
        board.headline,
        "No motion can move yet. Self-serve checkout stays gated."
    );
    let sentence = text.replace(
        "short = \"Self-serve checkout\"",
        "short = \"Buyers pay by card without talking to sales.\"",
    );
    let refused = readiness::catalog_toml::parse_catalog("starter.toml", &sentence).unwrap_err();
    assert!(
        refused.to_string().contains("short is a sentence"),
        "{refused}"
    );
}
