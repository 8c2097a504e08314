//! English for the board's sentences: lists ("a, b and c") and where a word stands in a sentence.
//! Below the domain modules, so the board, its headline, answers and unlock sets all use them
//! without importing each other.

/// The items with `between` between them, as `[&str]::join` (one join in the browser's wasm,
/// whatever the items are: each element type is another copy of it).
pub fn joined<S: AsRef<str>>(items: &[S], between: &str) -> String {
    let items: Vec<&str> = items.iter().map(AsRef::as_ref).collect();
    items.join(between)
}

/// Whether `needle` occurs in `text`: a plain scan of byte windows, for the short texts of a
/// board. `str::contains` would bring its two-way searcher into the page's script (2.6 KB of
/// code before optimization; the bundle budget, docs/performance.md).
pub fn holds(text: &str, needle: &str) -> bool {
    let needle = needle.as_bytes();
    needle.is_empty() || text.as_bytes().windows(needle.len()).any(|w| w == needle)
}

/// "a", "a and b", "a, b and c"; "a, b; c; and d" when one of three or more holds a comma, "a
/// and b, c, and d" when one holds an "and" (or a comma, of two: "a, b, and c").
pub fn and_list<S: AsRef<str>>(items: &[S]) -> String {
    // An item's own comma or "and" must not read as the list's (found by attack: "Evidence
    // scanning, audit export, and data-rights fixtures, Billing and HRIS" read as five things):
    // semicolons between three or more items when one holds a comma, a comma before the last
    // "and" when one holds a comma or an "and" ("A and B, and C"; never "; and" for two).
    let holds = |word: &str| items.iter().any(|s| holds(s.as_ref(), word));
    let (between, before_last) = match (items.len(), holds(","), holds(" and ")) {
        (3.., true, _) => ("; ", "; and "),
        (2.., true, _) | (2.., _, true) => (", ", ", and "),
        _ => (", ", " and "),
    };
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_owned(),
        [init @ .., last] => {
            format!("{}{before_last}{}", joined(init, between), last.as_ref())
        }
    }
}

/// "1 system", "2 systems", "no system": a count with its noun in the right number.
pub fn counted(n: usize, one: &str, many: &str) -> String {
    match n {
        0 => format!("no {one}"),
        1 => format!("1 {one}"),
        n => format!("{n} {many}"),
    }
}

/// Upper-cases the first letter, past any opening quote or symbol ("“premium” support" →
/// "“Premium” support"), unless its word already has a capital ("eBay", "iPhone": found by
/// attack, "eBay" read "EBay").
pub(crate) fn sentence_start(text: &str) -> String {
    let Some((at, first)) = text.char_indices().find(|(_, c)| c.is_alphanumeric()) else {
        return text.to_owned();
    };
    let word = text[at..]
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    if word.chars().any(char::is_uppercase) {
        return text.to_owned();
    }
    let rest = &text[at + first.len_utf8()..];
    format!("{}{}{rest}", &text[..at], first.to_uppercase())
}

/// Lower-cases the first letter of a short name put mid-sentence ("Broad enterprise" →
/// "broad enterprise"), unless another capital says it is a name or holds one ("SSO rollout",
/// "Okta SSO", "Google Workspace": found by attack, "Okta SSO" read "okta SSO").
pub(crate) fn mid_sentence(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(_) if chars.any(char::is_uppercase) => text.to_owned(),
        Some(first) => first.to_lowercase().chain(text.chars().skip(1)).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::and_list;

    #[test]
    fn an_items_own_comma_or_and_never_reads_as_the_lists() {
        assert_eq!(and_list(&["a", "b", "c"]), "a, b and c");
        assert_eq!(
            and_list(&["Billing", "SSO and SCIM", "HRIS"]),
            "Billing, SSO and SCIM, and HRIS"
        );
        assert_eq!(
            and_list(&["Scanning, export, and fixtures", "HRIS"]),
            "Scanning, export, and fixtures, and HRIS"
        );
        assert_eq!(
            and_list(&["Scanning, export, and fixtures", "HRIS", "SSO"]),
            "Scanning, export, and fixtures; HRIS; and SSO"
        );
        assert_eq!(
            and_list(&["SSO and SCIM", "HRIS"]),
            "SSO and SCIM, and HRIS"
        );
        assert_eq!(and_list(&["SSO and SCIM"]), "SSO and SCIM");
    }
}
