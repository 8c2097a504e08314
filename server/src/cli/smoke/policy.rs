//! Whether the page's Content-Security-Policy lets it become interactive: its bootstrap module
//! script must be allowed (by its nonce) and the wasm compiled (`'wasm-unsafe-eval'`), under
//! every policy the page is served with. Found by attack (round 9): a policy without
//! `'wasm-unsafe-eval'`, with `default-src 'none'`, or naming another nonce passed smoke while
//! the page never hydrated.

/// What each policy forbids that the page needs (empty: nothing), its bootstrap carrying `nonce`.
pub fn policy_problems(policies: &[String], nonce: Option<&str>) -> Vec<String> {
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
        let allowed = match nonce {
            Some(nonce) => has(&sources, &format!("'nonce-{nonce}'")),
            None => true,
        };
        let inline = has(&sources, "'unsafe-inline'")
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
    use super::policy_problems;

    #[test]
    fn the_board_s_own_policy_passes_and_broken_ones_fail() {
        let nonce = Some("abc");
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
