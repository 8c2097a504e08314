//! `GET /api/openapi.json`: every machine route of the router is described, every described
//! operation exists, and real answers (successes and errors) have their status described and
//! validate against the described schema.

mod common;
use axum::body::Body;
use axum::http::{Method, Request};
use common::*;
use serde_json::{json, Value};

async fn document(app: &TestApp) -> Value {
    let (status, doc) = get_json(app, "/api/openapi.json").await;
    assert_eq!(status, 200);
    assert_eq!(doc["openapi"], "3.1.0");
    doc
}

/// The paths given to `.route(...)` in the one file that lists every route.
fn routed_paths() -> Vec<String> {
    let source = std::fs::read_to_string(repo_path("server/src/routes/mod.rs")).unwrap();
    let re = regex::Regex::new(r#"\.route\(\s*"([^"]+)""#).unwrap();
    re.captures_iter(&source).map(|c| c[1].to_owned()).collect()
}

#[tokio::test]
async fn every_machine_route_is_described_and_every_described_operation_exists() {
    let app = seed_app();
    let doc = document(&app).await;
    let paths = doc["paths"].as_object().unwrap();
    let routed = routed_paths();
    assert!(routed.len() >= 9, "{routed:?}");
    // The bench baseline is off in production; `/ofrep/{*rest}` only answers "no such endpoint".
    for path in routed
        .iter()
        .filter(|p| *p != "/__bench/static" && !p.contains("{*"))
    {
        assert!(
            paths.contains_key(path.as_str()),
            "{path} is routed but not described"
        );
    }
    for (path, operations) in paths {
        for method in operations.as_object().unwrap().keys() {
            let uri = path.replace("{key}", "managed-private-beta");
            let request = Request::builder()
                .method(Method::from_bytes(method.to_uppercase().as_bytes()).unwrap())
                .uri(&uri)
                .header("content-type", "application/json")
                .body(Body::from(if method == "post" { "{}" } else { "" }))
                .unwrap();
            let (status, _, _) = call(&app, request).await;
            assert!(status != 404 && status != 405, "{method} {path}: {status}");
        }
    }
}

/// Validates one real answer against the document: its status must be described and its body
/// must match the described schema.
fn check(doc: &Value, method: &str, path: &str, status: u16, body: &[u8]) {
    let response = &doc["paths"][path][method]["responses"][status.to_string()];
    assert!(
        response.is_object(),
        "{method} {path} answered {status}, which is not described"
    );
    let Some(content) = response.get("content") else {
        assert!(
            body.is_empty(),
            "{method} {path} {status}: a body where none is described"
        );
        return;
    };
    let Some(schema) = content.get("application/json").map(|c| &c["schema"]) else {
        return;
    };
    let value: Value = serde_json::from_slice(body)
        .unwrap_or_else(|e| panic!("{method} {path} {status}: not JSON: {e}"));
    let root = json!({ "components": doc["components"], "allOf": [schema] });
    let validator = jsonschema::draft202012::new(&root).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&value)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    assert!(
        errors.is_empty(),
        "{method} {path} {status} does not match its schema: {errors:#?}"
    );
}

/// (method, described path, uri, headers, body)
type Case<'a> = (&'a str, &'a str, String, Vec<(&'a str, &'a str)>, String);

