//! E-mail subscriptions (issue 22): a buyer subscribes to the whole board or to chosen motions,
//! confirms by a link (double opt-in: nothing else is sent before), and gets the board's changes
//! batched like webhook events, one message per burst, each with a one-click unsubscribe
//! (RFC 8058) and a link to manage the subscription. Messages go out over SMTP from the store's
//! outbox, once across instances, with retries.

mod address;
mod compose;
mod deliver;
mod follow;
mod smtp;
mod smtp_url;
pub mod subscribe;

pub use address::Address;
pub use compose::{scope as scope_of, withdrawn as withdrawn_offer, Letterhead};
pub use deliver::run;
pub use smtp::{Mailer, SmtpError};

use base64::Engine;
use rand_core::RngCore;

/// How long a confirm link works: a subscriber still pending after it is forgotten.
pub const CONFIRM_WITHIN_MS: i64 = 7 * 24 * 3_600_000;

/// How long a sent message is kept (the export shows it; the per-address limit counts it).
pub const KEEP_SENT_MS: i64 = 30 * 24 * 3_600_000;

/// 32 random bytes, base64url: the capability in a subscriber's links.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand_core::OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// `sub_` and 16 random hex digits: what the operator names a subscriber by.
pub fn new_id() -> String {
    let mut bytes = [0u8; 8];
    rand_core::OsRng.fill_bytes(&mut bytes);
    format!("sub_{}", hex::encode(bytes))
}

/// Whether `text` has the shape of a link token (43 base64url characters), checked before the
/// store is asked.
pub fn is_token(text: &str) -> bool {
    text.len() == 43
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_have_their_shape() {
        let (a, b) = (new_token(), new_token());
        assert_ne!(a, b);
        assert!(is_token(&a) && is_token(&b));
        assert!(!is_token("short"));
        assert!(!is_token(&format!("{}=", &a[..42])));
        assert!(new_id().starts_with("sub_") && new_id().len() == 20);
    }
}
