//! `GET /metrics` (Prometheus text, parsed here) and the OFREP flag endpoints: shapes, errors,
//! counters that move, gauges equal to the board, and nothing a client typed or a secret in sight.

use crate::common;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::*;
use serde_json::{json, Value};
use std::collections::HashMap;

/// `name{labels}` → value, for every sample line of a metrics text.
fn samples(text: &str) -> HashMap<String, f64> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| {
            let (key, value) = l
                .rsplit_once(' ')
                .unwrap_or_else(|| panic!("bad sample line: {l}"));
            (
                key.to_owned(),
                value
                    .parse::<f64>()
                    .unwrap_or_else(|_| panic!("bad value: {l}")),
            )
        })
        .collect()
}

async fn metrics(app: &TestApp) -> (HashMap<String, f64>, String) {
    let (status, text, headers) = get(app, "/metrics").await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/openmetrics-text"));
    assert!(
        text.ends_with("# EOF\n"),
        "OpenMetrics text ends with # EOF"
    );
    (samples(&text), text)
}

fn value(samples: &HashMap<String, f64>, key: &str) -> f64 {
    samples.get(key).copied().unwrap_or(0.0)
}

const BOARD_REQUESTS: &str = r#"vendor_readiness_http_requests_total{route="/api/vendor-readiness",method="GET",status="200"}"#;

#[tokio::test]
async fn request_counters_move_and_latency_is_recorded_per_route() {
    let app = seed_app();
    let (before, _) = metrics(&app).await;
    for _ in 0..3 {
        assert_eq!(get(&app, "/api/vendor-readiness").await.0, StatusCode::OK);
    }
    let (after, _) = metrics(&app).await;
    assert_eq!(
        value(&after, BOARD_REQUESTS) - value(&before, BOARD_REQUESTS),
        3.0
    );
    let count =
        r#"vendor_readiness_http_request_duration_seconds_count{route="/api/vendor-readiness"}"#;
    assert_eq!(value(&after, count) - value(&before, count), 3.0);
    let bad = r#"vendor_readiness_http_requests_total{route="/api/vendor-readiness",method="GET",status="400"}"#;
    get(&app, "/api/vendor-readiness?as_of=yesterday").await;
    assert_eq!(value(&metrics(&app).await.0, bad), 1.0);
}

