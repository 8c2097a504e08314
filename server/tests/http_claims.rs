//! `POST /api/claims/check`: violations with offsets and what lifts them; clear errors.

mod common;
use axum::http::StatusCode;
use common::*;
use serde_json::json;

async fn check(app: &TestApp, body: String) -> (StatusCode, serde_json::Value) {
    send(
        app,
        "POST",
        "/api/claims/check",
        &[("content-type", "application/json")],
        body,
    )
    .await
}

#[tokio::test]
async fn finds_each_disallowed_claim_with_its_place_and_lift() {
    let app = seed_app();
    let body = json!({ "motion": "self-serve-paid-launch", "text": "Sign up today: instant checkout and card-backed activation." });
    let (status, result) = check(&app, body.to_string()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        result["violations"],
        json!([
            { "start": 15, "end": 31, "text": "instant checkout", "claim": "Buy-now checkout", "lifted_by": ["Stripe self-serve billing"] },
            { "start": 36, "end": 58, "text": "card-backed activation", "claim": "Card-backed activation", "lifted_by": ["Stripe self-serve billing"] }
        ])
    );
}

#[tokio::test]
async fn clean_copy_and_empty_copy_have_no_violations() {
    let app = seed_app();
    for text in ["", "We onboard each customer by hand, on an order form."] {
        let (status, result) = check(
            &app,
            json!({ "motion": "invoice-led-paid-beta", "text": text }).to_string(),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(result["violations"], json!([]));
    }
}

#[tokio::test]
async fn a_megabyte_of_copy_is_checked() {
    let app = seed_app();
    let text = "Our launch: pay by card. ".repeat(42_000);
    assert!(text.len() > 1_000_000);
    let (status, result) = check(
        &app,
        json!({ "motion": "managed-private-beta", "text": text }).to_string(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(result["total"], 42_000);
    assert_eq!(result["violations"].as_array().map(Vec::len), Some(1000));
}

#[tokio::test]
async fn bad_requests_are_clear() {
    let app = seed_app();
    let (status, error) = check(
        &app,
        json!({ "motion": "moonshot", "text": "x" }).to_string(),
    )
    .await;
    assert_eq!(
        (status, error["error"]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("motion"))
    );
    let (status, _) = check(&app, json!({ "text": "x" }).to_string()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = check(
        &app,
        json!({ "motion": "m", "text": "x".repeat(3 * 1024 * 1024) }).to_string(),
    )
    .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    let (status, _) = send(
        &app,
        "POST",
        "/api/claims/check",
        &[("content-type", "text/plain")],
        "hi",
    )
    .await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
}

/// 2 MiB of copy once made a 30 MB answer: the answer lists at most 1,000 and counts the rest.
#[tokio::test]
async fn an_answer_lists_at_most_a_thousand_violations_and_counts_them_all() {
    let app = seed_app();
    let text = "buy now ".repeat(5000);
    let body = json!({ "motion": "self-serve-paid-launch", "text": text });
    let (status, result) = check(&app, body.to_string()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(result["violations"].as_array().map(Vec::len), Some(1000));
    assert_eq!(result["total"], 5000);
    assert_eq!(result["truncated"], true);
    let (_, small) = check(
        &app,
        json!({ "motion": "self-serve-paid-launch", "text": "buy now" }).to_string(),
    )
    .await;
    assert_eq!(
        (small["total"].as_u64(), small["truncated"].as_bool()),
        (Some(1), Some(false))
    );
}
