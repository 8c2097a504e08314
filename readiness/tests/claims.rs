//! The claim checker: case-insensitive, phrase-aware matching of draft copy against the claims a
//! motion may not make.

mod common;
use common::*;
use readiness::{check_copy, evaluate, Board, ClaimRules, LatestProofs, Outcome, UnknownMotion};

fn claims_in(board: &Board, motion: &str, copy: &str) -> Vec<(String, String)> {
    check_copy(board, motion, copy)
        .unwrap()
        .into_iter()
        .map(|v| (v.text, v.claim.to_string()))
        .collect()
}

/// A small catalog for the matching rules: two motions sharing a claim, concepts, `near`,
/// a head cut from its condition, and a suggested wording.
const MATCHING: &str = r#"
[concepts]
checkout = ["checkout", "buy now", "pay online"]
sso = ["sso", "single sign-on"]
[[system]]
id = "pay"
name = "Payments"
area = "Billing"
owner = "Finance"
if_missing = "x"
proof_command = "c"
proof_evidence = "e"
[[motion]]
id = "beta"
name = "Beta"
short = "Beta"
[[motion.claim]]
text = "Self-serve checkout"
until_ready = ["pay"]
match = ["{checkout}"]
instead = "Order on an invoice."
[[motion]]
id = "launch"
name = "Launch"
short = "Launch"
[[motion.claim]]
text = "Self-serve checkout"
until_ready = ["pay"]
match = ["{checkout}"]
instead = "Order on an invoice."
[[motion.claim]]
text = "Automated cancellations until billing is proven"
match = ["{sso} near {automatic|out of the box} within 3 words"]
"#;

fn matching_board() -> Board {
    let catalog = catalog(MATCHING);
    evaluate(
        &catalog,
        &env(&catalog, &[]),
        &LatestProofs::default(),
        now(),
    )
}

fn found(copy: &str) -> Vec<(String, String)> {
    let checker = ClaimRules::all(&matching_board()).compile();
    let checked = checker.check_at_most(copy, usize::MAX);
    checked
        .violations
        .into_iter()
        .map(|v| (v.text, v.claim.to_string()))
        .collect()
}

#[test]
fn case_punctuation_width_and_inflection_do_not_hide_a_claim() {
    let checkout = |text: &str| (text.to_owned(), "Self-serve checkout".to_owned());
    assert_eq!(found("Try our BUY-NOW flow"), vec![checkout("BUY-NOW")]);
    assert_eq!(
        found("Two Checkouts, and paying online"),
        vec![checkout("Checkouts"), checkout("paying online")]
    );
    assert_eq!(found("ＢＵＹ　ＮＯＷ"), vec![checkout("ＢＵＹ　ＮＯＷ")]);
    assert_eq!(
        found("self-\nserve\ncheckout"),
        vec![checkout("self-\nserve\ncheckout")]
    );
}

#[test]
fn whole_words_only() {
    assert!(found("buy nowhere; rebuy now-ish; check-outs").is_empty());
}

#[test]
fn a_head_is_matched_without_its_condition() {
    assert_eq!(
        found("Automated cancellations, always."),
        vec![(
            "Automated cancellations".to_owned(),
            "Automated cancellations until billing is proven".to_owned()
        )]
    );
}

#[test]
fn near_holds_within_its_words_and_its_sentence_in_either_order() {
    let claim = "Automated cancellations until billing is proven".to_owned();
    assert_eq!(
        found("SSO works out of the box"),
        vec![("SSO works out of the box".to_owned(), claim.clone())]
    );
    assert_eq!(
        found("Automatic, our single sign-on"),
        vec![("Automatic, our single sign-on".to_owned(), claim)]
    );
    assert!(
        found("SSO is one of many things that are automatic").is_empty(),
        "more than 3 words apart"
    );
    assert!(
        found("We have SSO. Billing is automatic.").is_empty(),
        "another sentence"
    );
}

#[test]
fn overlapping_matches_of_one_claim_are_one_phrase() {
    // The head "automated cancellations" and "SSO near automatic" share a word.
    assert_eq!(found("SSO automated cancellations").len(), 1);
}

