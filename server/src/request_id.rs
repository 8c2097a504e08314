//! Request ids: a client's `x-request-id` is kept only when it is short and plain (letters,
//! digits, `-_.:`), so it can never forge log text; otherwise a fresh UUID replaces it. The id is
//! also made available to error bodies, so a 5xx answer names the log line that explains it.
//! Fresh ids are UUID-shaped and made without a system call each ([`MakeIds`]).

const MAX_LEN: usize = 64;

/// Makes request ids shaped as UUIDs from 64 random bits drawn once per process and a counter:
/// unique within the process and, with overwhelming odds, across instances, at no system call
/// per request (a UUID v4 drew from the OS each time: 1 % of the server's CPU under load). An id
/// names a log line and grants nothing, so it need not be unguessable.
#[derive(Clone)]
pub struct MakeIds {
    prefix: u64,
    next: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

impl MakeIds {
    pub fn new() -> Self {
        Self {
            prefix: rand_core::RngCore::next_u64(&mut rand_core::OsRng),
            next: Default::default(),
        }
    }

    pub(crate) fn next_id(&self) -> String {
        let n = self.next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let p = self.prefix;
        let (a, b, c) = (p >> 32, (p >> 16) & 0xffff, p & 0xffff);
        format!(
            "{a:08x}-{b:04x}-{c:04x}-{:04x}-{:012x}",
            n >> 48,
            n & 0xffff_ffff_ffff
        )
    }
}

impl Default for MakeIds {
    fn default() -> Self {
        Self::new()
    }
}

tokio::task_local! {
    pub(crate) static REQUEST_ID: axum::http::HeaderValue;
}

/// The id of the request being handled, `-` outside one.
pub fn current() -> String {
    let id = REQUEST_ID.try_with(|id| id.to_str().map(str::to_owned));
    id.ok()
        .and_then(Result::ok)
        .unwrap_or_else(|| "-".to_owned())
}

pub(crate) fn is_plain(bytes: &[u8]) -> bool {
    !bytes.is_empty()
        && bytes.len() <= MAX_LEN
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(b))
}

#[cfg(test)]
mod tests {
    #[test]
    fn fresh_ids_are_uuid_shaped_plain_and_never_repeat() {
        let ids = super::MakeIds::new();
        let (first, second) = (ids.next_id(), ids.next_id());
        assert_ne!(first, second);
        for id in [&first, &second] {
            assert_eq!(id.len(), 36, "{id}");
            assert!(super::is_plain(id.as_bytes()), "{id}");
            let groups: Vec<usize> = id.split('-').map(str::len).collect();
            assert_eq!(groups, [8, 4, 4, 4, 12], "{id}");
        }
        let other = super::MakeIds::new();
        assert_ne!(
            other.next_id(),
            first,
            "another process draws another prefix"
        );
    }

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