#[tokio::test]
async fn gauges_state_the_board_itself() {
    let app = seed_app();
    let (_, board) = get_json(&app, "/api/vendor-readiness").await;
    let (samples, _) = metrics(&app).await;
    for system in board["systems"].as_array().unwrap() {
        let id = system["id"].as_str().unwrap();
        for status in ["ready", "configured_unproven", "manual_fallback", "blocked"] {
            let key =
                format!(r#"vendor_readiness_system_status{{system="{id}",status="{status}"}}"#);
            let expected = f64::from(u8::from(system["status"] == status));
            assert_eq!(samples.get(&key), Some(&expected), "{key}");
        }
    }
    for motion in board["motions"].as_array().unwrap() {
        let key = format!(
            r#"vendor_readiness_motion_can_move{{motion="{}"}}"#,
            motion["id"].as_str().unwrap()
        );
        assert_eq!(
            samples.get(&key),
            Some(&f64::from(u8::from(motion["can_move"] == true))),
            "{key}"
        );
    }
}

#[tokio::test]
async fn pushes_are_counted_by_result_and_move_the_board_gauges() {
    let app = seed_app();
    let (before, _) = metrics(&app).await;
    let json_type = ("content-type", "application/json");
    let body = r#"{"system":"core-runtime","outcome":"fail","evidence":"down"}"#;
    let (status, _) = send(
        &app,
        "POST",
        "/api/proofs",
        &[json_type, ("authorization", "Bearer wrong")],
        body,
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let auth = format!("Bearer {PUSH_TOKEN}");
    let (status, _) = send(
        &app,
        "POST",
        "/api/proofs",
        &[json_type, ("authorization", &auth)],
        body,
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let (after, _) = metrics(&app).await;
    let pushes =
        |result: &str| format!(r#"vendor_readiness_proof_pushes_total{{result="{result}"}}"#);
    assert_eq!(
        value(&after, &pushes("unauthorized")) - value(&before, &pushes("unauthorized")),
        1.0
    );
    assert_eq!(
        value(&after, &pushes("stored")) - value(&before, &pushes("stored")),
        1.0
    );
    let recomputed = "vendor_readiness_board_recomputations_total";
    assert!(value(&after, recomputed) > value(&before, recomputed));
    let (_, board) = get_json(&app, "/api/vendor-readiness").await;
    let core = board["systems"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "core-runtime")
        .unwrap();
    let key = format!(
        r#"vendor_readiness_system_status{{system="core-runtime",status="{}"}}"#,
        core["status"].as_str().unwrap()
    );
    assert_eq!(value(&after, &key), 1.0);
}

#[tokio::test]
async fn label_values_never_carry_what_a_client_typed_or_a_secret() {
    let app = seed_app();
    get(&app, "/no-such-page-canary7?q=canary8").await;
    get(&app, "/?q=canary9&owner=Finance").await;
    get(&app, "/badge/system/canary10.svg").await;
    let (samples, text) = metrics(&app).await;
    for canary in ["canary7", "canary8", "canary9", "canary10", "Finance"] {
        assert!(!text.contains(canary), "{canary} leaked into the metrics");
    }
    let unmatched =
        r#"vendor_readiness_http_requests_total{route="(unmatched)",method="GET",status="404"}"#;
    assert_eq!(value(&samples, unmatched), 1.0);
    let env = std::fs::read_to_string(repo_path("catalog/demo.env")).unwrap();
    for value in env
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(_, v)| v.trim())
        .filter(|v| v.len() >= 8)
    {
        assert!(!text.contains(value), "an env value is in the metrics");
    }
}

async fn ofrep(
    app: &TestApp,
    uri: &str,
    body: &str,
    headers: &[(&str, &str)],
) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let mut request = Request::post(uri).header("content-type", "application/json");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    call(app, request.body(Body::from(body.to_owned())).unwrap()).await
}

#[tokio::test]
async fn every_motion_is_a_boolean_flag_whose_value_is_can_move() {
    let app = seed_app();
    let (_, board) = get_json(&app, "/api/vendor-readiness").await;
    for motion in board["motions"].as_array().unwrap() {
        let id = motion["id"].as_str().unwrap();
        let (status, _, body) = ofrep(
            &app,
            &format!("/ofrep/v1/evaluate/flags/{id}"),
            r#"{"context":{"targetingKey":"u1"}}"#,
            &[],
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        let flag: Value = serde_json::from_slice(&body).unwrap();
        let blocked: Vec<&str> = motion["blockers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b["system"].as_str().unwrap())
            .collect();
        assert_eq!(flag["key"], id);
        assert_eq!(flag["value"], motion["can_move"]);
        assert_eq!(flag["reason"], "STATIC");
        assert_eq!(
            flag["variant"],
            if motion["can_move"] == true {
                "can-move"
            } else {
                "gated"
            }
        );
        assert_eq!(flag["metadata"]["blocked_by"], blocked.join(","));
        assert_eq!(flag["metadata"]["name"], motion["name"]);
    }
    let (status, _, empty_body) = ofrep(
        &app,
        "/ofrep/v1/evaluate/flags/managed-private-beta",
        "",
        &[],
    )
    .await;
    assert_eq!(
        status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&empty_body)
    );
}

#[tokio::test]
async fn unknown_flags_and_bad_contexts_get_the_protocol_errors() {
    let app = seed_app();
    let (status, _, body) = ofrep(&app, "/ofrep/v1/evaluate/flags/no-such-motion", "{}", &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let failure: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(failure["key"], "no-such-motion");
    assert_eq!(failure["errorCode"], "FLAG_NOT_FOUND");
    assert!(failure["errorDetails"]
        .as_str()
        .unwrap()
        .contains("self-serve-paid-launch"));
    for (body, code) in [
        ("{not json", "PARSE_ERROR"),
        ("[1]", "PARSE_ERROR"),
        (r#"{"context":"x"}"#, "INVALID_CONTEXT"),
    ] {
        let (status, _, answer) = ofrep(
            &app,
            "/ofrep/v1/evaluate/flags/managed-private-beta",
            body,
            &[],
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(
            serde_json::from_slice::<Value>(&answer).unwrap()["errorCode"],
            code,
            "{body}"
        );
        let (status, _, answer) = ofrep(&app, "/ofrep/v1/evaluate/flags", body, &[]).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "bulk {body}");
        assert_eq!(
            serde_json::from_slice::<Value>(&answer).unwrap()["errorCode"],
            code,
            "bulk {body}"
        );
    }
    let huge = format!(r#"{{"context":{{"k":"{}"}}}}"#, "x".repeat(64 * 1024));
    for uri in [
        "/ofrep/v1/evaluate/flags",
        "/ofrep/v1/evaluate/flags/managed-private-beta",
    ] {
        let (status, headers, body) = ofrep(&app, uri, &huge, &[]).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{uri}");
        assert_eq!(
            headers["content-type"], "application/json",
            "{uri}: a JSON error, as described"
        );
        assert_eq!(
            serde_json::from_slice::<Value>(&body).unwrap()["error"]["code"],
            "too_large"
        );
    }
    for other in [
        "/ofrep/v1/evaluate/flags/managed-private-beta/",
        "/ofrep/v1/evaluate/flags/a/b",
        "/ofrep/v2/x",
    ] {
        let (status, headers, body) = ofrep(&app, other, "{}", &[]).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{other}");
        assert_eq!(
            headers["content-type"], "application/json",
            "{other}: JSON, not the HTML page"
        );
        assert_eq!(
            serde_json::from_slice::<Value>(&body).unwrap()["errorCode"],
            "FLAG_NOT_FOUND"
        );
    }
    let (status, _, body) = ofrep(&app, "/ofrep/v1/evaluate/flags/%ff", "{}", &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        serde_json::from_slice::<Value>(&body).unwrap()["errorCode"],
        "FLAG_NOT_FOUND"
    );
}

#[tokio::test]
async fn bulk_evaluation_has_an_etag_that_changes_with_the_board() {
    let app = moving_app();
    let (status, headers, body) = ofrep(&app, "/ofrep/v1/evaluate/flags", "{}", &[]).await;
    assert_eq!(status, StatusCode::OK);
    let flags: Value = serde_json::from_slice(&body).unwrap();
    let (_, board) = get_json(&app, "/api/vendor-readiness").await;
    assert_eq!(
        flags["flags"].as_array().unwrap().len(),
        board["motions"].as_array().unwrap().len()
    );
    let etag = headers["etag"].to_str().unwrap().to_owned();
    let (status, _, body) = ofrep(
        &app,
        "/ofrep/v1/evaluate/flags",
        "{}",
        &[("if-none-match", &etag)],
    )
    .await;
    assert_eq!(status, StatusCode::NOT_MODIFIED);
    assert!(body.is_empty());
    let weak = format!("W/{etag}");
    let (status, _, _) = ofrep(
        &app,
        "/ofrep/v1/evaluate/flags",
        "{}",
        &[("if-none-match", &weak)],
    )
    .await;
    assert_eq!(
        status,
        StatusCode::NOT_MODIFIED,
        "If-None-Match compares weakly"
    );

    // A failing proof of the core runtime gates the motions that need it: a new answer, a new tag.
    let_time_pass(time::Duration::seconds(1));
    let auth = format!("Bearer {PUSH_TOKEN}");
    let push = json!({"system": "core-runtime", "outcome": "fail", "evidence": "down"}).to_string();
    let (status, _) = send(
        &app,
        "POST",
        "/api/proofs",
        &[
            ("content-type", "application/json"),
            ("authorization", &auth),
        ],
        push,
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, headers, body) = ofrep(
        &app,
        "/ofrep/v1/evaluate/flags",
        "{}",
        &[("if-none-match", &etag)],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_ne!(headers["etag"].to_str().unwrap(), etag);
    let flags: Value = serde_json::from_slice(&body).unwrap();
    assert!(
        flags["flags"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["value"] == false),
        "{flags}"
    );
}

/// Issue 23 (found by a new operator): logs written to a file kept the terminal's colour codes.
/// Colours are for a terminal only.
#[test]
fn logs_to_a_file_carry_no_colour_codes() {
    let dir = tempfile::tempdir().unwrap();
    let log_path = dir.path().join("server.log");
    let log = std::fs::File::create(&log_path).unwrap();
    let db = dir.path().join("p.db");
    let server = ServerProcess::start(|cmd| {
        cmd.arg("--db").arg(&db);
        cmd.env("RUST_LOG", "info")
            .env_remove("NO_COLOR")
            .stderr(log.try_clone().unwrap());
    });
    drop(server);
    let text = std::fs::read_to_string(&log_path).unwrap();
    assert!(text.contains("inputs loaded"), "{text}");
    assert!(!text.contains('\u{1b}'), "{text:?}");
}
