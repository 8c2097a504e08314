//! Attacks by anonymous clients on time and memory: megabytes of copy posted to the claim
//! checker, a new `Host` header per request, thousands of idle or trickling connections, slow
//! bodies and bad tokens against the push endpoint, and markup posted into the textarea.

use crate::common;

use axum::http::StatusCode;
use common::{call, get, seed_app, spawn_app, spawn_app_with};
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn form_post(copy: &str) -> axum::http::Request<axum::body::Body> {
    let body = format!("copy={}", copy.replace(' ', "+"));
    axum::http::Request::post("/?motion=self-serve-paid-launch")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body.into())
        .unwrap()
}

/// Three posts of 1 MB of "buy now " once froze the server: the check was quadratic and ran on
/// the async workers. Now it is linear and runs on blocking threads, so health answers meanwhile.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn megabytes_of_copy_posted_three_times_leave_the_server_answering() {
    let app = seed_app();
    let copy = "buy now ".repeat(1024 * 1024 / 8);
    let started = Instant::now();
    let posts: Vec<_> = (0..3)
        .map(|_| {
            let state = app.state.clone();
            let request = form_post(&copy);
            tokio::spawn(async move {
                use tower::ServiceExt;
                server::app(state).oneshot(request).await.unwrap().status()
            })
        })
        .collect();
    let (status, _, _) = get(&app, "/healthz").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "health waited {:?} behind the claim checks",
        started.elapsed()
    );
    for post in posts {
        assert_eq!(post.await.unwrap(), StatusCode::OK);
    }
}

/// 260 distinct `Host` headers once took a server to 3.1 GB: pages are keyed on the configured
/// origin, so they all share one cached page that links to that origin only.
#[tokio::test]
async fn a_new_host_header_per_request_neither_grows_the_cache_nor_reaches_the_page() {
    let app = seed_app();
    for n in 0..50 {
        let request = axum::http::Request::get("/")
            .header("host", format!("evil-{n}.example"))
            .body(axum::body::Body::empty())
            .unwrap();
        let (status, _, body) = call(&app, request).await;
        assert_eq!(status, StatusCode::OK);
        assert!(!String::from_utf8_lossy(&body).contains("evil-"));
    }
    let snapshot = app.state.board.current(app.state.now());
    assert_eq!(snapshot.pages.len(), 1);
}

#[tokio::test]
async fn markup_posted_into_the_claim_checker_stays_text() {
    let app = seed_app();
    let copy = "</textarea><h1 id=injected>owned</h1><script>alert(1)</script>";
    let body = format!(
        "copy={}",
        copy.bytes()
            .map(|b| format!("%{b:02X}"))
            .collect::<String>()
    );
    let request = axum::http::Request::post("/?motion=self-serve-paid-launch")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body.into())
        .unwrap();
    let (status, _, html) = call(&app, request).await;
    let html = String::from_utf8(html).unwrap();
    assert_eq!(status, StatusCode::OK);
    assert!(!html.contains("<h1 id=injected>"), "markup was rendered");
    assert!(!html.contains("<script>alert(1)"), "script was rendered");
    assert!(
        html.contains("&lt;/textarea&gt;&lt;h1 id=injected&gt;owned&lt;/h1&gt;"),
        "the copy is shown as text"
    );
}

/// `/healthz` asked by another client (a load balancer's probe), answered within 5 s.
async fn healthz_answers(addr: SocketAddr) -> Duration {
    let started = Instant::now();
    let probe = common::http_get_from("127.0.0.2", addr, "/healthz");
    let (status, _) = tokio::time::timeout(Duration::from_secs(5), probe)
        .await
        .expect("/healthz answered");
    assert_eq!(status, 200);
    started.elapsed()
}

/// Thousands of connections that never finish their headers once kept the server near its file
/// limit until `/healthz` stopped answering. They are closed after the header-read timeout.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_thousand_slow_connections_leave_health_answering_and_are_closed() {
    let app = seed_app();
    // A short header-read timeout (a parameter, ten seconds in production), and no fixed wait:
    // each connection is watched until the server closes it, up to a bound.
    let timeout = Duration::from_secs(2);
    let limits = server::listen::Limits {
        header_read_timeout: timeout,
        ..server::listen::Limits::default()
    };
    let addr = spawn_app_with(&app, limits).await;
    server::listen::connection_cap(); // the test process holds the clients' ends too
    let mut slow = Vec::new();
    for n in 0..2000u32 {
        let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
        // Half trickle a partial request; half send nothing at all (once never closed).
        if n.is_multiple_of(2) {
            stream
                .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
                .await
                .unwrap();
        }
        slow.push(stream);
    }
    let took = healthz_answers(addr).await;
    println!("/healthz with 2,000 slow connections open: {took:?}");
    let deadline = tokio::time::Instant::now() + timeout + Duration::from_secs(10);
    let watched = slow.into_iter().map(|mut stream| {
        tokio::spawn(async move {
            let mut buf = [0u8; 256];
            let read = tokio::time::timeout_at(deadline, stream.read(&mut buf)).await;
            read.is_ok()
        })
    });
    let mut closed = 0;
    for watch in watched.collect::<Vec<_>>() {
        closed += usize::from(watch.await.unwrap());
    }
    assert_eq!(
        closed, 2000,
        "every slow connection was closed by the server"
    );
    healthz_answers(addr).await;
}

