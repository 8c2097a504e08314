//! What a page request brings, read before its handler runs: a query the page knows and the claim
//! checker's posted draft. A page's reader never lands on a JSON error: a query that cannot be
//! read is the "cannot be shown" page, a draft that cannot be read is said beside the checker.

use super::bounded_body::NotKept;
use axum::extract::{FromRequest, FromRequestParts, Query, Request};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::Form;
use serde::de::DeserializeOwned;
use serde::Deserialize;

/// The query a page reads, and what to say when an address has another.
pub trait PageParams: DeserializeOwned {
    /// Said on the page when the query cannot be read: what the page takes.
    const TAKES: &'static str;
}

/// The query string as `T`; a bad one is the "cannot be shown" page (400).
pub struct PageQuery<T>(pub T);

impl<T: PageParams, S: Send + Sync> FromRequestParts<S> for PageQuery<T> {
    type Rejection = BadPage;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, BadPage> {
        Self::of(&parts.uri)
    }
}

impl<T: PageParams> PageQuery<T> {
    /// The query of `uri` (for a handler that looks elsewhere first).
    pub fn of(uri: &axum::http::Uri) -> Result<Self, BadPage> {
        match Query::<T>::try_from_uri(uri) {
            Ok(Query(value)) => Ok(Self(value)),
            Err(_) => Err(BadPage::new(format!(
                "This address has a query this page cannot read: {}",
                T::TAKES
            ))),
        }
    }
}

/// A path parameter of a page as `T`; one that cannot be read (not UTF-8 once decoded) is the
/// "cannot be shown" page (400).
pub struct PagePath<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for PagePath<T> {
    type Rejection = BadPage;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, BadPage> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(Self(value)),
            Err(_) => Err(BadPage::new(
                "This address is not one the board writes.".into(),
            )),
        }
    }
}

/// A page that takes no query (a receipt: one address per record).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoQuery {}

impl PageParams for NoQuery {
    const TAKES: &'static str = "this page takes none.";
}

/// `GET /changes`'s choices (an empty one means "any").
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangesForm {
    pub motion: Option<String>,
    pub system: Option<String>,
    /// `operator`: the team's record, in its own words.
    pub view: Option<String>,
}

impl PageParams for ChangesForm {
    const TAKES: &'static str = "the changes page takes motion, system and view, each once.";
}

impl PageParams for Vec<(String, String)> {
    const TAKES: &'static str = "the board takes its filters, view and as_of.";
}

/// The form a draft of 2 MiB comes in: each byte of text may be sent as three (`%E2`), so the
/// limit applies to the draft once decoded, not to its encoding (found by attack: 900 KB of
/// Cyrillic was refused as "over 2 MiB").
pub const MAX_DRAFT_FORM_BYTES: usize = 3 * super::claims::MAX_CLAIMS_TEXT_BYTES + 1024;

/// A draft's size as the reader typed it: a browser sends each line break of a textarea as CRLF,
/// counted here as one byte (found by attack: a 1.997 MB draft was refused as over 2 MiB).
fn draft_bytes(copy: &str) -> usize {
    copy.len() - copy.matches("\r\n").count()
}

/// The claim checker's draft posted without JavaScript, or why it could not be read (then the
/// draft is empty and the board says the problem beside the checker, with its status).
pub struct Draft {
    pub copy: String,
    pub problem: Option<(StatusCode, &'static str)>,
}

#[derive(Deserialize)]
struct DraftFields {
    copy: String,
}

impl<S: Send + Sync> FromRequest<S> for Draft {
    type Rejection = std::convert::Infallible;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let too_large = (
            StatusCode::PAYLOAD_TOO_LARGE,
            "This draft is over 2 MiB, too large to check here: check it in parts, or use vendor-readiness claims check on the file.",
        );
        let unreadable = (
            StatusCode::BAD_REQUEST,
            "The claim checker's form could not be read (it must send one copy field). Paste the draft again.",
        );
        // A large draft waits for none of the permits to read large bodies, as the API's do
        // (found by attack: unfinished uploads held gigabytes).
        let Ok(_large) = super::bounded_body::large_body_permit(&request) else {
            return Ok(Self {
                copy: String::new(),
                problem: Some((
                    StatusCode::TOO_MANY_REQUESTS,
                    "The board is reading many large drafts right now: check this one again in a moment, or in parts.",
                )),
            });
        };
        // Read whole (what is over the limit too, thrown away), so the page that says so
        // arrives whole.
        let problem = match super::bounded_body::within(request, MAX_DRAFT_FORM_BYTES).await {
            Err(NotKept::TooLarge) => too_large,
            Err(NotKept::Unreadable) => unreadable,
            Ok(request) => match Form::<DraftFields>::from_request(request, state).await {
                Ok(Form(fields))
                    if draft_bytes(&fields.copy) > super::claims::MAX_CLAIMS_TEXT_BYTES =>
                {
                    too_large
                }
                Ok(Form(fields)) => {
                    return Ok(Self {
                        copy: fields.copy,
                        problem: None,
                    })
                }
                // Within the limit by now (the route's body limit is the same).
                Err(_) => unreadable,
            },
        };
        Ok(Self {
            copy: String::new(),
            problem: Some(problem),
        })
    }
}

/// The "this address cannot be shown" page: plain HTML (escaped reason), no script at all.
pub struct BadPage {
    status: StatusCode,
    reason: String,
}

impl BadPage {
    /// A 400 saying `reason`.
    pub fn new(reason: String) -> Self {
        Self {
            status: StatusCode::BAD_REQUEST,
            reason,
        }
    }

    /// The same page with another status (a 404 for an id no motion or system has).
    pub fn with_status(self, status: StatusCode) -> Self {
        Self { status, ..self }
    }
}

impl IntoResponse for BadPage {
    fn into_response(self) -> Response {
        let escaped = html_escape::encode_text(&self.reason);
        // The title says what the status says (a 404 titled "Bad request" was found by attack).
        let (title, heading) = if self.status == StatusCode::NOT_FOUND {
            ("Not found", "Nothing here has this address")
        } else {
            ("Bad request", "This address cannot be shown")
        };
        let mut response = (
            self.status,
            Html(format!(
                "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title></head>\
                 <body><main id=\"main\" data-hydrated=\"false\"><h1>{heading}</h1><p>{escaped}</p><p><a href=\"/\">The board now</a></p></main></body></html>"
            )),
        )
            .into_response();
        response.headers_mut().insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'none'; base-uri 'none'; frame-ancestors 'none'"),
        );
        response
    }
}
