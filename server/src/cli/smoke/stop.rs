//! A `SIGTERM` while a browser runs (a CI job cancelled, `timeout`) ends the watch: the browser
//! and its profile are removed and the report says so. Found by attack: the process died at
//! once and left the browser's profile (3 MB) behind in the temporary folder.

use nix::sys::signal::{sigaction, SaFlags, SigAction, SigHandler, SigSet, Signal};
use std::sync::atomic::{AtomicBool, Ordering};

/// Set by `SIGTERM` while a [`StopOnTerm`] is held.
static STOP_ASKED: AtomicBool = AtomicBool::new(false);

extern "C" fn on_term(_signal: nix::libc::c_int) {
    STOP_ASKED.store(true, Ordering::SeqCst);
}

/// While held, `SIGTERM` asks the watch to stop instead of ending the process.
pub struct StopOnTerm {
    previous: Option<SigAction>,
}

impl StopOnTerm {
    pub fn catch() -> Self {
        let action = SigAction::new(
            SigHandler::Handler(on_term),
            SaFlags::empty(),
            SigSet::empty(),
        );
        // SAFETY: the handler only stores to an atomic, which is async-signal-safe.
        let previous = unsafe { sigaction(Signal::SIGTERM, &action) }.ok();
        Self { previous }
    }
}

impl Drop for StopOnTerm {
    fn drop(&mut self) {
        if let Some(previous) = &self.previous {
            // SAFETY: puts back the disposition that was in place before.
            let _ = unsafe { sigaction(Signal::SIGTERM, previous) };
        }
    }
}

/// Whether `SIGTERM` asked the watch to stop.
pub fn stop_asked() -> bool {
    STOP_ASKED.load(Ordering::SeqCst)
}
