//! A catalog file's shape against its JSON Schema (generated from the parser's own types, so
//! never restated): every unknown field, missing field, value of the wrong type or outside its
//! range, each at its own line and column with "did you mean", and for each a repair that lets
//! the rest of the file be checked in the same run (found by a new operator: eight mistakes
//! took five runs, serde stopping at the first).

use crate::catalog_error::{CatalogError, CatalogErrors, Locator};
use crate::catalog_repair::{repaired, Repair};
use fields::{entries, inline_insert, required};
use serde_json::Value as Schema;
use std::ops::Range;
use toml_edit::{ImDocument, Item};

mod fields;
mod kinds;
mod value;

/// One problem of the file's shape: where, what, and how to set it aside.
pub(crate) struct ShapeProblem {
    pub span: Range<usize>,
    pub reason: String,
    /// How to set it aside so the rest can be checked (`None`: it cannot be, the parser's word
    /// on it stands).
    pub repair: Option<Repair>,
}

/// Every problem of the file `locate` reads: those of its shape against `schema`, then those
/// the parser and the checks find once they are set aside, each said once (`None` when the
/// file is not TOML, or its shape has no problem the walk knows: the parser's word stands).
pub(crate) fn every_problem(locate: &Locator, schema: &Schema) -> Option<CatalogErrors> {
    let problems = shape_problems(locate.text, schema).ok()?;
    if problems.is_empty() {
        return None;
    }
    let fixed = repaired(
        locate.text,
        problems.iter().filter_map(|p| p.repair.as_ref()),
    );
    let origin = |at: usize| fixed.original(at);
    let again = Locator {
        file: locate.file,
        text: &fixed.text,
        original: Some((locate.text, &origin)),
    };
    let mut errors: Vec<CatalogError> = problems
        .into_iter()
        .map(|p| locate.error(p.span, p.reason))
        .collect();
    if let Err(later) = crate::catalog_toml::parse_located(&again) {
        // The parser names again, in its words, a problem the walk could not set aside.
        let said = |e: &CatalogError| {
            errors
                .iter()
                .any(|s| (s.line, s.column) == (e.line, e.column))
        };
        let later: Vec<CatalogError> = later
            .0
            .into_iter()
            .filter(|e| e.line > 0 && !said(e))
            .collect();
        errors.extend(later);
    }
    errors.sort_by_key(|e| (e.line, e.column));
    Some(CatalogErrors(errors))
}

/// Every problem of `text`'s shape against `schema`; the parser's error when it is not TOML.
pub(crate) fn shape_problems(
    text: &str,
    schema: &Schema,
) -> Result<Vec<ShapeProblem>, toml_edit::TomlError> {
    let document = ImDocument::parse(text)?;
    let mut walk = Walk {
        schema,
        problems: Vec::new(),
    };
    let root = Item::Table(document.as_table().clone());
    walk.table(&root, schema, "the catalog", 0..0, Some(0));
    Ok(walk.problems)
}

struct Walk<'s> {
    schema: &'s Schema,
    problems: Vec<ShapeProblem>,
}

impl<'s> Walk<'s> {
    /// A table (`[page]`, one `[[system]]`, an inline `{ … }`) named `name` for the reader;
    /// `insert_at` is where a missing key may be written (`None`: an inline table).
    fn table(
        &mut self,
        item: &Item,
        schema: &'s Schema,
        name: &str,
        at: Range<usize>,
        insert_at: Option<usize>,
    ) {
        let schema = self.resolve(schema);
        let properties = schema.get("properties").and_then(Schema::as_object);
        let closed = schema.get("additionalProperties") == Some(&Schema::Bool(false));
        let Some(entries) = entries(item) else { return };
        let inline = matches!(item, Item::Value(_));
        for (key, value) in &entries {
            match properties.and_then(|p| p.get(key.get())) {
                Some(field) => self.value(value, field, key),
                None if closed => self.unknown(key, value, properties, inline),
                None => {}
            }
        }
        for field in required(schema) {
            if entries.iter().all(|(key, _)| key.get() != field) {
                let placeholder = properties
                    .and_then(|p| p.get(field))
                    .map_or_else(|| "\"x\"".to_owned(), |f| self.placeholder(f));
                let repair = Some(match insert_at {
                    Some(0) => Repair::insert(0, format!("{field} = {placeholder}\n")),
                    Some(at) => Repair::insert(at, format!("\n{field} = {placeholder}")),
                    None => inline_insert(item, field, &placeholder),
                });
                self.problems.push(ShapeProblem {
                    span: at.clone(),
                    reason: format!("{name} lacks the field `{field}`"),
                    repair,
                });
            }
        }
    }
}
