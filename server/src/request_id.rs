//! Request ids: a client's `x-request-id` is kept only when it is short and plain (letters,
//! digits, `-_.:`), so it can never forge log text; otherwise a fresh UUID replaces it. The id is
//! also made available to error bodies, so a 5xx answer names the log line that explains it.
//! Fresh ids are UUID-shaped and made without a system call each ([`MakeIds`]).

use std::cell::Cell;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

const MAX_LEN: usize = 64;

/// Makes request ids shaped as UUIDs from 64 random bits drawn once per process and a counter:
/// unique within the process and, with overwhelming odds, across instances, at no system call
/// per request (a UUID v4 drew from the OS each time: 1 % of the server's CPU under load). An id
/// names a log line and grants nothing, so it need not be unguessable. The random part is
/// written out once; each id writes only its counter's 16 hex digits (issue 24: `format!` per
/// request was most of the 4 % the ids cost). Each thread takes counters from the process's in
/// blocks, so the cores do not take turns at one shared counter for every request.
#[derive(Clone, Copy)]
pub struct MakeIds {
    /// `xxxxxxxx-xxxx-xxxx-`: the random prefix, written out.
    prefix: [u8; PREFIX],
}

const PREFIX: usize = 19;
const ID: usize = 36;
/// Counters a thread takes at once.
const BLOCK: u64 = 1024;

static TAKEN: AtomicU64 = AtomicU64::new(0);

thread_local! {
    /// This thread's next counter and the end of its block.
    static BLOCK_LEFT: Cell<(u64, u64)> = const { Cell::new((0, 0)) };
}

/// A counter no other id of this process has.
fn next_counter() -> u64 {
    BLOCK_LEFT.with(|left| {
        let (mut next, mut end) = left.get();
        if next == end {
            next = TAKEN.fetch_add(BLOCK, Relaxed);
            end = next + BLOCK;
        }
        left.set((next + 1, end));
        next
    })
}

impl MakeIds {
    pub fn new() -> Self {
        let p = rand_core::RngCore::next_u64(&mut rand_core::OsRng);
        let mut prefix = [b'-'; PREFIX];
        hex(p >> 32, &mut prefix[..8]);
        hex(p >> 16, &mut prefix[9..13]);
        hex(p, &mut prefix[14..18]);
        Self { prefix }
    }

    /// Whether `id` has this maker's prefix: one it made, or a guess at one it will make.
    pub(crate) fn made(&self, id: &axum::http::HeaderValue) -> bool {
        let id = id.as_bytes();
        id.len() >= PREFIX && id[..PREFIX].eq_ignore_ascii_case(&self.prefix)
    }

    /// A fresh id: the prefix, then the counter as `xxxx-xxxxxxxxxxxx`.
    pub(crate) fn next_id(&self) -> axum::http::HeaderValue {
        let n = next_counter();
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
    /// The process's own maker: every app of the process (the board and the reserve) hands out
    /// ids of one prefix, so each knows the other's (found by attack: with a prefix each, a
    /// client could claim the reserve's next ids through the board).
    fn default() -> Self {
        static PROCESS: std::sync::OnceLock<MakeIds> = std::sync::OnceLock::new();
        *PROCESS.get_or_init(Self::new)
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
        let counter = |id: &str| u64::from_str_radix(&id[19..].replace('-', ""), 16).unwrap();
        assert_eq!(counter(second), counter(first) + 1, "{first} {second}");
        let mut digits = [0; 16];
        super::hex(0x0123_4567_89ab_cdef, &mut digits);
        assert_eq!(&digits, b"0123456789abcdef");
        let other = super::MakeIds::new();
        assert_ne!(
            other.next_id(),
            first,
            "another process draws another prefix"
        );
    }

    #[test]
    fn ids_made_on_many_threads_never_repeat() {
        let ids = super::MakeIds::new();
        let made: Vec<Vec<String>> = std::thread::scope(|scope| {
            let threads: Vec<_> = (0..4)
                .map(|_| {
                    scope.spawn(move || {
                        (0..3000)
                            .map(|_| ids.next_id().to_str().unwrap().to_owned())
                            .collect()
                    })
                })
                .collect();
            threads.into_iter().map(|t| t.join().unwrap()).collect()
        });
        let all: std::collections::HashSet<&String> = made.iter().flatten().collect();
        assert_eq!(all.len(), 4 * 3000);
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
