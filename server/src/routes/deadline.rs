//! A routed request answered within its time limit (`408` past it; the limit and the routes it
//! holds for are set in `track.rs`), with a timer only for the requests that wait: the clock is read when the request comes in, and the timer is set
//! for that deadline the first time its handler is not ready. A handler that answers from the
//! board's snapshot at once never touches the timer wheel (issue 24: tower-http's timeout set
//! one per request, and the routes ran about 10 % faster without it, measured by
//! `scripts/bench-http.sh`).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use tokio::time::{Instant, Sleep};

pin_project_lite::pin_project! {
    /// The request's future, and its timer once it has waited.
    pub struct Timed<F> {
        #[pin]
        inner: F,
        deadline: Option<Instant>,
        timer: Option<Pin<Box<Sleep>>>,
    }
}

impl<F> Timed<F> {
    /// `inner`, answered `408` once `deadline` passes (never without one).
    pub fn new(inner: F, deadline: Option<Instant>) -> Self {
        Self {
            inner,
            deadline,
            timer: None,
        }
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
        let Some(deadline) = *this.deadline else {
            return Poll::Pending;
        };
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
    use std::time::Duration;

    type Answer = Result<Response, std::convert::Infallible>;

    /// A handler that answers 200 after `wait`, within `limit` from now.
    fn slow(wait: Duration, limit: Option<Duration>) -> Timed<impl Future<Output = Answer>> {
        let handled = async move {
            tokio::time::sleep(wait).await;
            Ok(StatusCode::OK.into_response())
        };
        Timed::new(handled, limit.map(|limit| Instant::now() + limit))
    }

    #[tokio::test(start_paused = true)]
    async fn a_request_past_its_deadline_is_answered_408_and_one_within_it_as_its_handler_says() {
        let limit = Some(Duration::from_secs(15));
        let late = slow(Duration::from_secs(16), limit).await;
        assert_eq!(late.unwrap().status(), StatusCode::REQUEST_TIMEOUT);
        let waited = slow(Duration::from_secs(14), limit).await;
        assert_eq!(waited.unwrap().status(), StatusCode::OK);
        let at_once = slow(Duration::ZERO, limit).await;
        assert_eq!(at_once.unwrap().status(), StatusCode::OK);
        let untimed = slow(Duration::from_secs(60), None).await;
        assert_eq!(untimed.unwrap().status(), StatusCode::OK);
    }

    /// The deadline counts from the request's arrival, not from the first wait.
    #[tokio::test(start_paused = true)]
    async fn the_deadline_counts_from_the_arrival() {
        let future = slow(Duration::from_secs(10), Some(Duration::from_secs(15)));
        tokio::time::advance(Duration::from_secs(10)).await;
        // 10 s passed before its first poll: 5 s are left, and the handler needs 10.
        assert_eq!(future.await.unwrap().status(), StatusCode::REQUEST_TIMEOUT);
    }
}
