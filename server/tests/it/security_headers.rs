//! Security headers: every response carries the basic ones; every HTML page a CSP whose nonce
//! matches its inline scripts and that allows nothing else inline.

use crate::common;
use common::*;

fn csp_nonce(policy: &str) -> Option<String> {
    let start = policy.find("'nonce-")? + 7;
    Some(policy[start..].split('\'').next()?.to_owned())
}

#[tokio::test]
async fn html_pages_carry_a_csp_matching_their_script_nonces() {
    let app = seed_app();
    for uri in [
        "/",
        "/?owner=Finance&motion=self-serve-paid-launch",
        "/?owner=Nobody",
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
        let nonce = csp_nonce(policy).unwrap_or_else(|| panic!("{uri}: no nonce in {policy}"));
        assert!(nonce.len() >= 16, "{uri}: a short nonce");
        assert!(
            html.contains("<script"),
            "{uri}: the page has its hydration script"
        );
        for (i, _) in html.match_indices("<script") {
            let tag = &html[i..i + html[i..].find('>').unwrap()];
            assert!(
                tag.contains(&format!("nonce=\"{nonce}\"")) || tag.contains(" src="),
                "{uri}: inline script without the nonce: {tag}"
            );
        }
    }
    let (_, _, first) = get(&app, "/").await;
    let (_, _, second) = get(&app, "/").await;
    assert_ne!(
        first["content-security-policy"], second["content-security-policy"],
        "a fresh nonce per response"
    );
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
