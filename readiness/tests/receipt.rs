//! Issue 22, receipts: what a stored proof stands for on a board, in the words the receipt page
//! and the board's rows share.

mod common;

use common::*;
use readiness::receipt::standing;
use readiness::{evaluate, LatestProofs, Outcome, SystemId};

fn board_with(proofs: &[(&str, Outcome, i64, u64)]) -> readiness::Board {
    let catalog = seed_catalog();
    let env = seed_env(&catalog);
    let mut latest = LatestProofs::default();
    for &(system, outcome, days, receipt) in proofs {
        latest.offer(proof(system, outcome, days_ago(days)), Some(receipt));
    }
    evaluate(&catalog, &env, &latest, now())
}

fn id(text: &str) -> SystemId {
    SystemId::parse(text).unwrap()
}

#[test]
fn each_standing_a_stored_proof_can_have_is_said() {
    let board = board_with(&[("core-runtime", Outcome::Pass, 1, 7)]);
    let core = board.system(&id("core-runtime")).unwrap();
    assert_eq!(core.proof.as_ref().unwrap().receipt, Some(7));
    let ready = standing(&board, &id("core-runtime"), 7);
    assert!(
        ready.starts_with("This is the proof that makes Core runtime"),
        "{ready}"
    );
    assert!(standing(&board, &id("core-runtime"), 6).contains("has replaced this one"));
    assert!(standing(&board, &id("retired-system"), 7).contains("no longer in the catalog"));

    let failed = board_with(&[("core-runtime", Outcome::Fail, 1, 8)]);
    let said = standing(&failed, &id("core-runtime"), 8);
    assert!(said.starts_with("This failed proof is"), "{said}");
    assert!(failed
        .system(&id("core-runtime"))
        .unwrap()
        .uncounted_pass()
        .is_none());

    let expired = board_with(&[("core-runtime", Outcome::Pass, 400, 9)]);
    let said = standing(&expired, &id("core-runtime"), 9);
    assert!(said.starts_with("This pass expired"), "{said}");
    // Stripe billing has no variable set in the demo: a fresh pass does not count, and says why.
    let unset = board_with(&[("stripe-billing", Outcome::Pass, 1, 10)]);
    let stripe = unset.system(&id("stripe-billing")).unwrap();
    let why = stripe.uncounted_pass().expect("a pass that does not count");
    assert!(why.contains("STRIPE_SECRET_KEY"), "{why}");
    assert!(why.ends_with("are not set"), "{why}");
    let said = standing(&unset, &id("stripe-billing"), 10);
    assert!(said.starts_with("Passed, but "), "{said}");
}

/// A record offered without a receipt (never stored) replaces a stored one's receipt too.
#[test]
fn a_newer_record_never_stored_has_no_receipt() {
    let mut latest = LatestProofs::default();
    latest.offer(proof("core-runtime", Outcome::Pass, days_ago(2)), Some(3));
    latest.offer(proof("core-runtime", Outcome::Pass, days_ago(1)), None);
    assert_eq!(latest.receipt(&id("core-runtime")), None);
    latest.offer(proof("core-runtime", Outcome::Fail, days_ago(3)), Some(4));
    assert_eq!(
        latest.receipt(&id("core-runtime")),
        None,
        "an older record changes nothing"
    );
}
