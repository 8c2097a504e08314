//! Every routed request answered within the time limit (`408` past it), with a timer only for
//! the requests that wait: the clock is read when the request comes in, and the timer is set
//! for that deadline the first time its handler is not ready. A handler that answers from the
//! board's snapshot at once never touches the timer wheel (issue 24: tower-http's timeout set
//! one per request, and the routes ran about 10 % faster without it, measured by
//! `scripts/bench-http.sh`).

use axum::extract::Request;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::time::{Instant, Sleep};

#[derive(Clone, Copy)]
pub struct DeadlineLayer(pub Duration);

impl<S> tower::Layer<S> for DeadlineLayer {
    type Service = Deadline<S>;
    fn layer(&self, inner: S) -> Deadline<S> {
        Deadline {
            inner,
            limit: self.0,
        }
    }
}

#[derive(Clone)]
pub struct Deadline<S> {
    inner: S,
    limit: Duration,
}

impl<S> tower::Service<Request> for Deadline<S>
where
    S: tower::Service<Request, Response = Response>,
{
    type Response = Response;
    type Error = S::Error;
    type Future = Timed<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        Timed {
            inner: self.inner.call(request),
            deadline: Instant::now() + self.limit,
            timer: None,
        }
    }
}

pin_project_lite::pin_project! {
    /// The request's future, and its timer once it has waited.
    pub struct Timed<F> {
        #[pin]
        inner: F,
        deadline: Instant,
        timer: Option<Pin<Box<Sleep>>>,
    }
}

impl<F, E> Future for Timed<F>
where
    F: Future<Output = Result<Response, E>>,
{
    type Output = Result<Response, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        if let Poll::Ready(output) = this.inner.poll(cx) {
            return Poll::Ready(output);
        }
        let deadline = *this.deadline;
        let timer = this
            .timer
            .get_or_insert_with(|| Box::pin(tokio::time::sleep_until(deadline)));
        match timer.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Ok(StatusCode::REQUEST_TIMEOUT.into_response())),
            Poll::Pending => Poll::Pending,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower::{Layer, ServiceExt};

    type Answer = Result<Response, std::convert::Infallible>;

    fn slow(
        wait: Duration,
    ) -> impl tower::Service<
        Request,
        Response = Response,
        Error = std::convert::Infallible,
        Future = impl Future<Output = Answer> + Send,
    > + Clone {
        tower::service_fn(move |_: Request| async move {
            tokio::time::sleep(wait).await;
            Ok::<_, std::convert::Infallible>(StatusCode::OK.into_response())
        })
    }

    #[tokio::test(start_paused = true)]
    async fn a_request_past_its_deadline_is_answered_408_and_one_within_it_as_its_handler_says() {
        let layer = DeadlineLayer(Duration::from_secs(15));
        let request = || Request::new(axum::body::Body::empty());
        let late = layer
            .layer(slow(Duration::from_secs(16)))
            .oneshot(request())
            .await;
        assert_eq!(late.unwrap().status(), StatusCode::REQUEST_TIMEOUT);
        let waited = layer
            .layer(slow(Duration::from_secs(14)))
            .oneshot(request())
            .await;
        assert_eq!(waited.unwrap().status(), StatusCode::OK);
        let at_once = layer.layer(slow(Duration::ZERO)).oneshot(request()).await;
        assert_eq!(at_once.unwrap().status(), StatusCode::OK);
    }

    /// The deadline counts from the request's arrival, not from the first wait.
    #[tokio::test(start_paused = true)]
    async fn the_deadline_counts_from_the_arrival() {
        let mut service =
            DeadlineLayer(Duration::from_secs(15)).layer(slow(Duration::from_secs(10)));
        let future = tower::Service::call(&mut service, Request::new(axum::body::Body::empty()));
        tokio::time::advance(Duration::from_secs(10)).await;
        // 10 s passed before its first poll: 5 s are left, and the handler needs 10.
        assert_eq!(future.await.unwrap().status(), StatusCode::REQUEST_TIMEOUT);
    }
}
