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
        ("managed private beta", true, None),
        ("self-serve plans", false, Some(("2027-01-15", false))),
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
fn each_offer_says_whether_it_can_be_had_now() {
    let b = board(&[("Beta", true, None), ("Self-serve plans", false, None)]);
    let words: Vec<&str> = b.motions.iter().map(|m| m.availability(false)).collect();
    assert_eq!(words, ["Available now", "Not yet"]);
    // A past view says how it stood then (found by attack: "Available now" under "Available then").
    let then: Vec<&str> = b.motions.iter().map(|m| m.availability(true)).collect();
    assert_eq!(then, ["Available then", "Not available then"]);
}

/// Found by attack: an offer starting with a name ("Okta single sign-on") read "okta …" in the
/// answer. The catalog writes an offer as it reads inside a sentence; headings capitalise it.
#[test]
fn an_offer_reads_as_written_and_a_heading_capitalises_it() {
    let b = board(&[
        ("Okta single sign-on for teams", true, None),
        ("self-serve plans", false, None),
    ]);
    assert_eq!(
        for_buyers(&b, false),
        "Available today: Okta single sign-on for teams. Not offered yet, with no date: self-serve plans."
    );
    assert_eq!(b.motions[1].offer_title(), "Self-serve plans");
    // Without an offer, the name stands in, read inside a sentence.
    let seed = common::seed_board();
    assert!(seed
        .motions
        .iter()
        .all(|m| !m.offer.starts_with(char::is_uppercase)));
}

#[test]
fn everything_nothing_and_the_past() {
    let all = board(&[("beta", true, None), ("paid beta", true, None)]);
    assert_eq!(
        for_buyers(&all, false),
        "Everything is available today: beta and paid beta."
    );
    let none = board(&[("self-serve plans", false, None)]);
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

#[cfg(feature = "history")]
mod news {
    use super::common;
    use readiness::buyer_news::burst_news;
    use readiness::changes::{Change, Subject};
    use readiness::MotionId;

    fn verdict(motion: &str, can_move: bool, second: i64) -> Change {
        let subject = Subject::Motion {
            motion: MotionId::parse(motion).unwrap(),
            can_move,
            because: Vec::new(),
        };
        Change::new(
            common::now() + time::Duration::seconds(second),
            subject,
            String::new(),
        )
    }

    /// Found by attack: "What changed" on the buyer's page said "Managed private beta is
    /// gated" beside a card naming the offer. A verdict is said in the offer's words, a claim
    /// is left out, a system's change keeps the record's words.
    #[test]
    fn a_change_reads_in_the_offers_words_and_claims_are_left_out() {
        use readiness::buyer_news::change_line;
        let board = common::seed_board();
        assert_eq!(
            change_line(&board, &verdict("managed-private-beta", true, 1)).as_deref(),
            Some("A managed private beta with our team is available now")
        );
        assert_eq!(
            change_line(&board, &verdict("managed-private-beta", false, 1)).as_deref(),
            Some("A managed private beta with our team is not available now")
        );
        let claim = Change::new(
            common::now(),
            Subject::Claim {
                motion: MotionId::parse("managed-private-beta").unwrap(),
                claim: "Self-serve checkout".into(),
                lifted: true,
            },
            "the team's words".into(),
        );
        assert_eq!(change_line(&board, &claim), None);
        let gone = verdict("no-such-motion", false, 1);
        assert_eq!(change_line(&board, &gone).as_deref(), Some(""));
    }

    /// Found by attack: a proof that failed and passed again within a burst sent "6 changes"
    /// in the operator's words; to a buyer it is no news at all.
    #[test]
    fn only_what_ended_different_is_news_and_in_the_offers_words() {
        let board = common::seed_board();
        let (gated, moves) = (
            verdict("managed-private-beta", false, 1),
            verdict("managed-private-beta", true, 2),
        );
        assert!(
            burst_news(&board, &[], &[&gated, &moves]).is_empty(),
            "ended where it began"
        );
        assert_eq!(
            burst_news(&board, &[], &[&gated]),
            ["A managed private beta with our team is no longer available."]
        );
        let again = verdict("managed-private-beta", false, 3);
        assert_eq!(burst_news(&board, &[], &[&gated, &moves, &again]).len(), 1);
        let other = [MotionId::parse("invoice-led-paid-beta").unwrap()];
        assert!(
            burst_news(&board, &other, &[&gated]).is_empty(),
            "not followed"
        );
    }
}
