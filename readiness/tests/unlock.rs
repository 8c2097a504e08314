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
fn an_unlock_set_is_exactly_the_blockers() {
    let board = seed_board();
    for m in &board.motions {
        let from_blockers: Vec<_> = m.blockers.iter().map(|b| (&b.system, b.needs)).collect();
        let from_unlock: Vec<_> = m.unlock.steps.iter().map(|s| (&s.system, s.to)).collect();
        assert_eq!(from_blockers, from_unlock, "{}", m.id);
        assert_eq!(m.can_move, m.unlock.steps.is_empty());
    }
}

/// The seed inputs with `steps` carried out: every variable a step names is set (to its value,
/// for `NAME=value`), and a step to ready gets a passing proof.
fn with_steps_done(steps: &[&readiness::UnlockStep]) -> Board {
    let catalog = seed_catalog();
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../catalog/demo.env"))
        .unwrap();
    let mut pairs: Vec<(String, String)> = text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    let mut proofs = vec![proof("core-runtime", Outcome::Pass, now())];
    for step in steps {
        for need in &step.needs {
            if need.starts_with("a passing proof") {
                continue;
            }
            let (name, value) = need.split_once('=').unwrap_or((need, "set"));
            pairs.push((name.to_owned(), value.to_owned()));
        }
        if step.to == Status::Ready {
            proofs.push(proof(step.system.as_str(), Outcome::Pass, now()));
        }
    }
    let environment = readiness::Environment::from_pairs(
        &catalog,
        pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())),
    );
    evaluate(
        &catalog,
        &environment,
        &LatestProofs::from_records(proofs),
        now(),
    )
}

/// Minimal and sufficient: carrying out every step moves the motion; leaving out any one
/// step does not.
#[test]
fn carrying_out_the_unlock_set_moves_the_motion_and_no_step_can_be_left_out() {
    let board = seed_board();
    let gated: Vec<_> = board
        .motions
        .iter()
        .filter(|m| !m.can_move && m.unlock.reachable)
        .collect();
    assert!(
        !gated.is_empty(),
        "the seed has gated motions that can move"
    );
    for m in gated {
        let steps: Vec<_> = m.unlock.steps.iter().collect();
        let moved = with_steps_done(&steps);
        assert!(
            motion(&moved, m.id.as_str()).can_move,
            "{}: still gated after every step",
            m.id
        );
        for skip in 0..steps.len() {
            let mut fewer = steps.clone();
            let left_out = fewer.remove(skip);
            let board = with_steps_done(&fewer);
            assert!(
                !motion(&board, m.id.as_str()).can_move,
                "{}: moves without the step for {}",
                m.id,
                left_out.system
            );
        }
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