#[test]
fn negated_phrases_are_marked_and_do_not_fail_a_motion() {
    let checker = ClaimRules::all(&matching_board()).compile();
    for copy in [
        "We do not offer checkout.",
        "There is no checkout",
        "You can't pay online yet",
        "Checkout is not available",
    ] {
        let checked = checker.check_at_most(copy, 10);
        assert_eq!(checked.violations.len(), 1, "{copy}");
        assert!(checked.violations[0].negated, "{copy}");
        assert!(
            checked.verdicts.iter().all(|v| v.safe && v.negated == 1),
            "{copy}"
        );
    }
    let checked = checker.check_at_most("Checkout in seconds. We never call you.", 10);
    assert!(
        !checked.violations[0].negated,
        "a negation in another sentence does not count"
    );
}

#[test]
fn every_motion_gets_a_verdict_and_a_claim_names_its_motions_and_wording() {
    let checker = ClaimRules::all(&matching_board()).compile();
    let checked = checker.check_at_most("Buy now. SSO out of the box.", 10);
    let verdicts: Vec<(&str, bool, usize)> = checked
        .verdicts
        .iter()
        .map(|v| (v.motion.as_str(), v.safe, v.violations))
        .collect();
    assert_eq!(verdicts, vec![("beta", false, 1), ("launch", false, 2)]);
    let checkout = &checked.violations[0];
    assert_eq!(&checkout.motions[..], ["beta", "launch"]);
    assert_eq!(checkout.instead.as_deref(), Some("Order on an invoice."));
    assert_eq!(&checkout.lifted_by[..], ["Payments"]);
    let only_beta = ClaimRules::for_motions(&matching_board(), &["beta"])
        .unwrap()
        .compile();
    let checked = only_beta.check_at_most("Buy now. SSO out of the box.", 10);
    assert_eq!(checked.verdicts.len(), 1);
    assert_eq!(checked.total, 1);
}

/// Issue 23: wording the copy's author accepted (`claims: allow "…"`) is reported as
/// suppressed, counts against no motion, and allows nothing but its own words.
#[test]
fn an_accepted_wording_is_suppressed_never_dropped_and_allows_nothing_else() {
    let checker = ClaimRules::all(&matching_board()).compile();
    let copy = "Buy now. SSO out of the box. Buy  NOW!";
    let allowed = readiness::Allowed::new(&["buy now", "pay online"], readiness::default_normalize);
    let checked = checker.check_allowing(copy, 10, &allowed);
    let suppressed: Vec<(&str, usize)> = (checked.suppressed.iter())
        .map(|s| (s.violation.text.as_str(), s.by))
        .collect();
    assert_eq!(suppressed, [("Buy now", 0), ("Buy  NOW", 0)]);
    let left: Vec<&str> = checked.violations.iter().map(|v| v.text.as_str()).collect();
    assert_eq!(left, ["SSO out of the box"]);
    assert_eq!((checked.total, checked.phrases), (1, 1));
    let verdicts: Vec<(&str, bool, usize)> = (checked.verdicts.iter())
        .map(|v| (v.motion.as_str(), v.safe, v.violations))
        .collect();
    assert_eq!(verdicts, vec![("beta", true, 0), ("launch", false, 1)]);
    let none = readiness::Allowed::default();
    assert_eq!(
        checker.check_allowing(copy, 10, &none),
        checker.check_at_most(copy, 10)
    );
}

#[test]
fn a_claim_of_another_motion_is_not_flagged() {
    let board = unproven_seed_board();
    assert!(claims_in(
        &board,
        "invoice-led-paid-beta",
        "Automatic HRIS sync with Workday"
    )
    .is_empty());
    assert_eq!(
        claims_in(
            &board,
            "broad-enterprise-expansion",
            "It synced with Workday."
        )
        .len(),
        1
    );
}

#[test]
fn lifted_claims_are_not_violations() {
    let toml = r#"
[[system]]
id = "pay"
name = "Payments"
area = "Billing"
owner = "Finance"
if_missing = "x"
proof_command = "c"
proof_evidence = "e"
[[system.group]]
name = "g"
kind = "runtime"
vars = ["PAY"]
[[motion]]
id = "m"
name = "M"
short = "M"
[[motion.claim]]
text = "Buy now"
until_ready = ["pay"]
[[motion.claim]]
text = "Never ever"
"#;
    let catalog = catalog(toml);
    let gated = evaluate(
        &catalog,
        &env(&catalog, &[]),
        &LatestProofs::default(),
        now(),
    );
    assert_eq!(claims_in(&gated, "m", "buy now, never ever").len(), 2);
    let proofs = LatestProofs::from_records([proof("pay", Outcome::Pass, now())]);
    let ready = evaluate(&catalog, &env(&catalog, &[("PAY", "x")]), &proofs, now());
    let left = check_copy(&ready, "m", "buy now, never ever").unwrap();
    assert_eq!(left.len(), 1);
    assert_eq!(&*left[0].claim, "Never ever");
    assert!(
        left[0].lifted_by.is_empty(),
        "nothing lifts a claim without until_ready"
    );
}

