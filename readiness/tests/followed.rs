//! What a buyer follows once the catalog moved (issue 22, attack round 5): a renamed id is
//! followed under its new id; a withdrawn one is named in the words it had.

mod common;

use readiness::changes::{Change, Changes, MotionEdit, Subject};
use readiness::followed::{renames, settled_now, Edits, Rename};
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
    let found = renames(&board, &Edits::scan(&changes), &follows, 0);
    let to = MotionId::parse(LISTED).unwrap();
    let rename = Rename {
        from: "self-serve".into(),
        to: to.clone(),
        at,
    };
    assert_eq!(found, [rename]);
    assert_eq!(
        settled_now(&board, &Edits::scan(&changes), &follows, 0),
        [LISTED, "broad-enterprise"],
        "in the same place"
    );
    let both = vec!["self-serve".to_owned(), LISTED.to_owned()];
    assert_eq!(
        settled_now(&board, &Edits::scan(&changes), &both, 0),
        [LISTED],
        "once"
    );
    assert_eq!(
        Edits::scan(&changes).withdrawn_words("self-serve"),
        Some(words.as_str())
    );
}

#[test]
fn a_withdrawal_is_followed_to_where_its_words_are_listed_again_and_no_further() {
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
    // Found by attack (issue 22): withdrawn, then listed again under another id in a later
    // save, the offer left its follower on the dead id. Its words are followed there.
    let found = renames(&board, &Edits::scan(&apart), &follows, 0);
    assert_eq!(found.len(), 1, "listed again later");
    assert_eq!((found[0].to.as_str(), found[0].at), (LISTED, later));
    let other: Changes = [
        removed("loyalty", "a loyalty programme", at),
        edited(LISTED, at, MotionEdit::Added),
    ]
    .into_iter()
    .collect();
    let loyal = vec!["loyalty".to_owned()];
    assert!(
        renames(&board, &Edits::scan(&other), &loyal, 0).is_empty(),
        "other words"
    );
    assert_eq!(
        Edits::scan(&other).withdrawn_words("loyalty"),
        Some("a loyalty programme")
    );
    assert_eq!(Edits::scan(&other).withdrawn_words("never-listed"), None);
}

const MANAGED: &str = "managed-private-beta";
const INVOICE: &str = "invoice-led-paid-beta";

fn words_of(board: &readiness::Board, id: &str) -> String {
    let motion = board.motions.iter().find(|m| m.id.as_str() == id);
    motion.unwrap().offer_words()
}

fn reworded(motion: &str, from: &str, to: &str, at: OffsetDateTime) -> Change {
    let edit = MotionEdit::Reworded {
        from: from.to_owned(),
        to: to.to_owned(),
        was_available: false,
    };
    edited(motion, at, edit)
}

fn ms(at: OffsetDateTime) -> i64 {
    (at.unix_timestamp_nanos() / 1_000_000) as i64
}

/// Found by attack (issue 22): a swap undone within one burst, read as its last edit alone,
/// moved each follower to the other offer. The words are followed edit by edit.
#[test]
fn a_swap_undone_leaves_each_follower_where_it_was_and_a_move_is_followed_from_its_instant() {
    let board = common::seed_board();
    let (x, y) = (words_of(&board, MANAGED), words_of(&board, INVOICE));
    let (t1, t2) = (common::now(), common::now() + time::Duration::seconds(1));
    let changes: Changes = [
        reworded(MANAGED, &x, &y, t1),
        reworded(INVOICE, &y, &x, t1),
        reworded(MANAGED, &y, &x, t2),
        reworded(INVOICE, &x, &y, t2),
    ]
    .into_iter()
    .collect();
    let follows = vec![MANAGED.to_owned()];
    let trail = &readiness::followed::trails(&board, &Edits::scan(&changes), &follows, 0)[0];
    assert_eq!(trail.ids().collect::<Vec<_>>(), [MANAGED, INVOICE, MANAGED]);
    assert!(
        renames(&board, &Edits::scan(&changes), &follows, 0).is_empty(),
        "back where it was"
    );
    let halfway = trail
        .rename_through(t1)
        .expect("under the other id in between");
    assert_eq!(halfway.to.as_str(), INVOICE);
    assert_eq!(
        trail.ids_at(t1),
        [MANAGED, INVOICE],
        "both at the move's instant"
    );
    assert_eq!(
        trail.ids_at(t1 + time::Duration::milliseconds(500)),
        [INVOICE]
    );
    assert_eq!(trail.ids_at(t1 - time::Duration::seconds(1)), [MANAGED]);
    // Moved at t1 (the mail loop's step): the swap back brings it home, once.
    let moved = vec![INVOICE.to_owned()];
    let back = renames(&board, &Edits::scan(&changes), &moved, ms(t1));
    assert_eq!(back.len(), 1);
    assert_eq!(back[0].to.as_str(), MANAGED);
    assert!(
        renames(&board, &Edits::scan(&changes), &follows, ms(t2)).is_empty(),
        "chosen after"
    );
}

