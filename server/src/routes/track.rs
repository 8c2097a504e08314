//! The one layer around every routed request: its deadline (all routes but the untimed ones,
//! see `routes::app`) and, when metrics are on, its count and time by route template, method and
//! status. A plain tower service with a concrete future: no box, no clone of the state, no lock
//! (`axum::middleware::from_fn` boxed and cloned per request and cost a tenth of the JSON
//! route's throughput; measured by `scripts/bench-metrics.sh`). One layer, not two: axum wraps
//! each route layer in a boxed service of its own, cloned for every request (issue 24).

use super::deadline::Timed;
use crate::metrics::Metrics;
use crate::request_stats::RouteStats;
use axum::extract::{MatchedPath, Request};
use axum::response::Response;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, OnceLock};
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::time::Instant;

/// The route label of requests no route matched (404s): one value, whatever the path.
pub const UNMATCHED: &str = "(unmatched)";

/// The route label of every e-mail subscription page: one value, so on a quiet board the counts
/// never tell a confirm from a subscribe or an unsubscribe (who did what, and when).
pub const SUBSCRIPTIONS: &str = "(e-mail subscription pages)";

/// What the layer needs, shared by every route's copy of it (one `Arc` cloned per request).
pub struct Tracking {
    /// Where counts and times go; `None` when metrics are off.
    pub metrics: Option<Arc<Metrics>>,
    /// Every other route is answered within this limit (`408` past it).
    pub limit: Duration,
    /// The route templates answered however long they take.
    pub untimed: Vec<&'static str>,
}

#[derive(Clone)]
pub struct TrackLayer(pub Arc<Tracking>);

impl<S> tower::Layer<S> for TrackLayer {
    type Service = Track<S>;
    fn layer(&self, inner: S) -> Track<S> {
        let route = RouteTracking {
            tracking: Arc::clone(&self.0),
            facts: OnceLock::new(),
        };
        Track {
            inner,
            route: Arc::new(route),
        }
    }
}

/// One route's copy of the layer: what it learnt of its route at its first request, so later
/// ones skip the lookups (issue 24: the stats' lookup by template and the scan of the untimed
/// routes were each a share of a kept page's time).
struct RouteTracking {
    tracking: Arc<Tracking>,
    facts: OnceLock<RouteFacts>,
}

/// A route template, whether it is timed, and its stats when metrics are on.
struct RouteFacts {
    template: Box<str>,
    timed: bool,
    stats: Option<&'static RouteStats>,
}

impl RouteTracking {
    /// What is known of `template`: learnt once (each route has its own layer, so one template;
    /// another, which axum never gives, is looked up each time).
    fn facts(&self, template: &str) -> (bool, Option<&'static RouteStats>) {
        let learn = || RouteFacts {
            template: template.into(),
            timed: !self.tracking.untimed.contains(&template),
            stats: (self.tracking.metrics.as_ref()).map(|m| m.http.handle(label(template))),
        };
        let facts = match self.facts.get_or_init(learn) {
            facts if &*facts.template == template => facts,
            _ => &learn(),
        };
        (facts.timed, facts.stats)
    }
}

#[derive(Clone)]
pub struct Track<S> {
    inner: S,
    route: Arc<RouteTracking>,
}

impl<S> tower::Service<Request> for Track<S>
where
    S: tower::Service<Request, Response = Response>,
{
    type Response = Response;
    type Error = S::Error;
    type Future = Tracked<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        let started = Instant::now();
        let template = request
            .extensions()
            .get::<MatchedPath>()
            .map_or(UNMATCHED, |p| p.as_str());
        let (timed, stats) = self.route.facts(template);
        let deadline = timed.then(|| started + self.route.tracking.limit);
        let method = method_label(request.method());
        let push = match &self.route.tracking.metrics {
            Some(metrics) if method == "POST" && label(template) == "/api/proofs" => {
                Some(Arc::clone(metrics))
            }
            _ => None,
        };
        Tracked {
            inner: Timed::new(self.inner.call(request), deadline),
            stats,
            method,
            push,
            started,
        }
    }
}

/// The label a route template is counted under.
fn label(template: &str) -> &str {
    match template == "/subscribe" || template.starts_with("/subscriptions/") {
        true => SUBSCRIPTIONS,
        false => template,
    }
}

pin_project_lite::pin_project! {
    /// The routed request's future; records when its response is ready.
    pub struct Tracked<F> {
        #[pin]
        inner: Timed<F>,
        stats: Option<&'static RouteStats>,
        method: &'static str,
        push: Option<Arc<Metrics>>,
        started: Instant,
    }
}

impl<F, E> Future for Tracked<F>
where
    F: Future<Output = Result<Response, E>>,
{
    type Output = Result<Response, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let output = std::task::ready!(this.inner.poll(cx));
        if let Ok(response) = &output {
            let status = response.status().as_u16();
            if let Some(metrics) = this.push.take() {
                // An idempotent replay is answered 201 too, but stores nothing (found by a new
                // operator: replays were counted as stored).
                let replayed = response.headers().contains_key("idempotent-replayed");
                metrics.count_push(if replayed { 200 } else { status });
            }
            if let Some(stats) = this.stats {
                stats.record(this.method, status, this.started.elapsed());
            }
        }
        Poll::Ready(output)
    }
}

pub fn method_label(method: &axum::http::Method) -> &'static str {
    use axum::http::Method;
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        _ => "OTHER",
    }
}
