//! How long a connection may wait on its client, checked by one coarse timer per connection
//! instead of one per request: a connection on which nothing moves (no request head arrives, no
//! answer is written) while no request is under way and no write waits is closed after the
//! header-read timeout, to within a quarter of it. That closes a client that sends nothing, one
//! that trickles a head that never ends (bytes read are not a move) and an idle keep-alive
//! connection, as hyper's header-read timeout did; a write that waits is the write deadline's.
//! Issue 24: hyper's timeout set a timer for every request head, 4 % of the API's throughput.

use axum::body::Body;
use hyper::body::Incoming;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering::Relaxed};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::time::{Instant, MissedTickBehavior};

/// Checks per timeout: a connection is closed after between 1 and 1¼ timeouts of stillness.
const CHECKS: u32 = 4;

/// What a connection's requests and writes have done, read by its watch.
#[derive(Default)]
pub struct Activity {
    /// Bumped by every request head, answer and write that made progress.
    moves: AtomicU64,
    /// Requests being handled.
    handling: AtomicUsize,
    /// A write is waiting for the client to read.
    pub(super) writing: AtomicBool,
}

impl Activity {
    pub(super) fn moved(&self) {
        self.moves.fetch_add(1, Relaxed);
    }

    fn under_way(&self) -> bool {
        self.handling.load(Relaxed) > 0 || self.writing.load(Relaxed)
    }
}

/// Resolves once nothing has moved on the connection for `limit` while nothing was under way.
pub async fn still_for(activity: &Activity, limit: Duration) {
    let every = limit / CHECKS;
    let mut ticks = tokio::time::interval_at(Instant::now() + every, every);
    ticks.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let (mut seen, mut quiet) = (activity.moves.load(Relaxed), 0);
    loop {
        ticks.tick().await;
        let moves = activity.moves.load(Relaxed);
        if moves != seen || activity.under_way() {
            (seen, quiet) = (moves, 0);
            continue;
        }
        quiet += 1;
        if quiet >= CHECKS {
            return;
        }
    }
}

/// The app as hyper calls it for one connection, counting the requests under way. A hyper
/// service, called by reference: a request copies the router (one `Arc`) and holds the
/// connection's activity, where hyper-util's adapter from a tower service copied the whole app,
/// its budget and the activity, and drove each request through one more future (issue 24).
pub struct Watched {
    pub inner: crate::routes::App,
    pub activity: Arc<Activity>,
}

impl hyper::service::Service<hyper::Request<Incoming>> for Watched {
    type Response = axum::response::Response;
    type Error = std::convert::Infallible;
    type Future = Handling<crate::edge::AtEdge<axum::routing::future::RouteFuture<Self::Error>>>;

    fn call(&self, request: hyper::Request<Incoming>) -> Self::Future {
        self.activity.moved();
        self.activity.handling.fetch_add(1, Relaxed);
        Handling {
            inner: self.inner.handle(request.map(Body::new)),
            _under_way: UnderWay(Arc::clone(&self.activity)),
        }
    }
}

/// A request under way on its connection, until its answer is ready or it is dropped.
struct UnderWay(Arc<Activity>);

impl Drop for UnderWay {
    fn drop(&mut self) {
        self.0.handling.fetch_sub(1, Relaxed);
        self.0.moved();
    }
}

pin_project_lite::pin_project! {
    /// A request's future, counted as under way while it lives.
    pub struct Handling<F> {
        #[pin]
        inner: F,
        _under_way: UnderWay,
    }
}

impl<F: Future> Future for Handling<F> {
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        self.project().inner.poll(cx)
    }
}
