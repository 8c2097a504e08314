//! Whether the page's scripts would run, read as a browser reads them (oxc's parser): the script
//! the page links and every inline script parse, and the script exports what the page calls.
//! Found by a QA team: a truncated or garbled script passed smoke (its type and size were fine).

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

/// Each inline `<script>` of the page: whether it is a module, and its text.
pub fn inline_scripts(html: &str) -> Vec<(bool, &str)> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find("<script") {
        let Some(open_end) = rest[at..].find('>').map(|e| at + e + 1) else {
            break;
        };
        let Some(close) = rest[open_end..].find("</script>").map(|c| open_end + c) else {
            break;
        };
        let tag = &rest[at..open_end];
        if !tag.contains(" src=") {
            out.push((tag.contains(r#"type="module""#), &rest[open_end..close]));
        }
        rest = &rest[close..];
    }
    out
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
    fn finds_inline_scripts_and_skips_linked_ones() {
        let page = r#"<script>var a</script><script src="/x.js"></script><script type="module" nonce="n">go()</script>"#;
        assert_eq!(inline_scripts(page), [(false, "var a"), (true, "go()")]);
    }
}
