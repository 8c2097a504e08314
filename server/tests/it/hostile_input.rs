//! Hostile HTTP input not covered elsewhere: overlong and invalid-UTF-8 query strings, path
//! traversal on static files, invalid UTF-8 bodies. Each gives a clear answer and changes nothing.

use crate::common;
use axum::http::StatusCode;
use common::*;

#[tokio::test]
async fn an_overlong_filter_value_is_a_no_match_not_an_error() {
    let app = seed_app();
    let long = "A".repeat(20_000);
    let (status, body) = get_json(&app, &format!("/api/vendor-readiness?owner={long}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["systems"], serde_json::json!([]));
    assert!(
        body["filter"]["owner"].as_str().unwrap().len() <= 200,
        "the echoed value is cut"
    );
    let (status, html, _) = get(&app, &format!("/?motion={long}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("No offer has the id"));
    assert!(html.len() < 200_000, "the page does not echo 20 kB back");
}

#[tokio::test]
async fn invalid_utf8_in_the_query_is_decoded_lossily_into_a_no_match() {
    let app = seed_app();
    let (status, body) = get_json(&app, "/api/vendor-readiness?owner=%FF%FE").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        body["filter"]["owner"], "\u{fffd}\u{fffd}",
        "bytes become replacement characters"
    );
    assert_eq!(body["systems"], serde_json::json!([]));
    let (status, html, _) = get(&app, "/?owner=%FF").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("data-testid=\"no-match\""));
}

#[tokio::test]
async fn path_traversal_never_reaches_files_outside_the_site() {
    let app = seed_app();
    for path in [
        "/../Cargo.toml",
        "/pkg/../../Cargo.toml",
        "/pkg/..%2f..%2fCargo.toml",
        "/%2e%2e/%2e%2e/catalog/demo.env",
        "/pkg/%2e%2e%2f%2e%2e%2fcatalog%2fdemo.env",
        "/..\\..\\Cargo.toml",
    ] {
        let (status, body, _) = get(&app, path).await;
        assert!(status.is_client_error(), "{path}: {status}");
        assert!(
            !body.contains("[package]") && !body.contains("DATABASE_URL="),
            "{path} served a file outside the site"
        );
    }
}

#[tokio::test]
async fn invalid_utf8_in_a_pushed_body_is_422_and_stores_nothing() {
    let app = seed_app();
    let auth = format!("Bearer {PUSH_TOKEN}");
    let mut body = br#"{"system":"core-runtime","outcome":"pass","evidence":""#.to_vec();
    body.extend_from_slice(&[0xff, 0xfe, b'"', b'}']);
    let (status, error) = send(
        &app,
        "POST",
        "/api/proofs",
        &[
            ("content-type", "application/json"),
            ("authorization", &auth),
        ],
        body,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error["error"]["field"], "body");
    assert_eq!(app.state.store.count().unwrap(), 1);
}
