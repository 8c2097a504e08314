//! The launch proof bundle: canonical JSON content, its SHA-256, an optional Ed25519 signature
//! over that digest, and the checks `verify` makes (hash, signature, expiry).

use ed25519_dalek::{Signer, SigningKey, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

/// v2: the content hashed in RFC 8785 canonical JSON (v1 sorted keys by hand).
pub const FORMAT: &str = "vendor-readiness-bundle/v2";

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bundle {
    pub content: Value,
    pub content_sha256: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<BundleSignature>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BundleSignature {
    pub algorithm: String,
    pub public_key: String,
    pub value: String,
}

/// Parses a bundle, refusing JSON in which an object names a key twice: readers disagree on
/// which of the two counts, so a signed bundle could say one thing to us and another to them.
pub fn parse_bundle(text: &str) -> Result<Bundle, String> {
    unique_keys(text.as_bytes())?;
    serde_json::from_str(text).map_err(|e| e.to_string())
}

/// `Err` ("duplicate key …") when an object in the JSON `bytes` names a key twice.
pub fn unique_keys(bytes: &[u8]) -> Result<(), String> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    serde::de::Deserialize::deserialize(&mut deserializer)
        .map(|UniqueKeys| ())
        .map_err(|e| e.to_string())
}

/// Any JSON value whose objects never repeat a key.
struct UniqueKeys;

impl<'de> serde::de::Deserialize<'de> for UniqueKeys {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(UniqueKeysVisitor)
    }
}

struct UniqueKeysVisitor;

impl<'de> serde::de::Visitor<'de> for UniqueKeysVisitor {
    type Value = UniqueKeys;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("JSON")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<UniqueKeys, A::Error> {
        let mut seen = std::collections::HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            if !seen.insert(key.clone()) {
                return Err(serde::de::Error::custom(format!("duplicate key {key:?}")));
            }
            map.next_value::<UniqueKeys>()?;
        }
        Ok(UniqueKeys)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<UniqueKeys, A::Error> {
        while seq.next_element::<UniqueKeys>()?.is_some() {}
        Ok(UniqueKeys)
    }

    fn visit_bool<E>(self, _: bool) -> Result<UniqueKeys, E> {
        Ok(UniqueKeys)
    }
    fn visit_i64<E>(self, _: i64) -> Result<UniqueKeys, E> {
        Ok(UniqueKeys)
    }
    fn visit_u64<E>(self, _: u64) -> Result<UniqueKeys, E> {
        Ok(UniqueKeys)
    }
    fn visit_f64<E>(self, _: f64) -> Result<UniqueKeys, E> {
        Ok(UniqueKeys)
    }
    fn visit_str<E>(self, _: &str) -> Result<UniqueKeys, E> {
        Ok(UniqueKeys)
    }
    fn visit_unit<E>(self) -> Result<UniqueKeys, E> {
        Ok(UniqueKeys)
    }
}

/// The bytes that are hashed: `value` in the JSON Canonicalization Scheme (RFC 8785: keys
/// sorted by UTF-16 code units, numbers as ECMAScript writes them, no whitespace), so a verifier
/// in any language with a JCS library reproduces them. A `Value` holds no NaN or infinity, the
/// only values JCS refuses.
pub fn canonical_bytes(value: &Value) -> Vec<u8> {
    serde_jcs::to_vec(value).unwrap_or_default()
}

pub fn seal(content: Value, key: Option<&SigningKey>) -> Bundle {
    let digest = Sha256::digest(canonical_bytes(&content));
    let signature = key.map(|key| BundleSignature {
        algorithm: "ed25519".to_owned(),
        public_key: hex::encode(key.verifying_key().as_bytes()),
        value: hex::encode(key.sign(&digest).to_bytes()),
    });
    Bundle {
        content,
        content_sha256: hex::encode(digest),
        signature,
    }
}

/// Every reason `bundle` does not hold, empty when it is intact, signed by `public_key`, unexpired.
pub fn problems(bundle: &Bundle, public_key: &VerifyingKey, now: OffsetDateTime) -> Vec<String> {
    let mut problems = Vec::new();
    let digest = Sha256::digest(canonical_bytes(&bundle.content));
    if hex::encode(digest) != bundle.content_sha256 {
        problems
            .push("content_sha256 does not match the content: the bundle was changed".to_owned());
    }
    match &bundle.signature {
        None => problems.push("the bundle is not signed".to_owned()),
        Some(signature) => {
            if signature.algorithm != "ed25519" {
                problems.push(format!(
                    "unsupported signature algorithm {:?}",
                    signature.algorithm
                ));
            }
            if signature.public_key != hex::encode(public_key.as_bytes()) {
                problems.push("the bundle was signed by a different key".to_owned());
            }
            let valid = hex::decode(&signature.value)
                .ok()
                .and_then(|bytes| ed25519_dalek::Signature::from_slice(&bytes).ok())
                .is_some_and(|sig| public_key.verify(&digest, &sig).is_ok());
            if !valid {
                problems.push("the signature does not verify with this public key".to_owned());
            }
        }
    }
    problems.extend(content_problems(&bundle.content, now));
    problems
}

