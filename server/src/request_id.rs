//! Request ids: a client's `x-request-id` is kept only when it is short and plain (letters,
//! digits, `-_.:`), so it can never forge log text; otherwise a fresh UUID replaces it. The id is
//! also made available to error bodies, so a 5xx answer names the log line that explains it.
//! Fresh ids are UUID-shaped and made without a system call each ([`MakeIds`]).

const MAX_LEN: usize = 64;

/// Makes request ids shaped as UUIDs from 64 random bits drawn once per process and a counter:
/// unique within the process and, with overwhelming odds, across instances, at no system call
/// per request (a UUID v4 drew from the OS each time: 1 % of the server's CPU under load). An id
/// names a log line and grants nothing, so it need not be unguessable. The random part is
/// written out once; each id writes only its counter's 16 hex digits (issue 24: `format!` per
/// request was most of the 4 % the ids cost).
#[derive(Clone)]
pub struct MakeIds {
    /// `xxxxxxxx-xxxx-xxxx-`: the random prefix, written out.
    prefix: [u8; PREFIX],
    next: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

const PREFIX: usize = 19;
const ID: usize = 36;

impl MakeIds {
    pub fn new() -> Self {
        let p = rand_core::RngCore::next_u64(&mut rand_core::OsRng);
        let mut prefix = [b'-'; PREFIX];
        hex(p >> 32, &mut prefix[..8]);
        hex(p >> 16, &mut prefix[9..13]);
        hex(p, &mut prefix[14..18]);
        Self {
            prefix,
            next: Default::default(),
        }
    }

    /// A fresh id: the prefix, then the counter as `xxxx-xxxxxxxxxxxx`.
    pub(crate) fn next_id(&self) -> axum::http::HeaderValue {
        let n = self.next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let mut id = [b'-'; ID];
        id[..PREFIX].copy_from_slice(&self.prefix);
        hex(n >> 48, &mut id[PREFIX..PREFIX + 4]);
        hex(n, &mut id[PREFIX + 5..]);
        axum::http::HeaderValue::from_bytes(&id)
            .unwrap_or_else(|_| axum::http::HeaderValue::from_static("-"))
    }
}

/// Writes the low `4 × out.len()` bits of `n` into `out` as lower-case hex digits.
fn hex(mut n: u64, out: &mut [u8]) {
    for digit in out.iter_mut().rev() {
        *digit = b"0123456789abcdef"[(n & 0xf) as usize];
        n >>= 4;
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
        let (first, second) = (first.to_str().unwrap(), second.to_str().unwrap());
        assert_ne!(first, second);
        for id in [first, second] {
            assert_eq!(id.len(), 36, "{id}");
            assert!(super::is_plain(id.as_bytes()), "{id}");
            let groups: Vec<usize> = id.split('-').map(str::len).collect();
            assert_eq!(groups, [8, 4, 4, 4, 12], "{id}");
        }
        assert_eq!(first[..19], second[..19], "one prefix per process");
        assert!(second.ends_with("-0000-000000000001"), "{second}");
        let later = (2..0x1_0000_0000_u64).step_by(0x1000_0000).last().unwrap();
        ids.next.store(later, std::sync::atomic::Ordering::Relaxed);
        assert!(ids
            .next_id()
            .to_str()
            .unwrap()
            .ends_with("-0000-0000f0000002"));
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
