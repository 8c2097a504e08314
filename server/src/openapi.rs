//! `GET /api/openapi.json`: the OpenAPI 3.1 description of every machine-readable route. The
//! bodies' schemas are generated (schemars, JSON Schema 2020-12, which OpenAPI 3.1 uses as is)
//! from the types the handlers serialize, or, for answers built as JSON values, from the wire
//! types below, which tests hold true by validating real answers against this document.

use crate::proof_input::ProofInput;
use crate::routes::claims::{ClaimCheck, ClaimCheckResult};
use crate::routes::ofrep::{BulkEvaluation, EvaluationFailure, FlagEvaluation};
use schemars::{JsonSchema, SchemaGenerator};
use serde_json::{json, Map, Value};

/// `{"error": {...}}`: every error answer of the board's own routes.
#[derive(JsonSchema)]
#[allow(dead_code)]
pub struct ErrorBody {
    error: ErrorDetail,
}

#[derive(JsonSchema)]
#[allow(dead_code)]
struct ErrorDetail {
    code: String,
    message: String,
    /// The input field at fault (422).
    field: Option<String>,
    /// Names the failure in the server log (5xx only).
    request_id: Option<String>,
}

/// One response: status, description, media type and body schema (none for empty bodies).
type Answer = (u16, &'static str, Option<(&'static str, Value)>);