#[tokio::test]
async fn real_answers_validate_against_the_document() {
    let app = seed_app();
    let doc = document(&app).await;
    let auth = format!("Bearer {PUSH_TOKEN}");
    let json_type = ("content-type", "application/json");
    let cases: Vec<Case> = vec![
        ("get", "/healthz", "/healthz".into(), vec![], String::new()),
        ("get", "/readyz", "/readyz".into(), vec![], String::new()),
        (
            "get",
            "/api/vendor-readiness",
            "/api/vendor-readiness".into(),
            vec![],
            String::new(),
        ),
        (
            "get",
            "/api/vendor-readiness",
            "/api/vendor-readiness?owner=Finance&q=stripe".into(),
            vec![],
            String::new(),
        ),
        (
            "get",
            "/api/vendor-readiness",
            "/api/vendor-readiness?as_of=2026-11-01T00:00:00Z".into(),
            vec![],
            String::new(),
        ),
        (
            "get",
            "/api/vendor-readiness",
            "/api/vendor-readiness?as_of=yesterday".into(),
            vec![],
            String::new(),
        ),
        (
            "post",
            "/api/claims/check",
            "/api/claims/check".into(),
            vec![json_type],
            r#"{"text":"Pay online with your card. SSO works out of the box."}"#.into(),
        ),
        (
            "post",
            "/api/claims/check",
            "/api/claims/check".into(),
            vec![json_type],
            r#"{"text":"x","motion":"self-serve-paid-launch"}"#.into(),
        ),
        (
            "post",
            "/api/claims/check",
            "/api/claims/check".into(),
            vec![json_type],
            r#"{"text":"x","motions":["nope"]}"#.into(),
        ),
        (
            "post",
            "/api/claims/check",
            "/api/claims/check".into(),
            vec![json_type],
            "{".into(),
        ),
        (
            "post",
            "/api/claims/check",
            "/api/claims/check".into(),
            vec![("content-type", "text/plain")],
            "x".into(),
        ),
        (
            "post",
            "/api/proofs",
            "/api/proofs".into(),
            vec![json_type, ("authorization", &auth)],
            r#"{"system":"stripe-billing","outcome":"fail","evidence":"declined"}"#.into(),
        ),
        (
            "post",
            "/api/proofs",
            "/api/proofs".into(),
            vec![json_type, ("authorization", "Bearer wrong")],
            r#"{"system":"stripe-billing","outcome":"pass"}"#.into(),
        ),
        (
            "post",
            "/api/proofs",
            "/api/proofs".into(),
            vec![json_type, ("authorization", &auth)],
            r#"{"system":"nope","outcome":"pass","evidence":"e"}"#.into(),
        ),
        (
            "post",
            "/api/proofs",
            "/api/proofs".into(),
            vec![json_type, ("authorization", &auth)],
            r#"{"system":"stripe-billing","outcome":"maybe"}"#.into(),
        ),
        (
            "head",
            "/api/proofs",
            "/api/proofs".into(),
            vec![("authorization", &auth)],
            String::new(),
        ),
        (
            "get",
            "/api/proofs",
            "/api/proofs".into(),
            vec![],
            String::new(),
        ),
        (
            "get",
            "/api/proofs",
            "/api/proofs?system=stripe-billing&limit=5".into(),
            vec![],
            String::new(),
        ),
        (
            "get",
            "/api/proofs",
            "/api/proofs?system=nope".into(),
            vec![],
            String::new(),
        ),
        (
            "post",
            "/ofrep/v1/evaluate/flags/{key}",
            "/ofrep/v1/evaluate/flags/managed-private-beta".into(),
            vec![json_type],
            r#"{"context":{}}"#.into(),
        ),
        (
            "post",
            "/ofrep/v1/evaluate/flags/{key}",
            "/ofrep/v1/evaluate/flags/nope".into(),
            vec![json_type],
            "{}".into(),
        ),
        (
            "post",
            "/ofrep/v1/evaluate/flags/{key}",
            "/ofrep/v1/evaluate/flags/nope".into(),
            vec![json_type],
            "{".into(),
        ),
        (
            "post",
            "/ofrep/v1/evaluate/flags",
            "/ofrep/v1/evaluate/flags".into(),
            vec![json_type],
            "{}".into(),
        ),
        (
            "post",
            "/ofrep/v1/evaluate/flags/{key}",
            "/ofrep/v1/evaluate/flags/%ff".into(),
            vec![json_type],
            "{}".into(),
        ),
        (
            "post",
            "/ofrep/v1/evaluate/flags/{key}",
            "/ofrep/v1/evaluate/flags/x".into(),
            vec![json_type],
            format!(r#"{{"context":{{"k":"{}"}}}}"#, "x".repeat(20_000)),
        ),
        ("get", "/metrics", "/metrics".into(), vec![], String::new()),
    ];
    let mut statuses = std::collections::BTreeSet::new();
    for (method, path, uri, headers, body) in cases {
        let mut request = Request::builder()
            .method(Method::from_bytes(method.to_uppercase().as_bytes()).unwrap())
            .uri(&uri);
        for (name, value) in &headers {
            request = request.header(*name, *value);
        }
        let (status, _, bytes) = call(&app, request.body(Body::from(body)).unwrap()).await;
        check(&doc, method, path, status.as_u16(), &bytes);
        statuses.insert(status.as_u16());
    }
    // The cases reach successes and the usual errors, not only 200s.
    for expected in [200, 201, 204, 400, 401, 404, 415, 422] {
        assert!(
            statuses.contains(&expected),
            "no case answered {expected}: {statuses:?}"
        );
    }
}

#[tokio::test]
async fn a_response_that_breaks_its_schema_is_caught() {
    let app = seed_app();
    let doc = document(&app).await;
    let result = std::panic::catch_unwind(|| {
        check(
            &doc,
            "get",
            "/readyz",
            200,
            br#"{"status":"ready","systems":"seven"}"#,
        )
    });
    assert!(result.is_err(), "a wrong body must fail validation");
    let undescribed = std::panic::catch_unwind(|| check(&doc, "get", "/healthz", 418, b""));
    assert!(undescribed.is_err(), "an undescribed status must fail");
}
