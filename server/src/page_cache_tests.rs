//! The page cache's bounds and the nonce a rendered page's policy names.

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

/// A page is kept by a query text only within bounds: a text over the length, or one past the
/// count of texts, is not kept (and asks for no write lock: found by review).
#[test]
fn a_page_is_kept_by_its_query_text_only_within_bounds() {
    let cache = PageCache::default();
    let page = CachedPage::new(
        StatusCode::OK,
        HeaderMap::new(),
        Bytes::from_static(b"<p>x</p>"),
    );
    let (page, kept) = cache.insert("k".into(), page);
    assert!(kept);
    let long = "q=".to_owned() + &"x".repeat(MAX_QUERY_TEXT);
    cache.keep_by_query(&long, &page);
    assert!(cache.by_query(&long).is_none(), "over the length");
    let texts: Vec<String> = (0..=MAX_PAGES).map(|n| format!("x={n}")).collect();
    for text in &texts {
        cache.keep_by_query(text, &page);
    }
    assert!(cache.by_query(&texts[MAX_PAGES - 1]).is_some());
    assert!(
        cache.by_query(&texts[MAX_PAGES]).is_none(),
        "past the count"
    );
    let bytes: usize = texts[..MAX_PAGES].iter().map(String::len).sum();
    assert_eq!(cache.bytes(), page.body.plain().len() + 1 + bytes);
}
