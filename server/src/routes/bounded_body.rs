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
    // Held while the body is read and checked; none for a small one.
    let Ok(_large) = large_body_permit(&request) else {
        return AppError::TooManyRequests(std::time::Duration::from_secs(1)).into_response();
    };
    let declared = declared_length(&request);
    let waits = (request.headers())
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

/// Bodies over this size (or of no declared size) take one of [`LARGE_BODIES`]' permits.
const LARGE_BODY_BYTES: usize = 64 * 1024;

/// Large bodies read and checked at once, in the whole server: each may hold its route's limit
/// in memory (6 MiB for a claim check), so 32 hold at most about 200 MiB. Found by attack: 512
/// unfinished 6 MiB uploads from eight addresses held 4 GB. Small bodies never wait for one.
static LARGE_BODIES: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(32);

/// A permit for `request`'s body when it is large (none needed otherwise), or an error when
/// every permit is held (the client is told to retry).
pub(super) fn large_body_permit(
    request: &Request,
) -> Result<Option<tokio::sync::SemaphorePermit<'static>>, tokio::sync::TryAcquireError> {
    match declared_length(request) {
        Some(length) if length <= LARGE_BODY_BYTES => Ok(None),
        _ => LARGE_BODIES.try_acquire().map(Some),
    }
}

/// The body's length as its `Content-Length` declares it, if it does.
fn declared_length(request: &Request) -> Option<usize> {
    let declared = request.headers().get(CONTENT_LENGTH)?;
    declared.to_str().ok()?.parse().ok()
}