/// Found by attack (issue 22): three ids moved in a cycle. Each follower follows its words to
/// the id that has them now, and the edit read whole is no news.
#[test]
fn three_ids_in_a_cycle_each_keep_their_followers_and_say_nothing() {
    let board = common::seed_board();
    let (x, y, z) = (
        words_of(&board, MANAGED),
        words_of(&board, INVOICE),
        words_of(&board, LISTED),
    );
    let at = common::now();
    let changes: Changes = [
        reworded(MANAGED, &y, &x, at),
        reworded(INVOICE, &z, &y, at),
        reworded(LISTED, &x, &z, at),
    ]
    .into_iter()
    .collect();
    let found = renames(&board, &Edits::scan(&changes), &[INVOICE.to_owned()], 0);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].to.as_str(), LISTED, "its words were {z}");
    let whole: Vec<&Change> = changes.iter().collect();
    let follows = [
        MotionId::parse(INVOICE).unwrap(),
        MotionId::parse(LISTED).unwrap(),
    ];
    let news = readiness::buyer_news::burst_news(&board, &follows, &whole);
    assert!(news.is_empty(), "{news:?}");
}

/// Found by attack (issue 22): two ids swapped while one offer got new words. The follower of
/// the offer that kept its words follows it to its new id and hears nothing; the follower of
/// the reworded one is never given the other buyer's offer: its words are gone, and it is told
/// so, in its own words.
#[test]
fn a_swap_with_new_words_never_gives_a_follower_another_buyers_offer() {
    let board = common::seed_board();
    let (x, y) = (words_of(&board, MANAGED), words_of(&board, INVOICE));
    let at = common::now();
    let changes: Changes = [
        reworded(MANAGED, &y, &x, at),
        reworded(INVOICE, "a beta we used to run", &y, at),
    ]
    .into_iter()
    .collect();
    let follows = vec![MANAGED.to_owned(), INVOICE.to_owned()];
    let trails = readiness::followed::trails(&board, &Edits::scan(&changes), &follows, 0);
    let (kept, lost) = (&trails[0], &trails[1]);
    assert_eq!(kept.ids().collect::<Vec<_>>(), [MANAGED, INVOICE]);
    assert_eq!(kept.words, [y]);
    assert_eq!(lost.ids().collect::<Vec<_>>(), [INVOICE], "not moved");
    assert_eq!(
        lost.words,
        ["a beta we used to run"],
        "never the other's words"
    );
    let whole: Vec<&Change> = changes.iter().collect();
    let told = |t: &readiness::followed::Trail| {
        readiness::buyer_news::news_for(&board, |w: &str| t.follows(w), &whole)
    };
    assert!(told(kept).is_empty(), "{:?}", told(kept));
    assert_eq!(told(lost), ["No longer offered: a beta we used to run."]);
}