#[test]
fn empty_huge_and_odd_unicode_input() {
    let board = unproven_seed_board();
    assert!(claims_in(&board, "self-serve-paid-launch", "").is_empty());
    let chunk = "Our café 🚀 offers BUY🚀NOW — ünïcödé ✓ text without claims. ";
    let huge = chunk.repeat(1_000_000 / chunk.len() + 1);
    assert!(huge.len() >= 1_000_000);
    let found = check_copy(&board, "self-serve-paid-launch", &huge).unwrap();
    assert_eq!(
        found.len(),
        huge.matches("BUY🚀NOW").count(),
        "emoji separate words like spaces do"
    );
    assert!(found.iter().all(|v| &huge[v.start..v.end] == "BUY🚀NOW"));
}

#[test]
fn an_unknown_motion_is_an_error() {
    assert_eq!(
        check_copy(&unproven_seed_board(), "moonshot", "buy now"),
        Err(UnknownMotion("moonshot".to_owned()))
    );
}

/// Found by attack: each of these was reported "safe" because a "not" or "no" elsewhere in the
/// sentence made the claim look negated.
#[test]
fn a_negation_outside_the_claims_clause_does_not_hide_it() {
    for copy in [
        "Checkout takes seconds, not days.",
        "SSO out of the box - not a six-week project.",
        "Workday sync that's automatic, not a CSV chore.",
        "Buy online today, we can't wait to see you.",
        "Buy online, isn't that easy?",
        "Don't wait, checkout in a minute.",
        "Why not buy online today?",
        "No contracts, no calls, cancel online anytime.",
        "Not only do we renew automatically, we also prorate upgrades.",
        "We do not charge setup fees, and renewals are automatic.",
        "We check DBS automatically, not manually.",
        "We have no Stripe checkout yet, but buy online soon!",
        "No-code SSO setup in minutes.",
        "Not a six-week project: SSO out of the box.",
        "Don't wait: buy online today.",
        "No sales call: buy online in minutes.",
        "Never wait for sales — buy online.",
    ] {
        assert!(shipped_verdict(copy).0, "{copy}");
    }
}

#[test]
fn real_negations_are_still_marked() {
    for copy in [
        "We do not sync with Workday.",
        "We don't offer SSO out of the box.",
        "You cannot cancel online.",
        "There's no online checkout.",
        "No card payments and no instant activation.",
        "No self-serve checkout, no instant activation.",
        "SSO isn't self-serve.",
        "Checkout is not available yet.",
        "Automatic DBS update-service checks are on our roadmap.",
        // Headings that deny or plan what follows them (found on claims set 7).
        "Roadmap: automatic HRIS sync.",
        "What we cannot promise: self-serve checkout or automatic HRIS sync.",
        "Not available yet — self-serve checkout.",
        "Automatic Workday sync is behind a feature flag and not enabled for any customer yet.",
        "We are hiring engineers to build our self-serve checkout.",
    ] {
        assert_eq!(shipped_verdict(copy), (false, Some(true)), "{copy}");
    }
}

/// Not offered now without a plain "not" (taken away, only weighed, waiting for a state) and
/// work done by the vendor's people: found on claims set 8, marked as seeming negated.
#[test]
fn what_is_not_offered_now_or_is_done_by_staff_is_marked() {
    for copy in [
        "We no longer offer instant activation on card payment.",
        "We removed the BambooHR auto-sync from the beta.",
        "The buy now checkout has been removed.",
        "We're exploring live DBS update service lookups for a future release.",
        "Automatic HRIS sync is in the backlog.",
        "Until our Stripe integration is live, cancellations go through your account manager.",
        "Your account manager can cancel any time you ask.",
    ] {
        assert_eq!(shipped_verdict(copy), (false, Some(true)), "{copy}");
    }
}

