//! Limits that keep the server answering under load and abuse: a time limit per request, a cap
//! on requests in flight (excess is shed with 503), and a rate limit on pushing proofs.

use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

/// Longest a request may take before it is answered 408.
pub const REQUEST_TIME_LIMIT: Duration = Duration::from_secs(15);
/// Requests handled at once; more are refused with 503 rather than queued without bound.
pub const MAX_IN_FLIGHT: usize = 512;
/// Of those, the most one client (an address, or an IPv6 /64) may hold: one client cannot take
/// them all (found by attack: two addresses did, with uploads that never finished).
pub const MAX_IN_FLIGHT_PER_CLIENT: usize = 64;

/// The shared budget for `POST /api/proofs`: `per_second` sustained, twice that in a burst.
#[derive(Clone)]
pub struct PushRateLimit(Arc<DefaultDirectRateLimiter>);

impl PushRateLimit {
    pub fn per_second(per_second: NonZeroU32) -> Self {
        let burst = per_second.saturating_mul(NonZeroU32::MIN.saturating_add(1));
        Self(Arc::new(RateLimiter::direct(
            Quota::per_second(per_second).allow_burst(burst),
        )))
    }

    /// `Ok` when a push may go ahead now, else how long until one may.
    pub fn check(&self) -> Result<(), Duration> {
        self.0.check().map_err(|not_until| {
            not_until.wait_time_from(governor::clock::Clock::now(
                &governor::clock::DefaultClock::default(),
            ))
        })
    }
}

/// A budget per client address (failed authentications; subscriptions): a flood from one
/// address is refused with 429 without touching anyone else's budget (IPv6 counts per /64).
#[derive(Clone)]
pub struct ClientLimit(Arc<governor::DefaultKeyedRateLimiter<IpAddr>>);

impl ClientLimit {
    pub fn per_second(per_second: NonZeroU32) -> Self {
        let burst = per_second.saturating_mul(NonZeroU32::MIN.saturating_add(1));
        Self(Arc::new(RateLimiter::keyed(
            Quota::per_second(per_second).allow_burst(burst),
        )))
    }

    /// What one client may ask of the e-mail subscriptions (each request may send a message to
    /// any address typed in): 10 at once, then one a minute.
    pub fn subscriptions() -> Self {
        let burst = NonZeroU32::MIN.saturating_add(9);
        let quota = Quota::per_minute(NonZeroU32::MIN).allow_burst(burst);
        Self(Arc::new(RateLimiter::keyed(quota)))
    }

    pub fn check(&self, client: IpAddr) -> Result<(), Duration> {
        self.0.check_key(&network_of(client)).map_err(|not_until| {
            not_until.wait_time_from(governor::clock::Clock::now(
                &governor::clock::DefaultClock::default(),
            ))
        })
    }

    /// Forgets addresses whose budget is full again, so memory follows active clients only.
    pub fn forget_idle(&self) {
        self.0.retain_recent();
        self.0.shrink_to_fit();
    }
}

/// The key an address is limited under: itself for IPv4, its /64 network for IPv6.
fn network_of(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => {
            let mut segments = v6.segments();
            segments[4..].fill(0);
            IpAddr::V6(segments.into())
        }
    }
}

impl std::fmt::Debug for ClientLimit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ClientLimit")
    }
}

impl std::fmt::Debug for PushRateLimit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PushRateLimit")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn burst_is_twice_the_rate_then_it_refuses() {
        let limit = PushRateLimit::per_second(NonZeroU32::new(2).unwrap());
        let accepted = (0..10).filter(|_| limit.check().is_ok()).count();
        assert_eq!(accepted, 4);
        assert!(limit.check().unwrap_err() <= Duration::from_secs(1));
    }

    #[test]
    fn failed_authentications_are_limited_per_address() {
        let limit = ClientLimit::per_second(NonZeroU32::new(1).unwrap());
        let flooder: IpAddr = "10.0.0.1".parse().unwrap();
        let other: IpAddr = "10.0.0.2".parse().unwrap();
        assert_eq!((0..10).filter(|_| limit.check(flooder).is_ok()).count(), 2);
        assert!(
            limit.check(other).is_ok(),
            "another address keeps its budget"
        );
        let a: IpAddr = "2001:db8::1".parse().unwrap();
        let b: IpAddr = "2001:db8::ffff".parse().unwrap();
        assert_eq!((0..5).filter(|_| limit.check(a).is_ok()).count(), 2);
        assert!(limit.check(b).is_err(), "one IPv6 /64 is one client");
    }
}
