//! Secret-looking values in what a board serves: well-known key shapes (the kind only, never
//! the match), looked for in what was sent and in what a reader or a tool reads of it.

/// The page and the JSON as sent, then the page's text and attribute values decoded and the
/// JSON's strings unescaped. Found by attack (round 25): a secret holding `&` shown on the page
/// (as `&amp;`) was not found in the HTML as sent, though every reader saw it.
pub fn readable(html: &str, page: &super::page::Page, json: Option<&str>) -> String {
    let mut out = format!("{html}\n{}\n{}", json.unwrap_or_default(), page.text());
    for value in page.tags().flat_map(|tag| tag.values()) {
        out.push('\n');
        out.push_str(value);
    }
    let parsed = json.and_then(|json| serde_json::from_str::<serde_json::Value>(json).ok());
    let mut pending: Vec<&serde_json::Value> = parsed.iter().collect();
    while let Some(value) = pending.pop() {
        match value {
            serde_json::Value::String(text) => {
                out.push('\n');
                out.push_str(text);
            }
            serde_json::Value::Array(items) => pending.extend(items),
            serde_json::Value::Object(fields) => {
                for (key, value) in fields {
                    out.push('\n');
                    out.push_str(key);
                    pending.push(value);
                }
            }
            _ => {}
        }
    }
    out
}

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
    fn what_a_reader_or_a_tool_reads_is_searched_too() {
        let secret = "Zq8&vT2x<9\"Lk4";
        let html = "<p>Zq8&amp;vT2x&lt;9&quot;Lk4</p><input value='Zq8&amp;vT2x&lt;9\"Lk4'>";
        let page = super::super::page::Page::read(html);
        let json = r#"{"a": ["Zq8&vT2x<9\"Lk4"], "Zq8&vT2x<9\"Lk4": 1}"#;
        assert!(!format!("{html}{json}").contains(secret), "escaped as sent");
        let read = readable(html, &page, Some(json));
        assert_eq!(read.matches(secret).count(), 4, "{read}");
    }

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
