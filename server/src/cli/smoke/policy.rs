//! Whether the page's Content-Security-Policy lets it become interactive: its bootstrap module
//! script must be allowed (by its nonce) and the wasm compiled (`'wasm-unsafe-eval'`), under
//! every policy the page is served with. Found by attack (round 9): a policy without
//! `'wasm-unsafe-eval'`, with `default-src 'none'`, or naming another nonce passed smoke while
//! the page never hydrated.

use super::page::Page;
use super::script::runs_as;

/// What each policy forbids that the page needs (empty: nothing).
pub fn policy_problems(policies: &[String], page: &Page) -> Vec<String> {
    let nonce = module_nonce(page);
    let mut problems = Vec::new();
    for policy in policies {
        let Some(sources) = script_sources(policy) else {
            continue;
        };
        let has = |token: &str| sources.iter().any(|s| s.eq_ignore_ascii_case(token));
        if !has("'wasm-unsafe-eval'") && !has("'unsafe-eval'") {
            problems.push(
                "the page's policy does not let the wasm compile (no 'wasm-unsafe-eval')"
                    .to_owned(),
            );
        }
        let allowed = match &nonce {
            Some(nonce) => has(&format!("'nonce-{nonce}'")),
            None => true,
        };
        let inline = has("'unsafe-inline'")
            && !sources
                .iter()
                .any(|s| s.starts_with("'nonce-") || s.starts_with("'sha"));
        if !allowed && !inline {
            problems.push(
                "the page's policy blocks its bootstrap script (its nonce is not allowed)"
                    .to_owned(),
            );
        }
    }
    problems
}

/// The sources `script-src` (or, without it, `default-src`) allows; `None` when neither is set.
fn script_sources(policy: &str) -> Option<Vec<&str>> {
    let directives: Vec<Vec<&str>> = policy
        .split(';')
        .map(|d| d.split_ascii_whitespace().collect())
        .filter(|d: &Vec<&str>| !d.is_empty())
        .collect();
    let named = |name: &str| {
        directives
            .iter()
            .find(|d| d[0].eq_ignore_ascii_case(name))
            .map(|d| d[1..].to_vec())
    };
    named("script-src").or_else(|| named("default-src"))
}

/// The nonce of the page's module script (the bootstrap that loads the wasm).
fn module_nonce(page: &Page) -> Option<String> {
    let scripts = page.scripts().into_iter();
    let (module, _) = scripts
        .into_iter()
        .find(|(tag, _)| runs_as(tag) == Some(true))?;
    module.get("nonce").map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::{policy_problems, Page};

    #[test]
    fn the_board_s_own_policy_passes_and_broken_ones_fail() {
        let page = Page::read(r#"<script type="module" nonce="abc">import('/pkg/x.js')</script>"#);
        let minified = Page::read("<script nonce=abc type=module>import('/pkg/x.js')</script>");
        let good =
            "default-src 'self'; script-src 'self' 'nonce-abc' 'wasm-unsafe-eval'".to_owned();
        assert!(policy_problems(std::slice::from_ref(&good), &page).is_empty());
        let no_wasm = "script-src 'self' 'nonce-abc'".to_owned();
        assert_eq!(policy_problems(&[no_wasm], &page).len(), 1);
        let other_nonce = "script-src 'self' 'nonce-xyz' 'wasm-unsafe-eval'".to_owned();
        assert_eq!(policy_problems(&[other_nonce], &page).len(), 1);
        let none = "default-src 'none'".to_owned();
        assert_eq!(policy_problems(&[none], &page).len(), 2);
        // Every policy is enforced: a second, stricter one blocks too.
        let extra = "script-src 'self'".to_owned();
        assert_eq!(policy_problems(&[good, extra], &page).len(), 2);
        assert!(policy_problems(&[], &page).is_empty());
        let good = "script-src 'nonce-abc' 'wasm-unsafe-eval'".to_owned();
        assert!(policy_problems(&[good], &minified).is_empty());
    }
}
