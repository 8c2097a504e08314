//! "Provisioned" alone is as often the buyer's workspace as its users: the shipped catalog reads
//! provisioning as an identity claim only when an identity provider is named or people are what
//! is provisioned, and a workspace provisioned on payment as activation.

mod common;
use common::*;

#[test]
fn a_workspace_provisioned_on_payment_is_activation_not_identity() {
    for copy in [
        "Your workspace is provisioned automatically the moment your card payment succeeds.",
        "The moment a customer's payment is authorised, their workspace provisions itself.",
        "Once your card payment clears, your workspace is provisioned automatically.",
    ] {
        let claims = shipped_claims(copy);
        assert!(
            claims.iter().any(|c| c == "Card-backed activation"),
            "{copy}: {claims:?}"
        );
        assert!(
            !claims.iter().any(|c| c.contains("SSO")),
            "{copy}: {claims:?}"
        );
    }
}

#[test]
fn people_provisioned_or_an_identity_provider_named_is_identity() {
    for copy in [
        "Users are provisioned automatically when you add them to the Thesmios app.",
        "Automatic user provisioning and deprovisioning for every new hire.",
        "Okta provisioning keeps Thesmios accounts in step.",
        // Found by attack: people provisioned, named as such.
        "Staff are provisioned automatically from Active Directory.",
        "New starters are provisioned automatically the day they join.",
        "Provision your team automatically from your directory.",
    ] {
        let claims = shipped_claims(copy);
        assert!(
            claims.iter().any(|c| c == "Hands-off SSO/SCIM"),
            "{copy}: {claims:?}"
        );
    }
}
