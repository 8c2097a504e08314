//! Attacks on the store's promises: a push answered 408 was committed anyway, so its retry
//! stored it twice; a store file removed or made read-only while serving still got 201s for
//! writes that would be lost; NUL bytes reached one backend and not the other.

use crate::common;

use axum::http::StatusCode;
use common::{call, get_json, push_later, seed_app, send, PUSH_TOKEN};

async fn push_with_key(
    app: &common::TestApp,
    key: Option<&str>,
    body: &str,
) -> (StatusCode, axum::http::HeaderMap, serde_json::Value) {
    let mut request = axum::http::Request::post("/api/proofs")
        .header("content-type", "application/json")
        .header("authorization", format!("Bearer {PUSH_TOKEN}"));
    if let Some(key) = key {
        request = request.header("idempotency-key", key);
    }
    let (status, headers, bytes) = call(app, request.body(body.to_owned().into()).unwrap()).await;
    (
        status,
        headers,
        serde_json::from_slice(&bytes).unwrap_or_default(),
    )
}

const BODY: &str = r#"{"system":"core-runtime","outcome":"pass","evidence":"smoke passed"}"#;

#[tokio::test]
async fn a_retried_push_with_the_same_key_is_answered_not_stored_twice() {
    let app = seed_app();
    let before = app.state.store.count().unwrap();
    let (first, _, stored) = push_with_key(&app, Some("retry-7f3a"), BODY).await;
    assert_eq!(first, StatusCode::CREATED);
    let (again, headers, replay) = push_with_key(&app, Some("retry-7f3a"), BODY).await;
    assert_eq!(again, StatusCode::CREATED);
    assert_eq!(replay, stored, "the retry gets the first answer");
    assert_eq!(headers["idempotent-replayed"], "true");
    assert_eq!(app.state.store.count().unwrap(), before + 1);
    // The metric counts the replay as replayed, not stored (found by a new operator, issue 23).
    let (_, metrics, _) = common::get(&app, "/metrics").await;
    let count = |result: &str| {
        let line = format!("vendor_readiness_proof_pushes_total{{result=\"{result}\"}} ");
        metrics
            .lines()
            .find_map(|l| l.strip_prefix(&line))
            .map_or(0.0, |n| n.trim().parse::<f64>().unwrap())
    };
    assert_eq!(
        (count("stored"), count("replayed")),
        (1.0, 1.0),
        "{metrics}"
    );

    let other = r#"{"system":"core-runtime","outcome":"fail","evidence":"other"}"#;
    let (reused, _, error) = push_with_key(&app, Some("retry-7f3a"), other).await;
    assert_eq!(reused, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
    assert_eq!(error["error"]["field"], "Idempotency-Key");
    for bad in ["", "has space", &"k".repeat(129)] {
        let (status, _, _) = push_with_key(&app, Some(bad), BODY).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad:?}");
    }
    assert_eq!(app.state.store.count().unwrap(), before + 1);
}

#[tokio::test]
async fn a_store_file_removed_while_serving_is_not_ready_and_refuses_writes() {
    let app = seed_app();
    let db = app.db_path();
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    let (status, _) = get_json(&app, "/readyz").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    let (status, headers, error) = push_with_key(&app, None, BODY).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{error}");
    assert!(headers.contains_key("retry-after"));
    assert!(
        !error.to_string().contains(&db.display().to_string()),
        "the path stays in the log: {error}"
    );
    let (status, _) = get_json(&app, "/api/vendor-readiness").await;
    assert_eq!(status, StatusCode::OK, "the board is still served");
}

#[tokio::test]
async fn a_store_file_made_read_only_while_serving_refuses_writes() {
    use std::os::unix::fs::PermissionsExt;
    let app = seed_app();
    let before = app.state.store.count().unwrap();
    std::fs::set_permissions(app.db_path(), std::fs::Permissions::from_mode(0o444)).unwrap();
    let (status, _) = get_json(&app, "/readyz").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    let (status, _, _) = push_with_key(&app, None, BODY).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(app.state.store.count().unwrap(), before);
}

#[tokio::test]
async fn nul_bytes_in_evidence_are_refused_on_every_backend() {
    let app = seed_app();
    let body = r#"{"system":"core-runtime","outcome":"fail","evidence":"before\u0000after"}"#;
    let (status, _, error) = push_with_key(&app, None, body).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error["error"]["field"], "evidence");
}

#[tokio::test]
async fn server_errors_name_a_request_id_and_never_their_cause() {
    let app = seed_app();
    std::fs::remove_file(app.db_path()).unwrap();
    let (status, headers, body) = push_with_key(&app, None, BODY).await;
    assert!(status.is_server_error(), "{status}");
    assert_eq!(
        body["error"]["request_id"],
        headers["x-request-id"].to_str().unwrap(),
        "the body names the id the response carries"
    );
    let message = body["error"]["message"].as_str().unwrap();
    assert!(
        !message.contains("proofs.db") && !message.contains("sqlite"),
        "{message}"
    );
    let id = body["error"]["request_id"].as_str().unwrap();
    assert_eq!(id.len(), 36, "a request id: {id}");
}

/// Found by attack: removing only the `-wal` file went unnoticed, and a crash then lost every
/// acknowledged record.
#[tokio::test]
async fn a_write_ahead_log_removed_while_serving_refuses_writes() {
    let app = seed_app();
    let wal = format!("{}-wal", app.db_path().display());
    std::fs::remove_file(&wal).unwrap();
    let (status, _) = get_json(&app, "/readyz").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    let (status, _, _) = push_with_key(&app, None, BODY).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
}

/// Found by attack (issue 26, round 6): while another process held the SQLite file's write lock,
/// pushes queued one behind another and were answered up to 35 s after they were sent, so
/// clients gave up and retried. Each push is answered within about ten seconds (503 with
/// Retry-After while the store is busy), and pushes go through again once it is free.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pushes_during_a_store_stall_are_answered_in_bounded_time() {
    let app = std::sync::Arc::new(seed_app());
    let locker = rusqlite::Connection::open(app.db_path()).unwrap();
    locker.execute_batch("BEGIN IMMEDIATE").unwrap();
    let pushes: Vec<_> = (0..6)
        .map(|_| {
            let app = std::sync::Arc::clone(&app);
            tokio::spawn(async move {
                let started = std::time::Instant::now();
                let auth = format!("Bearer {PUSH_TOKEN}");
                let headers = [
                    ("content-type", "application/json"),
                    ("authorization", auth.as_str()),
                ];
                let body = r#"{"system":"core-runtime","outcome":"pass","evidence":"e"}"#;
                let (status, _) = send(&app, "POST", "/api/proofs", &headers, body).await;
                (status, started.elapsed())
            })
        })
        .collect();
    for push in pushes {
        let (status, took) = push.await.unwrap();
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
        assert!(took < std::time::Duration::from_secs(12), "{took:?}");
    }
    locker.execute_batch("ROLLBACK").unwrap();
    push_later(&app, "core-runtime", "pass").await;
}
