//! One value of a catalog file against its schema: its type, its allowed words and its range,
//! and the placeholder of the right type a repair writes in its place.

use super::kinds::{fits, kind, kinds};
use super::{ShapeProblem, Walk};
use crate::catalog_repair::Repair;
use crate::suggest::did_you_mean;
use serde_json::Value as Schema;
use toml_edit::{Item, Key, Value};

impl<'s> Walk<'s> {
    /// `schema` with its `$ref` followed.
    pub(super) fn resolve(&self, schema: &'s Schema) -> &'s Schema {
        let mut schema = schema;
        for _ in 0..8 {
            let name = schema.get("$ref").and_then(Schema::as_str);
            let Some(name) = name.and_then(|r| r.strip_prefix("#/$defs/")) else {
                break;
            };
            match self.schema.get("$defs").and_then(|d| d.get(name)) {
                Some(defined) => schema = defined,
                None => break,
            }
        }
        schema
    }

    /// The value `item` of the field `key`, against the field's `schema`.
    pub(super) fn value(&mut self, item: &Item, schema: &'s Schema, key: &Key) {
        let schema = self.resolve(schema);
        let span = item.span().or_else(|| key.span()).unwrap_or(0..0);
        let (found, name) = (kind(item), key.get());
        let expected = kinds(schema);
        if !expected.iter().any(|&k| fits(k, found, schema)) {
            let repair = matches!(item, Item::Value(_))
                .then(|| Repair::replace(span.clone(), self.placeholder(schema)));
            self.problems.push(ShapeProblem {
                reason: format!("`{name}` must be {}, not {found}", expected.join(" or ")),
                span,
                repair,
            });
            return;
        }
        match item {
            Item::Table(table) => {
                let header = table.span().unwrap_or(span);
                let end = header.end;
                self.table(item, schema, &format!("`[{name}]`"), header, Some(end));
            }
            Item::ArrayOfTables(tables) => {
                let items = schema.get("items").unwrap_or(&Schema::Null);
                for table in tables.iter() {
                    let header = table.span().unwrap_or(0..0);
                    let end = header.end;
                    let table = Item::Table(table.clone());
                    self.table(
                        &table,
                        items,
                        &format!("this `[[{name}]]`"),
                        header,
                        Some(end),
                    );
                }
            }
            Item::Value(Value::InlineTable(_)) => {
                let name = format!("this `{name}` entry");
                self.table(item, schema, &name, span, None);
            }
            Item::Value(Value::Array(values)) => {
                let items = schema.get("items").unwrap_or(&Schema::Null);
                for value in values.iter() {
                    self.value(&Item::Value(value.clone()), items, key);
                }
            }
            Item::Value(value) => self.words_and_range(value, schema, name),
            Item::None => {}
        }
    }

    /// A word outside the field's list, or a number outside its range.
    fn words_and_range(&mut self, value: &Value, schema: &Schema, name: &str) {
        let span = value.span().unwrap_or(0..0);
        let words: Vec<&str> = (schema.get("enum").and_then(Schema::as_array))
            .map(|e| e.iter().filter_map(Schema::as_str).collect())
            .unwrap_or_default();
        if let (Value::String(given), Some(first)) = (value, words.first()) {
            if !words.contains(&given.value().as_str()) {
                self.problems.push(ShapeProblem {
                    reason: format!(
                        "`{name}` is {:?}: expected one of {}{}",
                        given.value(),
                        words.join(", "),
                        did_you_mean(given.value(), words.iter().copied())
                    ),
                    repair: Some(Repair::replace(span.clone(), format!("{first:?}"))),
                    span: span.clone(),
                });
            }
        }
        let bound = |name: &str| schema.get(name).and_then(Schema::as_i64);
        if let (Value::Integer(n), Some(min), Some(max)) =
            (value, bound("minimum"), bound("maximum"))
        {
            let n = *n.value();
            if !(min..=max).contains(&n) {
                self.problems.push(ShapeProblem {
                    reason: format!("`{name}` is {n}: expected {min} to {max}"),
                    repair: Some(Repair::replace(span.clone(), n.clamp(min, max).to_string())),
                    span,
                });
            }
        }
    }

    /// A value of `schema`'s type that the parser takes: a repair writes it where one lacks.
    pub(super) fn placeholder(&self, schema: &'s Schema) -> String {
        let schema = self.resolve(schema);
        if let Some(word) = (schema.get("enum").and_then(Schema::as_array)).and_then(|e| e.first())
        {
            return word.to_string();
        }
        match kinds(schema).first().copied().unwrap_or("string") {
            "an integer" => schema
                .get("minimum")
                .map_or("0".into(), ToString::to_string),
            "a boolean" => "false".into(),
            "an array" => "[]".into(),
            "a table" => {
                let properties = schema.get("properties");
                let fields: Vec<String> = super::fields::required(schema)
                    .map(|f| {
                        let field = properties.and_then(|p| p.get(f)).unwrap_or(&Schema::Null);
                        format!("{f} = {}", self.placeholder(field))
                    })
                    .collect();
                format!("{{ {} }}", fields.join(", "))
            }
            // Not empty: an empty text is a problem of its own, the placeholder's, not the file's.
            _ => "\"x\"".into(),
        }
    }
}
