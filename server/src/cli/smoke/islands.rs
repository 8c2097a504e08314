//! What a page's wasm must provide: the islands the page hydrates, by name, and the names a
//! wasm module exports (a wasm from another build exports other islands and hydrates nothing).

/// `html` without its comments (found by attack: an island in a comment was read as one).
pub fn without_comments(html: &str) -> std::borrow::Cow<'_, str> {
    if !html.contains("<!--") {
        return std::borrow::Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        rest = rest[start + 4..]
            .find("-->")
            .map_or("", |end| &rest[start + 4 + end + 3..]);
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// The islands the page hydrates (`data-component` of each `leptos-island`, outside comments).
pub fn islands(html: &str) -> Vec<String> {
    let html = &*without_comments(html);
    let marker = r#"data-component=""#;
    let mut out: Vec<String> = html
        .match_indices(marker)
        .filter_map(|(at, _)| {
            let rest = &html[at + marker.len()..];
            Some(rest[..rest.find('"')?].to_owned())
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Whether a `leptos-island` of `html` as served already carries `data-live` (which only the
/// wasm sets, once the island runs).
pub fn served_live(html: &str) -> bool {
    let html = &*without_comments(html);
    html.match_indices("<leptos-island")
        .filter_map(|(at, _)| Some(&html[at..at + html[at..].find('>')?]))
        .any(|tag| tag.contains(" data-live="))
}

/// The board's islands `page_islands` (as [`islands`] reads them) lacks, each in words: the
/// page was served with one removed or renamed (found by attack, issue 25: smoke only knew the
/// islands the page had, so a page without them passed).
pub fn missing_board_islands(page_islands: &[String]) -> Vec<String> {
    app::BOARD_ISLANDS
        .iter()
        .filter(|name| {
            !page_islands
                .iter()
                .any(|island| island.rsplit_once('_').is_some_and(|(n, _)| n == **name))
        })
        .map(|name| format!("the page lacks the board's island {name}"))
        .collect()
}

/// The names a (valid) wasm module exports.
pub fn exports_of(wasm: &[u8]) -> Vec<String> {
    let mut names = Vec::new();
    for payload in wasmparser::Parser::new(0).parse_all(wasm).flatten() {
        if let wasmparser::Payload::ExportSection(section) = payload {
            names.extend(section.into_iter().flatten().map(|e| e.name.to_owned()));
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::islands;

    #[test]
    fn reads_each_island_once() {
        let page = r#"<leptos-island data-component="A_1"></leptos-island><leptos-island data-component="B_2"><leptos-island data-component="A_1">"#;
        assert_eq!(islands(page), ["A_1", "B_2"]);
        assert!(islands("<main></main>").is_empty());
        let commented = r#"<!-- <leptos-island data-component="Foo_1" data-live="true"> --><leptos-island data-component="A_1">"#;
        assert_eq!(islands(commented), ["A_1"]);
        assert!(!super::served_live(commented));
    }
}