/// Every reason the content of a bundle (JSON or in-toto) does not hold: its format and expiry.
pub fn content_problems(content: &Value, now: OffsetDateTime) -> Vec<String> {
    let mut problems = Vec::new();
    match content["format"].as_str() {
        Some(FORMAT) => {}
        Some("vendor-readiness-bundle/v1") => problems.push(
            "bundle format v1 was hashed before RFC 8785 canonical JSON: make a new bundle"
                .to_owned(),
        ),
        _ => problems.push(format!("unknown bundle format {}", content["format"])),
    }
    match content["expires_at"]
        .as_str()
        .map(|t| OffsetDateTime::parse(t, &time::format_description::well_known::Rfc3339))
    {
        Some(Ok(expires_at)) if expires_at > now => {}
        Some(Ok(expires_at)) => problems.push(format!(
            "the bundle expired at {}",
            readiness::display_instant(expires_at)
        )),
        _ => problems.push("the bundle has no readable expires_at".to_owned()),
    }
    problems
}

pub fn signing_key_from_hex(text: &str) -> Option<SigningKey> {
    let bytes: [u8; 32] = hex::decode(text.trim()).ok()?.try_into().ok()?;
    Some(SigningKey::from_bytes(&bytes))
}

pub fn verifying_key_from_hex(text: &str) -> Option<VerifyingKey> {
    let bytes: [u8; 32] = hex::decode(text.trim()).ok()?.try_into().ok()?;
    VerifyingKey::from_bytes(&bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn key() -> SigningKey {
        SigningKey::from_bytes(&[7u8; 32])
    }

    fn content(expires: &str) -> Value {
        json!({ "format": FORMAT, "expires_at": expires, "b": [1, {"z": 1, "a": 2}], "a": "x" })
    }

    #[test]
    fn canonical_form_sorts_keys_at_every_depth() {
        let bytes = canonical_bytes(&json!({"b": {"d": 1, "c": 2}, "a": [ {"y": 1, "x": 2} ]}));
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            r#"{"a":[{"x":2,"y":1}],"b":{"c":2,"d":1}}"#
        );
    }

    /// RFC 8785's own examples (appendix B and section 3.2.3): numbers as ECMAScript writes
    /// them, keys sorted by UTF-16 code units (U+1D11E sorts before U+FB33, unlike by bytes).
    #[test]
    fn canonical_form_is_rfc_8785() {
        let numbers: Value = serde_json::from_str(
            r#"{"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001]}"#,
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(canonical_bytes(&numbers)).unwrap(),
            r#"{"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27]}"#
        );
        let keys = json!({"\u{fb33}": 1, "\u{1d11e}": 2, "\r": 3});
        let text = String::from_utf8(canonical_bytes(&keys)).unwrap();
        let order: Vec<usize> = ["\\r", "\u{1d11e}", "\u{fb33}"]
            .iter()
            .map(|k| text.find(k).unwrap())
            .collect();
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{text}");
    }

    #[test]
    fn a_v1_bundle_is_refused_with_a_reason() {
        let mut old = content("2026-12-01T00:00:00Z");
        old["format"] = json!("vendor-readiness-bundle/v1");
        let bundle = seal(old, Some(&key()));
        let now = time::macros::datetime!(2026-11-26 00:00 UTC);
        let found = problems(&bundle, &key().verifying_key(), now);
        assert!(found[0].contains("RFC 8785"), "{found:?}");
    }

    #[test]
    fn sealed_bundle_verifies_until_it_expires() {
        let bundle = seal(content("2026-12-01T00:00:00Z"), Some(&key()));
        let now = time::macros::datetime!(2026-11-26 00:00 UTC);
        assert!(problems(&bundle, &key().verifying_key(), now).is_empty());
        let later = time::macros::datetime!(2026-12-02 00:00 UTC);
        assert_eq!(problems(&bundle, &key().verifying_key(), later).len(), 1);
    }

    #[test]
    fn changed_content_wrong_key_and_missing_signature_are_caught() {
        let now = time::macros::datetime!(2026-11-26 00:00 UTC);
        let mut bundle = seal(content("2026-12-01T00:00:00Z"), Some(&key()));
        bundle.content["a"] = json!("y");
        assert!(problems(&bundle, &key().verifying_key(), now)
            .iter()
            .any(|p| p.contains("changed")));
        let other = SigningKey::from_bytes(&[9u8; 32]).verifying_key();
        let intact = seal(content("2026-12-01T00:00:00Z"), Some(&key()));
        assert!(problems(&intact, &other, now)
            .iter()
            .any(|p| p.contains("different key")));
        let unsigned = seal(content("2026-12-01T00:00:00Z"), None);
        assert!(problems(&unsigned, &key().verifying_key(), now)
            .iter()
            .any(|p| p.contains("not signed")));
    }
}
