//! An e-mail address as typed into the subscribe form, parsed once at the edge into the one
//! spelling the board keeps: a plain local part (letters, digits and `.!#$%&'*+/=?^_`{|}~-`,
//! no quotes, lower-cased) and a domain in its ASCII form (an internationalized one in
//! punycode). One address has one spelling, so its limits cannot be dodged by re-spelling it
//! (found by attack: `"victim"@…` and `"\victim"@…` were each a subscriber of their own).

use std::str::FromStr;

/// A subscriber's address: at most 254 characters, `local@domain`, no display name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address(String);

/// Why an address is refused, in words for the form.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AddressError {
    #[error("Type an e-mail address.")]
    Empty,
    #[error("An e-mail address has at most 254 characters.")]
    TooLong,
    #[error("That does not look like an e-mail address (name@example.com).")]
    Invalid,
    #[error("Only plain addresses can be subscribed: letters, digits and . _ + - before the @, without quotes or accents.")]
    NotPlain,
}

/// What a plain local part may hold besides ASCII letters and digits (RFC 5322 `atext`).
const ATEXT: &str = "!#$%&'*+/=?^_`{|}~-";

impl Address {
    pub fn parse(text: &str) -> Result<Self, AddressError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(AddressError::Empty);
        }
        if text.len() > 254 {
            return Err(AddressError::TooLong);
        }
        let (local, domain) = text.rsplit_once('@').ok_or(AddressError::Invalid)?;
        if local.contains(['"', '\\', '@']) || !local.is_ascii() {
            return Err(AddressError::NotPlain);
        }
        let atoms_ok = local.split('.').all(|atom| {
            !atom.is_empty()
                && atom
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || ATEXT.contains(c))
        });
        if local.is_empty() || local.len() > 64 || !atoms_ok {
            return Err(AddressError::Invalid);
        }
        let domain = ascii_domain(domain).ok_or(AddressError::Invalid)?;
        let address = format!("{}@{domain}", local.to_ascii_lowercase());
        lettre::Address::from_str(&address).map_err(|_| AddressError::Invalid)?;
        Ok(Self(address))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The domain in its lower-case ASCII form (IDNA, as browsers read hosts), if it is a domain
/// with at least two labels: not an IP literal, not a bare host name.
fn ascii_domain(domain: &str) -> Option<String> {
    let url::Host::Domain(ascii) = url::Host::parse(domain).ok()? else {
        return None;
    };
    let labels_ok = ascii.split('.').all(|label| {
        !label.is_empty()
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    });
    (labels_ok && ascii.contains('.')).then_some(ascii)
}

impl std::fmt::Display for Address {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_trimmed_lower_cased_and_checked() {
        let address = Address::parse("  Buyer@Example.COM ").unwrap();
        assert_eq!(address.as_str(), "buyer@example.com");
        assert_eq!(Address::parse(" "), Err(AddressError::Empty));
        for bad in [
            "buyer",
            "buyer@",
            "@example.com",
            "buyer@localhost",
            "a b@example.com",
            "buyer@example.com\r\nBcc: victim@example.com",
            "Buyer <buyer@example.com>",
            "buyer@[127.0.0.1]",
            "buyer@127.0.0.1",
            "buyer..x@example.com",
            ".buyer@example.com",
            "buyer@-example.com",
        ] {
            assert!(Address::parse(bad).is_err(), "{bad:?}");
        }
        let long = format!("{}@example.com", "a".repeat(250));
        assert_eq!(Address::parse(&long), Err(AddressError::TooLong));
    }

    /// Found by attack: each quoted spelling of one address was a subscriber of its own, with
    /// its own notice budget; and addresses no relay takes were accepted and retried for a day.
    #[test]
    fn one_address_has_one_spelling_and_only_deliverable_ones_are_taken() {
        for respelt in [
            "\"victim\"@example.com",
            "\"\\victim\"@example.com",
            "\"v\\ictim\"@example.com",
            "\"q u\\\"o<x>\"@example.com",
            "jörg@example.com",
            "a\u{200b}@example.com",
            "\u{202e}evil@example.com",
        ] {
            assert_eq!(
                Address::parse(respelt),
                Err(AddressError::NotPlain),
                "{respelt:?}"
            );
        }
        let idn = Address::parse("Jorg@Exämple.com").unwrap();
        assert_eq!(idn.as_str(), "jorg@xn--exmple-cua.com");
        assert_eq!(Address::parse("jorg@xn--exmple-cua.com").unwrap(), idn);
        assert!(Address::parse("first.last+board@sub.example.co.uk").is_ok());
    }
}
