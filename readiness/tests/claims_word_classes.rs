//! Small closed classes of words the shipped catalog reads beside a claim's subject, whatever the
//! wording around them: what a card payment switches on and the state it is switched into, and
//! a control a buyer works alone right before a plan change or the plan's cancellation.

mod common;
use common::*;

fn makes(copy: &str, claim: &str) -> bool {
    shipped_claims(copy).iter().any(|c| c == claim)
}

#[test]
fn a_payment_beside_what_it_switches_on_is_activation() {
    for copy in [
        "Pay by card – your workspace opens instantly",
        "Your payment went through, so your 25 seats were switched on straight away.",
        "Your card went through, so your workspace and all 25 seats are already live.",
        "When they enter a valid card and click Subscribe, a workspace is created.",
        "Your account's already live from the card payment.",
    ] {
        assert!(
            makes(copy, "Card-backed activation"),
            "{copy}: {:?}",
            shipped_claims(copy)
        );
    }
}

#[test]
fn a_plan_change_or_the_plans_cancellation_beside_a_control_is_self_serve() {
    for copy in [
        "When they click Cancel subscription and confirm, the plan ends at period end.",
        "Our old plan just stopped when I clicked End subscription.",
    ] {
        let claims = shipped_claims(copy);
        assert!(
            claims
                .iter()
                .any(|c| c == "Automated cancellations until Stripe proof passes"),
            "{copy}: {claims:?}"
        );
    }
    let copy = "Click Add seats, choose how many and confirm.";
    assert!(makes(copy, "Automated subscription lifecycle"), "{copy}");
}

/// Found by attack (a helper, 145 clean sentences aimed at the classes): each was a claim in
/// the first version of the classes.
#[test]
fn the_classes_alone_claim_nothing() {
    for copy in [
        "Your workspace is set up after you sign the order form.",
        "Your account manager changes your plan on request.",
        "Click Cancel to go back to the candidate list without saving.",
        "Accidentally clicked cancel on the DBS form? Your answers are kept for 24 hours.",
        "Cancel the interview slot by clicking Decline in the calendar invite.",
        "Cancellations hit a two-year low in Q3.",
        "The cancellation clause is on slide 12.",
        "Your account is on hold until the overdue invoice is paid.",
        "Paid plans include access on mobile and desktop.",
        "Choose which workspace opens by default when you sign in.",
        "Grab a seat: the workspace opens at 9am for the training day.",
        "The Stripe account is created by our finance team; you will always pay by bank transfer.",
        "Unused holiday rolls over each year.",
        "Self-billing invoices are an HMRC arrangement.",
        "Our implementation lead configures the Entra ID connection himself during onboarding.",
        "Forward the HMRC letter straight to your payroll provider.",
        "Decide for yourselves which identity provider suits you; our team sets up SSO with you.",
        // Found by review.
        "Once your invoice is paid, your workspace is created.",
        "When the invoice is paid, your seats are switched on.",
        "To change your plan, click Contact us and your account manager sends a new order form.",
        "To cancel your subscription, click the link in this email to book a call with us.",
        "Use the slider to see what it costs to add seats.",
    ] {
        assert_eq!(shipped_claims(copy), Vec::<String>::new(), "{copy}");
    }
}
