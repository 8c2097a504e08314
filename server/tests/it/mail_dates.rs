//! An offer's expected day, e-mailed to who follows that offer (issue 22, attack round 11): a
//! day given to a system the offer requires reached only the whole board's followers; and a day
//! given to a system an offer only names in a claim was e-mailed as "No expected date any more".

use crate::common::smtp::Received;
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
