//! The accept loop: each connection served by hyper's HTTP/1 with a header-read timeout that
//! runs from the connection's first moment (a client that sends nothing is closed too) and also
//! bounds how long an idle keep-alive connection stays open, a cap on open connections (the file
//! limit raised to its hard maximum first, so the cap is reached before the limit), the peer
//! address for per-client limits, and a graceful shutdown that lets in-flight requests finish.
//! HTTP/1 only: TLS and HTTP/2 end at the load balancer, and protocol detection would wait for a
//! silent client's first byte with no time limit (found by attack).

use axum::extract::ConnectInfo;
use axum::Router;
use hyper::body::Incoming;
use hyper::server::conn::http1::Builder;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

/// A client must send a request's headers within this time, also between keep-alive requests.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// Open connections at most; more wait in the listen backlog.
const MAX_CONNECTIONS: usize = 10_000;
/// File descriptors kept free of connections (store, logs, static files).
const RESERVED_FILES: u64 = 256;
/// Longest wait for in-flight requests at shutdown.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(20);

/// Raises the soft open-file limit to the hard one; returns how many connections may be open.
pub fn connection_cap() -> usize {
    use nix::sys::resource::{getrlimit, setrlimit, Resource};
    let Ok((soft, hard)) = getrlimit(Resource::RLIMIT_NOFILE) else {
        return 512;
    };
    let limit = if setrlimit(Resource::RLIMIT_NOFILE, hard, hard).is_ok() {
        hard
    } else {
        soft
    };
    let usable = limit.saturating_sub(RESERVED_FILES).max(64);
    usize::try_from(usable)
        .unwrap_or(MAX_CONNECTIONS)
        .min(MAX_CONNECTIONS)
}

pub async fn serve(listener: TcpListener, app: Router, shutdown: impl Future<Output = ()>) {
    let permits = Arc::new(Semaphore::new(connection_cap()));
    let graceful = GracefulShutdown::new();
    let mut builder = Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(HEADER_READ_TIMEOUT);
    tokio::pin!(shutdown);
    loop {
        // Shutdown is heard even while every connection permit is taken.
        let permit = tokio::select! {
            permit = Arc::clone(&permits).acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_) => break,
            },
            () = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                Err(e) => {
                    // Out of file descriptors or a connection reset before accept: keep serving.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let service = TowerToHyperService::new(with_peer(app.clone(), peer));
        // No upgrades: the board serves no WebSocket.
        let connection = builder.serve_connection(TokioIo::new(stream), service);
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            let _ = connection.await;
            drop(permit);
        });
    }
    drop(listener);
    if tokio::time::timeout(SHUTDOWN_GRACE, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("in-flight requests did not finish in time; stopping anyway");
    }
}

/// The router with the peer's address attached to every request of the connection.
fn with_peer(
    app: Router,
    peer: SocketAddr,
) -> impl tower::Service<
    axum::http::Request<Incoming>,
    Response = axum::response::Response,
    Error = std::convert::Infallible,
    Future = impl Send,
> + Clone {
    tower::ServiceExt::map_request(app, move |mut request: axum::http::Request<Incoming>| {
        request.extensions_mut().insert(ConnectInfo(peer));
        request
    })
}
