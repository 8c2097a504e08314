//! ETags and `If-None-Match` (RFC 9110 §13.1.2), once for every route that sends an ETag:
//! badges, site files, the feed, the board's version and OFREP's bulk answer. Weak comparison
//! (`W/"x"` matches `"x"`), lists, and `*` for "any current representation".

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// A representation with its ETag (and cache policy, if any): a 304 without a body when the
/// request's `If-None-Match` already names it, else `body()`.
pub fn tagged(
    request: &HeaderMap,
    etag: &str,
    cache: Option<&'static str>,
    body: impl FnOnce() -> Response,
) -> Response {
    match HeaderValue::from_str(etag) {
        Ok(tag) => tagged_by(request.get(header::IF_NONE_MATCH), tag, cache, body),
        Err(_) => body(),
    }
}

/// [`tagged`] for a request's `If-None-Match` alone and an ETag made once (the board's JSON
/// keeps its own per snapshot: nothing is formatted or copied per request).
pub fn tagged_by(
    if_none_match: Option<&HeaderValue>,
    etag: HeaderValue,
    cache: Option<&'static str>,
    body: impl FnOnce() -> Response,
) -> Response {
    let held = etag
        .to_str()
        .is_ok_and(|tag| matches_tag(if_none_match, tag));
    let mut response = if held {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        body()
    };
    let out = response.headers_mut();
    out.insert(header::ETAG, etag);
    if let Some(cache) = cache {
        out.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    }
    response
}

/// A strong ETag for `bytes`: the start of their SHA-256.
pub fn etag_of(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    format!("\"{}\"", &hex::encode(Sha256::digest(bytes))[..32])
}

/// Whether the request's `If-None-Match` matches `etag` (a quoted tag, strong or weak;
/// compared weakly, as RFC 9110 asks for `If-None-Match`): then 304.
pub fn if_none_match(headers: &HeaderMap, etag: &str) -> bool {
    matches_tag(headers.get(header::IF_NONE_MATCH), etag)
}

/// Whether an `If-None-Match` value matches `etag`, as [`if_none_match`] says.
fn matches_tag(if_none_match: Option<&HeaderValue>, etag: &str) -> bool {
    let etag = etag.strip_prefix("W/").unwrap_or(etag);
    if_none_match
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            // `*` alone means any; `W/*` is no tag at all (found by attack, issue 24).
            v.split(',')
                .map(|tag| tag.trim())
                .any(|tag| tag == "*" || tag.strip_prefix("W/").unwrap_or(tag) == etag)
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn if_none_match_compares_weakly_and_accepts_lists_and_any() {
        // One weak marker, not any number of them (found by attack: `W/W/"v"` matched).
        let mut doubled = HeaderMap::new();
        doubled.insert(
            header::IF_NONE_MATCH,
            HeaderValue::from_static("W/W/\"v-1-br\""),
        );
        assert!(!if_none_match(&doubled, "\"v-1-br\""));
        let with = |value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::IF_NONE_MATCH, HeaderValue::from_str(value).unwrap());
            if_none_match(&headers, "\"v-1-br\"")
        };
        assert!(with("\"v-1-br\""));
        assert!(with("W/\"v-1-br\""));
        assert!(with("\"other\", \"v-1-br\""));
        assert!(with("*"));
        assert!(!with("W/*"));
        assert!(!with("\"v-1-gzip\""));
        assert!(!if_none_match(&HeaderMap::new(), "\"v-1-br\""));
    }
}
