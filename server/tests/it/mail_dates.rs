//! An offer's expected day, e-mailed to who follows that offer (issue 22, attack round 11): a
//! day given to a system the offer requires reached only the whole board's followers; and a day
//! given to a system an offer only names in a claim was e-mailed as "No expected date any more".
//! Round 12: a proof that changes what an offer waits on moves its day, and nobody was told.

use crate::common::smtp::Received;
use crate::common::PUSH_TOKEN;
use crate::mail::is_kind;
use crate::mail_catalog::{subscribed, Setup, WAIT};
use std::time::Duration;

#[test]
fn a_day_given_to_what_an_offer_requires_is_news_to_its_followers_only() {
    let Setup {
        smtp,
        dir: _dir,
        catalog,
        shipped,
        db: _db,
        server,
    } = Setup::start();
    let (self_serve, managed) = ("card@example.com", "managed@example.com");
    subscribed(&server, &smtp, self_serve, "self-serve-paid-launch");
    subscribed(&server, &smtp, managed, "managed-private-beta");
    // Every system gets a day: the self-serve offer waits on every blocked one.
    let mut dated = String::new();
    for line in shipped.lines() {
        dated.push_str(line);
        dated.push('\n');
        let system_id = line.starts_with("id = \"")
            && !line.contains("-beta")
            && !line.contains("-launch")
            && !line.contains("-expansion");
        if system_id {
            dated.push_str("expected = \"2027-01-15\"\n");
        }
    }
    assert_ne!(dated, shipped);
    std::fs::write(&catalog, dated).unwrap();
    let told = |to: &'static str| {
        move |m: &Received| m.header("to") == Some(to) && is_kind("Vendor readiness:")(m)
    };
    let news = smtp.wait_for(1, WAIT, told(self_serve));
    let body = &news[0].body;
    assert!(
        body.contains("Now expected by 15 January 2027: self-serve plans paid by card."),
        "{body}"
    );
    std::thread::sleep(Duration::from_secs(3));
    let to_managed = smtp
        .messages()
        .into_iter()
        .filter(|m| told(managed)(m))
        .count();
    assert_eq!(to_managed, 0, "the managed beta requires neither");

    // Stripe billing moved earlier: the offer still waits on others until 15 January, so its
    // day did not move, and that is no news (before, any day of a system it names was).
    let current = std::fs::read_to_string(&catalog).unwrap();
    let earlier = current.replacen(
        "id = \"stripe-billing\"\nexpected = \"2027-01-15\"",
        "id = \"stripe-billing\"\nexpected = \"2027-01-05\"",
        1,
    );
    assert_ne!(earlier, current);
    std::fs::write(&catalog, earlier).unwrap();
    let deadline = std::time::Instant::now() + WAIT;
    let read = || crate::mail::get(&format!("{}/api/vendor-readiness", server.base)).1;
    while !read().contains("\"on\":\"2027-01-05\"") {
        assert!(std::time::Instant::now() < deadline, "the edit was read");
        std::thread::sleep(Duration::from_millis(200));
    }
    std::thread::sleep(Duration::from_secs(3));
    let to_self_serve = smtp
        .messages()
        .into_iter()
        .filter(|m| told(self_serve)(m))
        .count();
    assert_eq!(to_self_serve, 1, "the offer's day did not move");
}

/// `shipped` with each system's expected day: `core-runtime` on `core`, the others on `others`.
fn with_days(shipped: &str, core: &str, others: &str) -> String {
    let mut dated = String::new();
    for line in shipped.lines() {
        dated.push_str(line);
        dated.push('\n');
        let system_id = line.starts_with("id = \"")
            && !["-beta", "-launch", "-expansion"]
                .iter()
                .any(|m| line.contains(m));
        if system_id {
            let day = if line.contains("core-runtime") {
                core
            } else {
                others
            };
            dated.push_str(&format!("expected = \"{day}\"\n"));
        }
    }
    dated
}

#[test]
fn a_proof_that_changes_what_an_offer_waits_on_is_news_of_its_day() {
    let setup = Setup::start();
    let (server, smtp) = (&setup.server, &setup.smtp);
    let (card, managed) = ("card@example.com", "managed@example.com");
    subscribed(server, smtp, card, "self-serve-paid-launch");
    subscribed(server, smtp, managed, "managed-private-beta");
    std::fs::write(
        &setup.catalog,
        with_days(&setup.shipped, "2027-03-01", "2027-01-15"),
    )
    .unwrap();
    let told = |m: &Received| m.header("to") == Some(card) && is_kind("Vendor readiness:")(m);
    let offer = "self-serve plans paid by card";
    let first = smtp.wait_for(1, WAIT, told);
    let expected = format!("Now expected by 15 January 2027: {offer}.");
    assert!(first[0].body.contains(&expected), "{}", first[0].body);
    // The core runtime (ready, so its own day says nothing) fails its proof: the offer now
    // waits on it too, until 1 March.
    let at = time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    let body = format!(
        r#"{{"system":"core-runtime","outcome":"fail","evidence":"e","recorded_at":"{at}"}}"#
    );
    let response = ureq::post(&format!("{}/api/proofs", server.base))
        .set("authorization", &format!("Bearer {PUSH_TOKEN}"))
        .set("content-type", "application/json")
        .send_string(&body)
        .unwrap();
    assert_eq!(response.status(), 201);
    let second = smtp.wait_for(2, WAIT, told);
    let moved = format!("Now expected by 1 March 2027 (was 15 January 2027): {offer}.");
    assert!(second[1].body.contains(&moved), "{}", second[1].body);
    // An offer that stops being available says when it is expected back.
    let to_managed =
        |m: &Received| m.header("to") == Some(managed) && is_kind("Vendor readiness:")(m);
    let gone = smtp.wait_for(1, WAIT, to_managed);
    let back =
        "No longer available: a managed private beta with our team, expected by 1 March 2027.";
    assert!(gone[0].body.contains(back), "{}", gone[0].body);
    // The buyer's record of the offer says it too, in the same words.
    let page = crate::mail::get(&format!(
        "{}/api/changes?motion=self-serve-paid-launch",
        server.base
    ))
    .1;
    assert!(page.contains("\"kind\":\"motion_expected\""), "{page}");
    assert!(
        page.contains(&moved.trim_end_matches('.').to_string()),
        "{page}"
    );
}
