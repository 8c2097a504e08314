//! Rendered pages kept per board snapshot, keyed by what changes the HTML (filters and origin).
//! A hit is served with a fresh CSP nonce: every occurrence of the cached render's nonce, in the
//! body and the policy header, is replaced, so no two responses share a nonce.

use axum::http::{self, HeaderMap, HeaderValue, StatusCode};
use bytes::Bytes;
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

/// Enough for every filter a board's readers use at once; beyond it pages are rendered, not kept,
/// so arbitrary query text cannot grow memory.
const MAX_PAGES: usize = 256;

/// One rendered page and the nonce it was rendered with.
pub struct CachedPage {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
    pub nonce: String,
}

#[derive(Default)]
pub struct PageCache {
    pages: RwLock<HashMap<String, Arc<CachedPage>>>,
}

impl PageCache {
    pub fn get(&self, key: &str) -> Option<Arc<CachedPage>> {
        let pages = self.pages.read().unwrap_or_else(|p| p.into_inner());
        pages.get(key).cloned()
    }

    pub fn insert(&self, key: String, page: CachedPage) {
        let mut pages = self.pages.write().unwrap_or_else(|p| p.into_inner());
        if pages.len() < MAX_PAGES {
            pages.insert(key, Arc::new(page));
        }
    }

    pub fn len(&self) -> usize {
        self.pages.read().unwrap_or_else(|p| p.into_inner()).len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl CachedPage {
    /// The page with `nonce` in place of the one it was rendered with.
    pub fn with_nonce(&self, nonce: &str) -> (StatusCode, HeaderMap, Bytes) {
        let mut headers = self.headers.clone();
        if let Some(policy) = headers
            .get(http::header::CONTENT_SECURITY_POLICY)
            .and_then(|v| v.to_str().ok())
            .map(|p| p.replace(&self.nonce, nonce))
            .and_then(|p| HeaderValue::from_str(&p).ok())
        {
            headers.insert(http::header::CONTENT_SECURITY_POLICY, policy);
        }
        (
            self.status,
            headers,
            replace_all(&self.body, self.nonce.as_bytes(), nonce.as_bytes()),
        )
    }
}

/// The nonce a rendered page's policy names (`'nonce-…'`), if any.
pub fn nonce_of(headers: &HeaderMap) -> Option<String> {
    let policy = headers
        .get(http::header::CONTENT_SECURITY_POLICY)?
        .to_str()
        .ok()?;
    let start = policy.find("'nonce-")? + "'nonce-".len();
    let len = policy[start..].find('\'')?;
    Some(policy[start..start + len].to_owned())
}

/// A fresh nonce: 128 random bits, hex-encoded.
pub fn fresh_nonce() -> String {
    let mut bytes = [0u8; 16];
    rand_core::RngCore::fill_bytes(&mut rand_core::OsRng, &mut bytes);
    hex::encode(bytes)
}

fn replace_all(body: &[u8], from: &[u8], to: &[u8]) -> Bytes {
    if from.is_empty() {
        return Bytes::copy_from_slice(body);
    }
    let mut out = Vec::with_capacity(body.len() + 64);
    let mut rest = body;
    while let Some(at) = rest.windows(from.len()).position(|w| w == from) {
        out.extend_from_slice(&rest[..at]);
        out.extend_from_slice(to);
        rest = &rest[at + from.len()..];
    }
    out.extend_from_slice(rest);
    Bytes::from(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_occurrence_of_the_nonce_is_replaced() {
        let body = b"<script nonce=\"abc\">x</script><link nonce=\"abc\"/>abc";
        assert_eq!(
            &replace_all(body, b"abc", b"XYZW")[..],
            b"<script nonce=\"XYZW\">x</script><link nonce=\"XYZW\"/>XYZW"
        );
    }

    #[test]
    fn the_policy_names_its_nonce() {
        let mut headers = HeaderMap::new();
        headers.insert(
            http::header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("script-src 'self' 'nonce-q1w2' 'wasm-unsafe-eval'"),
        );
        assert_eq!(nonce_of(&headers).as_deref(), Some("q1w2"));
        assert_ne!(fresh_nonce(), fresh_nonce());
    }
}
