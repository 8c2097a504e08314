//! What keeps an open page live: `GET /api/board/version` changes with what a reader sees (a
//! pushed proof, an expiry), not with the clock alone, and answers 304 to its own ETag. And a
//! future `as_of` is refused, on the page and in the API, rather than shown as if it were known.

use crate::common;

use axum::http::StatusCode;
use common::*;

async fn version(app: &TestApp) -> (String, String) {
    let (status, body, headers) = get(app, "/api/board/version").await;
    assert_eq!(status, StatusCode::OK);
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    let etag = headers["etag"].to_str().unwrap().to_owned();
    let version = json["version"].as_str().unwrap().to_owned();
    assert_eq!(etag, format!("\"{version}\""));
    assert_eq!(headers["cache-control"], "no-cache");
    (version, etag)
}

#[tokio::test]
async fn the_version_answers_304_to_its_etag_and_changes_with_a_pushed_proof() {
    let app = moving_app();
    let (first, etag) = version(&app).await;
    let headers = [("if-none-match", etag.as_str())];
    let (status, body) = send(&app, "GET", "/api/board/version", &headers, String::new()).await;
    assert_eq!(status, StatusCode::NOT_MODIFIED);
    assert!(body.is_null(), "a 304 has no body: {body}");
    let (again, _) = version(&app).await;
    assert_eq!(again, first, "nothing happened, nothing changed");

    push_later(&app, "core-runtime", "fail").await;
    let (after, _) = version(&app).await;
    assert_ne!(after, first, "a failed proof changes what the page shows");
    let (status, _) = send(&app, "GET", "/api/board/version", &headers, String::new()).await;
    assert_eq!(status, StatusCode::OK, "the old ETag no longer matches");
}

#[tokio::test]
async fn the_clock_alone_does_not_change_the_version_but_an_expiry_does() {
    let clock = TestClock::default();
    let app = seed_app_with_clock(clock.clock());
    let (first, _) = version(&app).await;
    clock.advance(time::Duration::minutes(5));
    let (later, _) = version(&app).await;
    assert_eq!(later, first, "the board was recomputed but shows the same");

    // Past every demo proof's expiry: statuses fall once the store is read (the watcher reads
    // when an expiry comes due; until then the board shows nothing beyond the store's horizon),
    // and the version says so.
    clock.advance(time::Duration::days(400));
    let (unread, _) = version(&app).await;
    assert_eq!(unread, first, "nothing shown beyond what the store settled");
    app.state.sync_from_store().await.unwrap();
    let (expired, _) = version(&app).await;
    assert_ne!(expired, first);
}

#[tokio::test]
async fn a_future_as_of_is_refused_on_the_page_and_in_the_api() {
    let app = seed_app();
    let future = "2099-01-01T00:00:00Z";
    let (status, body) = get_json(&app, &format!("/api/vendor-readiness?as_of={future}")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.to_string().contains("is in the future"), "{body}");
    let (status, page, _) = get(&app, &format!("/?as_of={future}")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(page.contains("is in the future"), "{page}");
    // A past instant still works.
    let (status, _) = get_json(&app, "/api/vendor-readiness?as_of=2026-11-01T00:00:00Z").await;
    assert_eq!(status, StatusCode::OK);
}

/// Issue 25, the contract: a JSON snapshot can be tied to a page. The board's JSON carries its
/// `version`, its ETag is that version (weak: `as_of` moves with the clock) and answers 304 to a
/// client holding it, and the page's `main` carries it as `data-board-version`; all three equal
/// `GET /api/board/version`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_json_the_page_and_the_version_endpoint_name_one_version() {
    let app = moving_app();
    let (_, version) = get_json(&app, "/api/board/version").await;
    let version = version["version"].as_str().unwrap().to_owned();
    let (status, board, headers) = get(&app, "/api/vendor-readiness").await;
    assert_eq!(status, StatusCode::OK);
    let board: serde_json::Value = serde_json::from_str(&board).unwrap();
    assert_eq!(board["version"], version.as_str());
    assert_eq!(headers["etag"], format!("W/\"{version}\"").as_str());
    let (_, html, _) = get(&app, "/").await;
    assert!(html.contains(&format!(r#"data-board-version="{version}""#)));
    let held = [("if-none-match", format!("\"{version}\""))];
    let held: Vec<(&str, &str)> = held.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, _) = send(&app, "GET", "/api/vendor-readiness", &held, String::new()).await;
    assert_eq!(status, StatusCode::NOT_MODIFIED);
    // A write moves all three.
    push_later(&app, "core-runtime", "fail").await;
    let (_, moved) = get_json(&app, "/api/board/version").await;
    assert_ne!(moved["version"], version.as_str());
    let (_, board) = get_json(&app, "/api/vendor-readiness").await;
    assert_eq!(board["version"], moved["version"]);
    let (status, _) = send(&app, "GET", "/api/vendor-readiness", &held, String::new()).await;
    assert_eq!(status, StatusCode::OK);
}