/// 515 slow anonymous bodies once filled the load shedder: the token is checked from the
/// headers, so an anonymous push is refused before its body is read.
#[tokio::test]
async fn an_anonymous_push_is_refused_before_its_body_arrives() {
    let app = seed_app();
    let addr = spawn_app(&app).await;
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream
        .write_all(
            b"POST /api/proofs HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 60000\r\n\r\n{",
        )
        .await
        .unwrap();
    let mut answer = vec![0u8; 1024];
    let n = tokio::time::timeout(Duration::from_secs(2), stream.read(&mut answer))
        .await
        .expect("answered without waiting for the body")
        .unwrap();
    let head = String::from_utf8_lossy(&answer[..n]);
    assert!(head.starts_with("HTTP/1.1 401"), "{head}");
}

/// A client's `x-request-id` is written to the log: one that is not plain is replaced.
#[tokio::test]
async fn a_forged_request_id_never_reaches_the_log() {
    let app = seed_app();
    let request = axum::http::Request::get("/healthz")
        .header("x-request-id", "x\" level=ERROR msg=\"forged")
        .body(axum::body::Body::empty())
        .unwrap();
    let (_, headers, _) = call(&app, request).await;
    let id = headers["x-request-id"].to_str().unwrap();
    assert_eq!(id.len(), 36, "replaced by a UUID: {id}");
}

fn tight(max_connections: usize, per_client: usize) -> server::listen::Limits {
    server::listen::Limits {
        max_connections,
        per_client,
        header_read_timeout: Duration::from_secs(10),
        write_timeout: Duration::from_secs(1),
    }
}

/// Opens a keep-alive connection from `from` and uses it once, leaving it open.
async fn held_open(from: &str, addr: SocketAddr) -> tokio::net::TcpStream {
    let mut stream = common::connect_from(from, addr).await;
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let mut buf = [0u8; 512];
    let n = stream.read(&mut buf).await.unwrap();
    assert!(String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 200"));
    stream
}

/// Issue 26, point 4: one client keeping connections alive (each used often enough that the
/// idle timeout never fires) holds at most its share; others are served in full, and it still
/// gets health answers from the reserve, nothing else.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_client_cannot_hold_every_connection() {
    let app = seed_app();
    let addr = common::spawn_app_with(&app, tight(64, 8)).await;
    let mut held = Vec::new();
    for _ in 0..8 {
        held.push(held_open("127.0.0.1", addr).await);
    }
    let (status, _) = common::http_get_from("127.0.0.1", addr, "/api/vendor-readiness").await;
    assert_eq!(status, 503, "the greedy client is over its share");
    let (status, _) = common::http_get_from("127.0.0.1", addr, "/healthz").await;
    assert_eq!(status, 200, "health still answers it");
    let (status, _) = common::http_get_from("127.0.0.3", addr, "/api/vendor-readiness").await;
    assert_eq!(status, 200, "another client is served in full");
    drop(held);
    tokio::time::sleep(Duration::from_millis(200)).await;
    let (status, _) = common::http_get_from("127.0.0.1", addr, "/api/vendor-readiness").await;
    assert_eq!(status, 200, "closing gives the share back");
}

/// Issue 26, point 4: with every connection taken, `/healthz` and `/readyz` still answer.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_server_still_answers_health_and_readiness() {
    let app = seed_app();
    let addr = common::spawn_app_with(&app, tight(4, 100)).await;
    let mut held = Vec::new();
    for _ in 0..4 {
        held.push(held_open("127.0.0.1", addr).await);
    }
    for path in ["/healthz", "/readyz"] {
        let (status, _) = common::http_get_from("127.0.0.4", addr, path).await;
        assert_eq!(status, 200, "{path}");
    }
    let (status, body) = common::http_get_from("127.0.0.4", addr, "/").await;
    assert_eq!(status, 503);
    assert!(body.contains("connection limit"), "{body}");
    // Found by attack: one address filling the reserve with idle connections silenced the
    // probes; it gets a few reserve slots, the rest are closed at once.
    let mut idle = Vec::new();
    for _ in 0..80 {
        idle.push(common::connect_from("127.0.0.6", addr).await);
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    let (status, _) = common::http_get_from("127.0.0.7", addr, "/healthz").await;
    assert_eq!(status, 200, "a probe from elsewhere still gets through");
    drop(idle);
}

/// Issue 26, point 4: clients that pipeline requests and never read the answers are closed at
/// the write deadline, so they cannot keep every connection (it took `/healthz` down before).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clients_that_never_read_are_closed_at_the_write_deadline() {
    let app = seed_app();
    let addr = common::spawn_app_with(&app, tight(4, 100)).await;
    let requests = "GET / HTTP/1.1\r\nHost: x\r\n\r\n".repeat(400);
    let mut stalled = Vec::new();
    for _ in 0..4 {
        let mut stream = common::connect_from("127.0.0.1", addr).await;
        // 400 pages asked for and none read: the socket buffers fill and the writes stall.
        let _ = stream.write_all(requests.as_bytes()).await;
        stalled.push(stream);
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let (status, _) = common::http_get_from("127.0.0.5", addr, "/api/vendor-readiness").await;
    assert_eq!(
        status, 503,
        "the stalled clients hold every connection for now"
    );
    let started = Instant::now();
    loop {
        let (status, _) = common::http_get_from("127.0.0.5", addr, "/api/vendor-readiness").await;
        if status == 200 {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(10), "never freed");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    println!("stalled clients closed after {:?}", started.elapsed());
    drop(stalled);
}
