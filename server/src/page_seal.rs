//! A rendered page made the same bytes for every reader (issue 24). Leptos gives each render a
//! CSP nonce, so no two answers were alike and a page could neither be compressed once nor
//! answered `304`. The nonce is taken out of the page, and its policy names each inline script
//! by its SHA-256 instead (CSP 3 hash sources): only those exact scripts run, as before.

use axum::body::Body;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use bytes::Bytes;
use sha2::{Digest, Sha256};

/// `response` (a rendered page) without its nonce, its policy naming its inline scripts'
/// SHA-256; a response without a nonce is answered as it is.
pub async fn seal(response: Response, max_bytes: usize) -> Response {
    let Some(nonce) = crate::page_cache::nonce_of(response.headers()) else {
        return response;
    };
    let (mut parts, body) = response.into_parts();
    let Ok(body) = axum::body::to_bytes(body, max_bytes).await else {
        let cause = "the rendered page was over the size a page is kept at";
        return crate::error::AppError::Internal(cause.into()).into_response();
    };
    let body = without_nonce(&body, &nonce);
    let policy = app::security::content_security_policy(&inline_script_hashes(&body));
    match HeaderValue::from_str(&policy) {
        Ok(value) => parts.headers.insert(header::CONTENT_SECURITY_POLICY, value),
        Err(_) => parts.headers.remove(header::CONTENT_SECURITY_POLICY),
    };
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(body))
}

/// `html` without its ` nonce="…"` attributes.
fn without_nonce(html: &[u8], nonce: &str) -> Bytes {
    let attribute = format!(" nonce=\"{nonce}\"");
    let finder = memchr::memmem::Finder::new(attribute.as_bytes());
    let mut out = Vec::with_capacity(html.len());
    let mut start = 0;
    for at in finder.find_iter(html) {
        out.extend_from_slice(&html[start..at]);
        start = at + attribute.len();
    }
    out.extend_from_slice(&html[start..]);
    Bytes::from(out)
}

/// The `'sha256-…'` source of each inline script of `html` (a `<script>` without `src`), each
/// once, in the page's order. A script's text is hashed as the page carries it.
pub fn inline_script_hashes(html: &[u8]) -> Vec<String> {
    let mut sources: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(open) = memchr::memmem::find(rest, b"<script") {
        let after = &rest[open..];
        let Some(tag_end) = memchr::memchr(b'>', after) else {
            break;
        };
        let tag = &after[..tag_end];
        let text = &after[tag_end + 1..];
        let Some(close) = memchr::memmem::find(text, b"</script") else {
            break;
        };
        if memchr::memmem::find(tag, b" src=").is_none() {
            let digest = Sha256::digest(&text[..close]);
            let source = format!(
                "'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            );
            if !sources.contains(&source) {
                sources.push(source);
            }
        }
        rest = &text[close..];
    }
    sources
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nonce_goes_and_each_inline_script_is_named_by_its_hash() {
        let html = br#"<script nonce="n1">a()</script><script type="module" nonce="n1">b()</script><script src="/x.js" nonce="n1"></script><script>a()</script>"#;
        let sealed = without_nonce(html, "n1");
        assert_eq!(
            &sealed[..],
            br#"<script>a()</script><script type="module">b()</script><script src="/x.js"></script><script>a()</script>"#
        );
        let a = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(b"a()"));
        let b = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(b"b()"));
        assert_eq!(
            inline_script_hashes(&sealed),
            [format!("'sha256-{a}'"), format!("'sha256-{b}'")]
        );
        assert!(inline_script_hashes(b"<p>no script</p>").is_empty());
    }
}
