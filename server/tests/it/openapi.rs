//! `GET /api/openapi.json`: every machine route of the router is described, every described
//! operation exists, and real answers (successes and errors) have their status described and
//! validate against the described schema.

use crate::common;
use axum::body::Body;
use axum::http::{Method, Request};
use common::*;
use serde_json::{json, Value};
use std::collections::BTreeSet;

async fn document(app: &TestApp) -> Value {
    let (status, doc) = get_json(app, "/api/openapi.json").await;
    assert_eq!(status, 200);
    assert_eq!(doc["openapi"], "3.1.0");
    doc
}

/// Issue 21: the document is made from the one list of routes, so a route is described unless
/// it is listed without operations; these are the only ones, none of them a JSON API.
#[tokio::test]
async fn every_machine_route_is_described_and_every_described_operation_exists() {
    // With a model of labelled copy: without one, its route answers 404 by design.
    let app = with_claims_model(seed_app());
    let doc = document(&app).await;
    let paths = doc["paths"].as_object().unwrap();
    let routes = server::routes::table::routes();
    let undescribed: Vec<&str> = routes
        .iter()
        .filter(|r| r.operations.is_empty())
        .map(|r| r.path)
        .collect();
    let pages_and_files = [
        "/ofrep/{*rest}",
        "/api/{*rest}",
        "/__bench/static",
        "/badge/{kind}/{file}",
        "/",
        "/pkg/{*rest}",
        "/changes",
        "/proofs/{id}",
        "/subscribe",
        "/subscriptions/confirm",
        "/subscriptions/manage",
        "/subscriptions/unsubscribe",
    ];
    assert_eq!(undescribed, pages_and_files);
    for route in routes.iter().filter(|r| !r.operations.is_empty()) {
        assert!(
            paths.contains_key(route.path),
            "{} is not described",
            route.path
        );
    }
    for (path, operations) in paths {
        for method in operations.as_object().unwrap().keys() {
            let uri = path
                .replace("{key}", "managed-private-beta")
                .replace("{id}", "1");
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

/// Requests that reach successes and the usual errors of every operation.
fn cases(auth: &str) -> Vec<Case<'_>> {
    let json_type = ("content-type", "application/json");
    let big_copy = format!(r#"{{"text":"{}"}}"#, "x".repeat(2 * 1024 * 1024 + 1));
    let big_proof = format!(
        r#"{{"system":"stripe-billing","outcome":"pass","evidence":"{}"}}"#,
        "x".repeat(65 * 1024)
    );
    let receipt = |uri: &str| {
        (
            "get",
            "/api/proofs/{id}",
            uri.to_owned(),
            vec![],
            String::new(),
        )
    };
    let more: Vec<Case> = vec![
        (
            "get",
            "/api/claims/model",
            "/api/claims/model".into(),
            vec![],
            String::new(),
        ),
        receipt("/api/proofs/1"),
        receipt("/api/proofs/abc"),
        receipt("/api/proofs/%FF"),
        receipt("/api/proofs/1?x=1"),
        (
            "post",
            "/api/claims/check",
            "/api/claims/check".into(),
            vec![json_type],
            big_copy,
        ),
        (
            "get",
            "/api/proofs",
            "/api/proofs?limit=x".into(),
            vec![],
            String::new(),
        ),
        (
            "head",
            "/api/proofs",
            "/api/proofs".into(),
            vec![("authorization", "Bearer wrong")],
            String::new(),
        ),
        (
            "post",
            "/api/proofs",
            "/api/proofs".into(),
            vec![json_type, ("authorization", auth), ("idempotency-key", "")],
            "{}".into(),
        ),
        (
            "post",
            "/api/proofs",
            "/api/proofs".into(),
            vec![json_type, ("authorization", auth)],
            big_proof,
        ),
        (
            "post",
            "/api/proofs",
            "/api/proofs".into(),
            vec![("content-type", "text/plain"), ("authorization", auth)],
            "x".into(),
        ),
        (
            "post",
            "/ofrep/v1/evaluate/flags",
            "/ofrep/v1/evaluate/flags".into(),
            vec![json_type],
            "{".into(),
        ),
        (
            "post",
            "/ofrep/v1/evaluate/flags",
            "/ofrep/v1/evaluate/flags".into(),
            vec![json_type],
            format!(r#"{{"context":{{"k":"{}"}}}}"#, "x".repeat(20_000)),
        ),
        (
            "get",
            "/api/changes",
            "/api/changes".into(),
            vec![],
            String::new(),
        ),
        (
            "get",
            "/api/changes",
            "/api/changes?since=yesterday".into(),
            vec![],
            String::new(),
        ),
        (
            "get",
            "/api/changes",
            "/api/changes?motion=nope".into(),
            vec![],
            String::new(),
        ),
        (
            "get",
            "/feed.atom",
            "/feed.atom".into(),
            vec![],
            String::new(),
        ),
        (
            "get",
            "/feed.atom",
            "/feed.atom?colour=red".into(),
            vec![],
            String::new(),
        ),
        (
            "get",
            "/feed.atom",
            "/feed.atom?system=nope".into(),
            vec![],
            String::new(),
        ),
        (
            "get",
            "/api/board/version",
            "/api/board/version".into(),
            vec![],
            String::new(),
        ),
        (
            "get",
            "/api/openapi.json",
            "/api/openapi.json".into(),
            vec![],
            String::new(),
        ),
    ];
    let mut cases: Vec<Case> = vec![
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
            "get",
            "/api/claims/rules",
            "/api/claims/rules?motions=self-serve-paid-launch".into(),
            vec![],
            String::new(),
        ),
        (
            "get",
            "/api/claims/rules",
            "/api/claims/rules?motions=nope".into(),
            vec![],
            String::new(),
        ),
        (
            "get",
            "/api/claims/rules",
            "/api/claims/rules?unknown=1".into(),
            vec![],
            String::new(),
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
            vec![json_type, ("authorization", auth)],
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
            vec![json_type, ("authorization", auth)],
            r#"{"system":"nope","outcome":"pass","evidence":"e"}"#.into(),
        ),
        (
            "post",
            "/api/proofs",
            "/api/proofs".into(),
            vec![json_type, ("authorization", auth)],
            r#"{"system":"stripe-billing","outcome":"maybe"}"#.into(),
        ),
        (
            "head",
            "/api/proofs",
            "/api/proofs".into(),
            vec![("authorization", auth)],
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
    cases.extend(more);
    cases
}

/// Sends one case; checks its answer against the document; returns the status and headers.
async fn send_case(app: &TestApp, doc: &Value, case: Case<'_>) -> (u16, axum::http::HeaderMap) {
    let (method, path, uri, headers, body) = case;
    let mut request = Request::builder()
        .method(Method::from_bytes(method.to_uppercase().as_bytes()).unwrap())
        .uri(&uri);
    for (name, value) in &headers {
        request = request.header(*name, *value);
    }
    let (status, response_headers, bytes) =
        call(app, request.body(Body::from(body)).unwrap()).await;
    check(doc, method, path, status.as_u16(), &bytes);
    (status.as_u16(), response_headers)
}

#[tokio::test]
async fn real_answers_validate_against_the_document() {
    let app = seed_app();
    let doc = document(&app).await;
    let auth = format!("Bearer {PUSH_TOKEN}");
    let mut statuses = std::collections::BTreeSet::new();
    for case in cases(&auth) {
        statuses.insert(send_case(&app, &doc, case).await.0);
    }
    // The cases reach successes and the usual errors, not only 200s.
    for expected in [200, 201, 204, 400, 401, 404, 415, 422] {
        assert!(
            statuses.contains(&expected),
            "no case answered {expected}: {statuses:?}"
        );
    }
}

/// Every (method, path, status) the document describes.
fn described(doc: &Value) -> BTreeSet<(String, String, u16)> {
    let mut out = BTreeSet::new();
    for (path, operations) in doc["paths"].as_object().unwrap() {
        for (method, operation) in operations.as_object().unwrap() {
            for status in operation["responses"].as_object().unwrap().keys() {
                out.insert((method.clone(), path.clone(), status.parse().unwrap()));
            }
        }
    }
    out
}

/// The answers that need a conditional request, a spent budget or a store that is gone.
async fn rarer_answers(doc: &Value, produced: &mut BTreeSet<(String, String, u16)>) {
    let auth = format!("Bearer {PUSH_TOKEN}");
    let app = moving_app();
    let mut note = |method: &str, path: &str, status: u16| {
        produced.insert((method.to_owned(), path.to_owned(), status));
    };
    // 304: each conditional route, asked again with the ETag it gave.
    for (method, path, uri, body) in [
        ("get", "/feed.atom", "/feed.atom", ""),
        ("get", "/api/board/version", "/api/board/version", ""),
        ("get", "/api/proofs/{id}", "/api/proofs/1", ""),
        (
            "post",
            "/ofrep/v1/evaluate/flags",
            "/ofrep/v1/evaluate/flags",
            "{}",
        ),
    ] {
        let json_type = ("content-type", "application/json");
        let case = (
            method,
            path,
            uri.to_owned(),
            vec![json_type],
            body.to_owned(),
        );
        let (_, headers) = send_case(&app, doc, case).await;
        let etag = headers["etag"].to_str().unwrap().to_owned();
        let again = vec![json_type, ("if-none-match", etag.as_str())];
        let (status, _) =
            send_case(&app, doc, (method, path, uri.into(), again, body.into())).await;
        note(method, path, status);
    }
    // The model of a board that has one, then again with its ETag.
    let modelled = with_claims_model(seed_app());
    let case = |headers| {
        (
            "get",
            "/api/claims/model",
            "/api/claims/model".into(),
            headers,
            String::new(),
        )
    };
    let (status, headers) = send_case(&modelled, doc, case(vec![])).await;
    note("get", "/api/claims/model", status);
    let etag = headers["etag"].to_str().unwrap().to_owned();
    let again = case(vec![("if-none-match", etag.as_str())]);
    note(
        "get",
        "/api/claims/model",
        send_case(&modelled, doc, again).await.0,
    );
    // The model's reading of copy: by a board with a model, by one without, of copy that is not
    // UTF-8, of copy over 2 MiB.
    let reading = |copy: &str| {
        let text = vec![("content-type", "text/plain")];
        (
            "post",
            "/api/claims/reading",
            "/api/claims/reading".into(),
            text,
            copy.to_owned(),
        )
    };
    let path = "/api/claims/reading";
    note(
        "post",
        path,
        send_case(&modelled, doc, reading("Buy now.")).await.0,
    );
    note(
        "post",
        path,
        send_case(&app, doc, reading("Buy now.")).await.0,
    );
    let big = "x".repeat(2 * 1024 * 1024 + 1);
    note(
        "post",
        path,
        send_case(&modelled, doc, reading(&big)).await.0,
    );
    let not_utf8 = Request::post(path)
        .body(Body::from(vec![0xff, 0xfe]))
        .unwrap();
    let (status, _, bytes) = call(&modelled, not_utf8).await;
    check(doc, "post", path, status.as_u16(), &bytes);
    note("post", path, status.as_u16());
    // 429: while 32 large bodies are being read (held open over real sockets), a claim check
    // and a reading without a declared length.
    let held = holding_every_large_body_permit(&modelled).await;
    let json = vec![("content-type", "application/json")];
    let case = (
        "post",
        "/api/claims/check",
        "/api/claims/check".into(),
        json,
        "{\"text\": \"x\"}".to_owned(),
    );
    note(
        "post",
        "/api/claims/check",
        send_case(&modelled, doc, case).await.0,
    );
    note(
        "post",
        path,
        send_case(&modelled, doc, reading("Buy now.")).await.0,
    );
    drop(held);
    // 429: failed attempts from one address, then pushes over the rate.
    for _ in 0..12 {
        let wrong = vec![("authorization", "Bearer wrong")];
        let case = (
            "head",
            "/api/proofs",
            "/api/proofs".into(),
            wrong,
            String::new(),
        );
        note("head", "/api/proofs", send_case(&app, doc, case).await.0);
    }
    let mut slow = seed_app();
    slow.state.parts_mut().unwrap().push_limit =
        server::limits::PushRateLimit::per_second(std::num::NonZeroU32::MIN);
    for _ in 0..3 {
        let headers = vec![
            ("content-type", "application/json"),
            ("authorization", auth.as_str()),
        ];
        let body = r#"{"system":"stripe-billing","outcome":"pass","evidence":"e"}"#.to_owned();
        let case = ("post", "/api/proofs", "/api/proofs".into(), headers, body);
        note("post", "/api/proofs", send_case(&slow, doc, case).await.0);
    }
    // 408: a push whose body never comes (10 s).
    note("post", "/api/proofs", stalled_push(&app).await);
    // 503: the store is locked (a past view it must settle first), then gone.
    let locker = rusqlite::Connection::open(app.db_path()).unwrap();
    locker.execute_batch("BEGIN IMMEDIATE").unwrap();
    let published = app.state.board.last().published;
    let_time_pass(time::Duration::seconds(2));
    let later = published + time::Duration::seconds(1);
    let later = later
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    let uri = format!("/api/vendor-readiness?as_of={later}");
    let case = ("get", "/api/vendor-readiness", uri, vec![], String::new());
    note(
        "get",
        "/api/vendor-readiness",
        send_case(&app, doc, case).await.0,
    );
    let uri = format!("/api/changes?since={later}");
    let case = ("get", "/api/changes", uri, vec![], String::new());
    note("get", "/api/changes", send_case(&app, doc, case).await.0);
    locker.execute_batch("ROLLBACK").unwrap();
    std::fs::remove_file(app.db_path()).unwrap();
    let case = ("get", "/readyz", "/readyz".into(), vec![], String::new());
    note("get", "/readyz", send_case(&app, doc, case).await.0);
    let headers = vec![
        ("content-type", "application/json"),
        ("authorization", auth.as_str()),
    ];
    let body = r#"{"system":"stripe-billing","outcome":"pass","evidence":"e"}"#.to_owned();
    let case = ("post", "/api/proofs", "/api/proofs".into(), headers, body);
    note("post", "/api/proofs", send_case(&app, doc, case).await.0);
}

/// A push over a real socket that announces a body and never sends it: the answer's status.
async fn stalled_push(app: &TestApp) -> u16 {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = spawn_app(app).await;
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let head = format!("POST /api/proofs HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {PUSH_TOKEN}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{{");
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut answer = vec![0; 4096];
    let n = stream.read(&mut answer).await.unwrap();
    let text = String::from_utf8_lossy(&answer[..n]).into_owned();
    text.split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

/// Issue 21: the document once described answers the server never gives (403 for pushing off,
/// 409 for a reused key, 200 for a replayed push, 404 for an unknown system on a push). Every
/// described answer of every operation is produced by some request here, and every answer
/// produced is described (`check`).
#[tokio::test]
async fn every_described_answer_is_produced_by_some_request() {
    let app = seed_app();
    let doc = document(&app).await;
    let auth = format!("Bearer {PUSH_TOKEN}");
    let mut produced = BTreeSet::new();
    for case in cases(&auth) {
        let (method, path) = (case.0.to_owned(), case.1.to_owned());
        produced.insert((method, path, send_case(&app, &doc, case).await.0));
    }
    rarer_answers(&doc, &mut produced).await;
    let never: Vec<_> = described(&doc).difference(&produced).cloned().collect();
    assert!(never.is_empty(), "described but never produced: {never:#?}");
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
