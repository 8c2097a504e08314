//! What a subscription form posts, read strictly: at most 16 KiB of
//! `application/x-www-form-urlencoded`, every name and value valid UTF-8 once decoded (found
//! by attack: bad bytes became U+FFFD and an address nobody typed was stored). What cannot be
//! read is said on the page, never as JSON.

use axum::body::Body;
use axum::extract::Request;
use axum::http::StatusCode;
use percent_encoding::percent_decode_str;

/// Most bytes a subscription form may post.
const MAX_FORM_BYTES: usize = 16 * 1024;

/// The fields a form posted, in order.
pub struct Posted(Vec<(String, String)>);

impl Posted {
    /// Every value posted under `name` (a checkbox list).
    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    }

    /// The first value posted under `name`, or nothing.
    pub fn first(&self, name: &str) -> String {
        self.all(name).into_iter().next().unwrap_or_default()
    }
}

/// Why a form could not be read, with the status to answer.
pub struct Unreadable {
    pub status: StatusCode,
    pub problem: &'static str,
}

/// The posted fields; the request is given back without its body, to render the answer.
pub async fn read(request: Request) -> (Request, Result<Posted, Unreadable>) {
    let (parts, body) = request.into_parts();
    let read = match axum::body::to_bytes(body, MAX_FORM_BYTES).await {
        Err(_) => Err(Unreadable {
            status: StatusCode::PAYLOAD_TOO_LARGE,
            problem: "The form was over 16 KiB, so it was not read and nothing was sent. Type your address again.",
        }),
        Ok(bytes) => decode(&bytes).ok_or(Unreadable {
            status: StatusCode::BAD_REQUEST,
            problem: "The form could not be read (it was not UTF-8 text), so nothing was sent. Type your address again.",
        }),
    };
    (Request::from_parts(parts, Body::empty()), read.map(Posted))
}

/// `name=value&…` decoded, or `None` when a byte sequence is not UTF-8 once decoded.
fn decode(bytes: &[u8]) -> Option<Vec<(String, String)>> {
    let text = std::str::from_utf8(bytes).ok()?;
    let field = |part: &str| -> Option<String> {
        let spaced = part.replace('+', " ");
        percent_decode_str(&spaced)
            .decode_utf8()
            .ok()
            .map(|s| s.into_owned())
    };
    text.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            Some((field(name)?, field(value)?))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::decode;

    #[test]
    fn fields_decode_and_bytes_that_are_not_utf8_refuse_the_form() {
        let fields = decode(b"address=Buyer%40example.com&motion=a&motion=b+c&empty").unwrap();
        let expected = [
            ("address", "Buyer@example.com"),
            ("motion", "a"),
            ("motion", "b c"),
            ("empty", ""),
        ];
        assert_eq!(fields, expected.map(|(k, v)| (k.to_owned(), v.to_owned())));
        assert_eq!(decode(b"address=m%FF%40example.com"), None);
        assert_eq!(decode(b"address=m\xff@example.com"), None);
    }
}
