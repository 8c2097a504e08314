//! Found by attack (2026-12-07): 512 uploads that never finished, 256 from each of two
//! addresses, held the server's whole budget of requests in flight for the 15 s request limit,
//! and everyone else, the health probes included, was answered 503.

use crate::common;

use common::{http_get_from, seed_app, spawn_app};
use tokio::io::AsyncWriteExt;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn uploads_that_never_finish_from_two_clients_leave_everyone_else_served() {
    let app = seed_app();
    let addr = spawn_app(&app).await;
    let head = "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\ncopy=";
    let mut held = Vec::new();
    for from in ["127.0.0.2", "127.0.0.3"] {
        for _ in 0..256 {
            let mut stream = common::connect_from(from, addr).await;
            stream.write_all(head.as_bytes()).await.unwrap();
            held.push(stream);
        }
    }
    // Each client's uploads are in flight, up to its share; the rest were refused at once.
    let refused = &app.state.metrics.requests_refused_busy;
    let started = std::time::Instant::now();
    while refused.get() < 2 * (256 - 64) {
        assert!(
            started.elapsed().as_secs() < 10,
            "{} refused",
            refused.get()
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    for path in ["/healthz", "/readyz", "/api/vendor-readiness", "/"] {
        let (status, _) = http_get_from("127.0.0.4", addr, path).await;
        assert_eq!(status, 200, "{path} from another client");
    }
    let (status, body) = http_get_from("127.0.0.2", addr, "/api/vendor-readiness").await;
    assert_eq!(status, 503, "the uploading client is over its share");
    let error: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(error["error"]["code"], "busy", "{body}");
    assert!(error["error"]["request_id"].is_string(), "{body}");
    drop(held);
}

/// Found by attack: the answers of the reserve (a connection over the caps) had no request id.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_reserve_answers_carry_a_request_id() {
    use tokio::io::AsyncReadExt;
    let app = seed_app();
    let limits = server::listen::Limits {
        max_connections: 1,
        ..server::listen::Limits::default()
    };
    let addr = common::spawn_app_with(&app, limits).await;
    let _taken = common::connect_from("127.0.0.2", addr).await;
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    for path in ["/healthz", "/"] {
        let mut stream = common::connect_from("127.0.0.3", addr).await;
        let ask = format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        stream.write_all(ask.as_bytes()).await.unwrap();
        let mut raw = String::new();
        stream.read_to_string(&mut raw).await.unwrap();
        let head = raw.to_ascii_lowercase();
        assert!(head.contains("\r\nx-request-id: "), "{path}: {raw}");
        assert!(head.contains("\r\nx-frame-options: deny"), "{path}: {raw}");
    }
}

/// Found by attack: the listening socket's backlog was the standard library's 128, so a burst
/// of more than about 150 connections waited a second to connect. `ss` says a listening socket's
/// backlog (its send queue column).
#[tokio::test]
async fn the_listening_socket_holds_a_burst_of_connections() {
    let listener = server::listen::bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let port = listener.local_addr().unwrap().port();
    let shown = std::process::Command::new("ss")
        .args(["-ltnH", &format!("sport = :{port}")])
        .output()
        .expect("ss (iproute2) runs");
    let shown = String::from_utf8(shown.stdout).unwrap();
    let backlog: u32 = shown
        .split_whitespace()
        .nth(2)
        .and_then(|q| q.parse().ok())
        .unwrap_or_else(|| panic!("no listening socket in {shown:?}"));
    let cap: u32 = std::fs::read_to_string("/proc/sys/net/core/somaxconn")
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert_eq!(backlog, 1024.min(cap));
}
