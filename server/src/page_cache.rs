//! Rendered pages kept per board snapshot, keyed by the filter (the origin is configured, never
//! taken from the request), and bounded by count and by bytes.
//! A page is kept sealed (no nonce; its policy names its inline scripts by hash), so a hit is
//! the same bytes as the first answer, compressed once and answered `304` to a reader holding it.

use crate::encoded::Encoded;
use axum::http::{self, HeaderMap, StatusCode};
use bytes::Bytes;
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

/// Enough for every filter a board's readers use at once; beyond it pages are rendered, not kept,
/// so arbitrary query text cannot grow memory.
const MAX_PAGES: usize = 256;
/// The most page bytes one snapshot keeps (a 10,000-system page is ~8 MB).
const MAX_BYTES: usize = 64 * 1024 * 1024;

/// One rendered page, sealed ([`crate::page_seal`]): the same bytes for every reader of its
/// snapshot, each content coding made once, and tagged by its SHA-256.
pub struct CachedPage {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Encoded,
    /// Weak, as its codings share it (RFC 9110 §8.8.1).
    pub etag: String,
}

#[derive(Default)]
pub struct PageCache {
    pages: RwLock<Pages>,
}

#[derive(Default)]
struct Pages {
    by_key: HashMap<String, Arc<CachedPage>>,
    bytes: usize,
}

impl PageCache {
    pub fn get(&self, key: &str) -> Option<Arc<CachedPage>> {
        let pages = self.pages.read().unwrap_or_else(|p| p.into_inner());
        pages.by_key.get(key).cloned()
    }

    /// Keeps `page` unless the cache is full by count or by bytes (then it is rendered again);
    /// the page, and whether it was kept.
    pub fn insert(&self, key: String, page: CachedPage) -> (Arc<CachedPage>, bool) {
        let size = page.body.plain().len() + key.len();
        let page = Arc::new(page);
        let mut pages = self.pages.write().unwrap_or_else(|p| p.into_inner());
        let fits = pages.by_key.len() < MAX_PAGES && pages.bytes + size <= MAX_BYTES;
        if let Some(kept) = pages.by_key.get(&key) {
            return (Arc::clone(kept), true);
        }
        if fits {
            pages.bytes += size;
            pages.by_key.insert(key, Arc::clone(&page));
        }
        (page, fits)
    }

    pub fn len(&self) -> usize {
        self.pages
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .by_key
            .len()
    }

    /// Bytes of the pages held.
    pub fn bytes(&self) -> usize {
        self.pages.read().unwrap_or_else(|p| p.into_inner()).bytes
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl CachedPage {
    /// Keeps a sealed page.
    pub fn new(status: StatusCode, headers: HeaderMap, body: Bytes) -> Self {
        let etag = format!("W/{}", crate::conditional::etag_of(&body));
        Self {
            status,
            headers,
            body: Encoded::new(body),
            etag,
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn the_policy_names_its_nonce() {
        let mut headers = HeaderMap::new();
        headers.insert(
            http::header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("script-src 'self' 'nonce-q1w2' 'wasm-unsafe-eval'"),
        );
        assert_eq!(nonce_of(&headers).as_deref(), Some("q1w2"));
        assert_eq!(nonce_of(&HeaderMap::new()), None);
    }
}
