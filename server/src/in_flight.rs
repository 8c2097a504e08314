//! The budget of requests handled at once: one for the whole server, of which one client may hold
//! a share, and none of it for the health probes. Found by attack: 512 uploads that never
//! finished, from two addresses, held the whole budget for the 15 s request limit, and every
//! other request, `/healthz` and `/readyz` included, was answered 503 (a load balancer would then
//! have taken the instance out). Clients are counted by bucket (an IPv4 address or an IPv6 /64,
//! hashed with a key drawn at start-up into one of 4,096), so a request costs two uncontended
//! atomics, not a lock. Two clients may share a bucket, and so a share: one in 4,096, and with
//! the key unknown an attacker cannot choose whose (found by attack: with 256 buckets and a fixed
//! hash, 127.0.0.234 shut out 127.0.0.1).

use crate::client_ip::TrustedProxies;
use axum::extract::Request;
use prometheus_client::metrics::counter::Counter;
use std::net::IpAddr;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering::Relaxed};
use std::sync::Arc;

const BUCKETS: usize = 4096;
/// Seconds between two log lines about refusals.
const WARN_EVERY: u64 = 10;
/// Paths answered outside the budget: they read nothing but memory.
const PROBES: [&str; 2] = ["/healthz", "/readyz"];

pub struct InFlight {
    /// Requests in flight, at most `max` (a count, not a semaphore: nothing waits for a place,
    /// and giving one back takes no lock).
    all: AtomicUsize,
    max: usize,
    share: usize,
    buckets: Box<[AtomicUsize]>,
    trusted: TrustedProxies,
    /// Keys the buckets' hash.
    key: u64,
    /// Requests refused because the budget or their client's share was full.
    pub refused: Counter,
    /// The second after `started` from which a refusal may be logged again: at most one line
    /// in [`WARN_EVERY`] seconds.
    next_warning: AtomicU64,
    started: std::time::Instant,
}

/// The budget, or the client's share of it, is taken.
#[derive(Debug)]
pub struct Full;

/// A request's place in flight, given back when it is dropped.
pub struct Place {
    budget: Arc<InFlight>,
    bucket: usize,
}

impl InFlight {
    /// At most `max` requests at once, `share` of them from one client.
    pub fn new(max: usize, share: usize, trusted: TrustedProxies, refused: Counter) -> Self {
        Self {
            all: AtomicUsize::new(0),
            max,
            share,
            buckets: (0..BUCKETS).map(|_| AtomicUsize::new(0)).collect(),
            trusted,
            key: rand_core::RngCore::next_u64(&mut rand_core::OsRng),
            refused,
            next_warning: AtomicU64::new(0),
            started: std::time::Instant::now(),
        }
    }

    /// Counts a refusal, and logs it when none was logged in the last ten seconds (a flood of
    /// refusals must not flood the log; each one is counted, and its answer says why).
    fn refuse(&self) -> Full {
        self.refused.inc();
        let now = self.started.elapsed().as_secs();
        let due = self.next_warning.load(Relaxed);
        let next = now + WARN_EVERY;
        if now >= due
            && (self.next_warning)
                .compare_exchange(due, next, Relaxed, Relaxed)
                .is_ok()
        {
            let total = self.refused.get();
            tracing::warn!(refused_so_far = total, "requests refused: the budget of requests in flight, or a client's share of it, is full");
        }
        Full
    }

    /// The request's place: `Ok(None)` for a probe (no place needed), `Err` when full.
    pub fn enter(self: &Arc<Self>, request: &Request) -> Result<Option<Place>, Full> {
        if PROBES.contains(&request.uri().path()) {
            return Ok(None);
        }
        let client = self.trusted.client(request.headers(), request.extensions());
        let bucket = bucket_of(client, self.key);
        let Some(count) = self.buckets.get(bucket) else {
            return Err(Full);
        };
        // Taken only while under the limit (found by review: added then taken back, a refused
        // request's count could refuse another while a place was free).
        let take = |n: &AtomicUsize, max: usize| {
            n.fetch_update(Relaxed, Relaxed, |held| (held < max).then_some(held + 1))
                .is_ok()
        };
        if !take(count, self.share) {
            return Err(self.refuse());
        }
        if !take(&self.all, self.max) {
            count.fetch_sub(1, Relaxed);
            return Err(self.refuse());
        }
        Ok(Some(Place {
            budget: Arc::clone(self),
            bucket,
        }))
    }
}

impl Drop for Place {
    fn drop(&mut self) {
        self.budget.all.fetch_sub(1, Relaxed);
        if let Some(count) = self.budget.buckets.get(self.bucket) {
            count.fetch_sub(1, Relaxed);
        }
    }
}

/// The client's bucket: its IPv4 address or its IPv6 /64 (one holder of a /64 is one client),
/// hashed after `key` (the standard library's SipHash-1-3: without the key, no one can tell
/// which clients share a bucket).
fn bucket_of(client: IpAddr, key: u64) -> usize {
    use std::hash::{BuildHasher, Hasher};
    let who = match client {
        IpAddr::V4(v4) => u64::from(u32::from(v4)),
        IpAddr::V6(v6) => (u128::from(v6) >> 64) as u64,
    };
    let mut hasher = KEYED.build_hasher();
    hasher.write_u64(key);
    hasher.write_u64(who);
    (hasher.finish() % BUCKETS as u64) as usize
}

/// A hasher with no key of its own: [`InFlight::key`] goes in first.
const KEYED: std::hash::BuildHasherDefault<std::hash::DefaultHasher> =
    std::hash::BuildHasherDefault::new();

#[cfg(test)]
#[path = "in_flight_tests.rs"]
mod tests;
