//! A rendered page made the same bytes for every reader (issue 24). Leptos gives each render a
//! CSP nonce, so no two answers were alike and a page could neither be compressed once nor
//! answered `304`. The nonce is taken out of the page, and its policy names by its SHA-256 each
//! inline script that carried the nonce (CSP 3 hash sources): only the scripts Leptos wrote run,
//! as before, and a script smuggled into the page by an escaping bug never would (found by
//! attack: every inline script of the body was named).

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
    let hashes = nonced_script_hashes(&body, &nonce);
    let body = without_nonce(&body, &nonce);
    // Never looser: a policy that is no header value allows no inline script at all.
    let policy = app::security::content_security_policy(&hashes);
    let strict = || app::security::content_security_policy(&[]);
    let value = HeaderValue::from_str(&policy).or_else(|_| HeaderValue::from_str(&strict()));
    if let Ok(value) = value {
        parts.headers.insert(header::CONTENT_SECURITY_POLICY, value);
    }
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(body))
}

/// `html` without its ` nonce="…"` attributes, and any other attribute Leptos gave the nonce
/// as its value emptied (its preload links' `crossorigin`: found by attack, the page differed
/// per render there).
fn without_nonce(html: &[u8], nonce: &str) -> Bytes {
    let html = replace_all(html, format!(" nonce=\"{nonce}\"").as_bytes(), b"");
    replace_all(&html, format!("=\"{nonce}\"").as_bytes(), b"=\"\"")
}

fn replace_all(html: &[u8], from: &[u8], to: &[u8]) -> Bytes {
    let mut out = Vec::with_capacity(html.len());
    let mut start = 0;
    for at in memchr::memmem::find_iter(html, from) {
        out.extend_from_slice(&html[start..at]);
        out.extend_from_slice(to);
        start = at + from.len();
    }
    out.extend_from_slice(&html[start..]);
    Bytes::from(out)
}

/// The `'sha256-…'` source of each inline script of `html` (a `<script>` without `src`) whose
/// tag carries ` nonce="{nonce}"`, each once, in the page's order. A script's text is hashed as
/// the page carries it.
pub fn nonced_script_hashes(html: &[u8], nonce: &str) -> Vec<String> {
    let carries = format!(" nonce=\"{nonce}\"");
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
        let nonced = memchr::memmem::find(tag, carries.as_bytes()).is_some();
        if nonced && memchr::memmem::find(tag, b" src=").is_none() {
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
    fn the_nonce_goes_and_each_script_that_carried_it_is_named_by_its_hash() {
        let html = br#"<link rel="preload" crossorigin="n1"><script nonce="n1">a()</script><script type="module" nonce="n1">b()</script><script src="/x.js" nonce="n1"></script><script>evil()</script><script nonce="n2">evil()</script>"#;
        let sealed = without_nonce(html, "n1");
        assert_eq!(
            &sealed[..],
            br#"<link rel="preload" crossorigin=""><script>a()</script><script type="module">b()</script><script src="/x.js"></script><script>evil()</script><script nonce="n2">evil()</script>"#
        );
        let hash = |text: &[u8]| {
            let digest = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(text));
            format!("'sha256-{digest}'")
        };
        assert_eq!(
            nonced_script_hashes(html, "n1"),
            [hash(b"a()"), hash(b"b()")]
        );
        assert!(nonced_script_hashes(b"<p>no script</p>", "n1").is_empty());
    }
}
