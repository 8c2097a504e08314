//! Webhooks following the Standard Webhooks specification: each event is signed with the
//! subscription's secret (`webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64
//! HMAC-SHA256 of id.timestamp.body>`). Events come from the board's list of changes: changes
//! within the burst window of each other for one subscription are one event. Every instance
//! enqueues the same events (stable ids, inserted once) and delivers what it can lease.

mod deliver;
mod events;
pub mod target;
mod timing;

pub use deliver::{ping, run};
pub use events::{bursts, events_for, first_after, Burst, Follows};
pub use timing::{backoff, Timing};

use base64::Engine;
use hmac::{Hmac, Mac};
use rand_core::RngCore;
use sha2::Sha256;

/// `whsec_` and 24 random bytes in base64: the format Standard Webhooks libraries read.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 24];
    rand_core::OsRng.fill_bytes(&mut bytes);
    format!(
        "whsec_{}",
        base64::engine::general_purpose::STANDARD.encode(bytes)
    )
}

/// `wh_` and 16 random hex digits.
pub fn new_id() -> String {
    let mut bytes = [0u8; 8];
    rand_core::OsRng.fill_bytes(&mut bytes);
    format!("wh_{}", hex::encode(bytes))
}

/// The `webhook-signature` value of `body` sent as `id` at `timestamp` (Unix seconds).
pub fn sign(secret: &str, id: &str, timestamp: i64, body: &str) -> Option<String> {
    let key = base64::engine::general_purpose::STANDARD
        .decode(secret.strip_prefix("whsec_")?)
        .ok()?;
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).ok()?;
    mac.update(format!("{id}.{timestamp}.{body}").as_bytes());
    let digest = mac.finalize().into_bytes();
    Some(format!(
        "v1,{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example of the Standard Webhooks specification.
    #[test]
    fn signatures_match_the_specification_example() {
        let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        let body = r#"{"test": 2432232314}"#;
        let signature = sign(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body).unwrap();
        assert_eq!(signature, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    #[test]
    fn secrets_and_ids_are_random_and_well_formed() {
        let (a, b) = (new_secret(), new_secret());
        assert_ne!(a, b);
        assert!(sign(&a, "x", 1, "{}").is_some(), "a new secret decodes");
        assert!(new_id().starts_with("wh_"));
    }
}
