//! Secret-looking values in what a board serves: well-known key shapes (the kind only, never
//! the match).

/// Kinds of well-known secret formats found in `text` (the kind only, never the match).
pub fn secret_like(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for prefix in [
        "sk_live_", "sk_test_", "rk_live_", "rk_test_", "whsec_", "re_",
    ] {
        let hit = text.match_indices(prefix).any(|(i, _)| {
            let before_ok = i == 0 || !text.as_bytes()[i - 1].is_ascii_alphanumeric();
            let tail = &text[i + prefix.len()..];
            before_ok && tail.chars().take_while(char::is_ascii_alphanumeric).count() >= 16
        });
        if hit {
            found.push(format!("a {prefix}\u{2026} key"));
        }
    }
    if text.contains("-----BEGIN") && text.contains("PRIVATE KEY") {
        found.push("a PEM private key".to_owned());
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_key_shapes_not_words() {
        assert_eq!(
            // Built at run time so the source holds nothing shaped like a real key.
            secret_like(&format!("key sk_{}_0123456789abcdefXYZ end", "live")),
            vec!["a sk_live_\u{2026} key"]
        );
        assert!(secret_like("sk_live_short and re_moved and are_you_sure").is_empty());
        assert_eq!(secret_like("-----BEGIN RSA PRIVATE KEY-----").len(), 1);
    }
}
