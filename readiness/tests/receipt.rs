//! Issue 22, receipts: what a stored proof stands for on a board, in the words the receipt page,
//! `proof show` and the board's rows share.

mod common;

use common::*;
use readiness::receipt::{standing, Stored};
use readiness::{evaluate, LatestProofs, Outcome, ProofSource, SystemId};
use time::{Duration, OffsetDateTime};

fn board_with(proofs: &[(&str, Outcome, i64, u64)]) -> readiness::Board {
    board_in(&seed_env(&seed_catalog()), proofs)
}

fn board_in(
    env: &readiness::Environment,
    proofs: &[(&str, Outcome, i64, u64)],
) -> readiness::Board {
    let mut latest = LatestProofs::default();
    for &(system, outcome, days, receipt) in proofs {
        latest.offer(proof(system, outcome, days_ago(days)), Some(receipt));
    }
    evaluate(&seed_catalog(), env, &latest, now())
}

fn board_in_at(proofs: &[(&str, Outcome, i64, u64)], at: OffsetDateTime) -> readiness::Board {
    let mut latest = LatestProofs::default();
    for &(system, outcome, days, receipt) in proofs {
        latest.offer(proof(system, outcome, days_ago(days)), Some(receipt));
    }
    let catalog = seed_catalog();
    evaluate(&catalog, &seed_env(&catalog), &latest, at)
}

fn id(text: &str) -> SystemId {
    SystemId::parse(text).unwrap()
}

/// The sentence for the record `receipt` of `system`, stamped `days` ago.
fn said(board: &readiness::Board, system: &str, receipt: u64, at: OffsetDateTime) -> String {
    let system = id(system);
    let record = Stored {
        system: &system,
        receipt,
        recorded_at: at,
        source: ProofSource::Cli,
        next_at: None,
    };
    standing(board, &record, now())
}

#[test]
fn the_newest_proof_says_what_it_does_for_its_system() {
    let board = board_with(&[("core-runtime", Outcome::Pass, 1, 7)]);
    let core = board.system(&id("core-runtime")).unwrap();
    assert_eq!(core.proof.as_ref().unwrap().receipt, Some(7));
    let ready = said(&board, "core-runtime", 7, days_ago(1));
    assert!(
        ready.starts_with("This is the proof that makes Core runtime"),
        "{ready}"
    );
    assert!(said(&board, "retired-system", 7, days_ago(1)).contains("no longer in the catalog"));

    let failed = board_with(&[("core-runtime", Outcome::Fail, 1, 8)]);
    let text = said(&failed, "core-runtime", 8, days_ago(1));
    assert!(
        text.starts_with("This failed proof is the newest of"),
        "{text}"
    );
    assert!(text.ends_with("keeps it from being ready."), "{text}");

    let expired = board_with(&[("core-runtime", Outcome::Pass, 400, 9)]);
    let text = said(&expired, "core-runtime", 9, days_ago(400));
    assert!(text.starts_with("This pass expired"), "{text}");
    assert!(text.ends_with("needs a new proof to be ready."), "{text}");
}

/// Found by attack: the sentence blamed the proof where the proof was not the reason, and said
/// "FLAG=true is not set" of a flag set to another value.
#[test]
fn a_proof_that_is_not_the_reason_says_what_is() {
    // Stripe billing has no variable set in the demo: a pass does not count, and says why.
    let unset = board_with(&[("stripe-billing", Outcome::Pass, 1, 10)]);
    let stripe = unset.system(&id("stripe-billing")).unwrap();
    let why = stripe.uncounted_pass().expect("a pass that does not count");
    assert!(
        why.contains("STRIPE_SECRET_KEY") && why.ends_with("are not set"),
        "{why}"
    );
    let text = said(&unset, "stripe-billing", 10, days_ago(1));
    assert!(text.starts_with("Passed, but "), "{text}");
    // A failed proof there: even a pass would not make it ready.
    let failed = board_with(&[("stripe-billing", Outcome::Fail, 1, 11)]);
    let text = said(&failed, "stripe-billing", 11, days_ago(1));
    assert!(
        text.contains("would not be ready after a pass either"),
        "{text}"
    );
    assert!(text.contains("STRIPE_SECRET_KEY"), "{text}");
    // An expired pass there: a new proof alone is not enough.
    let expired = board_with(&[("stripe-billing", Outcome::Pass, 400, 12)]);
    let text = said(&expired, "stripe-billing", 12, days_ago(400));
    assert!(
        text.contains("needs a new proof to be ready, and "),
        "{text}"
    );
    // A flag set to another value is "not set to" its value.
    let catalog = seed_catalog();
    let env = env(&catalog, &[("EVERIFY_INTEGRATION_APPROVED", "false")]);
    let board = board_in(&env, &[]);
    let issuers = board.system(&id("official-issuers")).unwrap();
    let words = issuers.missing_words().unwrap();
    assert!(
        words.contains("EVERIFY_INTEGRATION_APPROVED is not set to true"),
        "{words}"
    );
}

