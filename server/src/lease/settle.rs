//! How long an input file must be left alone before it is read, and how long a read is watched
//! for a save made in parts: one second unless `--settle-ms` (`VENDOR_READINESS_SETTLE_MS`) says
//! otherwise. Set once by `main`, before any input is read; read by the lease, the start-up read
//! ([`crate::loaded`]) and the reload. Issue 24: every server start waited the second, and the
//! tests started hundreds; the tests of settling itself keep the default.

use std::sync::OnceLock;
use std::time::Duration;

/// The quiet time when none is set, in milliseconds: an editor's save is several events, and a
/// writer that saves in chunks pauses between them.
pub const DEFAULT_MS: u64 = 1000;
pub const DEFAULT: Duration = Duration::from_millis(DEFAULT_MS);

/// The shortest quiet time accepted, in milliseconds (the flag refuses less).
pub const SHORTEST_MS: u64 = 100;
pub const SHORTEST: Duration = Duration::from_millis(SHORTEST_MS);

static QUIET: OnceLock<Duration> = OnceLock::new();

/// Sets this process's quiet time, at least [`SHORTEST`]; only the first call counts.
pub fn set_quiet(quiet: Duration) {
    let _ = QUIET.set(bounded(quiet));
}

/// This process's quiet time: what [`set_quiet`] set, else [`DEFAULT`].
pub fn quiet() -> Duration {
    QUIET.get().copied().unwrap_or(DEFAULT)
}

fn bounded(quiet: Duration) -> Duration {
    quiet.max(SHORTEST)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quiet_time_below_the_shortest_is_raised_to_it() {
        assert_eq!(bounded(Duration::ZERO), Duration::from_millis(100));
        assert_eq!(
            bounded(Duration::from_millis(250)),
            Duration::from_millis(250)
        );
    }
}
