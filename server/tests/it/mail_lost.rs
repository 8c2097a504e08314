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
