//! A pushed record keeps its run's duration and output digest (issue 22, receipts): `prove
//! --push` sends them to a board whose `HEAD /api/proofs` names them, and only to such a board,
//! since a board from before them refuses unknown fields; the board checks them as it checks
//! the rest.

use crate::cli::{fixture, start_server};
use crate::common::{self, seed_app, PUSH_TOKEN};
use axum::http::StatusCode;
use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};

#[test]
fn prove_push_gives_the_board_the_runs_duration_and_digest() {
    let f = fixture();
    let server = start_server(&f, "ops-token");
    let env = f.path("ops.env");
    let args = [
        "prove",
        "--system",
        "pay",
        "--env-file",
        env.to_str().unwrap(),
    ];
    let push = ["--push", &server.base, "--token", "ops-token", "--json"];
    let out = f.cmd(&[&args[..], &push[..]].concat()).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", common::text(&out));
    let results: Value = serde_json::from_slice(&out.stdout).unwrap();
    let id = results[0]["record_id"].as_i64().unwrap();
    let receipt: Value = ureq::get(&format!("{}/api/proofs/{id}", server.base))
        .call()
        .unwrap()
        .into_json()
        .unwrap();
    assert_eq!(
        receipt["output_sha256"], results[0]["output_sha256"],
        "{receipt}"
    );
    assert_eq!(
        receipt["duration_ms"], results[0]["duration_ms"],
        "{receipt}"
    );
}

/// A board from before the fields: its `HEAD` names none, and it refuses a body with unknown
/// fields. It answers one push; the body it got is returned.
fn older_board() -> (String, std::thread::JoinHandle<String>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let handle = std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let (mut head, mut length) = (String::new(), 0usize);
            let mut line = String::new();
            while reader.read_line(&mut line).unwrap() > 2 {
                if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = v.trim().parse().unwrap();
                }
                head.push_str(&line);
                line.clear();
            }
            let mut body = vec![0; length];
            reader.read_exact(&mut body).unwrap();
            let mut writer = stream;
            if head.starts_with("HEAD") {
                writer
                    .write_all(b"HTTP/1.1 204 No Content\r\n\r\n")
                    .unwrap();
                continue;
            }
            let answer = r#"{"id":7}"#;
            let reply = format!("HTTP/1.1 201 Created\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{answer}", answer.len());
            writer.write_all(reply.as_bytes()).unwrap();
            return String::from_utf8(body).unwrap();
        }
        String::new()
    });
    (base, handle)
}

#[test]
fn a_board_from_before_the_fields_is_sent_none_of_them() {
    let f = fixture();
    let (base, board) = older_board();
    let env = f.path("ops.env");
    let args = [
        "prove",
        "--system",
        "pay",
        "--env-file",
        env.to_str().unwrap(),
    ];
    let out = f
        .cmd(&[&args[..], &["--push", &base, "--token", "t"][..]].concat())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", common::text(&out));
    let body: Value = serde_json::from_str(&board.join().unwrap()).unwrap();
    assert_eq!(body["system"], "pay");
    assert!(
        body.get("duration_ms").is_none() && body.get("output_sha256").is_none(),
        "{body}"
    );
}

#[tokio::test]
async fn the_board_names_the_fields_and_checks_them() {
    let app = seed_app();
    let auth = format!("Bearer {PUSH_TOKEN}");
    let head = axum::http::Request::head("/api/proofs")
        .header("authorization", auth.as_str())
        .body(axum::body::Body::empty())
        .unwrap();
    let (status, headers, _) = common::call(&app, head).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(headers["push-fields"], "duration_ms, output_sha256");
    let headers = [
        ("content-type", "application/json"),
        ("authorization", auth.as_str()),
    ];
    let digest = "ab".repeat(32);
    for (extra, field) in [
        (r#""output_sha256":"ABAB""#.to_owned(), "output_sha256"),
        (r#""duration_ms":999999999999"#.to_owned(), "duration_ms"),
    ] {
        let body =
            format!(r#"{{"system":"core-runtime","outcome":"pass","evidence":"e",{extra}}}"#);
        let (status, answer) = common::send(&app, "POST", "/api/proofs", &headers, body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
        assert!(answer.to_string().contains(field), "{answer}");
    }
    let body = format!(
        r#"{{"system":"core-runtime","outcome":"pass","evidence":"e","duration_ms":1234,"output_sha256":"{digest}"}}"#
    );
    let keyed = [headers[0], headers[1], ("idempotency-key", "k-1")];
    let (status, stored) = common::send(&app, "POST", "/api/proofs", &keyed, body).await;
    assert_eq!(status, StatusCode::CREATED, "{stored}");
    let (_, receipt) = common::get_json(&app, &format!("/api/proofs/{}", stored["id"])).await;
    assert_eq!(receipt["duration_ms"], 1234);
    assert_eq!(receipt["output_sha256"], digest);
}
