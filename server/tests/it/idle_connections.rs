//! How long a connection may wait on its client: an idle keep-alive connection and a head that
//! never ends are closed after the header-read timeout (not before); a slow upload and a slow
//! reader are not, as long as their request or their answer moves.

use crate::common;

use common::{seed_app, spawn_app_with};
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};

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

/// A connection that has asked for `asked` JSON boards in one go, without reading any.
async fn pipelined(addr: SocketAddr, asked: usize) -> (OwnedReadHalf, OwnedWriteHalf) {
    let stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let (read, mut write) = stream.into_split();
    let requests = "GET /api/vendor-readiness HTTP/1.1\r\nHost: x\r\n\r\n".repeat(asked);
    write.write_all(requests.as_bytes()).await.unwrap();
    (read, write)
}

/// Reads `asked` answers of 200, `chunk` bytes at a time after a pause of `pace` each, within
/// `within`; fails if the server closes first.
async fn read_answers(
    read: &mut OwnedReadHalf,
    asked: usize,
    (chunk, pace): (usize, Duration),
    within: Duration,
) {
    const STATUS: &[u8] = b"HTTP/1.1 200";
    let (mut raw, mut buf, mut answers) = (Vec::new(), vec![0u8; chunk], 0);
    let deadline = tokio::time::Instant::now() + within;
    while answers < asked {
        tokio::time::sleep(pace).await;
        let n = tokio::time::timeout_at(deadline, read.read(&mut buf))
            .await
            .expect("every answer in time")
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
    // 600 answers of ~25 kB: more than the socket buffers hold, so the server's writes wait.
    let (mut read, write) = pipelined(addr, 600).await;
    tokio::time::sleep(TIMEOUT * 5 / 2).await;
    read_answers(
        &mut read,
        600,
        (1 << 16, Duration::ZERO),
        Duration::from_secs(20),
    )
    .await;
    drop(write);
}

/// Found by attack (2026-12-07): the write deadline timed how long the socket stayed unwritable,
/// and the kernel lets a writer in again only once a good part of its buffer has drained, so a
/// client reading steadily but slower than that was cut off mid-answer. A write waits as long as
/// the client keeps taking bytes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_keeps_reading_is_not_cut_off_by_the_write_deadline() {
    let addr = spawn_app_with(&seed_app(), short_write_deadline()).await;
    let (mut read, write) = pipelined(addr, 300).await;
    // About 2 MB/s: steady, but slower than the kernel frees a writer's buffer in 200 ms.
    let pace = (16 * 1024, Duration::from_millis(8));
    read_answers(&mut read, 300, pace, Duration::from_secs(30)).await;
    drop(write);
}

fn short_write_deadline() -> server::listen::Limits {
    server::listen::Limits {
        header_read_timeout: TIMEOUT,
        write_timeout: Duration::from_millis(200),
        ..server::listen::Limits::default()
    }
}

/// The other side of the one above: a client that takes a few bytes now and then to hold the
/// connection open (a slow read) is closed at the write deadline all the same.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_takes_a_few_bytes_now_and_then_is_closed() {
    let addr = spawn_app_with(&seed_app(), short_write_deadline()).await;
    let (mut read, write) = pipelined(addr, 300).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let (started, mut buf, mut taken) = (Instant::now(), [0u8; 1024], 0usize);
    loop {
        // 1 KB every 100 ms: 10 KB/s, far under the floor of 64 KiB per deadline.
        tokio::time::sleep(Duration::from_millis(100)).await;
        match read.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => taken += n,
        }
        assert!(started.elapsed() < Duration::from_secs(20), "still open");
    }
    assert!(taken < 1 << 20, "closed after {taken} bytes taken slowly");
    drop(write);
}

/// A client with a 4 KiB receive buffer that sends `asks` and never reads.
async fn non_reader(addr: SocketAddr, asks: &str) -> tokio::net::TcpStream {
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.set_recv_buffer_size(4096).unwrap();
    let mut stream = socket.connect(addr).await.unwrap();
    stream.write_all(asks.as_bytes()).await.unwrap();
    stream
}

/// Waits, up to `within`, until the kernel holds no socket of the server's for `client`'s
/// connection (`ss`); fails naming the state it still holds.
async fn server_lets_go(addr: SocketAddr, client: &tokio::net::TcpStream, within: Duration) {
    let mine = client.local_addr().unwrap().port();
    let filter = format!("( sport = :{} and dport = :{mine} )", addr.port());
    let started = Instant::now();
    loop {
        tokio::time::sleep(Duration::from_millis(100)).await;
        let shown = std::process::Command::new("ss")
            .args(["-tnH", &filter])
            .output()
            .unwrap();
        if shown.stdout.is_empty() {
            return;
        }
        let state = String::from_utf8_lossy(&shown.stdout).into_owned();
        assert!(started.elapsed() < within, "the server still holds {state}");
    }
}

/// Found by attack: a connection closed at the write deadline was closed normally, so the
/// kernel kept the socket and its unsent megabytes for as long as the client held its end (300
/// from one address took 1.1 GB of the host's TCP memory). It is reset: nothing is kept.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_connection_closed_at_the_write_deadline_keeps_nothing_behind() {
    let addr = spawn_app_with(&seed_app(), short_write_deadline()).await;
    // 150 answers, 4 MB: more than the server's socket holds; the asks are few enough that the
    // server reads them all (a socket closed with unread input is reset by the kernel anyway).
    let requests = "GET /api/vendor-readiness HTTP/1.1\r\nHost: x\r\n\r\n".repeat(150);
    let stream = non_reader(addr, &requests).await;
    server_lets_go(addr, &stream, Duration::from_secs(5)).await;
}

/// Found by a third attack: an answer that fits in the server's socket, to a client that asks
/// `Connection: close` and never reads, is written at once and the socket closed normally, so
/// the kernel kept it with its unsent bytes (300 such: 107 MB) for as long as the client held its
/// end. Unacknowledged bytes now have the write deadline as their limit, closed or not.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answer_left_unread_after_close_is_not_kept_forever() {
    let addr = spawn_app_with(&seed_app(), short_write_deadline()).await;
    let ask = "GET /api/vendor-readiness HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    let stream = non_reader(addr, ask).await;
    server_lets_go(addr, &stream, Duration::from_secs(10)).await;
}