/// The whole document.
pub fn document() -> Value {
    let settings = schemars::generate::SchemaSettings::draft2020_12().with(|s| {
        s.definitions_path = "/components/schemas".into();
    });
    let mut generator = settings.into_generator();
    let paths = paths(&mut generator);
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

fn body<T: JsonSchema>(generator: &mut SchemaGenerator) -> Value {
    generator.subschema_for::<T>().to_value()
}

fn paths(g: &mut SchemaGenerator) -> Value {
    let json_of = |schema: Value| Some(("application/json", schema));
    let error = json_of(body::<ErrorBody>(g));
    let err = |status: u16, what: &'static str| (status, what, error.clone());
    let board = json_of(body::<readiness::Board>(g));
    let board_query = ["owner", "motion", "status", "q", "as_of"];
    let mut paths = Map::new();
    let mut add = |path: &str,
                   method: &str,
                   summary: &str,
                   query: &[&str],
                   request: Option<Value>,
                   answers: Vec<Answer>| {
        let mut operation = json!({ "summary": summary, "responses": responses(answers) });
        let mut parameters: Vec<Value> = query
            .iter()
            .map(|name| json!({ "name": name, "in": "query", "required": false, "schema": { "type": "string" } }))
            .collect();
        if path == "/ofrep/v1/evaluate/flags" {
            parameters.push(json!({ "name": "If-None-Match", "in": "header", "required": false, "schema": { "type": "string" } }));
        }
        if path.contains("{key}") {
            parameters.push(json!({ "name": "key", "in": "path", "required": true, "schema": { "type": "string" } }));
        }
        if !parameters.is_empty() {
            operation["parameters"] = Value::Array(parameters);
        }
        if let Some(schema) = request {
            operation["requestBody"] =
                json!({ "content": { "application/json": { "schema": schema } } });
        }
        let entry = paths.entry(path.to_owned()).or_insert_with(|| json!({}));
        entry[method] = operation;
    };
    add(
        "/healthz",
        "get",
        "The process answers",
        &[],
        None,
        vec![(200, "Alive", json_of(body::<crate::wire::Health>(g)))],
    );
    add(
        "/readyz",
        "get",
        "Catalog loaded and proof store reachable",
        &[],
        None,
        vec![
            (200, "Ready", json_of(body::<crate::wire::Ready>(g))),
            err(503, "The proof store cannot be reached"),
        ],
    );
    add(
        "/api/vendor-readiness",
        "get",
        "The computed board, filtered, now or as of a past instant",
        &board_query,
        None,
        vec![
            (200, "The board", board),
            err(400, "A bad as_of, or a filter given twice"),
            err(
                503,
                "An as_of after the board's last read needs the proof store, which does not answer",
            ),
        ],
    );
    add(
        "/api/claims/check",
        "post",
        "Check copy for claims a motion may not make",
        &[],
        Some(body::<ClaimCheck>(g)),
        vec![
            (
                200,
                "Verdicts and violations",
                json_of(body::<ClaimCheckResult>(g)),
            ),
            err(413, "The body is over 2 MiB"),
            err(415, "The body is not application/json"),
            err(
                422,
                "The body is not JSON of this shape, a motion is unknown, or motions and motion are both given",
            ),
        ],
    );
    let proof = json_of(body::<crate::wire::Proof>(g));
    add(
        "/api/proofs",
        "get",
        "Public proof history (outcome and time, no evidence)",
        &["system", "limit"],
        None,
        vec![
            (
                200,
                "Records, newest first",
                json_of(body::<crate::wire::ProofHistory>(g)),
            ),
            err(400, "A bad query"),
            err(404, "Unknown system"),
        ],
    );
    add(
        "/api/proofs",
        "head",
        "Check a push token without sending anything",
        &[],
        None,
        vec![
            (204, "The token may push", None),
            (
                401,
                "Missing or wrong token, or pushing is off on this server",
                None,
            ),
            (429, "Too many failed attempts from this address", None),
        ],
    );
    add(
        "/api/proofs",
        "post",
        "Push a proof record (bearer token; Idempotency-Key optional)",
        &[],
        Some(body::<ProofInput>(g)),
        vec![
            (
                201,
                "Stored; or, with `Idempotent-Replayed: true`, the stored answer to an earlier request with the same Idempotency-Key",
                proof,
            ),
            err(400, "The Idempotency-Key header is not 1 to 128 printable ASCII characters"),
            err(401, "Missing or wrong token, or pushing is off on this server"),
            err(408, "The body took more than 10 s"),
            err(413, "The body is over 64 KiB"),
            err(415, "The body is not application/json"),
            err(422, "A field is invalid (`field` names it: an unknown system, a bad outcome), or the Idempotency-Key was used for another request"),
            err(429, "Too many pushes, or too many failed attempts from this address"),
            err(503, "The proof store cannot be reached; nothing was stored"),
        ],
    );
    let failure = json_of(body::<EvaluationFailure>(g));
    add(
        "/ofrep/v1/evaluate/flags/{key}",
        "post",
        "OFREP: one motion as a boolean flag (value: can move)",
        &[],
        Some(json!({ "type": "object" })),
        vec![
            (200, "The flag", json_of(body::<FlagEvaluation>(g))),
            (400, "PARSE_ERROR or INVALID_CONTEXT", failure.clone()),
            (404, "FLAG_NOT_FOUND", failure.clone()),
            err(413, "The context is over 16 KiB"),
        ],
    );
    add(
        "/ofrep/v1/evaluate/flags",
        "post",
        "OFREP: every motion as a flag (ETag; If-None-Match gives 304)",
        &[],
        Some(json!({ "type": "object" })),
        vec![
            (200, "Every flag", json_of(body::<BulkEvaluation>(g))),
            (304, "Unchanged since the ETag given", None),
            (400, "PARSE_ERROR or INVALID_CONTEXT", failure),
            err(413, "The context is over 16 KiB"),
        ],
    );
    add(
        "/api/changes",
        "get",
        "What changed, newest first (filter by since, motion, system; page with before)",
        &["since", "motion", "system", "limit", "before"],
        None,
        vec![
            (
                200,
                "Changes and the cursor to older ones",
                json_of(body::<crate::routes::changes::ChangesPage>(g)),
            ),
            err(400, "A bad since, limit or before"),
            err(404, "Unknown motion or system"),
        ],
    );
    add("/feed.atom", "get", "The newest changes as an Atom feed (?motion=ID or ?system=ID for one); ETag, If-None-Match gives 304", &["motion", "system"], None, vec![
        (200, "Atom 1.0", Some(("application/atom+xml", json!({ "type": "string" })))),
        (304, "Unchanged since the ETag given", None),
        err(400, "A bad query"),
        err(404, "Unknown motion or system"),
    ]);
    add(
        "/api/board/version",
        "get",
        "The current board's version, which changes whenever what a reader sees changes; open pages poll it with If-None-Match",
        &[],
        None,
        vec![
            (
                200,
                "The version, also sent as the ETag",
                json_of(body::<crate::routes::live::BoardVersion>(g)),
            ),
            (304, "Unchanged since the ETag given", None),
        ],
    );
    add(
        "/metrics",
        "get",
        "Prometheus metrics (OpenMetrics text)",
        &[],
        None,
        vec![(
            200,
            "Metrics",
            Some(("application/openmetrics-text", json!({ "type": "string" }))),
        )],
    );
    add(
        "/api/openapi.json",
        "get",
        "This document",
        &[],
        None,
        vec![(200, "OpenAPI 3.1", json_of(json!({ "type": "object" })))],
    );
    Value::Object(paths)
}

fn responses(answers: Vec<Answer>) -> Value {
    let mut out = Map::new();
    for (status, description, content) in answers {
        let mut response = json!({ "description": description });
        if let Some((media, schema)) = content {
            response["content"] = json!({ media: { "schema": schema } });
        }
        out.insert(status.to_string(), response);
    }
    Value::Object(out)
}
