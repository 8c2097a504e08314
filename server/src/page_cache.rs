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
    /// same words, a page is found without reading its query (issue 24). At most `MAX_PAGES`
    /// texts, however many name one page; past that a text is looked for by what it asks.
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

    /// Keeps `page`, kept, by `query` too, within the cache's bounds. Whether it may is read
    /// first, so a text that may not never takes the write lock (found by review: every request
    /// with a long text, or once the texts were full, blocked the other readers).
    pub fn keep_by_query(&self, query: &str, page: &Arc<CachedPage>) {
        let room = |pages: &Pages| {
            let held = pages.bytes + self.coded.load(Ordering::Relaxed);
            pages.by_query.len() < MAX_PAGES
                && held + query.len() <= MAX_BYTES
                && !pages.by_query.contains_key(query)
        };
        if query.len() > MAX_QUERY_TEXT
            || !room(&self.pages.read().unwrap_or_else(|p| p.into_inner()))
        {
            return;
        }
        let mut pages = self.pages.write().unwrap_or_else(|p| p.into_inner());
        if room(&pages) {
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
#[path = "page_cache_tests.rs"]
mod tests;
