//! The Content-Security-Policy of every server-rendered page: scripts only from this origin or
//! inline ones the policy names (Leptos renders them with a nonce; the server then names each by
//! its SHA-256 instead, so a page is the same bytes for every reader), wasm compilation
//! allowed, nothing framed.

/// The policy for a page whose inline scripts `inline` allows: source expressions such as
/// `'nonce-…'` or `'sha256-…'`.
pub fn content_security_policy(inline: &[String]) -> String {
    let mut script = String::from("script-src 'self'");
    for source in inline {
        script.push(' ');
        script.push_str(source);
    }
    format!(
        "default-src 'self'; {script} 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'; \
         font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// Adds the policy to the response being rendered, naming its nonce (server only).
#[cfg(feature = "ssr")]
pub fn set_policy_header() {
    use leptos::prelude::use_context;
    let Some(response) = use_context::<leptos_axum::ResponseOptions>() else {
        return;
    };
    let nonce = leptos::nonce::use_nonce().map(|n| format!("'nonce-{n}'"));
    let policy = content_security_policy(&Vec::from_iter(nonce));
    if let Ok(value) = http::HeaderValue::from_str(&policy) {
        response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_sources_go_into_script_src() {
        let policy = content_security_policy(&["'sha256-a'".into(), "'sha256-b'".into()]);
        assert!(policy.contains("script-src 'self' 'sha256-a' 'sha256-b' 'wasm-unsafe-eval';"));
        assert!(policy.contains("frame-ancestors 'none'"));
        assert!(!policy.contains("unsafe-inline"));
    }
}
