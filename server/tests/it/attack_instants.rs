//! Attacks with odd instants: one valid-looking push with a year-0 timestamp once made the JSON
//! API answer `{}` forever, `status --json` print nothing and `bundle` panic; an offset of
//! -23:59 on the last second of 9999 panicked the server. Every instant is now bounded and
//! canonical at the edge, and a bad row already stored is skipped.

use crate::common;

use axum::http::StatusCode;
use common::{get, get_json, seed_app, send, PUSH_TOKEN};

async fn push(app: &common::TestApp, recorded_at: &str) -> (StatusCode, serde_json::Value) {
    let body = serde_json::json!({
        "system": "core-runtime",
        "outcome": "pass",
        "evidence": "smoke passed",
        "recorded_at": recorded_at,
    });
    send(
        app,
        "POST",
        "/api/proofs",
        &[
            ("content-type", "application/json"),
            ("authorization", &format!("Bearer {PUSH_TOKEN}")),
        ],
        body.to_string(),
    )
    .await
}

#[tokio::test]
async fn a_year_zero_or_overflowing_timestamp_is_refused_and_the_api_stays_whole() {
    let app = seed_app();
    for instant in [
        "0000-01-01T00:00:00+00:01",
        "9999-12-31T23:59:59-23:59",
        "1999-12-31T23:59:59Z",
        "+10000-01-01T00:00:00Z",
    ] {
        let (status, error) = push(&app, instant).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{instant}: {error}"
        );
        assert_eq!(error["error"]["field"], "recorded_at", "{instant}");
    }
    let (status, board) = get_json(&app, "/api/vendor-readiness").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        board["systems"].as_array().map(Vec::len),
        Some(7),
        "{board}"
    );
}

#[tokio::test]
async fn an_as_of_that_would_overflow_is_a_400_never_a_panic() {
    let app = seed_app();
    for query in [
        "as_of=9999-12-31T23:59:59-23:59",
        "as_of=0000-01-01T00:00:00%2B00:01",
        "as_of=9999-12-31T23:59:59Z",
    ] {
        let (status, error) = get_json(&app, &format!("/api/vendor-readiness?{query}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}: {error}");
        assert!(
            error["error"]["message"]
                .as_str()
                .unwrap()
                .contains("between 2000-01-01 and 9900-01-01"),
            "{error}"
        );
        let (status, html, _) = get(&app, &format!("/?{query}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}");
        assert!(html.contains("between 2000-01-01 and 9900-01-01"));
    }
}

#[tokio::test]
async fn instants_are_kept_to_the_millisecond_in_utc_everywhere() {
    let app = seed_app();
    let (status, stored) = push(&app, "2026-11-26T09:30:00.123456789+01:00").await;
    assert_eq!(status, StatusCode::CREATED, "{stored}");
    assert_eq!(stored["recorded_at"], "2026-11-26T08:30:00.123Z");
    // It arrived at 09:00 (the clock): the past view at 08:45 shows what was known then, the
    // demo proof of 07:00, never a record that came later (the past does not change).
    let (_, board) = get_json(&app, "/api/vendor-readiness?as_of=2026-11-26T08:45:00Z").await;
    let core = board["systems"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "core-runtime")
        .unwrap();
    assert_ne!(core["proof"]["recorded_at"], "2026-11-26T08:30:00.123Z");
    let history = app.state.store.history(None, 100).unwrap();
    let kept = history
        .iter()
        .find(|r| Some(r.id) == stored["id"].as_i64())
        .unwrap();
    assert_eq!(
        kept.record.recorded_at,
        time::macros::datetime!(2026-11-26 08:30:00.123 UTC)
    );
}

/// Rows written before instants were bounded (or by hand) must not take the board down.
#[tokio::test]
async fn a_bad_row_already_stored_is_skipped_not_fatal() {
    let app = seed_app();
    let db = rusqlite::Connection::open(app.db_path()).unwrap();
    db.execute(
        "INSERT INTO proof_records (system, outcome, recorded_at_ms, evidence, source)
         VALUES ('core-runtime', 'pass', -62167219200000, 'year zero', 'api'),
                ('NOT A VALID ID', 'pass', 1764000000000, 'bad id', 'api')",
        [],
    )
    .unwrap();
    db.execute("UPDATE store_changes SET counter = counter + 1", [])
        .unwrap();
    // A real push makes the server read the store back, bad rows included.
    let (status, _) = push(&app, "2026-11-26T08:00:00Z").await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, board) = get_json(&app, "/api/vendor-readiness").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(board["systems"].as_array().map(Vec::len), Some(7));
    let (status, history) = get_json(&app, "/api/proofs?limit=1000").await;
    assert_eq!(status, StatusCode::OK);
    let evidence_free: Vec<&str> = history["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["system"].as_str().unwrap())
        .collect();
    assert!(!evidence_free.contains(&"NOT A VALID ID"));
}

#[test]
fn status_and_bundle_survive_a_bad_row() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("proofs.db");
    let catalog = common::repo_path("catalog/vendor-catalog.toml");
    let cli = |args: &[&str]| {
        common::vendor_readiness()
            .args(args)
            .arg("--catalog")
            .arg(&catalog)
            .arg("--db")
            .arg(&db)
            .env_remove("VENDOR_READINESS_ENV_FILE")
            .output()
            .unwrap()
    };
    let added = cli(&[
        "proof",
        "add",
        "--system",
        "core-runtime",
        "--outcome",
        "pass",
        "--evidence",
        "smoke passed",
    ]);
    assert_eq!(added.status.code(), Some(0));
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute(
            "INSERT INTO proof_records (system, outcome, recorded_at_ms, evidence, source)
             VALUES ('core-runtime', 'pass', -62167219200000, 'year zero', 'api')",
            [],
        )
        .unwrap();
    let status = cli(&["status", "--json"]);
    assert_eq!(status.status.code(), Some(0));
    let board: serde_json::Value = serde_json::from_slice(&status.stdout).unwrap();
    assert_eq!(board["systems"].as_array().map(Vec::len), Some(7));
    let out = dir.path().join("bundle.json");
    let bundle = cli(&["bundle", "--out", out.to_str().unwrap()]);
    assert!(
        matches!(bundle.status.code(), Some(0 | 1)),
        "bundle must answer, not panic: {}",
        String::from_utf8_lossy(&bundle.stderr)
    );
    let bad_flag = cli(&["status", "--as-of", "9999-12-31T23:59:59-23:59"]);
    assert_eq!(bad_flag.status.code(), Some(2));
}
