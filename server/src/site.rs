//! The built site (the wasm, its JS loader and the CSS under `pkg/`): embedded in the binary by
//! default, or read from `--site-root` on disk. Served under `/pkg/v-<hash>/…` (the hash of the
//! whole set, so those answers are `immutable`) and, for old links, under `/pkg/…` (revalidated
//! with an ETag). A `.br` or `.gz` twin is sent when the client accepts it.

use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use std::borrow::Cow;
use std::path::PathBuf;
use std::sync::Arc;

/// What `scripts/build-site.mjs` wrote to `target/site` when this binary was built, embedded in
/// every build (`debug-embed`: the end-to-end suite runs the test step's build, alone in a folder).
#[derive(rust_embed::Embed)]
#[folder = "$CARGO_MANIFEST_DIR/../target/site"]
#[allow_missing = true]
struct Embedded;

/// Where the site's files come from, and the version tag of the set.
#[derive(Clone)]
pub struct Site {
    root: Option<Arc<PathBuf>>,
    version: Arc<str>,
}

impl Site {
    /// The site inside the binary.
    pub fn embedded() -> Self {
        Self::with_root(None)
    }

    /// The site in a folder (`--site-root`), read as requests come.
    pub fn from_dir(root: PathBuf) -> Self {
        Self::with_root(Some(Arc::new(root)))
    }

    fn with_root(root: Option<Arc<PathBuf>>) -> Self {
        let mut site = Self {
            root,
            version: Arc::from(""),
        };
        let mut hash = Sha256::new();
        for name in [
            "vendor-readiness.js",
            "vendor-readiness.wasm",
            "vendor-readiness.css",
        ] {
            hash.update(name.as_bytes());
            hash.update(site.file(name).unwrap_or_default());
        }
        site.version = Arc::from(format!("v-{}", &hex::encode(hash.finalize())[..16]));
        site
    }

    /// `pkg/v-<hash>`: the folder pages link to (Leptos's `site_pkg_dir`).
    pub fn pkg_dir(&self) -> String {
        format!("pkg/{}", self.version)
    }

    /// Whether the wasm is there (a build without it serves pages that never hydrate).
    pub fn has_wasm(&self) -> bool {
        self.file("vendor-readiness.wasm").is_some()
    }

    pub fn describe(&self) -> String {
        match &self.root {
            None => "embedded in the binary".to_owned(),
            Some(root) => root.display().to_string(),
        }
    }

    /// The bytes of `pkg/<name>`; `name` is one plain file name (checked by the caller).
    fn file(&self, name: &str) -> Option<Cow<'static, [u8]>> {
        match &self.root {
            None => Embedded::get(&format!("pkg/{name}")).map(|file| file.data),
            Some(root) => std::fs::read(root.join("pkg").join(name))
                .ok()
                .map(Cow::Owned),
        }
    }

    /// The answer to `GET /pkg/<rest>`.
    pub fn respond(&self, rest: &str, headers: &HeaderMap) -> Response {
        let (name, immutable) = match rest.split_once('/') {
            Some((version, name)) if version == &*self.version => (name, true),
            Some(_) => return StatusCode::NOT_FOUND.into_response(),
            None => (rest, false),
        };
        if !plain_file_name(name) {
            return StatusCode::NOT_FOUND.into_response();
        }
        let Some(content_type) = content_type(name) else {
            return StatusCode::NOT_FOUND.into_response();
        };
        let accepted = headers
            .get(header::ACCEPT_ENCODING)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let mut codings = [("br", ".br"), ("gzip", ".gz")]
            .map(|(coding, ext)| (quality(accepted, coding), coding, ext));
        // The client's preference first; brotli wins a tie (it is smaller).
        codings.sort_by(|a, b| b.0.total_cmp(&a.0));
        let found = codings
            .iter()
            .filter(|(q, _, _)| *q > 0.0)
            .map(|(_, coding, ext)| (*coding, *ext))
            .chain([("", "")])
            .find_map(|(coding, ext)| Some((coding, self.file(&format!("{name}{ext}"))?)));
        let Some((coding, bytes)) = found else {
            return StatusCode::NOT_FOUND.into_response();
        };
        let etag = format!("\"{}-{coding}\"", self.version);
        let cache = if immutable {
            "public, max-age=31536000, immutable"
        } else {
            "public, no-cache"
        };
        let mut response = crate::conditional::tagged(headers, &etag, Some(cache), || {
            Response::new(Body::from(bytes.into_owned()))
        });
        let out = response.headers_mut();
        out.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
        out.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        if !coding.is_empty() {
            out.insert(header::CONTENT_ENCODING, HeaderValue::from_static(coding));
        }
        response
    }
}