/// The same words where the copy still makes the claim: a passive removal, staff said not to be
/// needed, a "no" that answers nothing.
#[test]
fn claims_near_removals_staff_and_answers_still_count() {
    for copy in [
        "Leavers are removed automatically from every app when HR marks them as gone in Workday.",
        "Buy online without talking to our team.",
        "Nobody on our team touches it: Workday syncs automatically.",
        "Want to cancel? No problem, cancel online anytime.",
    ] {
        assert_eq!(shipped_verdict(copy), (true, Some(false)), "{copy}");
    }
}

/// Found by attack on the rules above (2026-12-06): each of these claims was only a warning.
/// A question about a burden answered no, the vendor's people in another action of the
/// sentence or only building the thing, "until" a date, a weighing word whose object is not
/// the phrase, a removal or plan word said of something else, a heading widened by a fragment.
#[test]
fn claims_dressed_as_denials_or_staff_work_still_fail() {
    for copy in [
        "Pay by card and start instantly. Hidden fees? No.",
        "Buy online in two minutes. Setup fees? No. Long contracts? No.",
        "Can I cancel online anytime? Yes. Any fees? No.",
        "Do I have to talk to sales before I can buy online? No.",
        "Will I have to wait for my account after I pay by card? Not at all.",
        "Buy online or talk to our sales team.",
        "Set up SSO yourself or let our implementation team do it.",
        "Cancel online anytime or ask your CSM.",
        "Our engineers built instant card checkout for you.",
        "Your reviewers get Home Office results automatically.",
        "Stop updating Workday records manually with automatic HRIS sync.",
        "Until Friday you can buy online and save 20%.",
        "Until you cancel your plan renews automatically.",
        "Teams evaluating us can buy online and start instantly.",
        "Our most requested feature lets you cancel online anytime.",
        "Users are deprovisioned automatically as soon as they were disabled in Azure AD.",
        "Your HRIS syncs automatically while a hire is in progress.",
        "Buy online and get every future release free.",
        "Coming soon: Apple Pay. Today: buy online with any card.",
    ] {
        assert!(shipped_verdict(copy).0, "{copy}");
    }
}

/// Found by a second attack on the narrowed rules (2026-12-06): each of these claims was only a
/// warning. The vendor's people present but not doing the work, the reader's own teams and
/// reviewers, a heading about competitors, "not" said of something else, a weighing or a
/// removal by someone else, "until … then", "no longer" far from the phrase, and praise or
/// urging ("never been easier", "don't wait").
#[test]
fn claims_beside_staff_plans_and_praise_still_fail() {
    for copy in [
        "Pay by card online with our team on hand to help.",
        "Pay by card online, with a dedicated account manager included.",
        "Sales teams can buy seats online with a company card.",
        "Support teams set up Okta SSO themselves in minutes.",
        "Account managers can upgrade plans online in two clicks.",
        "Reviewers on G2 rate our card checkout 4.9.",
        "Not available elsewhere: card checkout in two minutes.",
        "Cancel online anytime if the fit is not there.",
        "Buy online and checkout in a way not possible with legacy vendors.",
        "You asked for automatic HRIS sync and it's live today.",
        "If you're evaluating SSO you can set it up yourself in minutes.",
        "Disabled Okta accounts are deprovisioned automatically within minutes.",
        "Automatic HRIS sync clears the backlog.",
        "Plans renew automatically so your spend stays as planned.",
        "Buy online by card and vote on our roadmap.",
        "Try every feature free until your trial is complete then pay by card online.",
        "Until launch you can pay by card online.",
        "You no longer wait days as card payments activate instantly.",
        "It's never been easier to buy online with a card.",
        "Don't forget you can cancel online anytime.",
        "Pay by card online and don't wait for a quote.",
    ] {
        assert!(shipped_verdict(copy).0, "{copy}");
    }
}

