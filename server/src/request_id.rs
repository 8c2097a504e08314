//! Request ids: a client's `x-request-id` is kept only when it is short and plain (letters,
//! digits, `-_.:`), so it can never forge log text; otherwise a fresh UUID replaces it. The id is
//! also made available to error bodies, so a 5xx answer names the log line that explains it.

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;

const MAX_LEN: usize = 64;

tokio::task_local! {
    static REQUEST_ID: String;
}

/// Drops a client-given `x-request-id` that is not plain; runs before the id is assigned.
pub async fn sanitize(mut request: Request, next: Next) -> Response {
    let plain = request
        .headers()
        .get("x-request-id")
        .map(|v| is_plain(v.as_bytes()));
    if plain == Some(false) {
        request.headers_mut().remove("x-request-id");
    }
    next.run(request).await
}

/// Makes the request's id readable by [`current`] while the request is handled.
pub async fn scope(request: Request, next: Next) -> Response {
    let id = request
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-")
        .to_owned();
    REQUEST_ID.scope(id, next.run(request)).await
}

/// The id of the request being handled, `-` outside one.
pub fn current() -> String {
    REQUEST_ID
        .try_with(Clone::clone)
        .unwrap_or_else(|_| "-".to_owned())
}

fn is_plain(bytes: &[u8]) -> bool {
    !bytes.is_empty()
        && bytes.len() <= MAX_LEN
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(b))
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_short_plain_ids_are_kept() {
        assert!(super::is_plain(b"3f2a-b1_c.d:e"));
        for bad in [
            &b""[..],
            b"a b",
            b"x\nlevel=ERROR forged",
            b"\x1b[31m",
            &[b'a'; 65],
        ] {
            assert!(!super::is_plain(bad), "{bad:?}");
        }
    }
}
