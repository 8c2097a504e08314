//! The claim checker: case-insensitive, phrase-aware matching of draft copy against the claims a
//! motion may not make.

mod common;
use common::*;
use readiness::{check_copy, evaluate, Board, LatestProofs, Outcome, UnknownMotion};

/// The seed without proof records: no claim is lifted.
fn unproven_seed_board() -> Board {
    let catalog = seed_catalog();
    evaluate(
        &catalog,
        &seed_env(&catalog),
        &LatestProofs::default(),
        now(),
    )
}

fn claims_in(board: &Board, motion: &str, copy: &str) -> Vec<(String, String)> {
    check_copy(board, motion, copy)
        .unwrap()
        .into_iter()
        .map(|v| (v.text, v.claim.to_string()))
        .collect()
}

#[test]
fn finds_claims_whatever_the_case_spacing_and_punctuation() {
    let board = unproven_seed_board();
    let found = claims_in(
        &board,
        "self-serve-paid-launch",
        "Try our BUY NOW flow, with buy-now  checkout and Card-backed activation!",
    );
    assert_eq!(
        found,
        vec![
            ("BUY NOW".to_owned(), "Buy-now checkout".to_owned()),
            (
                "buy-now  checkout".to_owned(),
                "Buy-now checkout".to_owned()
            ),
            ("buy-now".to_owned(), "Buy-now checkout".to_owned()),
            (
                "Card-backed activation".to_owned(),
                "Card-backed activation".to_owned()
            ),
        ]
    );
}

#[test]
fn matches_whole_words_only() {
    let board = unproven_seed_board();
    assert!(claims_in(
        &board,
        "self-serve-paid-launch",
        "buy nowhere; checkout later; rebuy now-ish"
    )
    .is_empty());
    assert!(claims_in(
        &board,
        "self-serve-paid-launch",
        "buy nowhere and checkouts"
    )
    .is_empty());
    assert_eq!(
        claims_in(&board, "self-serve-paid-launch", "please buy now").len(),
        1
    );
    assert!(claims_in(
        &board,
        "managed-private-beta",
        "self serve checkouts are coming"
    )
    .is_empty());
}

#[test]
fn extra_phrasings_count_and_say_what_would_lift_the_claim() {
    let board = unproven_seed_board();
    let violations = check_copy(
        &board,
        "self-serve-paid-launch",
        "An instant checkout for everyone.",
    )
    .unwrap();
    assert_eq!(violations.len(), 1);
    let v = &violations[0];
    assert_eq!(
        (v.start, v.end, v.text.as_str()),
        (3, 19, "instant checkout")
    );
    assert_eq!(&*v.claim, "Buy-now checkout");
    assert_eq!(&v.lifted_by[..], ["Stripe self-serve billing"]);
}

#[test]
fn a_claim_of_another_motion_is_not_flagged() {
    let board = unproven_seed_board();
    assert!(claims_in(
        &board,
        "invoice-led-paid-beta",
        "Automatic HRIS sync with Workday"
    )
    .is_empty());
    assert_eq!(
        claims_in(
            &board,
            "broad-enterprise-expansion",
            "It syncs with Workday."
        )
        .len(),
        1
    );
}

#[test]
fn lifted_claims_are_not_violations() {
    let toml = r#"
[[system]]
id = "pay"
name = "Payments"
area = "Billing"
owner = "Finance"
if_missing = "x"
proof_command = "c"
proof_evidence = "e"
[[system.group]]
name = "g"
kind = "runtime"
vars = ["PAY"]
[[motion]]
id = "m"
name = "M"
short = "M"
[[motion.claim]]
text = "Buy now"
until_ready = ["pay"]
[[motion.claim]]
text = "Never ever"
"#;
    let catalog = catalog(toml);
    let gated = evaluate(
        &catalog,
        &env(&catalog, &[]),
        &LatestProofs::default(),
        now(),
    );
    assert_eq!(claims_in(&gated, "m", "buy now, never ever").len(), 2);
    let proofs = LatestProofs::from_records([proof("pay", Outcome::Pass, now())]);
    let ready = evaluate(&catalog, &env(&catalog, &[("PAY", "x")]), &proofs, now());
    let left = check_copy(&ready, "m", "buy now, never ever").unwrap();
    assert_eq!(left.len(), 1);
    assert_eq!(&*left[0].claim, "Never ever");
    assert!(
        left[0].lifted_by.is_empty(),
        "nothing lifts a claim without until_ready"
    );
}

#[test]
fn empty_huge_and_odd_unicode_input() {
    let board = unproven_seed_board();
    assert!(claims_in(&board, "self-serve-paid-launch", "").is_empty());
    let chunk = "Our café 🚀 offers BUY🚀NOW — ünïcödé ✓ text without claims. ";
    let huge = chunk.repeat(1_000_000 / chunk.len() + 1);
    assert!(huge.len() >= 1_000_000);
    let found = check_copy(&board, "self-serve-paid-launch", &huge).unwrap();
    assert_eq!(
        found.len(),
        huge.matches("BUY🚀NOW").count(),
        "emoji separate words like spaces do"
    );
    assert!(found.iter().all(|v| &huge[v.start..v.end] == "BUY🚀NOW"));
}

#[test]
fn an_unknown_motion_is_an_error() {
    assert_eq!(
        check_copy(&unproven_seed_board(), "moonshot", "buy now"),
        Err(UnknownMotion("moonshot".to_owned()))
    );
}
