//! An offer lost in a swap with new words (issue 22, attack round 9, D3): its follower is told
//! "No longer offered" in its own words, and from then on its choice reads as lost. Before, it
//! kept its id, which carries another buyer's offer now, and its manage page ticked that offer.

use crate::common::smtp::Received;
use crate::mail::{get, is_kind};
use crate::mail_catalog::{follows, subscribed, swapped, Setup, WAIT};
use std::time::{Duration, Instant};

const MANAGED: &str = "managed-private-beta";

#[test]
fn a_follower_whose_offer_was_lost_in_a_swap_is_shown_it_lost_not_the_other_offer() {
    let Setup {
        smtp,
        dir: _dir,
        catalog,
        shipped,
        db,
        server,
    } = Setup::start();
    let lost = "managed@example.com";
    subscribed(&server, &smtp, lost, MANAGED);
    // One edit: the ids swapped, and the managed beta, now under the invoice id, reworded.
    // The managed id carries the invoice offer now; no id carries the managed beta's words.
    let edited = swapped(&shipped).replace(
        "offer = \"a managed private beta with our team\"",
        "offer = \"a managed private pilot with our team\"",
    );
    std::fs::write(&catalog, edited).unwrap();

    let told = |m: &Received| m.header("to") == Some(lost) && is_kind("Vendor readiness:")(m);
    let news = smtp.wait_for(1, WAIT, told);
    let body = &news[0].body;
    assert!(
        body.contains("No longer offered: a managed private beta with our team."),
        "{body}"
    );
    let news_part = &body[..body.find("Where things stand").unwrap()];
    assert!(
        !news_part.contains("invoice"),
        "never the other offer: {body}"
    );
    assert!(
        body.contains("updates about a managed private beta with our team (no longer offered)."),
        "{body}"
    );

    let deadline = Instant::now() + WAIT;
    let marker = || {
        follows(&db, lost)[0]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    };
    while !marker().starts_with(&format!("{MANAGED}@")) {
        assert!(Instant::now() < deadline, "{}", follows(&db, lost));
        std::thread::sleep(Duration::from_millis(200));
    }
    let manage = news[0].link(&format!("{}/subscriptions/manage?token=", server.base));
    let (status, page) = get(&manage);
    assert_eq!(status, 200);
    assert!(
        page.contains(
            "You followed only what is no longer offered: a managed private beta with our team."
        ),
        "{page}"
    );
    let at = page
        .find(&format!(r#"value="{MANAGED}""#))
        .expect("the offer");
    let input = &page[page[..at].rfind("<input").unwrap()..];
    let input = &input[..input.find('>').unwrap()];
    assert!(
        !input.contains("checked"),
        "the other offer is not ticked: {input}"
    );

    // Later news of the offer now under the managed id is not this follower's.
    let later = std::fs::read_to_string(&catalog).unwrap().replace(
        "a paid beta billed by invoice",
        "a paid beta billed monthly by invoice",
    );
    std::fs::write(&catalog, later).unwrap();
    std::thread::sleep(Duration::from_secs(4));
    let sent = smtp.messages().into_iter().filter(|m| told(m)).count();
    assert_eq!(sent, 1, "nothing more about another buyer's offer");
    assert!(
        marker().starts_with(&format!("{MANAGED}@")),
        "{}",
        follows(&db, lost)
    );
}

/// Found by attack (issue 22, round 10): a swap with new words undone by the next save, within
/// the burst, left a follower of both offers lost for good (the mail loop moved its choices at
/// the latest move of either, past the undo), and a subscription confirmed after it too.
#[test]
fn a_loss_undone_by_the_next_save_loses_nobody_confirmed_or_pending() {
    use crate::mail::post_form;
    use crate::mail_catalog::without_broad;
    let Setup {
        smtp,
        dir: _dir,
        catalog,
        shipped,
        db,
        server,
    } = Setup::bursting("3000");
    let (both, gone) = ("both@example.com", "rollout@example.com");
    let form = format!(
        "address={}&motion={MANAGED}&motion=invoice-led-paid-beta",
        both.replace('@', "%40")
    );
    assert_eq!(
        post_form(&format!("{}/subscribe", server.base), &form).0,
        200
    );
    let to_both = |m: &Received| m.header("to") == Some(both);
    let confirm = smtp.wait_for(1, WAIT, |m| to_both(m) && is_kind("Confirm")(m));
    let link = confirm[0].link(&format!("{}/subscriptions/confirm?token=", server.base));
    assert_eq!(post_form(&link, "").0, 200);
    let pending = "pending@example.com";
    let form = format!("address={}&motion={MANAGED}", pending.replace('@', "%40"));
    assert_eq!(
        post_form(&format!("{}/subscribe", server.base), &form).0,
        200
    );
    let to_pending = |m: &Received| m.header("to") == Some(pending);
    let pending_confirm = smtp.wait_for(1, WAIT, |m| to_pending(m) && is_kind("Confirm")(m));
    subscribed(&server, &smtp, gone, "broad-enterprise-expansion");

    let lost = swapped(&shipped).replace(
        "offer = \"a managed private beta with our team\"",
        "offer = \"a managed private beta with our team, hosted\"",
    );
    std::fs::write(&catalog, lost).unwrap();
    std::thread::sleep(Duration::from_millis(1200));
    // Undone, and the broad motion withdrawn: its follower's news shows the burst was read.
    std::fs::write(&catalog, without_broad(&shipped)).unwrap();
    let to_gone = |m: &Received| m.header("to") == Some(gone) && is_kind("Vendor readiness:")(m);
    smtp.wait_for(1, WAIT, to_gone);
    std::thread::sleep(Duration::from_secs(3));
    let both_now = follows(&db, both);
    assert_eq!(
        both_now,
        serde_json::json!([MANAGED, "invoice-led-paid-beta"]),
        "back where it was"
    );
    let told = smtp
        .messages()
        .into_iter()
        .filter(|m| to_both(m) && !is_kind("Confirm")(m));
    assert_eq!(told.count(), 0, "an undone edit is no news");

    let link = pending_confirm[0].link(&format!("{}/subscriptions/confirm?token=", server.base));
    let (status, page) = post_form(&link, "");
    assert_eq!(status, 200, "{page}");
    assert!(!page.contains("no longer offered"), "{page}");
    assert_eq!(follows(&db, pending), serde_json::json!([MANAGED]));
}
