//! Bearer-token check for pushing proofs: the server keeps only the token's SHA-256 and
//! compares digests in constant time.

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// The SHA-256 of the push token, parsed from 64 hex characters.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct PushTokenHash([u8; 32]);

impl std::fmt::Debug for PushTokenHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PushTokenHash(..)")
    }
}

#[derive(Debug, thiserror::Error)]
#[error("the push token hash must be 64 hex characters (the SHA-256 of the token)")]
pub struct BadTokenHash;

impl PushTokenHash {
    pub fn parse_hex(text: &str) -> Result<Self, BadTokenHash> {
        let bytes = hex::decode(text.trim()).map_err(|_| BadTokenHash)?;
        bytes
            .try_into()
            .map(PushTokenHash)
            .map_err(|_| BadTokenHash)
    }

    pub fn of_token(token: &str) -> Self {
        PushTokenHash(Sha256::digest(token.as_bytes()).into())
    }

    /// Does `token` hash to this digest? Takes the same time whatever the token.
    pub fn accepts(&self, token: &str) -> bool {
        let given: [u8; 32] = Sha256::digest(token.as_bytes()).into();
        given.ct_eq(&self.0).into()
    }
}

/// The token from an `Authorization: Bearer <token>` header value, if it has that form.
pub fn bearer_token(header: Option<&str>) -> Option<&str> {
    let value = header?.trim();
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_only_the_token_whose_hash_it_holds() {
        let hash = PushTokenHash::parse_hex(&hex::encode(Sha256::digest(b"s3cret"))).unwrap();
        assert!(hash.accepts("s3cret"));
        assert!(!hash.accepts("s3cret "));
        assert!(!hash.accepts(""));
        assert_eq!(hash, PushTokenHash::of_token("s3cret"));
    }

    #[test]
    fn bad_hex_is_refused() {
        assert!(PushTokenHash::parse_hex("abc").is_err());
        assert!(PushTokenHash::parse_hex(&"zz".repeat(32)).is_err());
    }

    #[test]
    fn bearer_header_forms() {
        assert_eq!(bearer_token(Some("Bearer abc")), Some("abc"));
        assert_eq!(bearer_token(Some("bearer  abc ")), Some("abc"));
        assert_eq!(bearer_token(Some("Basic abc")), None);
        assert_eq!(bearer_token(Some("Bearer ")), None);
        assert_eq!(bearer_token(None), None);
    }
}
