//! An e-mail address as typed into the subscribe form, parsed once at the edge: trimmed,
//! lower-cased (one subscriber per address, whatever its case), and valid for SMTP.

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
}

impl Address {
    pub fn parse(text: &str) -> Result<Self, AddressError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(AddressError::Empty);
        }
        if text.len() > 254 {
            return Err(AddressError::TooLong);
        }
        let lowered = text.to_lowercase();
        let parsed = lettre::Address::from_str(&lowered).map_err(|_| AddressError::Invalid)?;
        // lettre takes an IP literal or a bare host; a subscriber's mail goes to a domain.
        if !parsed.domain().contains('.') || parsed.domain().starts_with('[') {
            return Err(AddressError::Invalid);
        }
        Ok(Self(lowered))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
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
        ] {
            assert_eq!(Address::parse(bad), Err(AddressError::Invalid), "{bad:?}");
        }
        let long = format!("{}@example.com", "a".repeat(250));
        assert_eq!(Address::parse(&long), Err(AddressError::TooLong));
    }
}
