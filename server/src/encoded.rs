//! Bytes in the content codings a client accepts (RFC 9110 §12.5.3, `Accept-Encoding`): brotli,
//! else gzip, else as they are; each coding made once per board snapshot, the first time a
//! client asks for it, on a blocking thread (issue 24: the board's JSON, 24 KB on the shipped
//! catalog and 6 MB at 10,000 systems, was answered plain to every `br, gzip` client).

use axum::http::{header, HeaderMap};
use bytes::Bytes;
use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

/// A content coding this server answers with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coding {
    Brotli,
    Gzip,
    Identity,
}

impl Coding {
    /// The `Content-Encoding` token, none for the bytes as they are.
    pub fn token(self) -> Option<&'static str> {
        match self {
            Coding::Brotli => Some("br"),
            Coding::Gzip => Some("gzip"),
            Coding::Identity => None,
        }
    }
}

/// The coding to answer a request with: brotli when accepted, else gzip, else none. A coding
/// given `q=0` is refused; `*` accepts any not named.
pub fn negotiate(headers: &HeaderMap) -> Coding {
    let Some(accepted) = headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
    else {
        return Coding::Identity;
    };
    let weight = |name: &str| {
        let mut any = None;
        for item in accepted.split(',') {
            let mut parts = item.split(';');
            let token = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
            let q = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            if token == name {
                return q;
            }
            if token == "*" {
                any = Some(q);
            }
        }
        any.unwrap_or(0.0)
    };
    match (weight("br"), weight("gzip")) {
        (br, gzip) if br > 0.0 && br >= gzip => Coding::Brotli,
        (_, gzip) if gzip > 0.0 => Coding::Gzip,
        (br, _) if br > 0.0 => Coding::Brotli,
        _ => Coding::Identity,
    }
}

/// Bytes, and their brotli and gzip codings once made.
pub struct Encoded {
    plain: Bytes,
    brotli: OnceLock<Bytes>,
    gzip: OnceLock<Bytes>,
    /// Counts the codings' bytes as they are made, for a cache that bounds what it holds.
    meter: Option<Arc<AtomicUsize>>,
}

impl Encoded {
    pub fn new(plain: Bytes) -> Self {
        Self {
            plain,
            brotli: OnceLock::new(),
            gzip: OnceLock::new(),
            meter: None,
        }
    }

    /// Counts in `meter` the bytes of each coding made from now on.
    pub fn metered(mut self, meter: Arc<AtomicUsize>) -> Self {
        self.meter = Some(meter);
        self
    }

    /// The bytes as they are.
    pub fn plain(&self) -> &Bytes {
        &self.plain
    }

    /// The bytes in `coding` if already made (the bytes as they are always are).
    pub fn ready(&self, coding: Coding) -> Option<Bytes> {
        match coding {
            Coding::Brotli => self.brotli.get().cloned(),
            Coding::Gzip => self.gzip.get().cloned(),
            Coding::Identity => Some(self.plain.clone()),
        }
    }

    /// The bytes in `coding`, made the first time: CPU work, for a blocking thread.
    pub fn get(&self, coding: Coding) -> Bytes {
        match coding {
            Coding::Brotli => (self.brotli)
                .get_or_init(|| self.counted(brotli(&self.plain)))
                .clone(),
            Coding::Gzip => (self.gzip)
                .get_or_init(|| self.counted(gzip(&self.plain)))
                .clone(),
            Coding::Identity => self.plain.clone(),
        }
    }
}

impl Encoded {
    fn counted(&self, coded: Bytes) -> Bytes {
        if let Some(meter) = &self.meter {
            meter.fetch_add(coded.len(), Ordering::Relaxed);
        }
        coded
    }
}

/// Brotli at quality 9: made once per snapshot, so smaller beats faster.
fn brotli(plain: &[u8]) -> Bytes {
    let mut out = Vec::with_capacity(plain.len() / 4);
    let params = brotli::enc::BrotliEncoderParams {
        quality: 9,
        ..Default::default()
    };
    // Writing to a Vec cannot fail.
    let _ = brotli::BrotliCompress(&mut &plain[..], &mut out, &params);
    Bytes::from(out)
}

fn gzip(plain: &[u8]) -> Bytes {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    // Writing to a Vec cannot fail.
    let _ = encoder.write_all(plain);
    Bytes::from(encoder.finish().unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn accepting(value: &str) -> Coding {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_str(value).unwrap(),
        );
        negotiate(&headers)
    }

    #[test]
    fn brotli_first_then_gzip_and_a_zero_weight_refuses() {
        assert_eq!(negotiate(&HeaderMap::new()), Coding::Identity);
        assert_eq!(accepting("gzip, deflate, br"), Coding::Brotli);
        assert_eq!(accepting("gzip"), Coding::Gzip);
        assert_eq!(accepting("br;q=0, gzip"), Coding::Gzip);
        assert_eq!(accepting("BR;q=0.5, gzip;q=0.9"), Coding::Gzip);
        assert_eq!(accepting("*"), Coding::Brotli);
        assert_eq!(accepting("*;q=0"), Coding::Identity);
        assert_eq!(accepting("identity"), Coding::Identity);
        assert_eq!(accepting("deflate, zstd"), Coding::Identity);
    }

    #[test]
    fn each_coding_decodes_to_the_bytes() {
        let plain = Bytes::from(r#"{"systems":[]}"#.repeat(100));
        let encoded = Encoded::new(plain.clone());
        assert_eq!(encoded.ready(Coding::Brotli), None);
        let mut back = Vec::new();
        brotli::BrotliDecompress(&mut &encoded.get(Coding::Brotli)[..], &mut back).unwrap();
        assert_eq!(back, plain);
        let gz = encoded.get(Coding::Gzip);
        let mut back = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&gz[..]), &mut back).unwrap();
        assert_eq!(back, plain);
        assert!(encoded.ready(Coding::Brotli).is_some());
    }
}
