//! Fetching from a board: its pages as text with their policies, and its assets as a browser
//! would (bytes, their content type, redirects followed only on the board's own origin); an
//! error never repeats the URL (it may carry credentials).

use std::io::Read;
use std::time::Duration;

/// Most bytes read of one asset (the wasm is a few hundred KB).
const MAX_ASSET_BYTES: u64 = 16 * 1024 * 1024;

/// GETs `url`, following at most three redirects on the board's own origin, as a browser's
/// fetch would (one to another origin is refused by the page's policy: a failure).
pub fn fetch_following(
    url: &url::Url,
    page: &url::Url,
    name: &str,
) -> Result<(u16, String, Vec<u8>), String> {
    let mut url = url.clone();
    for _ in 0..3 {
        let (status, content_type, body, location) = fetch_bytes(url.as_str())?;
        let Some(location) = location.filter(|_| (300..400).contains(&status)) else {
            return Ok((status, content_type, body));
        };
        url = url
            .join(&location)
            .map_err(|_| format!("the {name} redirects to an address that is not one"))?;
        if url.origin() != page.origin() {
            return Err(format!("the {name} redirects to another origin"));
        }
    }
    Err(format!("the {name} redirects more than three times"))
}

/// An answer: its status, content type, body, and where a redirect points.
type Fetched = (u16, String, Vec<u8>, Option<String>);

/// GETs `url` without following redirects; an error never repeats the URL (it may carry
/// credentials).
fn fetch_bytes(url: &str) -> Result<Fetched, String> {
    let response = match get(url, 0).call() {
        Ok(response) => response,
        Err(ureq::Error::Status(code, response)) => {
            let location = response.header("location").map(str::to_owned);
            return Ok((code, String::new(), Vec::new(), location));
        }
        Err(ureq::Error::Transport(t)) => return Err(t.kind().to_string()),
    };
    let status = response.status();
    let location = response.header("location").map(str::to_owned);
    let content_type = response
        .header("content-type")
        .unwrap_or_default()
        .to_owned();
    let body = body_of(response)?;
    Ok((status, content_type, body, location))
}

/// The body as a browser reads it: decoded from the coding it was served in (found by attack,
/// round 23: assets served gzipped whatever the request asks, as nginx's `gzip_static always`
/// does, load in a browser and failed smoke), at most [`MAX_ASSET_BYTES`] once decoded.
fn body_of(response: ureq::Response) -> Result<Vec<u8>, String> {
    let coding = response.header("content-encoding").unwrap_or_default();
    let coding = coding.trim().to_ascii_lowercase();
    let reader = response.into_reader().take(MAX_ASSET_BYTES);
    let mut decoded: Box<dyn Read> = match coding.as_str() {
        "" | "identity" => Box::new(reader),
        "gzip" | "x-gzip" => Box::new(flate2::read::GzDecoder::new(reader)),
        "deflate" => Box::new(flate2::read::ZlibDecoder::new(reader)),
        "br" => Box::new(brotli::Decompressor::new(reader, 64 * 1024)),
        other => {
            return Err(format!(
                "served in a coding browsers do not read: {other:?}"
            ))
        }
    };
    let mut body = Vec::new();
    (&mut decoded)
        .take(MAX_ASSET_BYTES)
        .read_to_end(&mut body)
        .map_err(|e| format!("its {coding} body does not decode: {e}"))?;
    Ok(body)
}

/// An answer read as text: its status, its body, and every Content-Security-Policy it was
/// served with (for the page: the nonce in its policy is the one in its body).
pub type Answer = (u16, String, Vec<String>);

/// GETs `url` as text, redirects followed as ureq does.
pub fn fetch_text(url: &str) -> Result<Answer, String> {
    fetch_text_tagged(url, None)
}

/// [`fetch_text`], asking with `If-None-Match: tag` when given (as a page polling does).
pub fn fetch_text_tagged(url: &str, tag: Option<&str>) -> Result<Answer, String> {
    let policies = |response: &ureq::Response| -> Vec<String> {
        response
            .all("content-security-policy")
            .into_iter()
            .map(str::to_owned)
            .collect()
    };
    let request = get(url, 5);
    let request = match tag {
        Some(tag) => request.set("If-None-Match", tag),
        None => request,
    };
    let text = |response| body_of(response).map(|b| String::from_utf8_lossy(&b).into_owned());
    match request.call() {
        Ok(response) => {
            let (status, policies) = (response.status(), policies(&response));
            Ok((status, text(response)?, policies))
        }
        Err(ureq::Error::Status(code, response)) => {
            let policies = policies(&response);
            Ok((code, text(response).unwrap_or_default(), policies))
        }
        Err(ureq::Error::Transport(t)) => Err(t.kind().to_string()),
    }
}

/// A GET from the one HTTP client smoke uses: 20 s per request, at most `redirects` followed,
/// asking for the codings a browser asks for (so what a browser is served is what is checked).
fn get(url: &str, redirects: u32) -> ureq::Request {
    ureq::AgentBuilder::new()
        .timeout(Duration::from_secs(20))
        .redirects(redirects)
        .build()
        .get(url)
        .set("Accept-Encoding", "gzip, deflate, br")
}
