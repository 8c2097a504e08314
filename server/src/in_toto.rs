//! The launch bundle as an in-toto Statement (v1) in a DSSE envelope, signed with the bundle's
//! Ed25519 key, so verifiers that speak in-toto (its Python reference implementation, sigstore
//! tooling) check it as they check any attestation. The Statement's subject is the catalog the
//! board was computed from; its predicate is the bundle's content, as in the JSON bundle.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use ed25519_dalek::{Signer, SigningKey, Verifier, VerifyingKey};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

/// What the envelope's payload is (DSSE `payloadType`), as in-toto names it.
pub const PAYLOAD_TYPE: &str = "application/vnd.in-toto+json";
pub const STATEMENT_TYPE: &str = "https://in-toto.io/Statement/v1";
/// The predicate's type: the launch bundle's content, format v2.
pub const PREDICATE_TYPE: &str = "urn:vendor-readiness:launch-bundle:v2";

/// DSSE's pre-authentication encoding: what is signed, so the type is signed with the body.
fn pae(payload_type: &str, payload: &[u8]) -> Vec<u8> {
    let head = format!(
        "DSSEv1 {} {payload_type} {} ",
        payload_type.len(),
        payload.len()
    );
    [head.as_bytes(), payload].concat()
}

/// The key id securesystemslib gives an Ed25519 key: the SHA-256 of its canonical JSON.
pub fn key_id(key: &VerifyingKey) -> String {
    let public = json!({ "keytype": "ed25519", "scheme": "ed25519", "keyval": { "public": hex::encode(key.as_bytes()) } });
    hex::encode(Sha256::digest(crate::launch_bundle::canonical_bytes(
        &public,
    )))
}

/// The envelope of `content`, about the catalog `catalog_name` whose SHA-256 is `catalog_sha256`.
pub fn envelope(
    content: Value,
    catalog_name: &str,
    catalog_sha256: &str,
    key: &SigningKey,
) -> Value {
    let statement = json!({
        "_type": STATEMENT_TYPE,
        "subject": [{ "name": catalog_name, "digest": { "sha256": catalog_sha256 } }],
        "predicateType": PREDICATE_TYPE,
        "predicate": content,
    });
    let payload = crate::launch_bundle::canonical_bytes(&statement);
    let signature = key.sign(&pae(PAYLOAD_TYPE, &payload));
    json!({
        "payloadType": PAYLOAD_TYPE,
        "payload": STANDARD.encode(&payload),
        "signatures": [{ "keyid": key_id(&key.verifying_key()), "sig": STANDARD.encode(signature.to_bytes()) }],
    })
}

/// Whether `text` is a DSSE envelope rather than a JSON bundle.
pub fn is_envelope(value: &Value) -> bool {
    value.get("payloadType").is_some()
}

/// The predicate (the bundle's content) of an envelope signed by `public`, or every reason the
/// envelope does not hold.
pub fn open(envelope: &Value, public: &VerifyingKey) -> Result<Value, Vec<String>> {
    if envelope["payloadType"] != PAYLOAD_TYPE {
        return Err(vec![format!(
            "the envelope's payloadType is not {PAYLOAD_TYPE}"
        )]);
    }
    let payload = envelope["payload"]
        .as_str()
        .and_then(|p| STANDARD.decode(p).ok());
    let Some(payload) = payload else {
        return Err(vec!["the envelope's payload is not base64".to_owned()]);
    };
    let signed = pae(PAYLOAD_TYPE, &payload);
    let signatures = envelope["signatures"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let verifies = signatures.iter().any(|s| {
        let sig = s["sig"]
            .as_str()
            .and_then(|text| STANDARD.decode(text).ok());
        sig.and_then(|bytes| ed25519_dalek::Signature::from_slice(&bytes).ok())
            .is_some_and(|sig| public.verify(&signed, &sig).is_ok())
    });
    if !verifies {
        return Err(vec![
            "no signature of the envelope verifies with this public key".to_owned(),
        ]);
    }
    // Two values for one key: readers disagree on which counts, so it proves nothing.
    if let Err(e) = crate::launch_bundle::unique_keys(&payload) {
        return Err(vec![format!("the envelope's payload is ambiguous: {e}")]);
    }
    let statement: Value = serde_json::from_slice(&payload)
        .map_err(|e| vec![format!("the envelope's payload is not JSON: {e}")])?;
    let mut problems = Vec::new();
    if statement["_type"] != STATEMENT_TYPE {
        problems.push(format!(
            "the payload is not an in-toto Statement ({STATEMENT_TYPE})"
        ));
    }
    if statement["predicateType"] != PREDICATE_TYPE {
        problems.push(format!(
            "the predicate is not a launch bundle ({PREDICATE_TYPE})"
        ));
    }
    let content = statement["predicate"].clone();
    let catalog = &content["catalog"]["sha256"];
    let about_it = statement["subject"]
        .as_array()
        .is_some_and(|list| list.iter().any(|s| &s["digest"]["sha256"] == catalog));
    if !about_it {
        problems.push("the Statement's subject is not the catalog its predicate names".to_owned());
    }
    match problems.is_empty() {
        true => Ok(content),
        false => Err(problems),
    }
}
