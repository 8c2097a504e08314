//! Denials and questions in forms the checker did not read, found on claims sets 10 to 13: a
//! clause whose subject is denied ("No check is ever completed automatically against an official
//! source"), a question between two alternatives ("Can we pay by card, or does it have to be an
//! invoice?") and "not" typed without its apostrophe ("u cant cancel urself in the app"). Each
//! with the claims the same words must keep.

mod common;
use common::*;

/// The copy makes a claim, and reads it as denied or only asked.
fn read_as_denied(copy: &str) -> bool {
    shipped_verdict(copy) == (false, Some(true))
}

#[test]
fn a_clause_whose_subject_is_denied_denies_the_claim_in_it() {
    for copy in [
        "No check is ever completed automatically against an official source.",
        "Nothing about the DBS check is automated.",
        "For the avoidance of doubt, no check is submitted to HMRC automatically.",
        "None of our plans are renewed automatically.",
        "None of the HRIS connectors are live yet, so HiBob data does not sync automatically.",
    ] {
        assert!(read_as_denied(copy), "{copy}");
    }
}

#[test]
fn a_denied_effort_need_rival_or_condition_keeps_the_claim() {
    for copy in [
        "No IT ticket is raised when you switch on SSO yourself.",
        "No manual work is needed to sync starters from HiBob.",
        "No other vendor is connected live to the Home Office the way Thesmios is.",
        "No more manual exports as Workday syncs automatically every night.",
        "No spreadsheet is involved because HiBob syncs automatically.",
        "No sales call is needed to buy online.",
        "No setup fee is charged for teams who pay by card online.",
        // Found by attack: a second clause, "since", "too", a way of reaching the vendor.
        "No spreadsheet is ever touched and HiBob data syncs automatically every night.",
        "No renewal is ever missed since plans auto-renew each year.",
        "None of our customers were ever asked to call sales before paying by card online.",
        "No plan is too big to upgrade yourself online in a few clicks.",
        // Found by a second attack: a cause or a time the subject is denied in.
        "No renewal was missed thanks to auto-renew.",
        "No card was declined during the checkout rush on launch day.",
        "No new starter is ever missed by our automatic BambooHR sync.",
        // Found by review: the phrase held by another word is not the denied subject.
        "No buyer on instant checkout is left waiting.",
    ] {
        assert_eq!(shipped_verdict(copy), (true, Some(false)), "{copy}");
    }
}

#[test]
fn a_question_between_two_alternatives_only_asks_about_the_first() {
    for copy in [
        "Can we pay by card, or does it have to be an invoice?",
        "Tom: do they auto-pull leavers from BambooHR or is it still the spreadsheet?",
        "Does the Home Office check happen automatically, or does someone on our side still need to look at the result?",
    ] {
        assert!(read_as_denied(copy), "{copy}");
    }
}

#[test]
fn a_rhetorical_or_affirmed_alternative_keeps_the_claim() {
    for copy in [
        "Do you want to wait weeks for a quote, or pay by card and start today?",
        "Why wait for sales, or an invoice, when you can buy online?",
        "Can I cancel online, or is that just marketing? Yes, one click in Billing.",
        "Can I cancel online, or is that just marketing? A: Yes.",
        // Found by attack: answers that affirm in other words, and a comparison.
        "Can I upgrade seats myself, or do I need to contact sales? You can do it yourself in Settings.",
        "Can we pay by card, or does it have to be an invoice? Either works.",
        "Is there anything easier than upgrading your plan yourself in two clicks, or is that just us?",
        // Found by a second attack: offered to "you", the question sells.
        "Would you like to activate instantly by card, or do you prefer a signed order form?",
        "Have you tried our new card checkout yet, or are you still waiting on invoices?",
    ] {
        assert!(shipped_verdict(copy).0, "{copy}");
    }
}

#[test]
fn not_typed_without_its_apostrophe_still_denies() {
    for copy in [
        "u cant cancel urself in the app, hav to email ur AM",
        "checkout isnt live yet",
        "SSO doesnt work out of the box, our team sets it up",
    ] {
        assert!(read_as_denied(copy), "{copy}");
    }
    // An urging "don't" stays an urging, typed either way.
    assert!(shipped_verdict("dont wait and buy online today").0);
}

#[test]
fn cant_as_a_word_of_its_own_denies_nothing() {
    for copy in [
        "Skip the sales cant and buy online by card.",
        "We hate corporate cant and let you cancel yourself online in one click.",
    ] {
        assert!(shipped_verdict(copy).0, "{copy}");
    }
}

/// Found by the attack on the forms above: "not" that praises, or denies only a need to reach
/// the vendor, in either spelling.
#[test]
fn a_not_that_praises_or_denies_only_a_need_keeps_the_claim() {
    for copy in [
        "I can't believe renewals are automatic now.",
        "cant beat paying by card online in 2 mins",
        "u cant go wrong with automatic hibob sync",
        "It couldn't be easier to cancel yourself online.",
        "You don't need to call sales to pay by card online.",
        "dont need a sales call to buy online by card",
        "Never miss a renewal: plans renew automatically.",
        "Isn't it nice that Workday employee data syncs automatically now?",
        "Wasnt it easy to pay by card online?",
        "Renewals happen automatically so you dont have to remember.",
        "I dont know how we managed before HiBob synced automatically.",
        "I could not believe how easy it was to pay by card online.",
    ] {
        assert!(shipped_verdict(copy).0, "{copy}");
    }
    for copy in [
        "You can't pay by card online yet.",
        "You don't have to call anyone, because we don't offer online checkout.",
        // A rebuttal is not praise, and a question with "yet" complains.
        "Don't believe the rumour that card checkout is live.",
        "Don't imagine you can cancel online; email your account manager.",
        "Isn't checkout live yet?",
        // Found by review: "have" without "to" is no need denied.
        "We don't have online checkout, talk to sales.",
    ] {
        assert!(read_as_denied(copy), "{copy}");
    }
}

/// A myth heading denies nothing the checker can rely on: tried on claims set 14 ("Myth: Thesmios
/// checks share codes automatically … Fact: …") and taken out, since an attack showed that most
/// copy under such a heading states the fact, not the myth.
#[test]
fn a_myth_heading_keeps_the_claims_after_it() {
    for copy in [
        "Myth: you can't pay by card online — fact: checkout takes card payments in under a minute.",
        "Fiction vs fact: you can cancel online in two clicks.",
        "Myth dispelled: you can pay by card online.",
        "Not a myth: your subscription renews automatically.",
        "The stuff of myth: pay by card and your workspace is live in seconds.",
    ] {
        assert!(shipped_verdict(copy).0, "{copy}");
    }
}
