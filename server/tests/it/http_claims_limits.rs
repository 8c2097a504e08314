//! The claim checker's size limits over real HTTP: 2 MiB of copy however its JSON writes it
//! (found by attack: 1.9 MB of text escaped as Python writes JSON was refused), and a body
//! declared over the limit refused before it is sent when the client waits to be told to send
//! it (found by attack: curl uploaded megabytes to be refused).

use crate::common::{seed_app, send, spawn_app, with_claims_model};
use axum::http::StatusCode;
use serde_json::json;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const TWO_MIB: usize = 2 * 1024 * 1024;

/// `text` as JSON with every character outside ASCII escaped (`\u0436`), as Python's
/// `json.dumps` writes it by default.
fn ascii_json(text: &str) -> String {
    let mut out = String::from("{\"text\":\"");
    for unit in text.encode_utf16() {
        match unit {
            0x20..=0x7e if unit != u16::from(b'"') && unit != u16::from(b'\\') => {
                out.push(char::from(unit as u8))
            }
            _ => out.push_str(&format!("\\u{unit:04x}")),
        }
    }
    out + "\"}"
}

async fn check(body: String) -> (StatusCode, serde_json::Value) {
    let headers = [("content-type", "application/json")];
    send(&seed_app(), "POST", "/api/claims/check", &headers, body).await
}

#[tokio::test]
async fn two_mebibytes_of_copy_are_checked_however_the_json_escapes_them() {
    // 1.9 MB of Cyrillic, each letter six bytes of JSON: 5.7 MB of body.
    let text = "Покупка онлайн. ".repeat(1_900_000 / "Покупка онлайн. ".len());
    let (status, result) = check(ascii_json(&text)).await;
    assert_eq!(status, StatusCode::OK, "{result}");
    assert_eq!(result["safe"], true);
    // Exactly 2 MiB of text with a line break in it, and "buy now" at its end.
    let mut text = "a\n".repeat((TWO_MIB - "buy now".len()) / 2);
    text.push_str("buy now");
    let padded = TWO_MIB - text.len();
    text.insert_str(0, &"b".repeat(padded));
    assert_eq!(text.len(), TWO_MIB);
    let (status, result) = check(json!({ "text": text }).to_string()).await;
    assert_eq!(status, StatusCode::OK, "{result}");
    assert_eq!(result["safe"], false, "the claim at the end was read");
}

#[tokio::test]
async fn copy_over_two_mebibytes_is_refused_however_small_its_json() {
    let text = "b".repeat(TWO_MIB + 1);
    let (status, error) = check(json!({ "text": text }).to_string()).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{error}");
    let said = error["error"]["message"].as_str().unwrap_or_default();
    assert!(
        said.contains("larger than this endpoint accepts"),
        "{error}"
    );
}

/// Sends a request head declaring `length` bytes and no body; the answer's first line, read
/// within 10 s.
async fn declared(path: &str, content_type: &str, length: usize) -> String {
    let app = with_claims_model(seed_app());
    let addr = spawn_app(&app).await;
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: {content_type}\r\nContent-Length: {length}\r\nExpect: 100-continue\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut answer = vec![0; 4096];
    let read = tokio::time::timeout(Duration::from_secs(10), stream.read(&mut answer))
        .await
        .expect("answered without the body");
    let answer = String::from_utf8_lossy(&answer[..read.unwrap()]).into_owned();
    answer.lines().next().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn a_body_declared_over_the_limit_is_refused_before_it_is_sent() {
    let json = "application/json";
    let first = declared("/api/claims/check", json, 3 * TWO_MIB + 2048).await;
    assert_eq!(first, "HTTP/1.1 413 Payload Too Large");
    let text = "text/plain";
    let first = declared("/api/claims/reading", text, TWO_MIB + 1).await;
    assert_eq!(first, "HTTP/1.1 413 Payload Too Large");
    // Under the limit, the client is told to send it.
    let first = declared("/api/claims/check", json, 4 * 1024 * 1024).await;
    assert_eq!(first, "HTTP/1.1 100 Continue");
}

/// A client that sends a body over the limit without waiting gets the whole answer that says
/// so, not a reset connection.
#[tokio::test]
async fn a_body_sent_over_the_limit_gets_the_whole_answer() {
    let app = seed_app();
    let addr = spawn_app(&app).await;
    let stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let (mut reader, mut writer) = stream.into_split();
    let body = json!({ "text": "b".repeat(7 * 1024 * 1024) }).to_string();
    let head = format!(
        "POST /api/claims/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let upload = tokio::spawn(async move {
        writer.write_all(head.as_bytes()).await?;
        writer.write_all(body.as_bytes()).await?;
        Ok::<_, std::io::Error>(writer)
    });
    let mut answer = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(30), reader.read_to_end(&mut answer))
        .await
        .expect("answered within 30 s");
    let wrote = upload.await.unwrap();
    assert!(wrote.is_ok(), "the upload was cut: {:?}", wrote.err());
    assert!(read.is_ok(), "{read:?}");
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(
        answer.contains("larger than this endpoint accepts"),
        "{answer}"
    );
}

/// Found by attack: 512 unfinished 6 MiB uploads from eight addresses held 4 GB. At most 32
/// large bodies are read at once in the whole server; the next is told to retry, and a small
/// check is answered all the while.
#[tokio::test]
async fn large_bodies_read_at_once_are_bounded_and_small_checks_still_answered() {
    let app = seed_app();
    let held = crate::common::holding_every_large_body_permit(&app).await;
    let addr = spawn_app(&app).await;
    let head = "POST /api/claims/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1048576\r\n\r\n{\"text\": \"";
    let mut next = crate::common::connect_from("127.0.0.9", addr).await;
    next.write_all(head.as_bytes()).await.unwrap();
    let mut answer = vec![0; 4096];
    let read = tokio::time::timeout(Duration::from_secs(10), next.read(&mut answer))
        .await
        .expect("told at once");
    let answer = String::from_utf8_lossy(&answer[..read.unwrap()]).into_owned();
    assert!(answer.starts_with("HTTP/1.1 429"), "{answer}");
    assert!(answer.to_lowercase().contains("retry-after"), "{answer}");
    let small = small_check(addr).await;
    assert!(small.starts_with("HTTP/1.1 200"), "{small}");
    drop(held);
}

/// A small check over a connection of its own: the answer's head.
async fn small_check(addr: std::net::SocketAddr) -> String {
    let mut stream = crate::common::connect_from("127.0.0.10", addr).await;
    let body = "{\"text\": \"Buy now.\"}";
    let request = format!(
        "POST /api/claims/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut answer));
    read.await.expect("answered").unwrap();
    String::from_utf8_lossy(&answer).into_owned()
}
