//! Security headers: every response carries the basic ones; every HTML page a CSP that names
//! each of its inline scripts by its SHA-256 and allows nothing else inline, and no nonce, so a
//! page is the same bytes for every reader (issue 24).

use crate::common;
use common::*;

#[tokio::test]
async fn html_pages_carry_a_csp_naming_each_inline_script_by_its_hash() {
    let app = seed_app();
    for uri in [
        "/",
        "/?owner=Finance&motion=self-serve-paid-launch",
        "/?owner=Nobody",
        "/changes",
        "/no/such/page",
    ] {
        let (_, html, headers) = get(&app, uri).await;
        let policy = headers
            .get("content-security-policy")
            .unwrap_or_else(|| panic!("{uri}: no CSP"))
            .to_str()
            .unwrap();
        assert!(policy.contains("frame-ancestors 'none'"), "{uri}: {policy}");
        assert!(policy.contains("'wasm-unsafe-eval'"), "{uri}");
        assert!(!policy.contains("unsafe-inline"), "{uri}");
        assert!(
            !policy.contains("'nonce-") && !html.contains("nonce="),
            "{uri}"
        );
        let script_src = policy
            .split(';')
            .find(|d| d.trim().starts_with("script-src"))
            .unwrap();
        let named: Vec<&str> = script_src
            .split_whitespace()
            .filter(|s| s.starts_with("'sha256-"))
            .collect();
        let mut inline = Vec::new();
        for (i, _) in html.match_indices("<script") {
            let tag_end = i + html[i..].find('>').unwrap();
            if html[i..tag_end].contains(" src=") {
                continue;
            }
            let text =
                &html[tag_end + 1..tag_end + 1 + html[tag_end + 1..].find("</script").unwrap()];
            use base64::Engine;
            use sha2::Digest;
            let hash = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(text));
            inline.push(format!("'sha256-{hash}'"));
        }
        assert!(inline.len() >= 2, "{uri}: the theme and hydration scripts");
        let mut unique: Vec<String> = Vec::new();
        for source in inline {
            if !unique.contains(&source) {
                unique.push(source);
            }
        }
        assert_eq!(
            named, unique,
            "{uri}: every inline script named, nothing more"
        );
    }
    let (_, first, h1) = get(&app, "/").await;
    let (_, second, h2) = get(&app, "/").await;
    assert_eq!(first, second, "the same bytes for every reader");
    assert_eq!(h1["content-security-policy"], h2["content-security-policy"]);
    // Rendered again for each reader (not kept), still the same bytes: found by attack, the
    // nonce stayed as the preload links' `crossorigin`.
    let (_, first, _) = get(&app, "/changes?view=operator").await;
    let (_, second, _) = get(&app, "/changes?view=operator").await;
    assert_eq!(first, second);
}

#[tokio::test]
async fn every_response_carries_the_basic_headers() {
    let app = seed_app();
    for uri in [
        "/",
        "/api/vendor-readiness",
        "/healthz",
        "/api/proofs?system=ghost",
        "/nope",
    ] {
        let (_, _, headers) = get(&app, uri).await;
        assert_eq!(headers["x-content-type-options"], "nosniff", "{uri}");
        assert_eq!(
            headers["referrer-policy"], "strict-origin-when-cross-origin",
            "{uri}"
        );
        assert_eq!(headers["x-frame-options"], "DENY", "{uri}");
    }
}
