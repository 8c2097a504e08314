//! The layer that gives every request its id: a client's plain `x-request-id` is kept, any other
//! replaced by a fresh one ([`MakeIds`]); the id is readable by [`crate::request_id::current`]
//! while the request is handled and is echoed on the response. One tower service with a concrete
//! future, where two `from_fn` layers (boxed and cloned per request) and two tower-http ones
//! did it (issue 24: the middleware stack, not the handlers, cost the most under load).

use crate::request_id::{is_plain, MakeIds, REQUEST_ID};
use axum::extract::Request;
use axum::http::HeaderValue;
use axum::http::Response;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use tokio::task::futures::TaskLocalFuture;

const HEADER: &str = "x-request-id";

#[derive(Clone, Default)]
pub struct RequestIdLayer(MakeIds);

impl<S> tower::Layer<S> for RequestIdLayer {
    type Service = RequestIds<S>;
    fn layer(&self, inner: S) -> RequestIds<S> {
        RequestIds {
            inner,
            ids: self.0.clone(),
        }
    }
}

#[derive(Clone)]
pub struct RequestIds<S> {
    inner: S,
    ids: MakeIds,
}

impl<S, B> tower::Service<Request> for RequestIds<S>
where
    S: tower::Service<Request, Response = Response<B>>,
{
    type Response = Response<B>;
    type Error = S::Error;
    type Future = WithId<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request) -> Self::Future {
        let given = request.headers().get(HEADER);
        let id = match given.filter(|v| is_plain(v.as_bytes())) {
            Some(plain) => plain.clone(),
            None => {
                let fresh = HeaderValue::from_str(&self.ids.next_id());
                let fresh = fresh.unwrap_or_else(|_| HeaderValue::from_static("-"));
                request.headers_mut().insert(HEADER, fresh.clone());
                fresh
            }
        };
        WithId {
            inner: REQUEST_ID.scope(id.clone(), self.inner.call(request)),
            id: Some(id),
        }
    }
}

pin_project_lite::pin_project! {
    /// The request's future, run with its id in scope; puts the id on the response.
    pub struct WithId<F> {
        #[pin]
        inner: TaskLocalFuture<HeaderValue, F>,
        id: Option<HeaderValue>,
    }
}

impl<F, B, E> Future for WithId<F>
where
    F: Future<Output = Result<Response<B>, E>>,
{
    type Output = Result<Response<B>, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let mut output = std::task::ready!(this.inner.poll(cx));
        if let (Ok(response), Some(id)) = (&mut output, this.id.take()) {
            response.headers_mut().entry(HEADER).or_insert(id);
        }
        Poll::Ready(output)
    }
}
