//! The unlock set: which systems must reach which status for a gated motion to move.

mod common;
use common::*;
use readiness::{evaluate, Board, LatestProofs, Outcome, Status};

fn motion<'a>(board: &'a Board, id: &str) -> &'a readiness::MotionView {
    board.motions.iter().find(|m| m.id.as_str() == id).unwrap()
}

#[test]
fn seed_self_serve_names_every_system_and_target() {
    let board = seed_board();
    let unlock = &motion(&board, "self-serve-paid-launch").unlock;
    let steps: Vec<(&str, Status, Status)> = unlock
        .steps
        .iter()
        .map(|s| (s.system.as_str(), s.from, s.to))
        .collect();
    assert_eq!(
        steps,
        vec![
            ("stripe-billing", Status::Blocked, Status::Ready),
            (
                "enterprise-identity",
                Status::Blocked,
                Status::ManualFallback
            ),
        ]
    );
    assert!(unlock.reachable);
    assert_eq!(
        unlock.sentence,
        "Self-serve paid launch moves when Stripe self-serve billing becomes ready and \
         Enterprise SSO and SCIM provisioning stops being blocked."
    );
    // What Stripe lacks: its missing runtime and fixture names, then a passing proof.
    let stripe = &unlock.steps[0];
    assert!(stripe.needs.iter().any(|n| &**n == "STRIPE_SECRET_KEY"));
    assert!(stripe
        .needs
        .last()
        .unwrap()
        .starts_with("a passing proof: "));
}

#[test]
fn an_unlock_set_is_exactly_the_blockers_and_moving_them_moves_the_motion() {
    let board = seed_board();
    for m in &board.motions {
        let from_blockers: Vec<_> = m.blockers.iter().map(|b| (&b.system, b.needs)).collect();
        let from_unlock: Vec<_> = m.unlock.steps.iter().map(|s| (&s.system, s.to)).collect();
        assert_eq!(from_blockers, from_unlock, "{}", m.id);
        assert_eq!(m.can_move, m.unlock.steps.is_empty());
    }
}

const TWO_SYSTEMS: &str = r#"
[[system]]
id = "core"
name = "Core"
area = "Runtime"
owner = "Ops"
if_missing = "Wait."
proof_command = "run core"
proof_evidence = "log"
[[system.group]]
name = "Core"
kind = "runtime"
vars = ["CORE_URL"]

[[system]]
id = "registry"
name = "Official registry"
area = "Issuers"
owner = "Legal"
if_missing = "Issue by hand."
[[system.group]]
name = "Registry"
kind = "runtime"
vars = ["REGISTRY_KEY"]

[[motion]]
id = "pilot"
name = "Pilot"
short = "Pilot"
requires = [{ system = "core", at_least = "ready" }]

[[motion]]
id = "registry-launch"
name = "Registry launch"
short = "Registry"
requires = [{ system = "registry", at_least = "ready" }]
"#;

#[test]
fn a_movable_motion_has_an_empty_unlock_set() {
    let catalog = catalog(TWO_SYSTEMS);
    let env = env(&catalog, &[("CORE_URL", "https://core")]);
    let proofs = LatestProofs::from_records([proof("core", Outcome::Pass, days_ago(1))]);
    let board = evaluate(&catalog, &env, &proofs, now());
    let pilot = motion(&board, "pilot");
    assert!(pilot.can_move);
    assert!(pilot.unlock.steps.is_empty() && pilot.unlock.reachable);
    assert_eq!(pilot.unlock.sentence, "Pilot can move now.");
}

#[test]
fn a_system_without_a_proof_command_can_never_be_ready_so_its_motion_never_moves() {
    let catalog = catalog(TWO_SYSTEMS);
    // Even fully configured and with a passing proof record, it has nothing to prove it with.
    let env = env(&catalog, &[("REGISTRY_KEY", "k")]);
    let proofs = LatestProofs::from_records([proof("registry", Outcome::Pass, days_ago(1))]);
    let board = evaluate(&catalog, &env, &proofs, now());
    let registry = board
        .systems
        .iter()
        .find(|s| s.id.as_str() == "registry")
        .unwrap();
    assert_eq!(
        (registry.status, registry.ceiling),
        (Status::ConfiguredUnproven, Status::ConfiguredUnproven)
    );
    let launch = motion(&board, "registry-launch");
    assert!(!launch.can_move);
    assert!(!launch.unlock.reachable);
    assert!(!launch.unlock.steps[0].reachable);
    assert_eq!(
        launch.unlock.sentence,
        "Registry launch can never move under the current catalog: Official registry cannot become ready."
    );
}

#[test]
fn a_gated_motion_whose_system_is_configured_needs_only_the_proof() {
    let catalog = catalog(TWO_SYSTEMS);
    let env = env(&catalog, &[("CORE_URL", "https://core")]);
    let board = evaluate(&catalog, &env, &LatestProofs::default(), now());
    let pilot = motion(&board, "pilot");
    assert_eq!(pilot.unlock.steps.len(), 1);
    assert_eq!(
        pilot.unlock.steps[0].needs,
        vec![readiness::Text::from("a passing proof: run core")]
    );
    assert_eq!(
        pilot.unlock.sentence,
        "Pilot moves when Core becomes ready."
    );
}
