//! The JSON API and health endpoints through `app()` + `oneshot`, and once over a real socket.

use crate::common;
use axum::http::StatusCode;
use common::*;
use serde_json::json;

#[tokio::test]
async fn seed_json_snapshot() {
    let app = seed_app();
    let (status, body) = get_json(&app, "/api/vendor-readiness").await;
    assert_eq!(status, StatusCode::OK);
    insta::assert_json_snapshot!("seed_board", body, { ".catalog.changed_at" => "[catalog file mtime]" });
}

/// Issue 24: the board's JSON was answered plain to every `br, gzip` client. Each coding decodes
/// to the very bytes answered plain; a client refusing both gets them as they are; `Vary` says
/// the answer depends on `Accept-Encoding`, and a 304 carries no coding.
#[tokio::test]
async fn the_board_json_is_compressed_as_the_client_accepts() {
    use axum::body::Body;
    use axum::http::{header, Request};
    let app = seed_app();
    let fetch = |accept: &'static str| {
        let request = Request::get("/api/vendor-readiness")
            .header(header::ACCEPT_ENCODING, accept)
            .body(Body::empty())
            .unwrap();
        call(&app, request)
    };
    let (status, plain_headers, plain) = fetch("identity").await;
    assert_eq!(status, StatusCode::OK);
    assert!(plain_headers.get(header::CONTENT_ENCODING).is_none());
    assert_eq!(plain_headers[header::VARY], "accept-encoding");
    let (_, headers, br) = fetch("gzip, deflate, br").await;
    assert_eq!(headers[header::CONTENT_ENCODING], "br");
    let mut decoded = Vec::new();
    brotli::BrotliDecompress(&mut &br[..], &mut decoded).unwrap();
    assert_eq!(decoded, plain);
    assert!(
        br.len() * 4 <= plain.len(),
        "{} of {}",
        br.len(),
        plain.len()
    );
    let (_, headers, gz) = fetch("gzip").await;
    assert_eq!(headers[header::CONTENT_ENCODING], "gzip");
    let mut decoded = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&gz[..]), &mut decoded).unwrap();
    assert_eq!(decoded, plain);
    let (_, headers, again) = fetch("br;q=0, gzip;q=0").await;
    assert!(headers.get(header::CONTENT_ENCODING).is_none());
    assert_eq!(again, plain);
    let etag = plain_headers[header::ETAG].to_str().unwrap().to_owned();
    let request = Request::get("/api/vendor-readiness")
        .header(header::ACCEPT_ENCODING, "br")
        .header(header::IF_NONE_MATCH, etag)
        .body(Body::empty())
        .unwrap();
    let (status, headers, body) = call(&app, request).await;
    assert_eq!(status, StatusCode::NOT_MODIFIED);
    assert!(headers.get(header::CONTENT_ENCODING).is_none() && body.is_empty());
    assert_eq!(headers[header::CACHE_CONTROL], "no-cache", "on the 304 too");
    assert_eq!(headers[header::ETAG], plain_headers[header::ETAG]);
}

/// Issue 24: the whole board's headers are made once with its JSON, not added per answer.
/// Every answer has each once, its own request id, and only its coding's `Content-Encoding`.
#[tokio::test]
async fn every_answer_of_the_whole_board_carries_its_headers_once() {
    use axum::body::Body;
    use axum::http::{header, Request};
    let app = seed_app();
    let mut ids = Vec::new();
    for (path, accept) in [
        ("/api/vendor-readiness", "identity"),
        ("/api/vendor-readiness", "br"),
        ("/api/vendor-readiness?owner=", "identity"),
    ] {
        let request = Request::get(path).header(header::ACCEPT_ENCODING, accept);
        let (status, headers, _) = call(&app, request.body(Body::empty()).unwrap()).await;
        assert_eq!(status, StatusCode::OK);
        for (name, value) in [
            ("content-type", "application/json"),
            ("cache-control", "no-cache"),
            ("vary", "accept-encoding"),
            ("x-content-type-options", "nosniff"),
            ("x-frame-options", "DENY"),
        ] {
            let all: Vec<_> = headers.get_all(name).iter().collect();
            assert_eq!(all, [value], "{path} {accept}: {name}");
        }
        assert!(headers[header::ETAG].to_str().unwrap().starts_with("W/\""));
        let coding = headers.get(header::CONTENT_ENCODING);
        assert_eq!(coding.is_some(), accept == "br", "{path} {accept}");
        assert_eq!(headers.get_all("x-request-id").iter().count(), 1);
        ids.push(headers["x-request-id"].clone());
    }
    ids.dedup();
    assert_eq!(ids.len(), 3, "each answer has its own id");
}

