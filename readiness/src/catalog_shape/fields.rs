//! The fields of one table of a catalog file: those it has, with their positions; the field
//! it does not know, named with the closest one it does; where a missing one is written.

use super::{ShapeProblem, Walk};
use crate::catalog_repair::Repair;
use crate::suggest::did_you_mean;
use serde_json::Value as Schema;
use toml_edit::{Item, Key, Value};

impl Walk<'_> {
    /// A field this table does not have: named with the closest known one.
    pub(super) fn unknown(
        &mut self,
        key: &Key,
        value: &Item,
        known: Option<&serde_json::Map<String, Schema>>,
        inline: bool,
    ) {
        let names = known.into_iter().flat_map(|k| k.keys().map(String::as_str));
        let span = key.span().unwrap_or(0..0);
        // An unknown table (`[[motion.claims]]`) is not set aside: the parser's word stands.
        let repair = match value {
            Item::Value(v) => v
                .span()
                .map(|end| Repair::remove_entry(span.start..end.end, inline)),
            _ => None,
        };
        self.problems.push(ShapeProblem {
            reason: format!(
                "unknown field `{}`{}",
                key.get(),
                did_you_mean(key.get(), names.clone())
            ),
            repair,
            span,
        });
    }
}

/// The key/value pairs of a table or inline table, with their keys' spans.
pub(super) fn entries(item: &Item) -> Option<Vec<(Key, Item)>> {
    let pairs: Vec<(Key, Item)> = match item {
        Item::Table(t) => t
            .iter()
            .filter_map(|(k, _)| t.get_key_value(k))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        Item::Value(Value::InlineTable(t)) => t
            .iter()
            .filter_map(|(k, _)| t.get_key_value(k))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        _ => return None,
    };
    Some(pairs)
}

/// The fields `schema` requires.
pub(super) fn required(schema: &Schema) -> impl Iterator<Item = &str> {
    schema
        .get("required")
        .and_then(Schema::as_array)
        .into_iter()
        .flatten()
        .filter_map(Schema::as_str)
}

/// The repair writing a missing `field` into an inline table, before its closing brace.
pub(super) fn inline_insert(item: &Item, field: &str, placeholder: &str) -> Repair {
    let span = item.span().unwrap_or(0..0);
    let empty = entries(item).is_none_or(|e| e.is_empty());
    let separator = if empty { " " } else { ", " };
    Repair::insert(
        span.end.saturating_sub(1),
        format!("{separator}{field} = {placeholder} "),
    )
}