/// Found by attack (issue 22, round 9, D3): the follower of the offer lost in a swap with new
/// words kept its id, which carries the other offer now, and its manage page ticked that offer.
/// Its choice settles as lost, in its own words, and is followed where those words come back.
#[test]
fn an_offer_lost_in_a_swap_is_kept_as_lost_never_as_the_id_that_carries_another() {
    use readiness::followed::{settled, trails, unlisted_words, Lost};
    let board = common::seed_board();
    let (x, y) = (words_of(&board, MANAGED), words_of(&board, INVOICE));
    let at = common::now();
    let old = "a beta we used to run";
    let mut changes: Changes = [
        reworded(MANAGED, &y, &x, at),
        reworded(INVOICE, old, &y, at),
    ]
    .into_iter()
    .collect();
    let follows = vec![MANAGED.to_owned(), INVOICE.to_owned()];
    let found = trails(&board, &Edits::scan(&changes), &follows, 0);
    let lost = Lost {
        id: INVOICE.to_owned(),
        at,
    };
    assert_eq!(found[1].lost_through(at), Some(&lost));
    assert_eq!(found[1].moved_through(at), Some(at));
    assert_eq!(found[0].lost_through(at), None);
    let before = at - time::Duration::milliseconds(1);
    assert_eq!(settled(&follows, &found, before), follows, "not before");
    let marker = format!("{INVOICE}@{}", ms(at));
    assert_eq!(
        settled(&follows, &found, at),
        [INVOICE.to_owned(), marker.clone()]
    );
    assert_eq!(Lost::parse(&marker), Some(lost));
    assert_eq!(unlisted_words(&Edits::scan(&changes), &marker), Some(old));
    for not_lost in [MANAGED, "x@", "@1", "x@y", "x@99999999999999999999"] {
        assert_eq!(Lost::parse(not_lost), None, "{not_lost}");
    }

    // Settled at `at`, the lost follow follows nothing listed...
    let settled_at = [marker.clone()];
    let again = &trails(&board, &Edits::scan(&changes), &settled_at, ms(at))[0];
    assert!(again.follows(old) && !again.follows(&y) && !again.follows(&x));
    assert_eq!(again.settled(at + time::Duration::days(1)), marker);
    // ...until its words are listed again, under the id that lists them.
    let later = at + time::Duration::seconds(5);
    changes.push_back(reworded(MANAGED, &y, old, later));
    let back = &trails(&board, &Edits::scan(&changes), &settled_at, ms(at))[0];
    assert_eq!(back.settled(later), MANAGED);
}

/// Found by attack (issue 22, round 9): a reword undone within one burst was e-mailed as two
/// renames, and A→B→C named the middle words. One burst reads as where it ended.
#[test]
fn rewords_within_a_burst_read_as_where_they_ended() {
    let board = common::seed_board();
    let x = words_of(&board, MANAGED);
    let (t1, t2) = (common::now(), common::now() + time::Duration::seconds(1));
    let follows = [MotionId::parse(MANAGED).unwrap()];
    let back: Changes = [
        reworded(MANAGED, &x, "for a while", t1),
        reworded(MANAGED, "for a while", &x, t2),
    ]
    .into_iter()
    .collect();
    let burst: Vec<&Change> = back.iter().collect();
    let news = readiness::buyer_news::burst_news(&board, &follows, &burst);
    assert!(news.is_empty(), "{news:?}");
    let on: Changes = [
        reworded(MANAGED, "the first words", "the middle words", t1),
        reworded(MANAGED, "the middle words", &x, t2),
    ]
    .into_iter()
    .collect();
    let burst: Vec<&Change> = on.iter().collect();
    let news = readiness::buyer_news::burst_news(&board, &follows, &burst);
    assert_eq!(news, [format!("Renamed: {x} (was: the first words).")]);
    // The follower's choices stand at the reword once passed: the old words match no more.
    let trail =
        &readiness::followed::trails(&board, &Edits::scan(&on), &[MANAGED.to_owned()], 0)[0];
    assert_eq!(trail.moved_through(t2), Some(t2));
    assert_eq!(trail.moved_through(t1), Some(t1));
    assert_eq!(trail.moved_through(t1 - time::Duration::seconds(1)), None);
}

