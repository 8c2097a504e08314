//! Whether the page's scripts would run, read as a browser reads them (oxc's parser): the script
//! the page links and every inline script parse, and the script exports what the page calls.
//! Found by a QA team: a truncated or garbled script passed smoke (its type and size were fine).

use super::page::{Page, Tag};
use oxc_allocator::Allocator;
use oxc_parser::{Parser, ParserReturn};
use oxc_span::SourceType;
use oxc_syntax::module_record::ExportExportName;

/// The names a script exports, or why it would not run.
pub fn exports_of(source: &str) -> Result<Vec<String>, String> {
    let allocator = Allocator::default();
    let parsed = Parser::new(&allocator, source, SourceType::mjs()).parse();
    parses(&parsed, "the script")?;
    let record = &parsed.module_record;
    let entries = record.local_export_entries.iter();
    Ok(entries
        .chain(record.indirect_export_entries.iter())
        .filter_map(|entry| match &entry.export_name {
            ExportExportName::Name(name) => Some(name.name.to_string()),
            ExportExportName::Default(_) => Some("default".to_owned()),
            ExportExportName::Null => None,
        })
        .collect())
}

/// Each inline `<script>` of the page a browser runs: whether it is a module, and its text. A
/// data block (`application/ld+json`, an import map) is not run, so not read (found by attack:
/// a valid page with one failed the smoke); the type is matched in any case, and the first
/// `type` of a tag is the one that counts, as in a browser.
pub fn inline_scripts(page: &Page) -> Vec<(&Tag, bool, &str)> {
    (page.scripts().into_iter())
        .filter(|(tag, _)| tag.get("src").is_none())
        .filter_map(|(tag, text)| Some((tag, runs_as(tag)?, text)))
        .collect()
}

/// How a browser runs this script: `Some(true)` as a module, `Some(false)` as a classic script,
/// `None` not at all (a data block).
pub fn runs_as(tag: &Tag) -> Option<bool> {
    let kind = tag
        .get("type")
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    match kind.as_str() {
        "module" => Some(true),
        ""
        | "text/javascript"
        | "application/javascript"
        | "text/ecmascript"
        | "application/ecmascript"
        | "application/x-javascript" => Some(false),
        _ => None,
    }
}

/// The first syntax error, as a problem of `what`.
pub fn parses(parsed: &ParserReturn, what: &str) -> Result<(), String> {
    match parsed.diagnostics.errors().next() {
        None if !parsed.panicked => Ok(()),
        None => Err(format!("{what} is not valid JavaScript")),
        Some(error) => Err(format!("{what} is not valid JavaScript: {}", error.message)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_each_export_and_refuses_a_script_cut_short() {
        let script = "export function a() {}\nconst b = 1;\nexport { b as default, b as c };";
        assert_eq!(exports_of(script).unwrap(), ["a", "default", "c"]);
        let cut = exports_of(&script[..30]).unwrap_err();
        assert!(
            cut.starts_with("the script is not valid JavaScript: "),
            "{cut}"
        );
    }

    #[test]
    fn finds_inline_scripts_and_skips_linked_ones_and_data_blocks() {
        let page = r#"<script>var a</script><script src="/x.js"></script><script type="module" nonce="n">go()</script>"#;
        let read = |html| Page::read(html);
        let inline_scripts = |page: &Page| -> Vec<(bool, String)> {
            (super::inline_scripts(page).into_iter())
                .map(|(_, module, text)| (module, text.to_owned()))
                .collect()
        };
        assert_eq!(
            inline_scripts(&read(page)),
            [(false, "var a".to_owned()), (true, "go()".to_owned())]
        );
        let data = r#"<script type="application/ld+json">{"a": 1}</script><script type=MODULE>b()</script>"#;
        assert_eq!(inline_scripts(&read(data)), [(true, "b()".to_owned())]);
        let twice = r#"<script type="text/plain" type="module">c()</script>"#;
        let twice = read(twice);
        assert!(inline_scripts(&twice).is_empty(), "the first type counts");
    }
}