/// Found by attack: a record the board had not counted yet (stamped ahead, or stored since the
/// board read the store) was called "replaced", then (round 3) "stamped after the board's
/// instant" though the board was only older than it: the clock decides, not the board.
#[test]
fn a_record_the_board_has_not_counted_yet_is_never_called_replaced() {
    let board = board_with(&[("core-runtime", Outcome::Pass, 1, 7)]);
    let ahead = said(&board, "core-runtime", 8, now() + Duration::seconds(20));
    assert!(ahead.contains("ahead of the clock"), "{ahead}");
    let unread = said(&board, "core-runtime", 8, now() - Duration::hours(1));
    assert!(
        unread.starts_with("The board has not read this record yet"),
        "{unread}"
    );
    // A board a minute old, a record written since: unread, not ahead.
    let old_board = board_in_at(
        &[("core-runtime", Outcome::Pass, 1, 7)],
        now() - Duration::minutes(1),
    );
    let unread = said(&old_board, "core-runtime", 8, now() - Duration::seconds(1));
    assert!(
        unread.starts_with("The board has not read this record yet"),
        "{unread}"
    );
    let older = said(&board, "core-runtime", 6, days_ago(2));
    assert!(older.contains("has replaced this one"), "{older}");
    // Stamped alike: the later stored (the higher id) is the newer.
    let alike = said(&board, "core-runtime", 6, days_ago(1));
    assert!(alike.contains("has replaced this one"), "{alike}");
    let unread = said(&board, "core-runtime", 9, days_ago(1));
    assert!(
        unread.starts_with("The board has not read this record yet"),
        "{unread}"
    );
}

/// Found by attack: a demo record said it made its system ready, beside "it proves nothing".
#[test]
fn demonstration_data_says_so_first() {
    let board = board_with(&[("core-runtime", Outcome::Pass, 1, 7)]);
    let system = id("core-runtime");
    let record = Stored {
        system: &system,
        receipt: 7,
        recorded_at: days_ago(1),
        source: ProofSource::Demo,
        next_at: None,
    };
    let text = standing(&board, &record, now());
    assert!(
        text.starts_with("Demonstration data, which proves nothing"),
        "{text}"
    );
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

/// Found by attack: "ready now, until …" while a record already stored, stamped 20 s ahead,
/// would replace it; and a record the board no longer counts says nothing of what comes.
#[test]
fn a_newer_record_already_stored_is_said_on_the_one_it_will_replace() {
    let board = board_with(&[("core-runtime", Outcome::Pass, 1, 7)]);
    let system = id("core-runtime");
    let next = now() + Duration::seconds(20);
    let record = |receipt| Stored {
        system: &system,
        receipt,
        recorded_at: days_ago(1),
        source: ProofSource::Cli,
        next_at: Some(next),
    };
    let text = standing(&board, &record(7), now());
    assert!(text.starts_with("This is the proof that makes"), "{text}");
    assert!(
        text.ends_with(&format!(
            "A newer record of Core runtime and trust infrastructure, already stored, is stamped {}: it replaces this one then.",
            readiness::display_instant(next)
        )),
        "{text}"
    );
    assert!(!standing(&board, &record(6), now()).contains("already stored"));
}
