//! Questions that make claims stay claims. A rule that read a plain question opening with an
//! auxiliary as only asked, unless a "yes" answered it, removed 7 false alarms from claims sets
//! 10 to 12 ("Can we pay by card, or does it have to be an invoice?") and lost no claim there;
//! an attack of 114 entries showed it hid 33 claims: rhetorical questions, headlines and
//! answers that affirm without a "yes". Whether a question asks or sells is in its meaning, not
//! its words: it was not shipped (docs/claims.md), and these keep a later attempt honest.

mod common;
use common::*;

#[test]
fn rhetorical_questions_and_answers_that_affirm_keep_the_claim() {
    for copy in [
        "Can you believe SSO takes five minutes to set up yourself?",
        "Would you rather pay by card online in two minutes?",
        "Is there anything easier than cancelling online in one click?",
        "Does anyone enjoy emailing support to cancel when Thesmios lets you cancel online in one click?",
        "Would you like plans that renew automatically?",
        "Do you know that Thesmios now lets you pay by card online and start today?",
        "Have you heard that SSO is now something you set up yourself in minutes?",
        "Did you hear that cancellations are now self-serve in one click?",
        "Are you ready to pay by card online and get started today?",
        "Can I pay by card? Go to Billing and add your card.",
        "Does Thesmios sync with Personio automatically? It does, every hour, with no manual steps.",
        "Can I cancel online? In one click, any time.",
        "Can I cancel online? Yes, from the billing page, any time.",
        "Why wait for sales when you can buy online?",
    ] {
        assert!(shipped_verdict(copy).0, "{copy}");
    }
}
