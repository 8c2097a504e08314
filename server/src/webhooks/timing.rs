//! When to try a webhook delivery again: the backoff schedule, a receiver's `Retry-After`, the
//! lease of a claim and the other timings of the delivery loop (shorter in tests).

use super::Burst;
use time::{Duration, OffsetDateTime};

/// The delays between attempts, in units of the base delay (5 s): 5 s, 30 s, 2 min, 10 min,
/// 30 min, 1 h, 2 h, 4 h, then every 8 h.
const SCHEDULE: [i64; 9] = [1, 6, 24, 120, 360, 720, 1440, 2880, 5760];

/// The loop's timings (shorter in tests).
#[derive(Debug, Clone, Copy)]
pub struct Timing {
    pub burst: Burst,
    pub retry_base_ms: i64,
    pub give_up_after_ms: i64,
    /// How long a claimed delivery is leased to the instance that claimed it; never less than
    /// one attempt can take (see [`Timing::lease`]).
    pub lease_ms: i64,
    /// How long one attempt may take, connection included.
    pub send_timeout_ms: i64,
}

impl Default for Timing {
    fn default() -> Self {
        Self {
            burst: Burst(Duration::seconds(10)),
            retry_base_ms: 5_000,
            give_up_after_ms: 24 * 3_600_000,
            lease_ms: 60_000,
            send_timeout_ms: 10_000,
        }
    }
}

impl Timing {
    /// The lease of one claim: at least the attempt's timeout and a margin for recording it.
    pub fn lease(&self) -> i64 {
        self.lease_ms
            .max(self.send_timeout_ms.saturating_add(5_000))
    }
}

/// The delay before the attempt after `attempts` failed ones.
pub fn backoff(attempts: i64, base_ms: i64) -> i64 {
    let step = usize::try_from(attempts)
        .unwrap_or(usize::MAX)
        .min(SCHEDULE.len() - 1);
    SCHEDULE[step].saturating_mul(base_ms)
}

/// The longest wait a receiver's `Retry-After` is followed for (a longer one waits this long).
const MAX_RETRY_AFTER_MS: i64 = 3_600_000;

/// How long a receiver asked to wait (`Retry-After`: seconds, or an HTTP date), at most an
/// hour; `None` when the value is neither (found by attack: it was never read).
pub(super) fn retry_after_ms(value: &str, now: OffsetDateTime) -> Option<i64> {
    let value = value.trim();
    let wait_ms = match value.parse::<u64>() {
        Ok(seconds) => i64::try_from(seconds)
            .unwrap_or(i64::MAX)
            .saturating_mul(1_000),
        Err(_) => {
            let at = OffsetDateTime::from(httpdate::parse_http_date(value).ok()?);
            i64::try_from((at - now).whole_milliseconds())
                .unwrap_or(0)
                .max(0)
        }
    };
    Some(wait_ms.min(MAX_RETRY_AFTER_MS))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_receivers_retry_after_is_read_in_seconds_or_as_a_date_and_bounded() {
        let now = time::macros::datetime!(2026-12-02 09:00 UTC);
        assert_eq!(retry_after_ms("120", now), Some(120_000));
        assert_eq!(retry_after_ms(" 7 ", now), Some(7_000));
        let date = "Wed, 02 Dec 2026 09:02:30 GMT";
        assert_eq!(retry_after_ms(date, now), Some(150_000));
        let past = "Wed, 02 Dec 2026 08:00:00 GMT";
        assert_eq!(retry_after_ms(past, now), Some(0));
        assert_eq!(
            retry_after_ms("999999999999", now),
            Some(MAX_RETRY_AFTER_MS)
        );
        assert_eq!(retry_after_ms("soon", now), None);
        assert_eq!(retry_after_ms("-5", now), None);
    }
}