/// An admin setting it up alone says so with `self-` and a set-up verb ("self-configure SAML"),
/// a small class of compounds rather than a word per sentence; `self` alone is not in it:
/// self-signed certificates, self-hosted directories and self-assessments are no claim (found by
/// attack, 2026-12-07), nor is the third person ("the admin himself must email support").
#[test]
fn self_set_up_makes_the_claim_and_other_self_words_do_not() {
    for copy in [
        "Customers self-configure OIDC against Google Workspace.",
        "Admins can self-set-up Okta SSO.",
        "Your IT team can self-install the Okta SAML app.",
    ] {
        assert!(shipped_verdict(copy).0, "{copy}");
    }
    for copy in [
        "Upload your IdP's self-signed SAML certificate to the secure portal and our team installs it.",
        "Customers on self-hosted Active Directory need ADFS for SAML.",
        "The self-assessment questionnaire covers SSO, SCIM and data retention.",
        "Learn at your own pace with our self-paced SSO course.",
        "Our support engineer set up SAML himself for the customer.",
        "The admin himself must email support to enable SSO.",
        "Ask yourselves which IdP your staff actually use before the SSO workshop.",
        "Decide for yourselves before you buy: book a demo with our team.",
    ] {
        assert!(!shipped_verdict(copy).0, "{copy}");
    }
}

/// A verb's irregular past is a form of it: the stemmer makes "buys", "buying" and "buyer" one
/// word, but cannot know "bought" (2026-12-07: set 8 gained 3 claims). "chose" and "chosen" were
/// tried and taken out: they gained nothing on sets 5–8 and made 30 false alarms in an attack
/// ("The reviewer you've chosen is notified immediately").
#[test]
fn bought_is_buying_and_chose_is_not() {
    assert!(shipped_verdict("Most teams bought the Team plan online in two minutes.").0);
    for copy in [
        "We bought new laptops for the support team.",
        "The reviewer you've chosen is notified immediately.",
        "The templates you chose are set as defaults for new hires.",
        "Customers chose Thesmios because it tracks visa expiry dates for sponsored workers.",
    ] {
        assert!(!shipped_verdict(copy).0, "{copy}");
    }
}

/// On a right-to-work product a visa is mostly a permit to work: "visa" is a card word only
/// with "card", "debit" or another card network beside it (found by attack, 2026-12-07: "Thesmios
/// bought VisaTrack, a UK visa-expiry startup" was a checkout).
#[test]
fn a_visa_is_a_permit_unless_a_card_is_named() {
    for copy in [
        "Pay online with Visa or Mastercard.",
        "Subscribe on our website with a Visa card.",
        "Purchase the licence on the website with Visa or Mastercard, no need to wait for a quote.",
    ] {
        assert!(shipped_verdict(copy).0, "{copy}");
    }
    for copy in [
        "Candidates pay their visa fees to the Home Office online.",
        "Buy extra visa checks on your next invoice.",
        "Customers chose Thesmios because it tracks visa expiry dates for sponsored workers.",
    ] {
        assert!(!shipped_verdict(copy).0, "{copy}");
    }
}

/// A rule that read a negative subject ("No customer has ever bought …") as a denial was tried
/// and taken out on 2026-12-07: an attack found 32 claims it hid (a negative subject praises as
/// often as it denies) against 2 denials it fixed. These stay claims.
#[test]
fn a_negative_subject_that_praises_keeps_the_claim() {
    for copy in [
        "No paperwork is involved when you pay by card on our site.",
        "No admin is involved when SCIM provisions users automatically.",
        "No manual imports are needed because Workday syncs nightly.",
        "No fee is charged when you cancel online.",
        "No setup fee is charged and renewals run automatically.",
        "No wonder teams can buy online in minutes.",
        "Nobody can beat our one-click checkout.",
        "No documents are chased because DBS checks run directly against the Update Service.",
    ] {
        assert!(shipped_verdict(copy).0, "{copy}");
    }
}

/// Found by the same attack: short labels read with the sentence after them made claims.
#[test]
fn labels_before_a_sentence_are_not_read_into_it() {
    for copy in [
        "DBS certificates. Uploaded directly by the candidate.",
        "Annual invoice. Reminders are sent automatically.",
        "Refund policy. Anytime within 30 days by email.",
        "Okta users. Import them yourself from a CSV export.",
        "Cancellation policy. Online version available here.",
        "HMRC guidance. Live webinars every Tuesday.",
    ] {
        assert!(!shipped_verdict(copy).0, "{copy}");
    }
}

/// Found by attack: a colon or a domain name ended the sentence, and invisible or look-alike
/// characters split or disguised a word.
#[test]
fn colons_domains_invisible_and_look_alike_characters_do_not_hide_a_claim() {
    for copy in [
        "Workday: synced automatically.",
        "Okta provisioning: fully automatic.",
        "Cancellation: online, anytime.",
        "Pay at app.example.com with Visa.",
        "Buy on\u{ad}line",
        "Buy on\u{200b}line",
        "check\u{200d}out",
        "Buy \u{43e}nline",
        "\u{441}\u{4bb}eckout",
    ] {
        assert!(shipped_verdict(copy).0, "{copy:?}");
    }
    assert!(
        !shipped_verdict("Buy on line").0,
        "two words stay two words"
    );
}