#[tokio::test]
async fn seed_json_figures() {
    let app = seed_app();
    let (_, body) = get_json(&app, "/api/vendor-readiness").await;
    assert_eq!(
        body["headline"],
        "Invoice-led beta can move. Self-serve and broad enterprise stay gated."
    );
    assert_eq!(
        body["summary"],
        json!({"systems": 7, "ready": 1, "configured_unproven": 1, "manual_fallback": 3, "blocked": 2})
    );
    assert_eq!(body["as_of"], "2026-11-26T09:00:00Z");
    assert_eq!(body["systems"].as_array().map(Vec::len), Some(7));
    assert_eq!(body["motions"].as_array().map(Vec::len), Some(4));
}

#[tokio::test]
async fn json_has_the_right_content_type() {
    let (status, _, headers) = get(&seed_app(), "/api/vendor-readiness").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "application/json");
}

#[tokio::test]
async fn owner_and_motion_filters() {
    let app = seed_app();
    let (status, body) = get_json(&app, "/api/vendor-readiness?owner=Finance").await;
    assert_eq!(status, StatusCode::OK);
    let ids: Vec<&str> = body["systems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, vec!["stripe-billing"]);
    assert_eq!(body["summary"]["systems"], 1);
    assert_eq!(body["filter"]["total_systems"], 7);

    let (_, body) = get_json(
        &app,
        "/api/vendor-readiness?owner=Operator&motion=invoice-led-paid-beta",
    )
    .await;
    let ids: Vec<&str> = body["systems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        vec!["core-runtime", "support-email", "evidence-operations"]
    );
    assert_eq!(body["motions"][0]["id"], "invoice-led-paid-beta");
    assert_eq!(body["motions"].as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn unknown_filter_values_are_an_empty_answer_not_an_error() {
    let app = seed_app();
    for (uri, reason) in [
        (
            "/api/vendor-readiness?owner=Nobody",
            "No system is owned by \u{201c}Nobody\u{201d}.",
        ),
        (
            "/api/vendor-readiness?motion=moonshot",
            "No offer has the id \u{201c}moonshot\u{201d}.",
        ),
    ] {
        let (status, body) = get_json(&app, uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
        assert_eq!(body["systems"], json!([]), "{uri}");
        assert_eq!(body["filter"]["no_match"], reason, "{uri}");
    }
}

#[tokio::test]
async fn blank_filters_are_the_whole_board_and_unknown_parameters_are_ignored() {
    let app = seed_app();
    let (_, whole) = get_json(&app, "/api/vendor-readiness").await;
    let (status, blank) = get_json(&app, "/api/vendor-readiness?owner=&motion=&utm_source=x").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(blank, whole);
}

#[tokio::test]
async fn repeated_parameter_is_a_clear_400() {
    let (status, body) = get_json(&seed_app(), "/api/vendor-readiness?owner=a&owner=b").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"]["code"], "bad_request");
    assert!(
        body["error"]["message"].as_str().unwrap().contains("owner"),
        "{body}"
    );
}

#[tokio::test]
async fn health_and_readiness() {
    let app = seed_app();
    assert_eq!(
        get_json(&app, "/healthz").await,
        (StatusCode::OK, json!({"status": "ok"}))
    );
    let (status, body) = get_json(&app, "/readyz").await;
    assert_eq!(status, StatusCode::OK);
    let set = app.state.board.own().set.id.clone();
    assert_eq!(
        body,
        json!({"status": "ready", "systems": 7, "proof_records": 1,
               "inputs": {"this_instance": set, "shown": set, "live": []}})
    );
}

#[tokio::test]
async fn no_value_from_the_env_file_appears_in_the_json() {
    let app = seed_app();
    let (_, body, _) = get(&app, "/api/vendor-readiness").await;
    let env = std::fs::read_to_string(repo_path("catalog/demo.env")).unwrap();
    for value in env
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('='))
        .map(|(_, v)| v)
    {
        assert!(
            !body.contains(value),
            "the JSON contains the value {value:?}"
        );
    }
    assert!(
        body.contains("\"DATABASE_URL\""),
        "names appear (the values were checked above)"
    );
}

#[tokio::test]
async fn real_socket_serves_the_board_and_health() {
    let app = seed_app();
    let addr = spawn_app(&app).await;
    let (status, body) = http_get(addr, "/healthz").await;
    assert_eq!((status, body.as_str()), (200, "{\"status\":\"ok\"}"));
    let (status, body) = http_get(addr, "/api/vendor-readiness?owner=Enterprise").await;
    assert_eq!(status, 200);
    assert!(body.contains("\"enterprise-identity\""), "{body}");
    let (status, body) = http_get(addr, "/").await;
    assert_eq!(status, 200);
    assert!(body.contains("Vendor systems"));
}

#[tokio::test]
async fn the_bench_baseline_route_exists_only_when_asked_for() {
    let mut app = seed_app();
    let (status, _, _) = get(&app, "/__bench/static?bytes=10").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    app.state.parts_mut().unwrap().bench_baseline = true;
    let (status, body, headers) = get(&app, "/__bench/static?bytes=1234&type=html").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body.len(), 1234);
    assert!(headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
}

/// Issue 25, defect 5 (found by a QA team): `as_of` in the JSON and the page's
/// `<time datetime>` carried nine fractional digits on a real clock, and passing the value back
/// returned a different string. Instants are milliseconds, and one given back comes back as is.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn instants_are_milliseconds_and_come_back_as_given() {
    let app = seed_app_with_clock(std::sync::Arc::new(|| {
        // A clock with nanoseconds, as the real one has.
        time::OffsetDateTime::now_utc()
            .replace_nanosecond(123_456_789)
            .unwrap()
    }));
    let (_, board) = get_json(&app, "/api/vendor-readiness").await;
    let as_of = board["as_of"].as_str().unwrap().to_owned();
    assert!(as_of.ends_with(".123Z"), "{as_of}");
    let (_, again) = get_json(&app, &format!("/api/vendor-readiness?as_of={as_of}")).await;
    assert_eq!(again["as_of"], as_of.as_str());
    let (_, html, _) = get(&app, &format!("/?as_of={as_of}")).await;
    assert!(html.contains(&format!("datetime=\"{as_of}\"")), "{as_of}");
    assert!(!html.contains(".123456789"));
}

/// Issue 25, defect 6 (found by a QA team): `demo_data` turned false after one real push to a
/// demo board and the note disappeared, so "production is not a demo" could not be checked. The
/// board says its deployment mode: `demo` for the demo configuration whatever is pushed to it,
/// `live` otherwise; the page says so too.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_deployment_mode_stays_demo_after_real_pushes_and_live_boards_say_live() {
    let app = moving_app();
    let (_, before) = get_json(&app, "/api/vendor-readiness").await;
    assert_eq!(before["deployment"], "demo");
    for system in before["systems"].as_array().unwrap() {
        push_later(&app, system["id"].as_str().unwrap(), "pass").await;
    }
    let (_, after) = get_json(&app, "/api/vendor-readiness").await;
    assert_eq!(
        after["demo_data"], false,
        "no demo proof is behind a status now"
    );
    assert_eq!(after["deployment"], "demo");
    let (_, html, _) = get(&app, "/").await;
    assert!(html.contains(r#"data-deployment="demo""#), "{html}");
    // A past view of a demo is a demo too, and carries no current version (found by attack).
    let past = "/api/vendor-readiness?as_of=2026-11-26T09:00:00Z";
    let (_, then) = get_json(&app, past).await;
    assert_eq!(then["deployment"], "demo", "{then}");
    let (_, html, _) = get(&app, "/?as_of=2026-11-26T09:00:00Z").await;
    assert!(
        !html.contains("data-board-version"),
        "a past view has no current version"
    );

    let dir = tempfile::tempdir().unwrap();
    let live = ServerProcess::start(|cmd| {
        cmd.arg("--catalog")
            .arg(repo_path("catalog/vendor-catalog.toml"))
            .arg("--env-file")
            .arg(repo_path("catalog/demo.env"))
            .arg("--db")
            .arg(dir.path().join("p.db"));
    });
    let board: serde_json::Value = ureq::get(&format!("{}/api/vendor-readiness", live.base))
        .call()
        .unwrap()
        .into_json()
        .unwrap();
    assert_eq!(board["deployment"], "live");
    let page = ureq::get(&format!("{}/", live.base))
        .call()
        .unwrap()
        .into_string()
        .unwrap();
    assert!(
        !page.contains("data-deployment"),
        "a live board without demo proofs has no note"
    );
    // `--demo` on a store that already holds real records seeds nothing and makes nothing a
    // demo (found by attack: the page said "a demonstration configuration").
    drop(live);
    let token = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(
        PUSH_TOKEN.as_bytes(),
    ));
    let start = |extra: &[&str]| {
        ServerProcess::start(|cmd| {
            cmd.arg("--catalog")
                .arg(repo_path("catalog/vendor-catalog.toml"))
                .arg("--env-file")
                .arg(repo_path("catalog/demo.env"))
                .arg("--db")
                .arg(dir.path().join("p.db"))
                .args(["--push-token-sha256", &token])
                .args(extra);
        })
    };
    let again = start(&[]);
    let pushed = ureq::post(&format!("{}/api/proofs", again.base))
        .set("authorization", &format!("Bearer {PUSH_TOKEN}"))
        .send_json(
            serde_json::json!({"system": "core-runtime", "outcome": "pass", "evidence": "real"}),
        )
        .unwrap();
    assert_eq!(pushed.status(), 201);
    drop(again);
    let with_demo_flag = start(&["--demo"]);
    let board: serde_json::Value =
        ureq::get(&format!("{}/api/vendor-readiness", with_demo_flag.base))
            .call()
            .unwrap()
            .into_json()
            .unwrap();
    assert_eq!(board["deployment"], "live", "{board}");
}
