//! The accept loop: each connection served by hyper's HTTP/1 with a header-read timeout that
//! runs from the connection's first moment (a client that sends nothing is closed too) and also
//! bounds how long an idle keep-alive connection stays open (`watch.rs`, one coarse timer per
//! connection), a write deadline (a client that never reads is closed), a cap on open
//! connections (the file limit raised to its hard maximum first, so the cap is reached before
//! the limit) and a smaller one per client address, the peer address for per-client limits (in
//! scope for the connection's requests: [`peer`]), and a graceful shutdown that lets in-flight
//! requests finish.
//! A connection over either cap is served from a small reserve that answers only `/healthz` and
//! `/readyz`, one request each, so probes get through a full server.
//! HTTP/1 only: TLS and HTTP/2 end at the load balancer, and protocol detection would wait for a
//! silent client's first byte with no time limit (found by attack).

mod clients;
mod deadline;
mod socket;
mod watch;

use socket::limit_unacknowledged;
pub use socket::{bind, connection_cap};

use crate::routes::App;
use hyper::server::conn::http1::Builder;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

/// A client must send a request's headers within this time, also between keep-alive requests.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// Open connections at most.
const MAX_CONNECTIONS: usize = 10_000;
/// Connections served from the health reserve at most, and how long each may take.
const RESERVE: usize = 64;
/// Reserve connections one client address may hold (found by attack: one address filling the
/// reserve with idle connections silenced the probes).
const RESERVE_PER_CLIENT: usize = 4;
const RESERVE_DEADLINE: Duration = Duration::from_secs(5);

/// The bounds of the accept loop (tests shorten them).
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Open connections at most (further bounded by the file limit).
    pub max_connections: usize,
    /// Open connections of one client address at most.
    pub per_client: usize,
    pub header_read_timeout: Duration,
    /// A write that makes no progress for this long closes the connection.
    pub write_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_connections: MAX_CONNECTIONS,
            per_client: 256,
            header_read_timeout: HEADER_READ_TIMEOUT,
            write_timeout: Duration::from_secs(30),
        }
    }
}
/// Longest wait for in-flight requests at shutdown.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(20);

pub async fn serve(
    listener: TcpListener,
    app: App,
    health: App,
    shutdown: impl Future<Output = ()>,
) {
    serve_with(listener, app, health, shutdown, Limits::default()).await;
}

/// [`serve`] within `limits`; `health` answers connections served from the reserve.
pub async fn serve_with(
    listener: TcpListener,
    app: App,
    health: App,
    shutdown: impl Future<Output = ()>,
    limits: Limits,
) {
    let permits = Arc::new(Semaphore::new(connection_cap().min(limits.max_connections)));
    let reserve = Arc::new(Semaphore::new(RESERVE));
    let clients = clients::Clients::default();
    let reserve_clients = clients::Clients::default();
    let graceful = GracefulShutdown::new();
    let mut builder = Builder::new();
    // The header-read timeout is the connection's watch (`watch.rs`), not a timer per request.
    builder.header_read_timeout(None);
    let mut probe = Builder::new();
    probe
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout.min(RESERVE_DEADLINE))
        .keep_alive(false);
    tokio::pin!(shutdown);
    loop {
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
        let activity = Arc::new(watch::Activity::default());
        limit_unacknowledged(&stream, limits.write_timeout);
        let socket = std::os::fd::AsRawFd::as_raw_fd(&stream);
        let io = deadline::WriteDeadline::new(
            TokioIo::new(stream),
            socket,
            limits.write_timeout,
            Arc::clone(&activity),
        );
        let held = clients.enter(peer.ip(), limits.per_client);
        let permit = held
            .as_ref()
            .and_then(|_| Arc::clone(&permits).try_acquire_owned().ok());
        if let (Some(held), Some(permit)) = (held, permit) {
            let service = watch::Watched {
                inner: app.clone(),
                activity: Arc::clone(&activity),
            };
            // No upgrades: the board serves no WebSocket.
            let connection = graceful.watch(builder.serve_connection(io, service));
            let still = limits.header_read_timeout;
            tokio::spawn(PEER.scope(peer, async move {
                tokio::select! {
                    biased;
                    _ = connection => {}
                    () = watch::still_for(&activity, still) => {}
                }
                drop((permit, held));
            }));
        } else if let Some((held, permit)) = reserve_clients
            .enter(peer.ip(), RESERVE_PER_CLIENT)
            .and_then(|held| Some((held, Arc::clone(&reserve).try_acquire_owned().ok()?)))
        {
            let service = watch::Watched {
                inner: health.clone(),
                activity,
            };
            let connection = probe.serve_connection(io, service);
            tokio::spawn(PEER.scope(peer, async move {
                let _ = tokio::time::timeout(RESERVE_DEADLINE, connection).await;
                drop((permit, held));
            }));
        }
        // Else: over every cap, the connection is closed at once.
    }
    drop(listener);
    if tokio::time::timeout(SHUTDOWN_GRACE, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("in-flight requests did not finish in time; stopping anyway");
    }
}

tokio::task_local! {
    /// The peer of the connection whose request is being handled: in scope for the whole
    /// connection, so no request carries a copy (issue 24: inserting it into every request's
    /// extensions cost 2.5 % of the API's throughput).
    static PEER: SocketAddr;
}

/// The address of the peer whose request is being handled, when it came through [`serve`].
pub fn peer() -> Option<SocketAddr> {
    PEER.try_with(|peer| *peer).ok()
}
