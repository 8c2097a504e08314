//! What a read waiting for an input file knows and says: when a writer last held it (the quiet
//! second counts from then too), what it said (once, then once a minute, whether a writer holds
//! the file or it keeps changing), and a change time ahead of the clock, settled once seen
//! unchanged for the quiet time.

use super::read::SAY_AGAIN;
use std::path::Path;
use std::time::{Duration, Instant, SystemTime};

/// How long a file may keep changing before the wait is said (then once a minute).
const SAY_CHANGING_AFTER: Duration = Duration::from_secs(5);

/// What a read waiting for a file knows and has said.
pub(super) struct Waiting<'a> {
    path: &'a Path,
    started: Instant,
    said: Option<Instant>,
    said_changing: Option<Instant>,
    /// Whether a writer was seen holding the file, and since when no look found one.
    seen_held: bool,
    free_since: Option<Instant>,
    /// A change time ahead of the clock, and when it was first seen.
    ahead: Option<(SystemTime, Instant)>,
}

impl<'a> Waiting<'a> {
    pub(super) fn new(path: &'a Path) -> Self {
        Self {
            path,
            started: Instant::now(),
            said: None,
            said_changing: None,
            seen_held: false,
            free_since: None,
            ahead: None,
        }
    }

    pub(super) fn held(&mut self, pid: Option<u32>) {
        self.seen_held = true;
        self.free_since = None;
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

    /// A look found no writer: how long is left of the quiet time since the first such look
    /// after a writer was seen (none if no writer was seen). Found by attack (round 13): a
    /// writer that held the file idle, closed it and reopened it 0.3 s later was read at its
    /// first close, the change time being old by then.
    pub(super) fn free_left(&mut self, quiet: Duration) -> Option<Duration> {
        if !self.seen_held {
            return None;
        }
        let since = self.free_since.get_or_insert_with(Instant::now).elapsed();
        (since < quiet).then(|| quiet - since)
    }

    /// Notes that the file changed at `changed` (a change time ahead of the clock, from when it
    /// was first seen), and says so when it keeps changing (found by attack, round 13: a server
    /// waited 86 s for a file that kept changing without a word).
    pub(super) fn changed(&mut self, changed: SystemTime) {
        if changed > SystemTime::now() && self.ahead.is_none_or(|(seen, _)| seen != changed) {
            self.ahead = Some((changed, Instant::now()));
        }
        let due = match self.said_changing {
            None => self.started.elapsed() >= SAY_CHANGING_AFTER,
            Some(at) => at.elapsed() >= SAY_AGAIN,
        };
        if due {
            self.said_changing = Some(Instant::now());
            tracing::warn!(file = %self.path.display(), waited_s = self.started.elapsed().as_secs(), "an input file keeps changing (its change time moves: writes, renames, chmod); it is read once left alone a second, and the last good inputs stay meanwhile");
        }
    }

    /// The change time ahead of the clock seen unchanged for `quiet`, if any.
    pub(super) fn settled_ahead(&self, quiet: Duration) -> Option<SystemTime> {
        self.ahead
            .filter(|(_, since)| since.elapsed() >= quiet)
            .map(|(changed, _)| changed)
    }
}
