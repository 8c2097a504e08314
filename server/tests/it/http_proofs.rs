//! `POST /api/proofs` and `GET /api/proofs`: every status code, nothing stored on any error,
//! and a pushed record changing the board and the JSON at once.

use crate::common;
use axum::http::StatusCode;
use common::*;
use serde_json::json;

const JSON: (&str, &str) = ("content-type", "application/json");

fn bearer(token: &str) -> (&'static str, String) {
    ("authorization", format!("Bearer {token}"))
}

async fn push(app: &TestApp, token: Option<&str>, body: &str) -> (StatusCode, serde_json::Value) {
    let auth = token.map(bearer);
    let mut headers = vec![JSON];
    if let Some((name, value)) = &auth {
        headers.push((name, value.as_str()));
    }
    send(app, "POST", "/api/proofs", &headers, body.to_owned()).await
}

fn records(app: &TestApp) -> u64 {
    app.state.store.count().expect("count")
}

#[tokio::test]
async fn missing_or_wrong_token_is_401_and_stores_nothing() {
    let app = seed_app();
    let body = r#"{"system":"stripe-billing","outcome":"pass","evidence":"x"}"#;
    for token in [None, Some("wrong"), Some("")] {
        let (status, error) = push(&app, token, body).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{token:?}");
        assert_eq!(error["error"]["code"], "unauthorized");
    }
    let (status, _) = send(
        &app,
        "POST",
        "/api/proofs",
        &[JSON, ("authorization", "Basic dGVzdA==")],
        body,
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let request = axum::http::Request::post("/api/proofs")
        .header("content-type", "application/json")
        .body(axum::body::Body::from(body))
        .unwrap();
    let (_, headers, _) = call(&app, request).await;
    assert_eq!(headers["www-authenticate"], "Bearer");
    assert_eq!(records(&app), 1, "only the demo record");
}

#[tokio::test]
async fn pushing_is_refused_when_no_token_hash_is_configured() {
    let mut app = seed_app();
    app.state.parts_mut().unwrap().push_token = None;
    let (status, error) = push(
        &app,
        Some(PUSH_TOKEN),
        r#"{"system":"core-runtime","outcome":"pass"}"#,
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(error["error"]["message"]
        .as_str()
        .unwrap()
        .contains("not enabled"));
}

#[tokio::test]
async fn invalid_bodies_are_422_naming_the_field() {
    let app = seed_app();
    for (body, field) in [
        (
            r#"{"system":"nope","outcome":"pass","evidence":"e"}"#,
            "system",
        ),
        (r#"{"system":"stripe-billing","outcome":"maybe"}"#, "body"),
        (
            r#"{"system":"stripe-billing","outcome":"pass"}"#,
            "evidence",
        ),
        (
            r#"{"system":"stripe-billing","outcome":"pass","evidence":" \n "}"#,
            "evidence",
        ),
        (r#"{"system":"stripe-billing"}"#, "body"),
        (
            r#"{"system":"stripe-billing","outcome":"pass","extra":1}"#,
            "body",
        ),
        (
            r#"{"system":"stripe-billing","outcome":"pass","evidence":"e","recorded_at":"2099-01-01T00:00:00Z"}"#,
            "recorded_at",
        ),
        (
            r#"{"system":"stripe-billing","outcome":"pass","evidence":"e","recorded_at":"yesterday"}"#,
            "recorded_at",
        ),
        ("{not json", "body"),
    ] {
        let (status, error) = push(&app, Some(PUSH_TOKEN), body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(error["error"]["field"], field, "{body}: {error}");
    }
    let long = format!(
        r#"{{"system":"stripe-billing","outcome":"pass","evidence":"{}"}}"#,
        "x".repeat(20_000)
    );
    let (status, error) = push(&app, Some(PUSH_TOKEN), &long).await;
    assert_eq!(
        (status, error["error"]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("evidence"))
    );
    assert_eq!(records(&app), 1);
}

#[tokio::test]
async fn wrong_content_type_is_415_and_huge_body_is_413() {
    let app = seed_app();
    let auth = bearer(PUSH_TOKEN);
    let body = r#"{"system":"core-runtime","outcome":"pass"}"#;
    let (status, _) = send(
        &app,
        "POST",
        "/api/proofs",
        &[("content-type", "text/plain"), (auth.0, &auth.1)],
        body,
    )
    .await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let huge = format!(
        r#"{{"system":"core-runtime","outcome":"pass","evidence":"{}"}}"#,
        "x".repeat(200_000)
    );
    let (status, error) = push(&app, Some(PUSH_TOKEN), &huge).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(error["error"]["code"], "too_large");
    assert_eq!(records(&app), 1);
}

#[tokio::test]
async fn a_pushed_record_is_201_and_changes_board_and_json_at_once() {
    let app = moving_app();
    let (_, before) = get_json(&app, "/api/vendor-readiness").await;
    assert_eq!(before["systems"][0]["status"], "ready");
    // A write is known after the instant the board above was read at: let a second pass.
    let_time_pass(time::Duration::seconds(1));

    let (status, stored) = push(
        &app,
        Some(PUSH_TOKEN),
        r#"{"system":"core-runtime","outcome":"fail","evidence":"smoke failed"}"#,
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(stored["system"], "core-runtime");
    assert_eq!(stored["outcome"], "fail");
    assert_eq!(stored["source"], "api");
    assert_eq!(stored["evidence"], "smoke failed");
    assert_eq!(stored["recorded_at"], "2026-11-26T09:00:01Z");
    assert!(stored["id"].as_i64().unwrap() > 1);

    let (_, after) = get_json(&app, "/api/vendor-readiness").await;
    assert_eq!(after["systems"][0]["status"], "configured_unproven");
    assert_eq!(
        after["systems"][0]["reason"],
        "Last proof failed at 2026-11-26 09:00 UTC."
    );
    assert_eq!(after["summary"]["ready"], 0);
    assert_eq!(after["headline"], "No motion can move yet. Managed beta, invoice-led beta, self-serve and broad enterprise stay gated.");
    let (_, html, _) = get(&app, "/?view=operator").await;
    assert!(
        html.contains("Last proof failed at 2026-11-26 09:00 UTC."),
        "the page reflects the push too"
    );
    let (_, html, _) = get(&app, "/").await;
    assert!(
        html.contains("Set up; its last check failed at 2026-11-26 09:00 UTC."),
        "in the buyer's words on the buyer's page"
    );
}

#[tokio::test]
async fn public_history_has_outcome_and_time_but_no_evidence() {
    let app = seed_app();
    push(&app, Some(PUSH_TOKEN), r#"{"system":"core-runtime","outcome":"fail","evidence":"internal detail","recorded_at":"2026-11-26T08:00:00Z"}"#).await;
    let (status, history) = get_json(&app, "/api/proofs?system=core-runtime").await;
    assert_eq!(status, StatusCode::OK);
    let outcomes: Vec<_> = history["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["outcome"].as_str().unwrap())
        .collect();
    assert_eq!(
        outcomes,
        vec!["pass", "fail"],
        "newest first: the demo pass at 09:00, then the 08:00 fail"
    );
    assert!(!history.to_string().contains("internal detail"));
    assert!(history["records"][0].get("evidence").is_none());

    let (status, error) = get_json(&app, "/api/proofs?system=ghost").await;
    assert_eq!(
        (status, error["error"]["code"].clone()),
        (StatusCode::NOT_FOUND, json!("not_found"))
    );
    let (status, _) = get_json(&app, "/api/proofs?limit=abc").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn pushes_beyond_the_rate_limit_get_429_with_retry_after() {
    let mut app = seed_app();
    app.state.parts_mut().unwrap().push_limit =
        server::limits::PushRateLimit::per_second(std::num::NonZeroU32::new(1).unwrap());
    let body = r#"{"system":"core-runtime","outcome":"pass","evidence":"smoke passed"}"#;
    let mut answers = Vec::new();
    for _ in 0..4 {
        answers.push(push(&app, Some(PUSH_TOKEN), body).await.0);
    }
    assert_eq!(
        &answers[..2],
        &[StatusCode::CREATED, StatusCode::CREATED],
        "a burst of two is allowed"
    );
    assert_eq!(answers[3], StatusCode::TOO_MANY_REQUESTS);
    let (status, error) = push(&app, Some(PUSH_TOKEN), body).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(error["error"]["code"], "rate_limited");
    assert_eq!(
        records(&app),
        3,
        "the demo record and the two accepted pushes"
    );
    let request = axum::http::Request::post("/api/proofs")
        .header("content-type", "application/json")
        .header("authorization", format!("Bearer {PUSH_TOKEN}"))
        .body(axum::body::Body::from(body))
        .unwrap();
    let (_, headers, _) = call(&app, request).await;
    assert!(
        headers["retry-after"]
            .to_str()
            .unwrap()
            .parse::<u64>()
            .unwrap()
            >= 1
    );
}

/// 515 anonymous clients once spent the one shared budget: failures now spend only their own
/// address's budget, and a pusher with the token keeps its own.
#[tokio::test]
async fn a_bad_token_flood_is_limited_per_address_and_never_blocks_the_pusher() {
    let app = seed_app();
    let body = r#"{"system":"core-runtime","outcome":"pass","evidence":"smoke passed"}"#;
    let mut answers = Vec::new();
    for _ in 0..40 {
        answers.push(push(&app, Some("guess"), body).await.0);
    }
    assert_eq!(answers[0], StatusCode::UNAUTHORIZED);
    assert_eq!(
        answers[39],
        StatusCode::TOO_MANY_REQUESTS,
        "guessing is rate limited"
    );
    let (status, _) = push(&app, Some(PUSH_TOKEN), body).await;
    assert_eq!(
        status,
        StatusCode::CREATED,
        "the real pusher is not blocked"
    );
}

#[tokio::test]
async fn every_response_has_a_request_id_and_a_given_one_is_kept() {
    let app = seed_app();
    let (_, _, headers) = get(&app, "/healthz").await;
    let id = headers["x-request-id"].to_str().unwrap();
    assert_eq!(id.len(), 36, "a UUID: {id}");
    let request = axum::http::Request::get("/healthz")
        .header("x-request-id", "trace-me-42")
        .body(axum::body::Body::empty())
        .unwrap();
    let (_, headers, _) = call(&app, request).await;
    assert_eq!(headers["x-request-id"], "trace-me-42");
    // One that is not plain is replaced by a fresh one, never echoed.
    for forged in ["a b", &"x".repeat(65), "id;drop"] {
        let request = axum::http::Request::get("/healthz")
            .header("x-request-id", forged)
            .body(axum::body::Body::empty())
            .unwrap();
        let (_, headers, _) = call(&app, request).await;
        let fresh = headers["x-request-id"].to_str().unwrap();
        assert_eq!(fresh.len(), 36, "{forged:?} replaced: {fresh}");
        assert_ne!(fresh, id, "a fresh id each time");
    }
}

/// Issue 26, point 3: a write that committed is never answered with a failure. With the board
/// slow to follow (here: another read of the store holds the one-read-at-a-time lock for 4 s,
/// as a replay of a long history did), the push is still answered 201 at once, stored once, and
/// the board shows it when the read gets its turn.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_committed_push_is_answered_201_even_when_the_board_is_slow_to_follow() {
    let app = moving_app();
    let before = records(&app);
    let lock = std::sync::Arc::clone(&app.state.sync_lock);
    let held = lock.lock_owned().await;
    let release = tokio::spawn(async move {
        tokio::time::sleep(std::time::Duration::from_secs(4)).await;
        drop(held);
    });
    let_time_pass(time::Duration::seconds(1));
    let started = std::time::Instant::now();
    let body = r#"{"system":"support-email","outcome":"fail","evidence":"smtp down"}"#;
    let (status, stored) = push(&app, Some(PUSH_TOKEN), body).await;
    assert_eq!(status, StatusCode::CREATED, "{stored}");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(records(&app), before + 1, "stored once");
    release.await.unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(3);
    loop {
        let board = app.state.board.current(app.state.now());
        let shown = board
            .board
            .system(&readiness::SystemId::parse("support-email").unwrap())
            .and_then(|s| s.proof.clone());
        if shown.is_some_and(|p| p.outcome == readiness::Outcome::Fail) {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the board never followed"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// Issue 25, defect 2 (found by a QA team): a failed proof was shown "failed …; expires …" and
/// carried `expires_at` in the JSON. Only a pass expires: a failed proof has none, on the page
/// and in the JSON, and a pass still has its own.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_proof_has_no_expiry_and_a_pass_has_one() {
    let app = moving_app();
    push_later(&app, "core-runtime", "fail").await;
    push_later(&app, "support-email", "pass").await;
    let (_, board) = get_json(&app, "/api/vendor-readiness").await;
    let proof_of = |id: &str| {
        let systems = board["systems"].as_array().unwrap();
        systems.iter().find(|s| s["id"] == id).unwrap()["proof"].clone()
    };
    let failed = proof_of("core-runtime");
    assert_eq!(failed["outcome"], "fail");
    assert!(failed["expires_at"].is_null(), "{failed}");
    assert_eq!(failed["expired"], false);
    let passed = proof_of("support-email");
    assert!(passed["expires_at"].is_string(), "{passed}");
    let (_, html, _) = get(&app, "/").await;
    let failed_line = html
        .split("Last verified: failed")
        .nth(1)
        .and_then(|rest| rest.split("</span>").next())
        .expect("a failed proof on the page");
    assert!(!failed_line.contains("expire"), "{failed_line}");
    assert!(html.contains("Last verified: passed"));
    assert!(html.contains("; expires "));
}

/// Issue 22 (receipts): `GET /api/proofs/{id}` answers one stored record whole, its evidence
/// included; an id that names no record (not a number, zero, negative, past the last, beyond
/// i64) is a 404 in the app's error body, and a path that is not text once decoded a 400.
#[tokio::test]
async fn a_receipt_shows_one_record_and_any_other_id_is_404() {
    let app = seed_app();
    let (_, stored) = push(
        &app,
        Some(PUSH_TOKEN),
        r#"{"system":"core-runtime","outcome":"fail","evidence":"smoke failed at step 3","recorded_at":"2026-11-26T08:00:00Z"}"#,
    )
    .await;
    let id = stored["id"].as_i64().unwrap();
    let (status, receipt) = get_json(&app, &format!("/api/proofs/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(receipt, stored, "the receipt is the record the push stored");
    assert_eq!(receipt["evidence"], "smoke failed at step 3");
    let past_the_last = (id + 1).to_string();
    let other_spellings = [format!("+{id}"), format!("0{id}"), format!("%20{id}")];
    let mut unknown = vec![
        "0",
        "-1",
        "abc",
        "1.0",
        &past_the_last,
        "99999999999999999999999",
    ];
    unknown.extend(other_spellings.iter().map(String::as_str));
    for unknown in unknown {
        let (status, error) = get_json(&app, &format!("/api/proofs/{unknown}")).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{unknown}");
        assert_eq!(error["error"]["code"], "not_found", "{unknown}");
        assert_eq!(error["error"]["message"], "no proof record has this id");
    }
    let (status, error) = get_json(&app, "/api/proofs/%FF").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error["error"]["code"], "bad_request");
}

/// Issue 22 (receipts): a value the env gains after a proof was stored is a secret from then
/// on: a receipt never shows it, though the record holds it (stored before it was known).
#[tokio::test]
async fn a_receipt_redacts_what_is_secret_now_though_it_was_stored_before() {
    let app = seed_app();
    let secret = "placeholder-session-secret";
    let record = readiness::ProofRecord {
        system: readiness::SystemId::parse("core-runtime").unwrap(),
        outcome: readiness::Outcome::Pass,
        recorded_at: time::macros::datetime!(2026-11-26 08:00 UTC),
        evidence: format!("connected with {secret}"),
        source: readiness::ProofSource::Cli,
    };
    let stored = app.state.store.insert(&record, None, None).unwrap();
    let (status, receipt) = get_json(&app, &format!("/api/proofs/{}", stored.id)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!receipt.to_string().contains(secret), "{receipt}");
    assert!(receipt["evidence"]
        .as_str()
        .unwrap()
        .starts_with("connected with "));
}

/// Found by attack (issue 22, receipts): a receipt read again was not the push's answer (the
/// redaction ran inside the markers it had written), had no ETag or cache policy (a cache could
/// keep one from before a value became secret) and took any query (`?x=1`: endless addresses
/// for one record).
#[tokio::test]
async fn a_receipt_is_the_push_answer_revalidated_by_etag_and_takes_no_query() {
    let app = seed_app();
    // The evidence holds a secret value; redacted at the push, it is a marker.
    let secret = "placeholder-database-url";
    let body = format!(
        r#"{{"system":"core-runtime","outcome":"pass","evidence":"connected to {secret}, about to begin","recorded_at":"2026-11-26T08:00:00Z"}}"#
    );
    let (status, stored) = push(&app, Some(PUSH_TOKEN), &body).await;
    assert_eq!(status, StatusCode::CREATED, "{stored}");
    let id = stored["id"].as_i64().unwrap();
    let evidence = stored["evidence"].as_str().unwrap();
    assert!(!evidence.contains(secret), "{evidence}");
    // The env gains a value that is part of that marker's name (`DATABASE_URL`): the receipt
    // redacts with it, yet the marker stays whole.
    let demo = std::fs::read_to_string(repo_path("catalog/demo.env")).unwrap();
    let mut pairs: Vec<(&str, &str)> = demo
        .lines()
        .filter_map(|line| line.split_once('='))
        .collect();
    pairs.push(("TEAM_NAME", "base"));
    let newer = server::redact::Redactor::new(pairs, &Default::default());
    *app.state.redactor.write().unwrap() = std::sync::Arc::new(newer);
    let (status, receipt, headers) = get(&app, &format!("/api/proofs/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    let receipt: serde_json::Value = serde_json::from_str(&receipt).unwrap();
    assert_eq!(
        receipt, stored,
        "the receipt is the push's answer, unchanged"
    );
    assert_eq!(headers["cache-control"], "no-cache");
    let etag = headers["etag"].to_str().unwrap().to_owned();
    let request = axum::http::Request::get(format!("/api/proofs/{id}"))
        .header("if-none-match", &etag)
        .body(axum::body::Body::empty())
        .unwrap();
    let (status, again, bytes) = call(&app, request).await;
    assert_eq!(status, StatusCode::NOT_MODIFIED);
    assert_eq!(again["etag"].to_str().unwrap(), etag);
    assert!(bytes.is_empty());
    let (status, error) = get_json(&app, &format!("/api/proofs/{id}?x=1")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{error}");
    assert_eq!(error["error"]["code"], "bad_request");
}

/// Found by attack (issue 22, receipts): a method a route does not take was a 405 with an empty
/// body, and a path under `/api/` no route has (`/api/proofs/1/`) the board's HTML 404 page. Both
/// are the app's JSON error; the 405 keeps its Allow header.
#[tokio::test]
async fn api_errors_for_a_wrong_method_or_path_are_the_apps_json() {
    let app = seed_app();
    for method in ["POST", "PUT", "DELETE", "PATCH"] {
        let request = axum::http::Request::builder()
            .method(method)
            .uri("/api/proofs/1")
            .body(axum::body::Body::empty())
            .unwrap();
        let (status, headers, bytes) = call(&app, request).await;
        assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "{method}");
        assert_eq!(headers["allow"], "GET,HEAD", "{method}");
        let error: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(error["error"]["code"], "method_not_allowed", "{method}");
    }
    for path in [
        "/api/proofs/1/",
        "/api/nope",
        "/api//proofs/1",
        "/api/proofs/1/x",
    ] {
        let (status, error) = get_json(&app, path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(error["error"]["code"], "not_found", "{path}");
    }
    // Pages stay pages: an unknown page is the HTML 404.
    let (status, page, _) = get(&app, "/nope").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(page.starts_with("<!DOCTYPE html>"), "{page}");
}
