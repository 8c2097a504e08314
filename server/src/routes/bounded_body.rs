//! A request body read up to a limit, and what is over it read and thrown away (up to a bound),
//! so the answer that says "too large" reaches the client whole. A server that answers and
//! closes with a client's bytes unread makes the kernel reset the connection under its own
//! answer: a reader without JavaScript who posted a large draft saw "connection reset" instead
//! of the page that says why (found by attack on `POST /`).

use crate::error::AppError;
use axum::body::Body;
use axum::extract::Request;
use axum::http::header::{CONTENT_LENGTH, EXPECT};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body_util::BodyExt;

/// How much of an upload over its limit is read and thrown away before the answer; past it,
/// the connection is closed as it is (the answer may then not arrive).
pub(super) const DRAINED_AT_MOST: usize = 32 * 1024 * 1024;

/// Why a body was not kept.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum NotKept {
    /// Over the limit (the rest was read and thrown away, up to [`DRAINED_AT_MOST`]).
    TooLarge,
    /// The body could not be read (the client went away, or sent it too slowly).
    Unreadable,
}

/// The request with its body read whole, when it is at most `limit` bytes.
pub(super) async fn within(request: Request, limit: usize) -> Result<Request, NotKept> {
    let (parts, mut body) = request.into_parts();
    let mut kept = Vec::new();
    let mut read = 0usize;
    while let Some(frame) = body.frame().await {
        let Ok(frame) = frame else {
            return Err(NotKept::Unreadable);
        };
        let Ok(data) = frame.into_data() else {
            continue; // trailers
        };
        read = read.saturating_add(data.len());
        if read <= limit {
            kept.extend_from_slice(&data);
        } else if read > limit.saturating_add(DRAINED_AT_MOST) {
            break;
        }
    }
    if read > limit {
        return Err(NotKept::TooLarge);
    }
    Ok(Request::from_parts(parts, Body::from(kept)))
}

/// A route's body limit, said before the body is read: a body declared over `limit` is refused
/// with the app's 413 at once when the client waits to be told to send it (`Expect:
/// 100-continue`, as curl does over 1 MB: it had uploaded megabytes to be refused) or declared
/// more than is ever read and thrown away; otherwise it is read and thrown away first, so the
/// answer arrives whole. A body without a declared length meets the extractor's limit.
pub(super) async fn refuse_declared_over(limit: usize, request: Request, next: Next) -> Response {
    let headers = request.headers();
    let declared = headers
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    let waits = headers
        .get(EXPECT)
        .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"100-continue"));
    match declared {
        Some(length) if length > limit => {
            if waits || length > limit.saturating_add(DRAINED_AT_MOST) {
                return AppError::PayloadTooLarge.into_response();
            }
            match within(request, limit).await {
                Err(NotKept::TooLarge) => AppError::PayloadTooLarge.into_response(),
                Err(NotKept::Unreadable) => {
                    AppError::BadRequest("the request body could not be read whole".into())
                        .into_response()
                }
                Ok(request) => next.run(request).await,
            }
        }
        _ => next.run(request).await,
    }
}
