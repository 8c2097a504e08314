//! What a page's wasm must provide: the islands the page hydrates, by name, and the names a
//! wasm module exports (a wasm from another build exports other islands and hydrates nothing).

use super::page::Page;

/// The islands the page hydrates: the `data-component` of each `leptos-island` (a comment is
/// not one, found by attack).
pub fn islands(page: &Page) -> Vec<String> {
    let mut out: Vec<String> = (page.tags())
        .filter(|tag| tag.name == "leptos-island")
        .filter_map(|tag| tag.get("data-component").map(str::to_owned))
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Whether a `leptos-island` of the page as served already carries `data-live` (which only the
/// wasm sets, once the island runs).
pub fn served_live(page: &Page) -> bool {
    (page.tags()).any(|tag| tag.name == "leptos-island" && tag.get("data-live").is_some())
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
    use super::{islands, served_live, Page};

    #[test]
    fn reads_each_island_once() {
        let page = r#"<leptos-island data-component="A_1"></leptos-island><leptos-island data-component="B_2"><leptos-island data-component="A_1">"#;
        assert_eq!(islands(&Page::read(page)), ["A_1", "B_2"]);
        assert!(islands(&Page::read("<main></main>")).is_empty());
        let commented = r#"<!-- <leptos-island data-component="Foo_1" data-live="true"> --><leptos-island data-component=A_1>"#;
        assert_eq!(islands(&Page::read(commented)), ["A_1"]);
        assert!(!served_live(&Page::read(commented)));
        assert!(served_live(&Page::read("<leptos-island data-live>")));
    }
}
