//! What a page's wasm must provide: the islands the page hydrates, by name, and the names a
//! wasm module exports (a wasm from another build exports other islands and hydrates nothing).

/// The islands the page hydrates (`data-component` of each `leptos-island`).
pub fn islands(html: &str) -> Vec<String> {
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
    }
}
