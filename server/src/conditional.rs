//! `If-None-Match` (RFC 9110 §13.1.2), once for every route that sends an ETag: badges, site
//! files, the feed and OFREP's bulk answer. Weak comparison (`W/"x"` matches `"x"`), lists,
//! and `*` for "any current representation".

use axum::http::{header, HeaderMap};

/// Whether the request's `If-None-Match` matches `etag` (a quoted strong tag): then 304.
pub fn if_none_match(headers: &HeaderMap, etag: &str) -> bool {
    headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .map(|tag| tag.trim().trim_start_matches("W/"))
                .any(|tag| tag == etag || tag == "*")
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn if_none_match_compares_weakly_and_accepts_lists_and_any() {
        let with = |value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::IF_NONE_MATCH, HeaderValue::from_str(value).unwrap());
            if_none_match(&headers, "\"v-1-br\"")
        };
        assert!(with("\"v-1-br\""));
        assert!(with("W/\"v-1-br\""));
        assert!(with("\"other\", \"v-1-br\""));
        assert!(with("*"));
        assert!(!with("\"v-1-gzip\""));
        assert!(!if_none_match(&HeaderMap::new(), "\"v-1-br\""));
    }
}
