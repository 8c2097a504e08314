//! Text no catalog may carry: control characters, noncharacters and bidirectional overrides,
//! found as written or as TOML escapes.

use crate::catalog_error::{CatalogError, Locator};

/// A control character in any text (but tab and line breaks) is refused: feeds and pages
/// cannot carry it (an XML document with one is not well-formed), and it is never meant.
/// Found in the text as written (raw) or as a TOML escape (`\u0007`, `\b`, `\f`, `\e`).
pub(super) fn control_characters(at: &Locator, errors: &mut Vec<CatalogError>) {
    let Ok(value) = at.text.parse::<toml::Table>() else {
        return;
    };
    let value = toml::Value::Table(value);
    let mut found = Vec::new();
    strings(&value, &mut found);
    let forbidden = |c: char| {
        let code = u32::from(c);
        // Controls but tab and line breaks; noncharacters, which XML refuses (found by attack:
        // U+FFFF made /feed.atom not well-formed); and the bidirectional overrides and
        // isolates, which make text read differently from what it says.
        (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
            || (0xFDD0..=0xFDEF).contains(&code)
            || code & 0xFFFE == 0xFFFE
            || (0x202A..=0x202E).contains(&code)
            || (0x2066..=0x2069).contains(&code)
    };
    let mut seen = std::collections::BTreeSet::new();
    for text in found {
        let Some(c) = text.chars().find(|&c| forbidden(c)) else {
            continue;
        };
        let escapes = [
            format!("\\u{:04x}", u32::from(c)),
            format!("\\u{:04X}", u32::from(c)),
            format!("\\U{:08x}", u32::from(c)),
            format!("\\U{:08X}", u32::from(c)),
        ];
        let short = match c {
            '\u{8}' => Some("\\b"),
            '\u{c}' => Some("\\f"),
            '\u{1b}' => Some("\\e"),
            _ => None,
        };
        let offset = at
            .text
            .find(c)
            .or_else(|| {
                escapes
                    .iter()
                    .filter_map(|e| at.text.find(e.as_str()))
                    .min()
            })
            .or_else(|| short.and_then(|s| at.text.find(s)))
            .unwrap_or(0);
        if seen.insert(offset) {
            let reason = format!(
                "text {:?} has a control character or a noncharacter (U+{:04X}); only tabs and line breaks are allowed",
                text.chars().take(40).collect::<String>(),
                u32::from(c)
            );
            errors.push(at.error(offset..offset, reason));
        }
    }
}

fn strings<'v>(value: &'v toml::Value, out: &mut Vec<&'v str>) {
    match value {
        toml::Value::String(s) => out.push(s),
        toml::Value::Array(items) => items.iter().for_each(|v| strings(v, out)),
        toml::Value::Table(table) => table.values().for_each(|v| strings(v, out)),
        _ => {}
    }
}
