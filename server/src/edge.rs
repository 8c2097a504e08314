//! The layer every request passes first: its id (a client's plain `x-request-id` kept, any other
//! replaced by a fresh one; readable by [`crate::request_id::current`] while it is handled, and
//! echoed on the response; one value, moved and given back, never copied), its log span, a
//! place among the requests in flight (`in_flight.rs`) or a 503 at once, and the headers every
//! response carries. Issue 24: one service with a concrete future, where
//! seven layers (request id, trace, error handler, load shedder, concurrency limit, three
//! headers) each wrapped every request; and one budget of requests in flight for the whole
//! router, where the concurrency limit, applied route by route, kept one per route. It wraps
//! the router from outside (`routes::app`), not through `Router::layer`, which puts one more
//! boxed service, cloned for every request, around each route.

use crate::in_flight::{InFlight, Place};
use crate::request_id::{is_plain, MakeIds, REQUEST_ID};
use axum::extract::Request;
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use tokio::task::futures::TaskLocalFuture;
use tracing::instrument::Instrumented;
use tracing::Instrument;

const REQUEST_ID_HEADER: HeaderName = HeaderName::from_static("x-request-id");

/// Headers every response carries (pages add their Content-Security-Policy as they render).
const ALWAYS: [(header::HeaderName, &str); 3] = [
    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    (header::REFERRER_POLICY, "strict-origin-when-cross-origin"),
    (header::X_FRAME_OPTIONS, "DENY"),
];

/// The layer; its clones share one budget of requests in flight.
#[derive(Clone)]
pub struct EdgeLayer {
    ids: MakeIds,
    in_flight: Arc<InFlight>,
}

impl EdgeLayer {
    /// Requests handled within `in_flight`; one more is answered 503 at once.
    pub fn new(in_flight: InFlight) -> Self {
        Self {
            ids: MakeIds::default(),
            in_flight: Arc::new(in_flight),
        }
    }
}

impl<S> tower::Layer<S> for EdgeLayer {
    type Service = Edge<S>;
    fn layer(&self, inner: S) -> Edge<S> {
        Edge {
            inner,
            layer: self.clone(),
        }
    }
}

#[derive(Clone)]
pub struct Edge<S> {
    inner: S,
    layer: EdgeLayer,
}

impl<S> tower::Service<Request> for Edge<S>
where
    S: tower::Service<Request, Response = Response>,
{
    type Response = Response;
    type Error = S::Error;
    type Future = AtEdge<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        self.layer.around(&mut self.inner, request)
    }
}

impl Edge<axum::Router> {
    /// The request handled by a copy of the router (one `Arc`), for a caller that holds the edge
    /// by reference (`listen::watch`). A router is always ready: it is not asked.
    pub fn handle(
        &self,
        request: Request,
    ) -> AtEdge<axum::routing::future::RouteFuture<Infallible>> {
        self.layer.around(&mut self.inner.clone(), request)
    }
}

impl EdgeLayer {
    /// `request` handled by `inner` within the budget, its id in scope and its span entered.
    fn around<S>(&self, inner: &mut S, request: Request) -> AtEdge<S::Future>
    where
        S: tower::Service<Request, Response = Response>,
    {
        let id = self.id_of(&request);
        let Ok(place) = self.in_flight.enter(&request) else {
            return AtEdge::answered(busy(&id, request.uri().path()), id);
        };
        let span = tracing::info_span!("request", id = id.to_str().unwrap_or("-"), method = %request.method(), path = %request.uri().path());
        // The id is in scope while the request is handled, then taken back for the response.
        let handled = REQUEST_ID.scope(id, inner.call(request));
        AtEdge {
            handled: Some(handled.instrument(span)),
            busy: None,
            place,
            id: None,
        }
    }

    /// The request's id: the client's when it gives one, plain and not shaped as this server's
    /// own (found by attack: a client could claim the ids the server was about to hand out,
    /// and a second header went unseen), else a fresh one.
    fn id_of(&self, request: &Request) -> HeaderValue {
        let mut given = request.headers().get_all(REQUEST_ID_HEADER).iter();
        match (given.next(), given.next()) {
            (Some(id), None) if is_plain(id.as_bytes()) && !self.ids.made(id) => id.clone(),
            _ => self.ids.next_id(),
        }
    }
}

/// What a request over the budget of requests in flight is answered, naming its id: the API's
/// error on its routes (found by attack: it was plain text there), plain text elsewhere.
/// Refusals are counted (`requests_refused_busy_total`) and logged at most once in ten seconds
/// (`in_flight.rs`), not one line each: a flood of them would flood the log.
fn busy(id: &HeaderValue, path: &str) -> Response {
    let id = id.to_str().unwrap_or("-");
    let message = "the server is busy; try again shortly";
    let status = StatusCode::SERVICE_UNAVAILABLE;
    let retry = [(header::RETRY_AFTER, "1")];
    if path.starts_with("/api/") || path.starts_with("/ofrep/") {
        let error = crate::wire::ErrorDetail {
            code: "busy",
            message: message.into(),
            field: None,
            request_id: Some(id.to_owned()),
        };
        let body = axum::Json(crate::wire::ErrorBody { error });
        return (status, retry, body).into_response();
    }
    (status, retry, format!("{message} (request id {id})\n")).into_response()
}

pin_project_lite::pin_project! {
    /// The request handled with its id in scope and its span entered, holding its place in
    /// flight until answered (or the 503 it got instead); puts the id and the headers every
    /// response carries on the response.
    pub struct AtEdge<F> {
        #[pin]
        handled: Option<Instrumented<TaskLocalFuture<HeaderValue, F>>>,
        busy: Option<Response>,
        place: Option<Place>,
        // The id of a request answered without being handled (handled ones hold it in scope).
        id: Option<HeaderValue>,
    }
}

impl<F> AtEdge<F> {
    fn answered(response: Response, id: HeaderValue) -> Self {
        Self {
            handled: None,
            busy: Some(response),
            place: None,
            id: Some(id),
        }
    }
}

impl<F, E> Future for AtEdge<F>
where
    F: Future<Output = Result<Response, E>>,
{
    type Output = Result<Response, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let (mut output, id) = match (this.handled.as_pin_mut(), this.busy.take()) {
            (Some(mut handled), _) => {
                let output = std::task::ready!(handled.as_mut().poll(cx));
                (output, handled.inner_pin_mut().take_value())
            }
            (None, Some(busy)) => (Ok(busy), this.id.take()),
            // Polled again after it answered (which a caller must not do): nothing more comes.
            (None, None) => return Poll::Pending,
        };
        drop(this.place.take());
        if let Ok(response) = &mut output {
            let headers = response.headers_mut();
            if let Some(id) = id {
                headers.entry(REQUEST_ID_HEADER).or_insert(id);
            }
            carry_always(headers);
        }
        Poll::Ready(output)
    }
}

/// Puts the headers every response carries on `headers`, where they are not already (a page
/// kept per snapshot carries them from the start: found, they cost a lookup, not an insert).
pub fn carry_always(headers: &mut axum::http::HeaderMap) {
    for (name, value) in ALWAYS {
        headers
            .entry(name)
            .or_insert(HeaderValue::from_static(value));
    }
}

#[cfg(test)]
#[path = "edge_tests.rs"]
mod tests;
