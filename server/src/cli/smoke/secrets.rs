//! Secret-looking values in what a board serves: well-known key shapes (the kind only, never
//! the match), looked for in what was sent and in what a reader or a tool reads of it.

/// The page and the JSON as sent, then as readers and tools read them: entities decoded (in the
/// whole page: text, attributes, `<noscript>`, templates), the JSON's strings, and all of it
/// again with percent-escapes and `\u…` escapes decoded. Found by attack (rounds 25, 26): a
/// secret holding `&` sent as `&amp;`, as `\u0026` in a JSON island, as `%26` in a link, and a
/// key after `%22`, all passed.
pub fn readable(html: &str, page: &super::page::Page, json: Option<&str>) -> String {
    let mut out = format!("{html}\n{}\n{}", json.unwrap_or_default(), page.text());
    out.push('\n');
    out.push_str(&html_escape::decode_html_entities(html));
    for value in page.tags().flat_map(|tag| tag.values()) {
        out.push('\n');
        out.push_str(value);
    }
    let parsed = json.and_then(|json| serde_json::from_str::<serde_json::Value>(json).ok());
    json_strings(parsed.as_ref(), &mut out);
    let percent = percent_encoding::percent_decode_str(&out)
        .decode_utf8_lossy()
        .into_owned();
    let escaped = unescaped(&out);
    out.push('\n');
    out.push_str(&percent);
    out.push('\n');
    out.push_str(&escaped);
    out
}

/// Every string (and key) of `value`, each on a line of `out`.
fn json_strings(value: Option<&serde_json::Value>, out: &mut String) {
    let mut pending: Vec<&serde_json::Value> = value.into_iter().collect();
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
}

/// `text` with JavaScript's and JSON's escapes decoded: `\uXXXX`, `\xXX`, `\/`.
fn unescaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let (digits, skip) = match after.as_bytes().first() {
            Some(b'u') => (after.get(1..5), 5),
            Some(b'x') => (after.get(1..3), 3),
            _ => (None, 0),
        };
        let decoded = digits
            .and_then(|d| u32::from_str_radix(d, 16).ok())
            .and_then(char::from_u32);
        match (decoded, after.chars().next()) {
            (Some(c), _) => {
                out.push(c);
                rest = &after[skip..];
            }
            (None, Some(c)) => {
                out.push(c);
                rest = &after[c.len_utf8()..];
            }
            (None, None) => rest = after,
        }
    }
    out.push_str(rest);
    out
}

/// The env values smoke looks for on the board: not a short one, nor a catalog flag's value,
/// nor one the catalog itself writes (found by attack, round 26: a site's public origin and a
/// company's subdomain, in the catalog's own text, failed a healthy board as leaked).
pub fn to_look_for(
    seen: Vec<(String, String)>,
    public: &std::collections::HashSet<(String, String)>,
    catalog_text: &str,
) -> Vec<(String, String)> {
    let catalog = catalog_text.to_lowercase();
    seen.into_iter()
        .filter(|(k, v)| v.len() >= 6 && !public.contains(&(k.clone(), v.clone())))
        .filter(|(_, v)| !catalog.contains(&v.to_lowercase()))
        .collect()
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
            let key = |c: &char| c.is_ascii_alphanumeric() || *c == '_';
            let tail: String = tail.chars().take_while(key).collect();
            // Random enough to be a key: letters and digits (Resend's `re_` keys hold an `_`,
            // found by attack, round 26), not a word like `re_moved_and_more`.
            let random = tail.chars().any(|c| c.is_ascii_digit())
                && tail.chars().filter(char::is_ascii_alphanumeric).count() >= 16;
            before_ok && random
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
        assert!(read.matches(secret).count() >= 4, "{read}");
    }

    /// Found by attack (round 26): the same secret escaped as JSON does in a script, percent-
    /// encoded in a link, in a `<noscript>`, and a key after a percent-escaped quote.
    #[test]
    fn escaped_and_encoded_secrets_are_read_as_tools_read_them() {
        let secret = "Zq8&vT2x9Lk4";
        for html in [
            r#"<script type="application/json">{"k": "Zq8\u0026vT2x9Lk4"}</script>"#,
            r#"<script>window.__ENV = {"k": "Zq8\x26vT2x9Lk4"};</script>"#,
            "<a href='/x?key=Zq8%26vT2x9Lk4'>x</a>",
            "<noscript><p>Zq8&amp;vT2x9Lk4</p></noscript>",
            "<template><p>Zq8&amp;vT2x9Lk4</p></template>",
        ] {
            let page = super::super::page::Page::read(html);
            assert!(readable(html, &page, None).contains(secret), "{html}");
        }
        let key = format!(
            "state=%7B%22key%22%3A%22sk_{}_0123456789abcdefXYZ%22",
            "live"
        );
        let page = super::super::page::Page::read(&key);
        assert_eq!(secret_like(&readable(&key, &page, None)).len(), 1, "{key}");
    }

    #[test]
    fn values_the_catalog_writes_itself_are_not_looked_for() {
        let seen = vec![
            ("ORIGIN".to_owned(), "https://www.thesmios.com".to_owned()),
            ("DOMAIN".to_owned(), "Thesmios".to_owned()),
            ("KEY".to_owned(), "Zq8&vT2x9Lk4".to_owned()),
            ("SHORT".to_owned(), "abc".to_owned()),
        ];
        let catalog = "origin = \"https://www.thesmios.com\"\n# thesmios";
        let looked = to_look_for(seen, &Default::default(), catalog);
        assert_eq!(looked, [("KEY".to_owned(), "Zq8&vT2x9Lk4".to_owned())]);
    }

    #[test]
    fn finds_key_shapes_not_words() {
        assert_eq!(
            // Built at run time so the source holds nothing shaped like a real key.
            secret_like(&format!("key sk_{}_0123456789abcdefXYZ end", "live")),
            vec!["a sk_live_\u{2026} key"]
        );
        assert!(secret_like("sk_live_short and re_moved and are_you_sure").is_empty());
        assert!(secret_like("re_moved_and_renamed_everything_here").is_empty());
        let resend = format!("{}_{}", "re_Ab12Cd34", "Ef56Gh78Ij90Kl12Mn34Op56");
        assert_eq!(secret_like(&resend), vec!["a re_\u{2026} key"]);
        assert_eq!(secret_like("-----BEGIN RSA PRIVATE KEY-----").len(), 1);
    }
}
