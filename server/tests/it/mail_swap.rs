//! An offer whose words a later edit swaps onto an id listed anew in an earlier burst (issue 22,
//! attack round 16, `j1.py`): its follower is never told "Newly listed" of the other id's
//! listing, which happened before the offer stood under that id; its next news is its own.

use crate::common::smtp::Received;
use crate::mail::is_kind;
use crate::mail_catalog::{subscribed, Setup, WAIT};
use std::time::Duration;

const ENTERPRISE: &str = "enterprise rollout with single sign-on";

/// The shipped catalog with days given to what self-serve and the enterprise rollout wait on.
fn dated(shipped: &str) -> String {
    let mut text = shipped.to_owned();
    for (system, day) in [
        ("core-runtime", "2027-01-01"),
        ("stripe-billing", "2027-01-15"),
        ("enterprise-identity", "2027-06-01"),
        ("hris-connectors", "2027-06-01"),
        ("official-issuers", "2027-06-01"),
    ] {
        let line = format!("id = \"{system}\"\n");
        text = text.replacen(&line, &format!("{line}expected = \"{day}\"\n"), 1);
    }
    text
}

#[test]
fn an_offer_swapped_onto_an_id_listed_in_an_earlier_burst_is_not_newly_listed() {
    let Setup {
        smtp,
        dir: _dir,
        catalog,
        shipped,
        db: _db,
        server,
    } = Setup::bursting("2000");
    std::fs::write(&catalog, dated(&shipped)).unwrap();
    std::thread::sleep(Duration::from_secs(2));
    let follower = "rollout@example.com";
    subscribed(&server, &smtp, follower, "broad-enterprise-expansion");
    let to_it = |m: &Received| m.header("to") == Some(follower) && is_kind("Vendor readiness:")(m);

    // One burst: self-serve's id and words replaced (withdrawn, and "web plans" listed anew).
    let renamed = dated(&shipped)
        .replace("\"self-serve-paid-launch\"", "\"ssnew\"")
        .replace("self-serve plans paid by card", "web plans");
    std::fs::write(&catalog, &renamed).unwrap();
    // More than two windows apart, so the mail loop reads the first burst closed while the
    // second is open (found by attack: then the first was read as the follower's).
    std::thread::sleep(Duration::from_secs(6));
    // A later burst: the two offers swap words. The rollout now stands under `ssnew`.
    let swapped = renamed
        .replace(ENTERPRISE, "@@")
        .replace(
            "offer = \"web plans\"",
            &format!("offer = \"{ENTERPRISE}\""),
        )
        .replace("@@", "web plans");
    std::fs::write(&catalog, &swapped).unwrap();
    std::thread::sleep(Duration::from_secs(5));
    // Then a day both offers wait on moves: news to the follower, after the swap's burst.
    let later = swapped.replacen(
        "id = \"enterprise-identity\"\nexpected = \"2027-06-01\"",
        "id = \"enterprise-identity\"\nexpected = \"2027-09-01\"",
        1,
    );
    assert_ne!(later, swapped);
    std::fs::write(&catalog, later).unwrap();
    let told = smtp.wait_for(1, WAIT, to_it);
    assert!(
        told[0].body.contains(&format!(
            "Now expected by 1 September 2027 (was 1 June 2027): {ENTERPRISE}."
        )),
        "{}",
        told[0].body
    );
    std::thread::sleep(Duration::from_secs(5));
    let all: Vec<Received> = smtp.messages().into_iter().filter(to_it).collect();
    assert_eq!(all.len(), 1, "one message: {all:#?}");
    assert!(!all[0].body.contains("Newly listed"), "{}", all[0].body);
}