/// One name of letters, digits, `.`, `-` and `_`, not starting with a dot: no way out of `pkg/`.
fn plain_file_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
}

fn content_type(name: &str) -> Option<&'static str> {
    let ext = name.rsplit_once('.')?.1;
    Some(match ext {
        "wasm" => "application/wasm",
        "js" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        _ => return None,
    })
}

/// The weight an `Accept-Encoding` value gives `coding` (0 when absent, refused or malformed;
/// `*` stands for any coding not named).
fn quality(accepted: &str, coding: &str) -> f32 {
    let mut star = 0.0;
    for part in accepted.split(',') {
        let mut pieces = part.split(';').map(str::trim);
        let name = pieces.next().unwrap_or("");
        let q = match pieces.find_map(|p| p.strip_prefix("q=")) {
            None => 1.0,
            Some(text) => match text.parse::<f32>() {
                Ok(q) if (0.0..=1.0).contains(&q) => q,
                _ => 0.0,
            },
        };
        if name.eq_ignore_ascii_case(coding) {
            return q;
        }
        if name == "*" {
            star = q;
        }
    }
    star
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_leave_pkg_are_refused() {
        for name in ["", ".", "..", "../x.js", "a/b.js", ".env", "x%2f.js"] {
            assert!(!plain_file_name(name), "{name}");
        }
        assert!(plain_file_name("vendor-readiness_bg.wasm"));
    }

    #[test]
    fn accept_encoding_is_read_with_q_values() {
        assert_eq!(quality("gzip, br", "br"), 1.0);
        assert_eq!(quality("BR;q=0.5", "br"), 0.5);
        assert_eq!(quality("br;q=0, gzip", "br"), 0.0);
        assert_eq!(quality("gzip", "br"), 0.0);
        assert_eq!(quality("br;q=abc", "br"), 0.0, "malformed weights refuse");
        assert_eq!(quality("br;q=1.5", "br"), 0.0);
        assert_eq!(quality("*;q=0.3", "gzip"), 0.3);
        assert_eq!(quality("gzip;q=1, *;q=0.3", "gzip"), 1.0);
    }

    #[test]
    fn the_preferred_coding_is_served() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("pkg")).unwrap();
        for (name, body) in [
            ("a.css", "plain"),
            ("a.css.br", "brotli"),
            ("a.css.gz", "gzip"),
        ] {
            std::fs::write(dir.path().join("pkg").join(name), body).unwrap();
        }
        let site = Site::from_dir(dir.path().to_owned());
        let served = |accept: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(
                header::ACCEPT_ENCODING,
                HeaderValue::from_str(accept).unwrap(),
            );
            let response = site.respond("a.css", &headers);
            let coding = response
                .headers()
                .get(header::CONTENT_ENCODING)
                .map(|v| v.to_str().unwrap().to_owned());
            coding.unwrap_or_default()
        };
        assert_eq!(served("gzip, br"), "br");
        assert_eq!(served("gzip, br;q=0.5"), "gzip");
        assert_eq!(served("br;q=abc, gzip;q=0"), "");
        assert_eq!(served("identity"), "");
        assert_eq!(served("*"), "br");
    }
}
