//! `GET /api/openapi.json`: the OpenAPI 3.1 description of every machine-readable route, made
//! from the one list of routes (`routes::table`), where each operation's answers are written
//! beside its handler with the types its bodies are serialized from. The schemas are generated
//! (schemars, JSON Schema 2020-12, which OpenAPI 3.1 uses as is). Tests produce every described
//! answer and validate each real answer against this document.

use crate::routes::operation::{Answer, Body, Operation};
use crate::routes::table::routes;
use schemars::SchemaGenerator;
use serde_json::{json, Map, Value};

/// The whole document.
pub fn document() -> Value {
    let settings = schemars::generate::SchemaSettings::draft2020_12().with(|s| {
        s.definitions_path = "/components/schemas".into();
    });
    let mut generator = settings.into_generator();
    let mut paths = Map::new();
    for route in routes() {
        for operation in &route.operations {
            let entry = paths.entry(route.path).or_insert_with(|| json!({}));
            entry[operation.method] = describe(route.path, operation, &mut generator);
        }
    }
    let schemas: Map<String, Value> = generator.take_definitions(true);
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Vendor readiness board",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Which external systems can be sold, which sales motions may move, which claims stay out of scope. Every value is computed from the catalog, the configured variable names and the proof records.",
        },
        "paths": paths,
        "components": { "schemas": schemas, "securitySchemes": { "pushToken": { "type": "http", "scheme": "bearer" } } },
    })
}

/// One operation of `path`: summary, parameters, request body, responses.
fn describe(path: &str, operation: &Operation, g: &mut SchemaGenerator) -> Value {
    let parameter = |name: &str, place: &str, required: bool| json!({ "name": name, "in": place, "required": required, "schema": { "type": "string" } });
    let in_path = path
        .split('/')
        .filter_map(|part| part.strip_prefix('{')?.strip_suffix('}'))
        .map(|name| parameter(name, "path", true));
    let query = operation.query.iter().map(|n| parameter(n, "query", false));
    let headers = operation
        .headers
        .iter()
        .map(|n| parameter(n, "header", false));
    let parameters: Vec<Value> = query.chain(headers).chain(in_path).collect();
    let mut responses = Map::new();
    for answer in &operation.answers {
        responses.insert(answer.status.to_string(), response(answer, g));
    }
    let mut described = json!({ "summary": operation.summary, "responses": responses });
    if !parameters.is_empty() {
        described["parameters"] = Value::Array(parameters);
    }
    if let Some((_, schema)) = operation.request.and_then(|body| content(body, g)) {
        described["requestBody"] =
            json!({ "content": { "application/json": { "schema": schema } } });
    }
    described
}

fn response(answer: &Answer, g: &mut SchemaGenerator) -> Value {
    let mut response = json!({ "description": answer.description });
    if let Some((media, schema)) = content(answer.body, g) {
        response["content"] = json!({ media: { "schema": schema } });
    }
    response
}

/// The media type and schema of a body (`None` when there is none).
fn content(body: Body, g: &mut SchemaGenerator) -> Option<(&'static str, Value)> {
    match body {
        Body::Empty => None,
        Body::Json(schema) => Some(("application/json", schema(g))),
        Body::Error => Some((
            "application/json",
            g.subschema_for::<crate::wire::ErrorBody>().to_value(),
        )),
        Body::Media(media) => Some((media, json!({ "type": "string" }))),
    }
}
