//! Issue 25, the contract: `docs/testing.md` lists every test id and data attribute the page's
//! markup uses, and nothing else. Read off the view code (every branch, not only those one
//! render shows) and the document, compared both ways.

use crate::common;
use common::repo_path;
use std::collections::BTreeSet;

/// Every `.rs` file under `app/src`, as text.
fn view_code() -> Vec<String> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(repo_path("app/src")) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "rs") {
            out.push(std::fs::read_to_string(entry.path()).unwrap());
        }
    }
    out
}

/// Test ids in the markup: literal ones, `format!("count-{}", …)` as `count-{}`, and both of
/// `if c { "a" } else { "b" }`.
fn test_ids_in_markup(code: &[String]) -> BTreeSet<String> {
    let literal = regex::Regex::new(r#"data-testid="([^"]+)""#).unwrap();
    let formatted = regex::Regex::new(r#"data-testid=format!\("([^"]+)""#).unwrap();
    let either =
        regex::Regex::new(r#"data-testid=if [^{]+\{ "([^"]+)" \} else \{ "([^"]+)" \}"#).unwrap();
    code.iter()
        .flat_map(|text| {
            let literal = literal.captures_iter(text).map(|c| c[1].to_owned());
            let formatted = formatted.captures_iter(text).map(|c| c[1].to_owned());
            let either = either
                .captures_iter(text)
                .flat_map(|c| [c[1].to_owned(), c[2].to_owned()]);
            literal.chain(formatted).chain(either).collect::<Vec<_>>()
        })
        .collect()
}

/// Data attributes the markup sets: `data-x=` in a view, or `"data-x"` given to a DOM call.
fn data_attributes_in_markup(code: &[String]) -> BTreeSet<String> {
    let attribute = regex::Regex::new(r#"\b(data-[a-z][a-z-]*)(?:=|")"#).unwrap();
    code.iter()
        .flat_map(|text| {
            attribute
                .captures_iter(text)
                .map(|c| c[1].to_owned())
                .collect::<Vec<_>>()
        })
        .filter(|name| name != "data-testid")
        .collect()
}

/// The first cell of every table row under `heading` in the document, without backticks, with
/// `{status}`-like placeholders written `{}`.
fn first_cells(doc: &str, heading: &str) -> BTreeSet<String> {
    let section = doc
        .split("\n## ")
        .find(|s| s.starts_with(heading))
        .unwrap_or_else(|| panic!("docs/testing.md has no section {heading:?}"));
    let placeholder = regex::Regex::new(r"\{[a-z]+\}").unwrap();
    section
        .lines()
        .filter(|l| l.starts_with("| `"))
        .filter_map(|l| l.split('|').nth(1))
        .map(|cell| {
            placeholder
                .replace_all(cell.trim().trim_matches('`'), "{}")
                .into_owned()
        })
        .collect()
}

/// Everything in the markup is documented, and everything documented is in the markup.
fn assert_both_ways(in_markup: &BTreeSet<String>, documented: &BTreeSet<String>) {
    let undocumented: Vec<_> = in_markup.difference(documented).collect();
    let missing: Vec<_> = documented.difference(in_markup).collect();
    assert!(
        undocumented.is_empty(),
        "in the markup, not in docs/testing.md: {undocumented:?}"
    );
    assert!(
        missing.is_empty(),
        "in docs/testing.md, not in the markup: {missing:?}"
    );
}

#[test]
fn every_test_id_in_the_markup_is_documented_and_every_documented_one_exists() {
    let doc = std::fs::read_to_string(repo_path("docs/testing.md")).unwrap();
    let in_markup = test_ids_in_markup(&view_code());
    let documented = first_cells(&doc, "Test ids");
    assert!(in_markup.len() > 30, "{in_markup:?}");
    assert_both_ways(&in_markup, &documented);
}

#[test]
fn every_data_attribute_in_the_markup_is_documented_public_or_internal_and_exists() {
    let doc = std::fs::read_to_string(repo_path("docs/testing.md")).unwrap();
    let in_markup = data_attributes_in_markup(&view_code());
    let public = first_cells(&doc, "Public data attributes");
    let internal = first_cells(&doc, "Internal attributes");
    assert!(
        public.is_disjoint(&internal),
        "both public and internal: {:?}",
        public.intersection(&internal).collect::<Vec<_>>()
    );
    let documented: BTreeSet<String> = public.union(&internal).cloned().collect();
    assert_both_ways(&in_markup, &documented);
}

/// What the document promises about the ready signal and the version holds on a rendered page.
#[tokio::test]
async fn the_rendered_page_carries_the_documented_ready_signal_and_version() {
    let app = common::seed_app();
    let (_, html, _) = common::get(&app, "/").await;
    assert!(
        html.contains(r#"<main id="main" data-hydrated="false" data-board-version=""#),
        "{html:.400}"
    );
}
