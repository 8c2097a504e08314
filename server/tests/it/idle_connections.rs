//! How long a connection may wait on its client: an idle keep-alive connection and a head that
//! never ends are closed after the header-read timeout (not before); a slow upload and a slow
//! reader are not, as long as their request or their answer moves.

use crate::common;

use common::{seed_app, spawn_app_with};
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const TIMEOUT: Duration = Duration::from_secs(1);

async fn server() -> SocketAddr {
    let limits = server::listen::Limits {
        header_read_timeout: TIMEOUT,
        ..server::listen::Limits::default()
    };
    spawn_app_with(&seed_app(), limits).await
}

/// Reads until the server closes the connection or `within` passes; `Some(when)` if it closed.
async fn closed_within(
    stream: &mut tokio::net::tcp::OwnedReadHalf,
    within: Duration,
) -> Option<Instant> {
    let deadline = tokio::time::Instant::now() + within;
    let mut buf = [0u8; 4096];
    loop {
        match tokio::time::timeout_at(deadline, stream.read(&mut buf)).await {
            Err(_) => return None,
            Ok(Ok(0) | Err(_)) => return Some(Instant::now()),
            Ok(Ok(_)) => {}
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_idle_keep_alive_connection_is_closed_after_the_timeout_and_not_before() {
    let addr = server().await;
    let stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let (mut read, mut write) = stream.into_split();
    write
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let mut buf = [0u8; 512];
    let n = read.read(&mut buf).await.unwrap();
    assert!(buf[..n].starts_with(b"HTTP/1.1 200"));
    let answered = Instant::now();
    // The write half stays open: a client that half-closes is closed at once by hyper.
    let early = closed_within(&mut read, TIMEOUT.mul_f32(0.9)).await;
    assert!(
        early.is_none(),
        "closed {:?} after its answer",
        early.map(|t| t - answered)
    );
    let closed = closed_within(&mut read, TIMEOUT * 2).await;
    let after = closed.expect("the idle connection was closed") - answered;
    assert!(after < TIMEOUT * 2, "closed after {after:?}");
    drop(write);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_head_trickled_byte_by_byte_is_closed_all_the_same() {
    let addr = server().await;
    let stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let (mut read, mut write) = stream.into_split();
    let started = Instant::now();
    // A byte every 50 ms: the connection is never silent, but the head never ends.
    let trickle = tokio::spawn(async move {
        write
            .write_all(b"GET /healthz HTTP/1.1\r\nX-Pad: ")
            .await
            .ok()?;
        loop {
            tokio::time::sleep(Duration::from_millis(50)).await;
            write.write_all(b"a").await.ok()?;
        }
        #[allow(unreachable_code)]
        Some(())
    });
    let closed = closed_within(&mut read, TIMEOUT * 4).await;
    let after = closed.expect("the trickling client was closed") - started;
    assert!(after < TIMEOUT * 2, "closed after {after:?}");
    trickle.abort();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_upload_slower_than_the_timeout_is_still_answered() {
    let addr = server().await;
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let body = format!("copy={}", "a".repeat(50));
    let head = format!(
        "POST /?motion=self-serve-paid-launch HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    // The body over 2.5 timeouts: the request is under way, so the connection is not idle.
    for chunk in body.as_bytes().chunks(5) {
        tokio::time::sleep(TIMEOUT / 4).await;
        stream.write_all(chunk).await.unwrap();
    }
    let mut buf = [0u8; 64];
    let n = stream.read(&mut buf).await.unwrap();
    let line = String::from_utf8_lossy(&buf[..n]);
    assert!(line.starts_with("HTTP/1.1 200"), "{line}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reader_slower_than_the_timeout_gets_every_answer() {
    let addr = server().await;
    let stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let (mut read, mut write) = stream.into_split();
    // 600 answers of ~25 kB: more than the socket buffers hold, so the server's writes wait.
    const ASKED: usize = 600;
    let requests = "GET /api/vendor-readiness HTTP/1.1\r\nHost: x\r\n\r\n".repeat(ASKED);
    write.write_all(requests.as_bytes()).await.unwrap();
    tokio::time::sleep(TIMEOUT * 5 / 2).await;
    let (mut raw, mut buf, mut answers) = (Vec::new(), vec![0u8; 1 << 16], 0);
    const STATUS: &[u8] = b"HTTP/1.1 200";
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    while answers < ASKED {
        let n = tokio::time::timeout_at(deadline, read.read(&mut buf))
            .await
            .expect("every answer within 20 s")
            .unwrap();
        assert!(n > 0, "closed after {answers} answers");
        // Only the new bytes (and a status line cut by the previous read) are searched.
        let from = raw.len().saturating_sub(STATUS.len() - 1);
        raw.extend_from_slice(&buf[..n]);
        answers += raw[from..]
            .windows(STATUS.len())
            .filter(|w| *w == STATUS)
            .count();
    }
    drop(write);
}