/// Found by attack (issue 22, round 9): an offer withdrawn before its follower's choices were
/// last set (another of its offers moved meanwhile) was never followed to where it was listed
/// again.
#[test]
fn an_offer_withdrawn_before_the_choices_were_set_is_followed_when_listed_again() {
    let board = common::seed_board();
    let words = offer_of_listed(&board);
    let (gone, set, back) = (
        common::now(),
        common::now() + time::Duration::seconds(5),
        common::now() + time::Duration::seconds(9),
    );
    let changes: Changes = [
        removed("self-serve", &words, gone),
        edited(LISTED, back, MotionEdit::Added),
    ]
    .into_iter()
    .collect();
    let found = renames(
        &board,
        &Edits::scan(&changes),
        &["self-serve".to_owned()],
        ms(set),
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].to.as_str(), LISTED);
}

/// Found by attack (issue 22, round 9): after a swap, an offer's "What changed" showed the
/// other offer's past. An offer's lineage gives the id it stood under at each instant.
#[test]
fn an_offers_lineage_goes_back_through_swaps_renames_and_rewords() {
    let board = common::seed_board();
    let (x, y) = (words_of(&board, MANAGED), words_of(&board, INVOICE));
    let z = offer_of_listed(&board);
    let t = |s: i64| common::now() + time::Duration::seconds(s);
    let changes: Changes = [
        reworded(MANAGED, "its first words", &y, t(1)),
        reworded(MANAGED, &y, &x, t(2)),
        reworded(INVOICE, &x, &y, t(2)),
        removed("self-serve", &z, t(3)),
        edited(LISTED, t(3), MotionEdit::Added),
    ]
    .into_iter()
    .collect();
    let id = |s: &str| MotionId::parse(s).unwrap();
    let invoice = readiness::followed::lineage(&Edits::scan(&changes), &id(INVOICE), Some(&y));
    assert_eq!(
        invoice.id_at(t(0)).unwrap().as_str(),
        MANAGED,
        "before the swap"
    );
    assert_eq!(invoice.id_at(t(2)).unwrap().as_str(), INVOICE);
    assert_eq!(invoice.id_at(t(9)).unwrap().as_str(), INVOICE);
    let managed = readiness::followed::lineage(&Edits::scan(&changes), &id(MANAGED), Some(&x));
    assert_eq!(managed.id_at(t(0)).unwrap().as_str(), INVOICE);
    let listed = readiness::followed::lineage(&Edits::scan(&changes), &id(LISTED), Some(&z));
    assert_eq!(
        listed.id_at(t(0)).unwrap().as_str(),
        "self-serve",
        "renamed at t(3)"
    );
    assert_eq!(listed.id_at(t(3)).unwrap().as_str(), LISTED);
}

/// Found by attack (issue 22, round 10): a swap with new words undone by a later save left the
/// follow lost for good (a pending confirm, a stale form and the mail loop alike). Its words
/// are followed on after the loss, and where they are listed again, it is there.
#[test]
fn an_offer_lost_in_a_swap_and_then_listed_again_is_followed_there() {
    use readiness::followed::{settled, settled_now, trails};
    let board = common::seed_board();
    let (x, y) = (words_of(&board, MANAGED), words_of(&board, INVOICE));
    let (t1, t2) = (common::now(), common::now() + time::Duration::seconds(2));
    let hosted = format!("{x}, hosted");
    // t1: the ids swap and the managed offer gets new words; t2: the save is undone.
    let changes: Changes = [
        reworded(MANAGED, &x, &y, t1),
        reworded(INVOICE, &y, &hosted, t1),
        reworded(MANAGED, &y, &x, t2),
        reworded(INVOICE, &hosted, &y, t2),
    ]
    .into_iter()
    .collect();
    let follows = vec![MANAGED.to_owned(), INVOICE.to_owned()];
    let found = trails(&board, &Edits::scan(&changes), &follows, 0);
    assert_eq!(found[0].lost_through(t2), None, "found again at t2");
    let lost_at_t1 = settled(&follows, &found, t1);
    assert_eq!(
        lost_at_t1[0],
        format!("{MANAGED}@{}", ms(t1)),
        "lost in between"
    );
    assert_eq!(
        settled(&follows, &found, t2),
        follows,
        "both back where they were"
    );
    assert_eq!(
        settled_now(&board, &Edits::scan(&changes), &follows, 0),
        follows,
        "a pending confirm"
    );
    // Settled as lost at t1 by a pass in between, the next pass finds it again.
    let after = settled_now(&board, &Edits::scan(&changes), &lost_at_t1, ms(t1));
    assert_eq!(after, follows);
    let trail = &trails(&board, &Edits::scan(&changes), &lost_at_t1, ms(t1))[0];
    assert!(
        trail.ids().any(|id| id == MANAGED),
        "its bursts are read where it went"
    );
}

