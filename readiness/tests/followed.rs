//! What a buyer follows once the catalog moved (issue 22, attack round 5): a renamed id is
//! followed under its new id; a withdrawn one is named in the words it had.

mod common;

use readiness::changes::{Change, Changes, MotionEdit, Subject};
use readiness::followed::{after_renames, renames, withdrawn_words, Rename};
use readiness::MotionId;
use time::OffsetDateTime;

fn edited(motion: &str, at: OffsetDateTime, edit: MotionEdit) -> Change {
    let subject = Subject::Motion {
        motion: MotionId::parse(motion).unwrap(),
        can_move: false,
        because: Vec::new(),
        edit: Some(edit),
    };
    Change::new(at, subject, "the record's words".into())
}

fn removed(motion: &str, offer: &str, at: OffsetDateTime) -> Change {
    let edit = MotionEdit::Removed {
        offer: offer.to_owned(),
        was_available: false,
    };
    edited(motion, at, edit)
}

const LISTED: &str = "self-serve-paid-launch";

fn offer_of_listed(board: &readiness::Board) -> String {
    let motion = board.motions.iter().find(|m| m.id.as_str() == LISTED);
    motion.unwrap().offer_words()
}

#[test]
fn an_id_withdrawn_as_its_words_are_listed_under_another_is_followed_there() {
    let board = common::seed_board();
    let at = common::now();
    let words = offer_of_listed(&board);
    let changes: Changes = [
        removed("self-serve", &words, at),
        edited(LISTED, at, MotionEdit::Added),
    ]
    .into_iter()
    .collect();
    let follows = vec!["self-serve".to_owned(), "broad-enterprise".to_owned()];
    let found = renames(&board, &changes, &follows, 0);
    let to = MotionId::parse(LISTED).unwrap();
    let rename = Rename {
        from: "self-serve".into(),
        to: to.clone(),
        at,
    };
    assert_eq!(found, [rename]);
    assert_eq!(
        after_renames(&follows, &found),
        [LISTED, "broad-enterprise"],
        "in the same place"
    );
    let both = vec!["self-serve".to_owned(), LISTED.to_owned()];
    assert_eq!(after_renames(&both, &found), [LISTED], "once");
    assert_eq!(
        withdrawn_words(&changes, "self-serve"),
        Some(words.as_str())
    );
}

#[test]
fn a_withdrawal_without_a_listing_at_that_instant_is_no_rename() {
    let board = common::seed_board();
    let at = common::now();
    let words = offer_of_listed(&board);
    let later = at + time::Duration::seconds(5);
    let apart: Changes = [
        removed("self-serve", &words, at),
        edited(LISTED, later, MotionEdit::Added),
    ]
    .into_iter()
    .collect();
    let follows = vec!["self-serve".to_owned()];
    assert!(
        renames(&board, &apart, &follows, 0).is_empty(),
        "not together"
    );
    let other: Changes = [
        removed("loyalty", "a loyalty programme", at),
        edited(LISTED, at, MotionEdit::Added),
    ]
    .into_iter()
    .collect();
    let loyal = vec!["loyalty".to_owned()];
    assert!(renames(&board, &other, &loyal, 0).is_empty(), "other words");
    assert_eq!(
        withdrawn_words(&other, "loyalty"),
        Some("a loyalty programme")
    );
    assert_eq!(withdrawn_words(&other, "never-listed"), None);
}
