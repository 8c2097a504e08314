//! Whether the page's Content-Security-Policy lets it become interactive: its bootstrap module
//! script must be allowed (by its nonce, or its text's SHA-256) and the wasm compiled (`'wasm-unsafe-eval'`), under
//! every policy the page is served with. Found by attack (round 9): a policy without
//! `'wasm-unsafe-eval'`, with `default-src 'none'`, or naming another nonce passed smoke while
//! the page never hydrated.

/// How the page's bootstrap script can be allowed: by its element's nonce, or by the SHA-256
/// of its text (base64), as the board's own pages do.
#[derive(Clone, Copy, Default)]
pub struct Inline<'a> {
    pub nonce: Option<&'a str>,
    pub sha256: Option<&'a str>,
}

/// What each policy forbids that the page needs (empty: nothing), its bootstrap being `inline`.
pub fn policy_problems(policies: &[String], inline: Inline<'_>) -> Vec<String> {
    let mut problems = Vec::new();
    for policy in policies {
        let has =
            |sources: &[&str], token: &str| sources.iter().any(|s| s.eq_ignore_ascii_case(token));
        // Compiling the wasm is the script's (`script-src`, else `default-src`).
        if let Some(sources) = sources(policy, &["script-src", "default-src"]) {
            if !has(&sources, "'wasm-unsafe-eval'") && !has(&sources, "'unsafe-eval'") {
                problems.push(
                    "the page's policy does not let the wasm compile (no 'wasm-unsafe-eval')"
                        .to_owned(),
                );
            }
        }
        // A `<script>` element is `script-src-elem`'s, else `script-src`'s, else
        // `default-src`'s (CSP 3; found by attack, round 25: a nonce in `script-src-elem` alone
        // was said to block the bootstrap).
        let Some(sources) = sources(policy, &["script-src-elem", "script-src", "default-src"])
        else {
            continue;
        };
        let by_nonce = (inline.nonce).is_some_and(|n| has(&sources, &format!("'nonce-{n}'")));
        let by_hash =
            (inline.sha256).is_some_and(|h| sources.contains(&format!("'sha256-{h}'").as_str()));
        let unknown = inline.nonce.is_none() && inline.sha256.is_none();
        let allowed = by_nonce || by_hash || unknown;
        let unsafe_inline = has(&sources, "'unsafe-inline'")
            && !sources
                .iter()
                .any(|s| s.starts_with("'nonce-") || s.starts_with("'sha"));
        if !allowed && !unsafe_inline {
            problems.push(
                "the page's policy blocks its bootstrap script (neither its nonce nor its hash is allowed)"
                    .to_owned(),
            );
        }
    }
    problems
}

/// The sources of the first of `names` the policy sets; `None` when it sets none of them.
fn sources<'a>(policy: &'a str, names: &[&str]) -> Option<Vec<&'a str>> {
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
    names.iter().find_map(|name| named(name))
}

#[cfg(test)]
mod tests {
    use super::{policy_problems, Inline};

    #[test]
    fn the_board_s_own_policy_passes_and_broken_ones_fail() {
        let nonce = Inline {
            nonce: Some("abc"),
            sha256: None,
        };
        let good =
            "default-src 'self'; script-src 'self' 'nonce-abc' 'wasm-unsafe-eval'".to_owned();
        assert!(policy_problems(std::slice::from_ref(&good), nonce).is_empty());
        let no_wasm = "script-src 'self' 'nonce-abc'".to_owned();
        assert_eq!(policy_problems(&[no_wasm], nonce).len(), 1);
        let other_nonce = "script-src 'self' 'nonce-xyz' 'wasm-unsafe-eval'".to_owned();
        assert_eq!(policy_problems(&[other_nonce], nonce).len(), 1);
        let none = "default-src 'none'".to_owned();
        assert_eq!(policy_problems(&[none], nonce).len(), 2);
        // Every policy is enforced: a second, stricter one blocks too.
        let extra = "script-src 'self'".to_owned();
        assert_eq!(policy_problems(&[good, extra], nonce).len(), 2);
        assert!(policy_problems(&[], nonce).is_empty());
        // Found by attack (round 25): the nonce in `script-src-elem`, which governs elements.
        let elem = "script-src 'self' 'wasm-unsafe-eval'; script-src-elem 'self' 'nonce-abc'";
        assert!(policy_problems(&[elem.to_owned()], nonce).is_empty());
        let elem = "script-src 'nonce-abc' 'wasm-unsafe-eval'; script-src-elem 'self'";
        assert_eq!(policy_problems(&[elem.to_owned()], nonce).len(), 1);
    }
}

#[cfg(test)]
mod hash_tests {
    use super::{policy_problems, Inline};

    /// Issue 24: the board's pages name their scripts by hash, not nonce. A policy naming
    /// another script's hash blocks the bootstrap (before, no nonce meant "allowed").
    #[test]
    fn a_bootstrap_allowed_by_its_hash_passes_and_another_hash_fails() {
        let inline = Inline {
            nonce: None,
            sha256: Some("AbC+/="),
        };
        let good = "script-src 'self' 'sha256-AbC+/=' 'wasm-unsafe-eval'".to_owned();
        assert!(policy_problems(&[good], inline).is_empty());
        let other = "script-src 'self' 'sha256-xyz=' 'wasm-unsafe-eval'".to_owned();
        assert_eq!(policy_problems(&[other], inline).len(), 1);
        let bare = "script-src 'self' 'wasm-unsafe-eval'".to_owned();
        assert_eq!(policy_problems(&[bare], inline).len(), 1);
    }
}
