//! The buyer's answer (issue 22): available today, coming with the catalog's day, not offered
//! without one; in the catalog's names for its offers; the past told in the past.

mod common;

use readiness::buyer::for_buyers;
use readiness::expected::MotionExpected;
use readiness::Board;

/// An offer, whether it is available, and its expected day with whether that day has passed.
type Offer<'a> = (&'a str, bool, Option<(&'a str, bool)>);

/// The seed board with its motions' offers, verdicts and expected days replaced.
fn board(motions: &[Offer<'_>]) -> Board {
    let mut board = common::seed_board();
    board.motions.truncate(motions.len());
    let day = |d: &str| {
        time::Date::parse(d, &time::format_description::well_known::Iso8601::DATE).unwrap()
    };
    for (view, (offer, can_move, by)) in board.motions.iter_mut().zip(motions) {
        view.offer = (*offer).into();
        view.can_move = *can_move;
        view.expected = (!can_move).then(|| MotionExpected {
            by: by.map(|(d, _)| day(d)),
            undated: Vec::new(),
            overdue: by.is_some_and(|(_, late)| late),
            words: String::new(),
        });
    }
    board
}

#[test]
fn available_coming_with_its_day_and_not_offered_without_one() {
    let b = board(&[
        ("Managed private beta", true, None),
        ("Self-serve plans", false, Some(("2027-01-15", false))),
        ("SSO for enterprises", false, None),
        ("HRIS imports", false, Some(("2026-12-01", true))),
    ]);
    assert_eq!(
        for_buyers(&b, false),
        "Available today: managed private beta. Coming: self-serve plans, expected by 15 January 2027; \
         HRIS imports, which was expected by 1 December 2026 and is late. \
         Not offered yet, with no date: SSO for enterprises."
    );
}

#[test]
fn everything_nothing_and_the_past() {
    let all = board(&[("Beta", true, None), ("Paid beta", true, None)]);
    assert_eq!(
        for_buyers(&all, false),
        "Everything is available today: beta and paid beta."
    );
    let none = board(&[("Self-serve plans", false, None)]);
    assert_eq!(
        for_buyers(&none, true),
        "Nothing was available then. Not offered then, with no date: self-serve plans."
    );
}

#[test]
fn the_shipped_catalog_names_its_offers_in_its_own_words() {
    let seed = common::seed_board();
    for motion in &seed.motions {
        assert!(!motion.offer.is_empty(), "{}", motion.id);
    }
    let answer = for_buyers(&seed, false);
    assert!(answer.starts_with("Available today: "), "{answer}");
    assert!(
        !answer.contains("motion") && !answer.contains("gated"),
        "{answer}"
    );
}
