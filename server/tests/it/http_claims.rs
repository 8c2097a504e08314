//! `POST /api/claims/check`: violations with offsets and what lifts them; clear errors.

use crate::common;
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
    let body = json!({ "motion": "self-serve-paid-launch", "text": "Our team onboards you. Then: buy now. Card-backed activation too." });
    let (status, result) = check(&app, body.to_string()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        result["violations"],
        json!([
            { "start": 29, "end": 36, "text": "buy now", "claim": "Buy-now checkout",
              "lifted_by": ["Stripe self-serve billing"], "motions": ["self-serve-paid-launch"],
              "instead": "Buy on an order form or invoice; our team sets up your account.", "negated": false },
            { "start": 38, "end": 60, "text": "Card-backed activation", "claim": "Card-backed activation",
              "lifted_by": ["Stripe self-serve billing"], "motions": ["self-serve-paid-launch"],
              "instead": "Your workspace is set up with you once the order form is signed.", "negated": false }
        ])
    );
    assert_eq!(result["safe"], false);
    assert_eq!(result["motion"], "self-serve-paid-launch");
}

/// Without motions, every motion gets a verdict; a claim names each motion it is not for.
#[tokio::test]
async fn every_motion_is_checked_at_once() {
    let app = seed_app();
    let body = json!({ "text": "Employee records sync with Workday every night. We do not offer self-serve checkout." });
    let (status, result) = check(&app, body.to_string()).await;
    assert_eq!(status, StatusCode::OK);
    let verdicts: Vec<(String, bool)> = result["verdicts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["motion"].as_str().unwrap().to_owned(),
                v["safe"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        verdicts,
        [
            ("managed-private-beta".to_owned(), true),
            ("invoice-led-paid-beta".to_owned(), true),
            ("self-serve-paid-launch".to_owned(), true),
            ("broad-enterprise-expansion".to_owned(), false),
        ]
    );
    let negated: Vec<bool> = result["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["negated"].as_bool().unwrap())
        .collect();
    assert_eq!(negated, [false, true, true, true], "{result}");
    let (_, some) = check(
        &app,
        json!({ "motions": ["managed-private-beta", "self-serve-paid-launch"], "text": "x" })
            .to_string(),
    )
    .await;
    assert_eq!(some["verdicts"].as_array().map(Vec::len), Some(2));
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
        (StatusCode::UNPROCESSABLE_ENTITY, Some("motions"))
    );
    let (status, _) = check(&app, json!({ "motions": "all", "text": "x" }).to_string()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = check(&app, json!({ "motions": [] }).to_string()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    // Found by attack: an empty list checked every motion, both fields were merged, an array
    // was read as the object.
    for body in [
        json!({ "motions": [], "text": "buy now" }),
        json!({ "motions": ["managed-private-beta"], "motion": "self-serve-paid-launch", "text": "x" }),
        json!(["buy online", ["managed-private-beta"], null]),
        json!({ "text": "x", "extra": 1 }),
    ] {
        let (status, error) = check(&app, body.to_string()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {error}");
    }
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

/// Found by attack: a one-word check waited 3.4 s behind six 2 MiB checks holding every CPU
/// permit. Copy of a few kilobytes does not queue for a permit.
#[tokio::test]
async fn a_small_check_is_answered_while_big_ones_hold_every_cpu_permit() {
    let app = seed_app();
    let permits = app.state.cpu_permits.available_permits();
    let held = app
        .state
        .cpu_permits
        .clone()
        .acquire_many_owned(permits as u32)
        .await
        .unwrap();
    let small = check(&app, json!({ "text": "Buy now." }).to_string());
    let (status, result) = tokio::time::timeout(std::time::Duration::from_secs(30), small)
        .await
        .expect("a small check must not wait for a CPU permit");
    assert_eq!(status, StatusCode::OK);
    assert_eq!(result["safe"], false);
    // A big one does wait its turn.
    let big = check(&app, json!({ "text": "x ".repeat(20_000) }).to_string());
    assert!(
        tokio::time::timeout(std::time::Duration::from_millis(300), big)
            .await
            .is_err()
    );
    drop(held);
}
