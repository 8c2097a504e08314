//! What a read waiting for an input file says: once, then once a minute while a writer holds
//! it; and a change time ahead of the clock, settled once seen unchanged for the quiet time.

use super::read::SAY_AGAIN;
use std::path::Path;
use std::time::{Duration, Instant, SystemTime};

/// What a read waiting for a file has said, so it says it once, then once a minute.
pub(super) struct Waiting<'a> {
    path: &'a Path,
    said: Option<Instant>,
    /// A change time ahead of the clock, and when it was first seen.
    ahead: Option<(SystemTime, Instant)>,
}

impl<'a> Waiting<'a> {
    pub(super) fn new(path: &'a Path) -> Self {
        Self {
            path,
            said: None,
            ahead: None,
        }
    }

    pub(super) fn held(&mut self, pid: Option<u32>) {
        if self.said.is_none_or(|at| at.elapsed() >= SAY_AGAIN) {
            let first = self.said.is_none();
            self.said = Some(Instant::now());
            match first {
                true => {
                    tracing::info!(file = %self.path.display(), pid, "an input file is open for writing in another process; reading it once closed and left alone a second")
                }
                false => {
                    tracing::warn!(file = %self.path.display(), pid, "an input file is still open for writing in another process; it is read once closed (the last good inputs stay meanwhile; save by writing a new file and renaming it over)")
                }
            }
        }
    }

    /// Notes a change time ahead of the clock, from when it was first seen.
    pub(super) fn changed(&mut self, changed: SystemTime) {
        if changed > SystemTime::now() && self.ahead.is_none_or(|(seen, _)| seen != changed) {
            self.ahead = Some((changed, Instant::now()));
        }
    }

    /// The change time ahead of the clock seen unchanged for `quiet`, if any.
    pub(super) fn settled_ahead(&self, quiet: Duration) -> Option<SystemTime> {
        self.ahead
            .filter(|(_, since)| since.elapsed() >= quiet)
            .map(|(changed, _)| changed)
    }
}
