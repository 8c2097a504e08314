//! Rendered pages kept per board snapshot, keyed by the filter (the origin is configured, never
//! taken from the request), and bounded by count and by bytes.
//! A hit is served with a fresh CSP nonce: every occurrence of the cached render's nonce, in the
//! body and the policy header, is replaced, so no two responses share a nonce.

use axum::http::{self, HeaderMap, HeaderValue, StatusCode};
use bytes::Bytes;
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

/// Enough for every filter a board's readers use at once; beyond it pages are rendered, not kept,
/// so arbitrary query text cannot grow memory.
const MAX_PAGES: usize = 256;
/// The most page bytes one snapshot keeps (a 10,000-system page is ~8 MB).
const MAX_BYTES: usize = 64 * 1024 * 1024;

/// One rendered page, split where its nonce stood, so a hit only joins slices around a new one.
pub struct CachedPage {
    status: StatusCode,
    headers: HeaderMap,
    /// The body between occurrences of the nonce (one more piece than occurrences).
    body: Vec<Bytes>,
    /// The Content-Security-Policy before and after its nonce.
    policy: Option<(String, String)>,
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

    /// Keeps `page` unless the cache is full by count or by bytes (then it is rendered again).
    pub fn insert(&self, key: String, page: CachedPage) {
        let size = page.body.iter().map(Bytes::len).sum::<usize>() + key.len();
        let mut pages = self.pages.write().unwrap_or_else(|p| p.into_inner());
        let fits = pages.by_key.len() < MAX_PAGES && pages.bytes + size <= MAX_BYTES;
        if fits && !pages.by_key.contains_key(&key) {
            pages.bytes += size;
            pages.by_key.insert(key, Arc::new(page));
        }
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
    /// Keeps a rendered page whose inline scripts and policy carry `nonce`.
    pub fn new(status: StatusCode, mut headers: HeaderMap, body: Bytes, nonce: &str) -> Self {
        let policy = headers
            .remove(http::header::CONTENT_SECURITY_POLICY)
            .and_then(|v| v.to_str().ok().map(str::to_owned))
            .and_then(|p| {
                p.split_once(nonce)
                    .map(|(a, b)| (a.to_owned(), b.to_owned()))
            });
        Self {
            status,
            headers,
            body: split_at_each(&body, nonce.as_bytes()),
            policy,
        }
    }

    /// The page with `nonce` in place of the one it was rendered with.
    pub fn with_nonce(&self, nonce: &str) -> (StatusCode, HeaderMap, Bytes) {
        let mut headers = self.headers.clone();
        if let Some(value) = self
            .policy
            .as_ref()
            .and_then(|(a, b)| HeaderValue::from_str(&format!("{a}{nonce}{b}")).ok())
        {
            headers.insert(http::header::CONTENT_SECURITY_POLICY, value);
        }
        let size = self.body.iter().map(Bytes::len).sum::<usize>()
            + nonce.len() * self.body.len().saturating_sub(1);
        let mut body = Vec::with_capacity(size);
        for (at, piece) in self.body.iter().enumerate() {
            if at > 0 {
                body.extend_from_slice(nonce.as_bytes());
            }
            body.extend_from_slice(piece);
        }
        (self.status, headers, Bytes::from(body))
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

/// A fresh nonce: 128 bits from a hash-based generator keyed once from the OS, so a request
/// costs one SHA-256 instead of a system call.
pub fn fresh_nonce() -> String {
    use sha2::{Digest, Sha256};
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::OnceLock;
    static KEY: OnceLock<[u8; 32]> = OnceLock::new();
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let key = KEY.get_or_init(|| {
        let mut key = [0u8; 32];
        rand_core::RngCore::fill_bytes(&mut rand_core::OsRng, &mut key);
        key
    });
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let digest = Sha256::new()
        .chain_update(key)
        .chain_update(n.to_le_bytes())
        .finalize();
    hex::encode(&digest[..16])
}

/// `body` cut at every occurrence of `at` (which is dropped).
fn split_at_each(body: &Bytes, at: &[u8]) -> Vec<Bytes> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut scan = 0;
    while !at.is_empty() && scan + at.len() <= body.len() {
        if &body[scan..scan + at.len()] == at {
            pieces.push(body.slice(start..scan));
            scan += at.len();
            start = scan;
        } else {
            scan += 1;
        }
    }
    pieces.push(body.slice(start..));
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_occurrence_of_the_nonce_is_replaced_in_body_and_policy() {
        let mut headers = HeaderMap::new();
        headers.insert(
            http::header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("script-src 'self' 'nonce-abc' 'wasm-unsafe-eval'"),
        );
        let body = Bytes::from_static(b"<script nonce=\"abc\">x</script><link nonce=\"abc\"/>abc");
        let page = CachedPage::new(StatusCode::OK, headers, body, "abc");
        let (_, headers, body) = page.with_nonce("XYZW");
        assert_eq!(
            &body[..],
            b"<script nonce=\"XYZW\">x</script><link nonce=\"XYZW\"/>XYZW"
        );
        assert_eq!(
            headers[http::header::CONTENT_SECURITY_POLICY],
            "script-src 'self' 'nonce-XYZW' 'wasm-unsafe-eval'"
        );
    }

    #[test]
    fn the_policy_names_its_nonce_and_nonces_differ() {
        let mut headers = HeaderMap::new();
        headers.insert(
            http::header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("script-src 'self' 'nonce-q1w2' 'wasm-unsafe-eval'"),
        );
        assert_eq!(nonce_of(&headers).as_deref(), Some("q1w2"));
        let nonces: std::collections::HashSet<String> = (0..1000).map(|_| fresh_nonce()).collect();
        assert_eq!(nonces.len(), 1000);
        assert!(nonces.iter().all(|n| n.len() == 32));
    }

    /// 260 distinct keys of 1 MiB pages once took a server to gigabytes: bytes bound the cache.
    #[test]
    fn the_cache_is_bounded_by_bytes_not_only_by_count() {
        let cache = PageCache::default();
        let page = Bytes::from(vec![b'x'; 1024 * 1024]);
        for n in 0..260 {
            let cached = CachedPage::new(StatusCode::OK, HeaderMap::new(), page.clone(), "n");
            cache.insert(format!("host-{n}"), cached);
        }
        assert!(cache.bytes() <= MAX_BYTES, "{} bytes held", cache.bytes());
        assert_eq!(cache.len(), MAX_BYTES / (1024 * 1024 + 8));
    }
}
