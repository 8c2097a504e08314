//! Motion verdicts, blockers, claims and depends-on, on a three-system catalog.

mod common;
use common::*;
use readiness::{evaluate, Board, LatestProofs, Outcome, Status};

fn system(id: &str, owner: &str, fallback: bool) -> String {
    format!(
        r#"
[[system]]
id = "{id}"
name = "System {id}"
area = "Area"
owner = "{owner}"
fallback = {fallback}
if_missing = "Without {id}."
proof_command = "run"
proof_evidence = "log"
[[system.group]]
name = "Vars"
kind = "runtime"
vars = ["{var}"]
"#,
        var = id.to_uppercase()
    )
}

fn board(motions: &str, pairs: &[(&str, &str)], passing: &[&str]) -> Board {
    let toml = [
        system("core", "Ops", false),
        system("pay", "Finance", false),
        system("mail", "Ops", true),
        motions.to_owned(),
    ]
    .concat();
    let catalog = catalog(&toml);
    let proofs = LatestProofs::from_records(
        passing
            .iter()
            .map(|id| proof(id, Outcome::Pass, days_ago(1))),
    );
    evaluate(&catalog, &env(&catalog, pairs), &proofs, now())
}

const MOTIONS: &str = r#"
[[motion]]
id = "pilot"
name = "Pilot"
short = "Pilot"
requires = [{ system = "core", at_least = "ready" }, { system = "mail", at_least = "manual_fallback" }]
[[motion.claim]]
text = "Automatic email"
until_ready = ["mail"]
[[motion.claim]]
text = "Never allowed"

[[motion]]
id = "launch"
name = "Launch"
short = "Launch"
paid = true
requires = [{ system = "pay", at_least = "ready" }]
no_blocked_systems = true
[[motion.claim]]
text = "Buy now"
until_ready = ["pay", "core"]
"#;

#[test]
fn met_requirements_let_a_motion_move() {
    let b = board(MOTIONS, &[("CORE", "x")], &["core"]);
    let pilot = &b.motions[0];
    assert!(pilot.can_move);
    assert!(pilot.blockers.is_empty());
    assert_eq!(b.headline, "Pilot can move. Launch stays gated.");
}

#[test]
fn unmet_requirement_is_a_blocker_with_status_and_if_missing() {
    let b = board(MOTIONS, &[], &[]);
    let pilot = &b.motions[0];
    assert!(!pilot.can_move);
    assert_eq!(pilot.blockers.len(), 1);
    let blocker = &pilot.blockers[0];
    assert_eq!(blocker.system.as_str(), "core");
    assert_eq!(
        (blocker.status, blocker.needs),
        (Status::Blocked, Status::Ready)
    );
    assert_eq!(&*blocker.if_missing, "Without core.");
    assert_eq!(
        b.headline,
        "No motion can move yet. Pilot and launch stay gated."
    );
}

#[test]
fn no_blocked_systems_lists_every_blocked_system_once() {
    // core ready, pay blocked: pay is required ready and is blocked; it appears once, needing ready.
    let b = board(MOTIONS, &[("CORE", "x")], &["core"]);
    let launch = &b.motions[1];
    let ids: Vec<_> = launch
        .blockers
        .iter()
        .map(|x| (x.system.as_str(), x.needs))
        .collect();
    assert_eq!(ids, vec![("pay", Status::Ready)]);
}

#[test]
fn no_blocked_systems_gates_on_a_system_the_motion_does_not_require() {
    // pay ready, core blocked: launch's own requirement is met, but core is blocked.
    let b = board(MOTIONS, &[("PAY", "x")], &["pay"]);
    let launch = &b.motions[1];
    assert!(!launch.can_move);
    let ids: Vec<_> = launch
        .blockers
        .iter()
        .map(|x| (x.system.as_str(), x.needs))
        .collect();
    assert_eq!(ids, vec![("core", Status::ManualFallback)]);
    let depends: Vec<_> = launch.depends_on.iter().map(|s| s.as_str()).collect();
    assert_eq!(
        depends,
        vec!["core", "pay"],
        "blocking and claim systems count as dependencies"
    );
}

#[test]
fn manual_fallback_is_not_blocked_for_no_blocked_systems() {
    let b = board(MOTIONS, &[("CORE", "x"), ("PAY", "x")], &["core", "pay"]);
    assert_eq!(b.systems[2].status, Status::ManualFallback);
    assert!(b.motions[1].can_move);
    assert_eq!(b.headline, "Launch can move. No motion is gated.");
}

#[test]
fn claims_lift_only_when_every_named_system_is_ready() {
    let b = board(MOTIONS, &[("PAY", "x")], &["pay"]);
    let buy_now = &b.motions[1].claims[0];
    assert!(!buy_now.lifted, "core is not ready yet");
    let b = board(MOTIONS, &[("PAY", "x"), ("CORE", "x")], &["pay", "core"]);
    assert!(b.motions[1].claims[0].lifted);
    let never = &b.motions[0].claims[1];
    assert!(!never.lifted, "a claim without until_ready is never lifted");
    assert!(
        !b.motions[0].claims[0].lifted,
        "mail is only manual fallback"
    );
}

#[test]
fn summary_counts_every_status() {
    let b = board(MOTIONS, &[("CORE", "x")], &["core"]);
    assert_eq!(
        (
            b.summary.systems,
            b.summary.ready,
            b.summary.configured_unproven,
            b.summary.manual_fallback,
            b.summary.blocked
        ),
        (3, 1, 0, 1, 1)
    );
    assert_eq!(b.owners, ["Ops", "Finance"].map(readiness::Text::from));
}

#[test]
fn the_seed_answer_says_what_sells_and_what_it_waits_on() {
    let board = seed_board();
    assert_eq!(
        readiness::answer::answer(&board, false),
        "You can sell today: Managed private beta and Invoice-led paid beta. Not yet: Self-serve paid launch and Broad enterprise expansion, waiting on Stripe self-serve billing, Enterprise SSO and SCIM provisioning, HRIS source connectors, and Official issuer connectors."
    );
}

#[test]
fn a_past_board_is_answered_in_the_past() {
    let text = readiness::answer::answer(&seed_board(), true);
    assert!(
        text.starts_with("You could sell then: Managed private beta"),
        "{text}"
    );
    assert!(
        text.contains(". Not then: Self-serve paid launch"),
        "{text}"
    );
}