/// The claim checker island gets its rules as text: what it decodes must be what was encoded,
/// and it must flag the same phrases as the server.
#[test]
fn rules_survive_their_text_form_and_check_the_same() {
    let board = seed_board();
    for rules in [
        readiness::ClaimRules::all(&board),
        readiness::ClaimRules::for_motion(&board, "self-serve-paid-launch").unwrap(),
    ] {
        let text = rules.encode();
        let copy = readiness::ClaimRules::decode(&text).expect("decodes");
        assert_eq!(copy, rules);
        let draft = "Instant checkout, buy now, automatic HRIS sync and SSO for everyone.";
        let found = copy.check(draft);
        assert!(!found.is_empty());
        assert_eq!(found, rules.check(draft));
    }
    assert_eq!(
        readiness::ClaimRules::decode("R\tclaim\t\t\t\u{1f}9"),
        None,
        "motion 9 is not there"
    );
    assert_eq!(
        readiness::ClaimRules::decode("P\t\t\u{1f}0"),
        None,
        "a pattern before any rule"
    );
    assert_eq!(readiness::ClaimRules::decode("Z"), None);
}

/// Found on claims sets 5, 7, 8 and 10: a claim asked in a question, or named by a short
/// label, and answered with a denial is a denial.
#[test]
fn a_claim_asked_or_labelled_then_answered_no_is_a_denial() {
    for copy in [
        "Q: Is there a self-service checkout? A: No, we don't offer one.",
        "Can I pay by credit card online? Not at the moment; all subscriptions are invoiced.",
        "Can I cancel online? No.",
        "Online cancellation: not available.",
        "Self-serve SCIM: no.",
        "Card checkout: not yet.",
        "Card checkout: not currently available.",
        "Q: Are HMRC checks automated? A: No, a reviewer records each one.",
        "Is it possible to pay by card online? No.",
        "Do you offer card checkout? No, we sell on order forms.",
        "Is HiBob sync automatic yet? Not at the moment.",
        // Found on claims set 14: a plain question may hold an adverb of emphasis.
        "Can we just cancel online? No, there's no cancel button.",
        "Can I really pay by card online? Not at the moment.",
        // Found by review: an adverb after the "No" that goes on to deny.
        "Can I pay by card online? No, honestly, we only take invoices.",
        "Can I pay by card online? No, really — invoices only.",
        "Can I cancel online? No, seriously.",
        "Can I cancel online? No. Seriously, you can't.",
        // The auxiliaries an either-or question opens with, shared.
        "Would you offer card checkout online? No.",
        "Should I pay by card online? No, we invoice.",
    ] {
        assert!(!shipped_verdict(copy).0, "{copy}");
    }
}

/// The answers that keep the claim: a yes, a "no" that is not alone ("No problem", "no sales
/// call"), a "not" with neither a state nor a time ("Not at all hard"), and a question whether
/// something is needed ("Do I need to call sales to buy online? No.").
#[test]
fn an_answer_that_does_not_deny_keeps_the_claim() {
    for copy in [
        "Can I pay by card online? Yes, in two clicks.",
        "Want to pay by card online? No problem: it takes a minute.",
        "Can I cancel online? Not at all hard: two clicks.",
        "Do I need to call sales to buy online? No.",
        "Must I pay by card online? No, invoices work too.",
        "Do we have to wait for IT to set up SSO ourselves? No.",
        "Card checkout: live.",
        "Checkout: no sales call needed.",
        "Upgrades and renewals: automatic.",
        "A long label before it, such as pay by card online here: not a problem.",
    ] {
        assert!(shipped_verdict(copy).0, "{copy}");
    }
}

