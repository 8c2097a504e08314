//! Rendered pages kept per board snapshot, keyed by the filter (the origin is configured, never
//! taken from the request), and bounded by count and by bytes: the pages' own and their content
//! codings' as they are made (found by review: only the plain bytes were counted).
//! A page is kept sealed (no nonce; its policy names its inline scripts by hash), so a hit is
//! the same bytes as the first answer, compressed once and answered `304` to a reader holding it.

use crate::encoded::Encoded;
use axum::http::{self, HeaderMap, HeaderValue, StatusCode};
use bytes::Bytes;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
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
    /// Weak, as its codings share it (RFC 9110 §8.8.1); made once, answered to every reader.
    pub etag: Option<HeaderValue>,
}

#[derive(Default)]
pub struct PageCache {
    pages: RwLock<Pages>,
    /// The bytes of the kept pages' codings made so far.
    coded: Arc<AtomicUsize>,
}

#[derive(Default)]
struct Pages {
    by_key: HashMap<String, Arc<CachedPage>>,
    /// The same pages by the query text that asked for them, as written: asked again in the
    /// same words, a page is found without reading its query (issue 24). As many as the pages.
    by_query: HashMap<Box<str>, Arc<CachedPage>>,
    bytes: usize,
}

/// The longest query text a page is also kept by.
const MAX_QUERY_TEXT: usize = 512;

impl PageCache {
    pub fn get(&self, key: &str) -> Option<Arc<CachedPage>> {
        let pages = self.pages.read().unwrap_or_else(|p| p.into_inner());
        pages.by_key.get(key).cloned()
    }

    /// The page kept for this query text, as written.
    pub fn by_query(&self, query: &str) -> Option<Arc<CachedPage>> {
        let pages = self.pages.read().unwrap_or_else(|p| p.into_inner());
        pages.by_query.get(query).cloned()
    }

    /// Finds `page`, kept, by `query` too, within the cache's bounds.
    pub fn name(&self, query: &str, page: &Arc<CachedPage>) {
        let mut pages = self.pages.write().unwrap_or_else(|p| p.into_inner());
        let held = pages.bytes + self.coded.load(Ordering::Relaxed);
        let fits = pages.by_query.len() < MAX_PAGES
            && query.len() <= MAX_QUERY_TEXT
            && held + query.len() <= MAX_BYTES;
        if fits && !pages.by_query.contains_key(query) {
            pages.bytes += query.len();
            pages.by_query.insert(query.into(), Arc::clone(page));
        }
    }

    /// Keeps `page` unless the cache is full by count or by bytes (then it is rendered again);
    /// the page, and whether it was kept.
    pub fn insert(&self, key: String, mut page: CachedPage) -> (Arc<CachedPage>, bool) {
        let size = page.body.plain().len() + key.len();
        let mut pages = self.pages.write().unwrap_or_else(|p| p.into_inner());
        if let Some(kept) = pages.by_key.get(&key) {
            return (Arc::clone(kept), true);
        }
        let held = pages.bytes + self.coded.load(Ordering::Relaxed);
        let fits = pages.by_key.len() < MAX_PAGES && held + size <= MAX_BYTES;
        if !fits {
            return (Arc::new(page), false);
        }
        page.body = page.body.metered(Arc::clone(&self.coded));
        let page = Arc::new(page);
        pages.bytes += size;
        pages.by_key.insert(key, Arc::clone(&page));
        (page, true)
    }

    pub fn len(&self) -> usize {
        self.pages
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .by_key
            .len()
    }

    /// Bytes of the pages held, with their codings made so far.
    pub fn bytes(&self) -> usize {
        let plain = self.pages.read().unwrap_or_else(|p| p.into_inner()).bytes;
        plain + self.coded.load(Ordering::Relaxed)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl CachedPage {
    /// Keeps a sealed page, with the headers each of its answers carries (its ETag, `Vary` and
    /// the edge's), so that an answer copies them rather than adds them one by one.
    pub fn new(status: StatusCode, mut headers: HeaderMap, body: Bytes) -> Self {
        let etag = HeaderValue::from_str(&format!("W/{}", crate::conditional::etag_of(&body))).ok();
        if let Some(etag) = &etag {
            headers.insert(http::header::ETAG, etag.clone());
            let vary = HeaderValue::from_static("accept-encoding");
            headers.insert(http::header::VARY, vary);
        }
        crate::edge::carry_always(&mut headers);
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
    fn a_kept_pages_codings_count_against_the_bytes_it_may_hold() {
        let cache = PageCache::default();
        let text = "<p>a page that compresses</p>".repeat(2000);
        let page = CachedPage::new(StatusCode::OK, HeaderMap::new(), Bytes::from(text.clone()));
        let (kept, fits) = cache.insert("k".into(), page);
        assert!(fits);
        assert_eq!(cache.bytes(), text.len() + 1);
        let brotli = kept.body.get(crate::encoded::Coding::Brotli);
        let gzip = kept.body.get(crate::encoded::Coding::Gzip);
        assert_eq!(cache.bytes(), text.len() + 1 + brotli.len() + gzip.len());
        // Made once: asked again, nothing more is counted.
        kept.body.get(crate::encoded::Coding::Brotli);
        assert_eq!(cache.bytes(), text.len() + 1 + brotli.len() + gzip.len());
        // A page not kept counts nothing, even once coded.
        let full = PageCache::default();
        full.coded.store(MAX_BYTES, Ordering::Relaxed);
        let page = CachedPage::new(StatusCode::OK, HeaderMap::new(), Bytes::from(text));
        let (answered, fits) = full.insert("k".into(), page);
        assert!(!fits, "the codings made fill it");
        answered.body.get(crate::encoded::Coding::Brotli);
        assert_eq!(full.bytes(), MAX_BYTES);
    }

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
