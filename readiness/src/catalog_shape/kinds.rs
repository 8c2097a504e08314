//! The kinds of TOML value a catalog field may hold, in the words a problem says them.

use serde_json::Value as Schema;
use toml_edit::{Item, Value};

/// What `item` is, in words.
pub(super) fn kind(item: &Item) -> &'static str {
    match item {
        Item::Table(_) | Item::Value(Value::InlineTable(_)) => "a table",
        Item::ArrayOfTables(_) | Item::Value(Value::Array(_)) => "an array",
        Item::Value(Value::String(_)) => "a string",
        Item::Value(Value::Integer(_)) => "an integer",
        Item::Value(Value::Float(_)) => "a number",
        Item::Value(Value::Boolean(_)) => "a boolean",
        Item::Value(Value::Datetime(_)) => "a date",
        Item::None => "nothing",
    }
}

/// What `schema` allows, in the words of [`kind`] (a field that may be absent also says null).
pub(super) fn kinds(schema: &Schema) -> Vec<&'static str> {
    let types: Vec<&str> = match schema.get("type") {
        Some(Schema::String(one)) => vec![one.as_str()],
        Some(Schema::Array(many)) => many.iter().filter_map(Schema::as_str).collect(),
        _ if schema.get("enum").is_some() => vec!["string"],
        _ => {
            return vec![
                "a table",
                "an array",
                "a string",
                "an integer",
                "a number",
                "a boolean",
                "a date",
            ]
        }
    };
    types
        .into_iter()
        .filter_map(|t| match t {
            "object" => Some("a table"),
            "array" => Some("an array"),
            "string" => Some("a string"),
            "integer" => Some("an integer"),
            "number" => Some("a number"),
            "boolean" => Some("a boolean"),
            _ => None,
        })
        .collect()
}

/// Whether a value that is `found` fits the allowed `expected`: a bare TOML date fits a day
/// (a string with a pattern), and an integer fits a number.
pub(super) fn fits(expected: &str, found: &str, schema: &Schema) -> bool {
    expected == found
        || (expected == "a string" && found == "a date" && schema.get("pattern").is_some())
        || (expected == "a number" && found == "an integer")
}