/// Found by attack (265 sentences, 121 claims hidden by the first version): a "No" that
/// answers an obstacle, a cost, a rival or a boast affirms the claim. The question must open
/// with an auxiliary, hold only small words besides the phrase and end with it; a label must be
/// the phrase alone; a table's bar is no label (a rival's column says "No").
#[test]
fn a_no_to_an_obstacle_a_cost_or_a_rival_keeps_the_claim() {
    for copy in [
        "Think paying by card online is a hassle? No, it takes two clicks.",
        "Is card checkout hard to find? No — it's right on the pricing page.",
        "Does card checkout cost extra? No.",
        "Any hidden fees when you pay by card online? None.",
        "Is Okta SCIM provisioning limited to enterprise plans? No, every plan can switch it on.",
        "Want to pay by card online? No, really, you can.",
        "Is it really hard to cancel online? No, two clicks.",
        "Can you even believe you can pay by card online? No, nor could we.",
        // Found by attack: a "No" that stresses the yes.
        "Can I really pay by card online? No, seriously, you can.",
        "Can I actually cancel online? No, honestly — it's two clicks.",
        "Tried card checkout yet? Not yet? It takes two clicks.",
        "Do customers love paying by card online? No — they adore it.",
        "Is card checkout available? Not only available, it's the default.",
        "Is Okta SCIM provisioning automated? Not just automated — fully hands-off.",
        "Do the DBS update service lookups run automatically? Never, ever manually.",
        "We renew automatically, so worried about surprise bills? No, we email first.",
        "Customer: Is it hard to pay by card online? Agent: No.",
        "Is a sales call necessary to pay by card online? No.",
        "Self-serve SSO setup fee: none.",
        "Waiting time after paying by card: none.",
        "Pay by card online — none of the paperwork.",
        "Automatic renewals — no, you don't need to do a thing.",
        "Card checkout: not available? Think again — it's live.",
        "Does HiBob sync automatically now? Not yet?? It went live Monday.",
        "Card checkout: not available anywhere else.",
        "Automatic HRIS sync: unavailable in other tools.",
        "Automatic HRIS sync: not currently limited to one provider.",
        "| Card checkout | Not available | Yes |",
        "Automatic HRIS sync | No | Yes",
        "Does SCIM provisioning from Okta break on leavers — the answer is no.",
        "People ask if automatic HRIS sync from Workday misses starters, and the answer is no.",
    ] {
        assert!(shipped_verdict(copy).0, "{copy}");
    }
}

/// A plan change the reader makes alone ("switch plans in Billing", "add seats without talking
/// to anyone", "upgrades: self-serve") is a claim of an automated subscription lifecycle, found
/// on claims sets 6, 7, 8 and 10. Buying seats or a tier is checkout, not a plan change, and
/// managing users is neither; a plan change is said as one ("change your plan", "add seats",
/// "upgrade or downgrade"), not by "upgrade" alone.
#[test]
fn a_plan_change_made_alone_is_a_lifecycle_claim() {
    let lifecycle = "Automated subscription lifecycle";
    for copy in [
        "If you want to switch plans, just click Change plan in Billing.",
        "Upgrades/downgrades: self-serve.",
        "Pick a tier, pay online and add seats later without talking to anyone.",
        "I bumped the seat count up myself in January.",
        "You can upgrade or downgrade yourself from the settings page.",
    ] {
        assert!(
            shipped_claims(copy).iter().any(|c| c == lifecycle),
            "{copy}"
        );
    }
    for copy in [
        "Skip the sales call: choose a tier and pay with your card right from our pricing page.",
        "HR teams buy seats online without ever talking to us.",
        "Until then, add and remove users from the admin console.",
        "To add seats, email your account manager for an updated order form.",
        // Found by attack (153 sentences): "upgrade", "seat count" and "proration" alone read
        // software upgrades and a count on show as plan changes.
        "Please upgrade your browser to the latest version from the Chrome website.",
        "Upgrade to the latest app version from the website if the scanner freezes.",
        "Your current seat count is shown in the dashboard.",
        "Our help centre article on how proration works is on the website.",
        "More seats can be requested from the billing page; our team confirms them.",
    ] {
        assert!(
            !shipped_claims(copy).iter().any(|c| c == lifecycle),
            "{copy}"
        );
    }
}

/// Found by attack (115 sentences) on two rules tried on claims set 10 and taken out: a denial
/// whose second clause speaks of the phrase again stays a denial, and a version number is no
/// count ("SAML 2.0 help" is not "zero help").
#[test]
fn a_denial_in_a_joined_clause_and_a_version_number_are_not_claims() {
    for copy in [
        "Card checkout and it isn't available yet.",
        "Self-serve SSO and we don't offer it.",
        "Automatic renewals and we don't do them, sorry.",
        "Pay by card online and you can't, not yet.",
        "Cancel online and you can't yet; email your account manager.",
        "Our SAML 2.0 help page explains what your IT team sends us.",
    ] {
        assert!(!shipped_verdict(copy).0, "{copy}");
    }
}

