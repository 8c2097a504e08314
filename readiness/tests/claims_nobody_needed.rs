//! The built-in concept `{nobody_needed}` ("no sales call", "without ever emailing us"), paired
//! in the shipped catalog with each family's subject: the claims it finds, and the copy an
//! attack of 162 sentences showed it must leave alone (a first version added 59 false alarms
//! there: "never" and "don't" deny the act as often as the people, and the vendor's people at
//! work elsewhere in the sentence say they are needed).

mod common;
use common::*;

#[test]
fn saying_nobody_from_the_vendor_is_needed_makes_the_claim() {
    for copy in [
        "Connect Okta SSO without a single call with us.",
        "Check a director against Companies House without emailing anyone.",
        "HiBob changes reach Thesmios with no human in the loop.",
        "Buy the Team plan without talking to a single salesperson.",
        "Cancel without a phone call or an email.",
        "Add seats with zero calls to sales.",
        "Customer administrators configure SAML from the admin console without vendor involvement.",
        "SCIM token expired? Paste a new one into Okta, no need to email us.",
    ] {
        assert!(shipped_verdict(copy).0, "{copy}");
    }
}

#[test]
fn people_denied_otherwise_or_required_make_no_claim() {
    for copy in [
        // Invitations and security notices: "never" and "don't" deny the act.
        "Don't hesitate to contact us if you want SSO set up for your tenant.",
        "Please don't hesitate to email us to upgrade your plan.",
        "We will never email you asking for your Okta password.",
        "Never email anyone your BambooHR API key.",
        "Scam alert: the Home Office will never email you asking for a share code through Thesmios.",
        // The vendor's people do the work elsewhere in the sentence.
        "No coding involved: our engineers handle the SCIM connection with your IT team.",
        "No paperwork involved: your account manager sends the renewal order form for e-signature.",
        "Renewals are handled by your account manager, with no surprise emails.",
        "Nobody likes chasing renewals, so your account manager sends a reminder 60 days out.",
        // A denial before says the people are required.
        "No check is complete without your reviewer's sign-off, including DBS update service checks.",
        "Right to work checks never close without a named reviewer, whatever the Home Office result.",
        "Refunds are never issued without a call with our finance team.",
        // Words a denial shares with other things.
        "No more chasing candidates for Home Office share codes: they enter the code and your reviewer records the check.",
    ] {
        assert!(!shipped_verdict(copy).0, "{copy}");
    }
}
