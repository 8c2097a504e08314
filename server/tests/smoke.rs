//! Issue 25: `smoke` as a release gate. A page whose style, script or wasm does not load (a
//! build that would never become interactive) fails it, and so does a wasm that is not
//! WebAssembly; the assets are fetched from the board's own origin only. Against stand-in
//! boards on loopback (the real site is checked by the Playwright suite against the release
//! server, with `--expect-*`).

use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;

const PAGE: &str = r#"<!DOCTYPE html><html><head>
<link rel="stylesheet" href="/pkg/v-1/vendor-readiness.css">
<link rel="modulepreload" href="/pkg/v-1/vendor-readiness.js">
<link rel="preload" href="/pkg/v-1/vendor-readiness.wasm" as="fetch" type="application/wasm">
</head><body><main id="main" data-hydrated="false"></main></body></html>"#;

/// A stand-in board serving `PAGE`; `wasm` is what its wasm path answers (`None`: 404).
async fn stand_in(wasm: Option<&'static [u8]>) -> String {
    let mut app = Router::new()
        .route(
            "/",
            get(|| async { ([(header::CONTENT_TYPE, "text/html")], PAGE) }),
        )
        .route("/healthz", get(|| async { "ok" }))
        .route("/pkg/v-1/vendor-readiness.css", get(|| async { "main{}" }))
        .route(
            "/pkg/v-1/vendor-readiness.js",
            get(|| async { "export default 1" }),
        );
    if let Some(bytes) = wasm {
        app = app.route(
            "/pkg/v-1/vendor-readiness.wasm",
            get(move || async move { bytes }),
        );
    }
    let app = app.fallback(|| async { StatusCode::NOT_FOUND.into_response() });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}")
}

/// `smoke --json` against `url`: the check of the assets, and the exit code.
async fn assets_check(url: String) -> (serde_json::Value, Option<i32>) {
    let output = tokio::task::spawn_blocking(move || {
        std::process::Command::new(assert_cmd::cargo::cargo_bin("vendor-readiness"))
            .args(["smoke", "--url", &url, "--json"])
            .env_remove("VENDOR_READINESS_ENV_FILE")
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let check = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "the page's style, script and wasm load")
        .cloned()
        .unwrap_or_else(|| panic!("no asset check: {report}"));
    (check, output.status.code())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_whose_wasm_does_not_load_fails_the_smoke() {
    let (check, code) = assets_check(stand_in(None).await).await;
    assert_eq!(check["passed"], false, "{check}");
    assert_eq!(check["detail"], "the wasm answers HTTP 404");
    assert_eq!(code, Some(1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wasm_path_answering_something_else_fails_the_smoke() {
    let (check, _) = assets_check(stand_in(Some(b"<!DOCTYPE html>")).await).await;
    assert_eq!(check["passed"], false, "{check}");
    assert_eq!(check["detail"], "the wasm is not WebAssembly");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn style_script_and_wasm_that_load_pass_that_check() {
    let (check, code) = assets_check(stand_in(Some(b"\0asm\x01\0\0\0")).await).await;
    assert_eq!(check["passed"], true, "{check}");
    // The stand-in serves no board JSON: the smoke as a whole fails on that.
    assert_eq!(code, Some(1));
}