/// A claim put in a time ahead is a roadmap, not made now (the attacks on claims sets 8 and 10
/// read these as claims): a roadmap's time in the phrase's clause, any time ahead with an
/// ability still to come, a heading with such a time, work being built.
#[test]
fn a_claim_put_in_a_time_ahead_is_not_made_now() {
    for copy in [
        "Later this year, customers will be able to switch plans from the billing page.",
        "Self-serve checkout is coming soon.",
        "In Q3 we plan to launch automatic HRIS sync.",
        "Automatic HRIS sync is being built.",
        "Automatic HRIS sync is in development.",
        "In the future, you will be able to buy online.",
        "Automatic HRIS sync arrives later this year.",
        "Card checkout lands in Q2.",
        "Self-serve SSO will be available in Q4.",
        "Automatic HRIS sync is being built right now.",
    ] {
        assert!(!shipped_verdict(copy).0, "{copy}");
    }
}

/// What the time-ahead rule leaves as claims: a date that is a billing cycle or the reader's own
/// timeline, a past quarter, what is built in, and what goes on as today. Most were found by an
/// attack of 171 sentences on a first version, which hid 37 claims with a time ahead (a date
/// anywhere in the sentence, "eventually", "next release", "let" and "add" as abilities to come)
/// and 5 with work being built; a rule of negative subjects, tried again, hid 18 and was taken
/// out again. A second attack (142 sentences) on the second version found 48 more (dated
/// headings, the phrase beside the thing said of it); the third hides 5 of them, each arguable
/// ("Kiosk hardware you pay for by card ships in Q1").
#[test]
fn a_billing_date_or_a_past_quarter_keeps_the_claim() {
    for copy in [
        "Every customer who buys online gets the next release free.",
        "Next sprint: fix the double charge some customers see when they pay by card online.",
        "Apple Pay is coming soon to the card checkout you already use.",
        "Later this year your annual plan renews automatically; you don't need to do anything.",
        "Late payments are retried three times and eventually the subscription cancels automatically.",
        "Took us a while but eventually we set up SAML ourselves in the admin console, no support ticket.",
        "When your trial ends next month, you'll be able to pay by card from the billing page.",
        "Next month we'll add the extra seats to your subscription automatically and charge the card on file.",
        "In Q1 we'll roll your plan over automatically at the new price.",
        "Next year, our customers will be able to keep buying online just as they do today.",
        "Sign up now and you'll soon be able to check DBS certificates automatically against the update service.",
        "yep you'll be able to cancel online any time next month, same as now",
        "Our Okta app will let you set up SSO yourself in minutes, so your Q3 rollout stays on track.",
        "Our card checkout is being built out to take euro payments as well as sterling.",
        "Automatic HRIS sync is being developed all the time: this month Personio joined BambooHR and HiBob.",
        "Card checkout is in development and production alike, so test it with Stripe test cards before launch.",
        // Found by a second attack (142 sentences) on the second version: a heading's date, the
        // phrase beside the thing that arrives or is built, a thing beside what becomes
        // possible, and what goes on as now.
        "Later this year: your plan renews automatically at the new price.",
        "Next month — your card is charged automatically for the 12 extra seats.",
        "Your automatic renewal lands next month, so there's nothing you need to do.",
        "The launch discount for teams that pay by card is available until next quarter.",
        "In Q2 we will introduce PDF receipts for every card checkout.",
        "Later this year you'll be able to cancel online in one click, as you always could.",
        "Next quarter you'll be able to buy online in euros as well as pounds.",
        "Will I be able to pay by card online next year? Yes, exactly as you do this year.",
        "Euro pricing for card checkout is coming soon.",
        "Custom fields for the HiBob sync are being developed right now.",
        "Stripe Link support for card checkout is in development.",
        "Next year your plan renews automatically.",
        "Next month your card will be charged automatically and your plan renews.",
        "You'll soon be running DBS checks automatically against the update service.",
        "Q3 results: self-serve checkout drove 40% of new revenue.",
        "Automatic HRIS sync is built in.",
    ] {
        assert!(shipped_verdict(copy).0, "{copy}");
    }
}