/// Found by attack (issue 22, round 10): after two ids swapped while one offer got new words,
/// that offer's "What changed" showed the past of the offer its id carried before. Its lineage
/// starts at the swap; an id withdrawn and listed again keeps its past only in the same words.
#[test]
fn an_offer_given_new_words_in_a_swap_has_no_past_under_the_other_offers_id() {
    use readiness::followed::lineage;
    let board = common::seed_board();
    let (x, y) = (words_of(&board, MANAGED), words_of(&board, INVOICE));
    let t = |s: i64| common::now() + time::Duration::seconds(s);
    let y_b = format!("{y} B");
    let x_c = format!("{x} C");
    let changes: Changes = [
        reworded(INVOICE, &y, &y_b, t(1)),
        reworded(MANAGED, &x, &y_b, t(3)),
        reworded(INVOICE, &y_b, &x_c, t(3)),
    ]
    .into_iter()
    .collect();
    let invoice = MotionId::parse(INVOICE).unwrap();
    let new_one = lineage(&Edits::scan(&changes), &invoice, Some(&x_c));
    assert_eq!(new_one.id_at(t(1)), None, "no past before the swap");
    assert_eq!(new_one.id_at(t(3)), Some(&invoice));
    let managed = MotionId::parse(MANAGED).unwrap();
    let moved = lineage(&Edits::scan(&changes), &managed, Some(&y_b));
    assert_eq!(
        moved.id_at(t(1)),
        Some(&invoice),
        "the invoice offer keeps its past"
    );

    let again: Changes = [
        removed(LISTED, "words of another offer", t(1)),
        edited(LISTED, t(2), MotionEdit::Added),
    ]
    .into_iter()
    .collect();
    let listed = MotionId::parse(LISTED).unwrap();
    let other = lineage(
        &Edits::scan(&again),
        &listed,
        Some("an offer listed at t(2)"),
    );
    assert_eq!(
        other.id_at(t(1)),
        None,
        "another offer's withdrawal is not its past"
    );
    let same = lineage(
        &Edits::scan(&again),
        &listed,
        Some("words of another offer"),
    );
    assert_eq!(
        same.id_at(t(1)),
        Some(&listed),
        "listed again in the same words"
    );
}

/// Found by attack (issue 22, round 10): a follower whose offer came back through another id's
/// reword was told "Renamed: its words (was: the other offer's words)", words it never
/// followed. To it, its offer is listed again; to a follower of the old words, it is renamed.
#[test]
fn words_that_come_back_through_another_ids_reword_are_newly_listed_to_their_follower() {
    let board = common::seed_board();
    let x = words_of(&board, MANAGED);
    let hosted = format!("{x}, hosted");
    let at = common::now();
    let back: Changes = [reworded(INVOICE, &hosted, &x, at)].into_iter().collect();
    let burst: Vec<&Change> = back.iter().collect();
    let news = |followed: &[&str]| {
        readiness::buyer_news::news_for(&board, |w: &str| followed.contains(&w), &burst)
    };
    let lost = news(&[&x]);
    assert_eq!(lost.len(), 1, "{lost:?}");
    assert!(
        lost[0].starts_with("Newly listed") && lost[0].contains(&x),
        "{lost:?}"
    );
    assert!(!lost[0].contains("hosted"), "{lost:?}");
    assert_eq!(news(&[&hosted]), [format!("Renamed: {x} (was: {hosted}).")]);
}
