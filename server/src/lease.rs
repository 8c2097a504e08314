//! The kernel's own answer to "does any process hold this file open to write?": a read lease
//! (`fcntl(F_SETLEASE, F_RDLCK)`) is refused while a process of any user or PID namespace holds
//! the file open for writing, whatever path it opened it by; and while it is held, no process can
//! open the file to write (its open waits until the lease is given back). An input file is read
//! whole under a lease, given back at once. Found by attack: a writer the server cannot look into
//! moved a half-written file in (round 9); a writer that opened the file between the server's
//! question and its read (round 10).

use std::io::Read;
use std::os::fd::AsRawFd;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;
use std::time::{Duration, Instant};

/// How long a read waits for writers to close an input file before reading it as it is.
pub const WRITER_PATIENCE: Duration = Duration::from_secs(60);

/// What the kernel says about writers of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Writers {
    /// Some process holds it open for writing.
    Held,
    /// No process does.
    None,
    /// The kernel would not say: the file belongs to another user and this process lacks
    /// `CAP_LEASE`, or the filesystem has no leases (NFS), or leases are turned off.
    Unknown,
}

/// Asks the kernel whether any process holds `path` (what it resolves to) open for writing.
pub fn writers_of(path: &Path) -> Writers {
    match leased(path, |_| ()) {
        Leased::Read(()) => Writers::None,
        Leased::Held => Writers::Held,
        Leased::Unknown => Writers::Unknown,
    }
}

/// Reads `path` whole once no process holds it open to write, under a read lease so none can
/// open it to write while it is read. Waits for writers to close it at most
/// [`WRITER_PATIENCE`], then reads it as it is (with a warning); without leases (a file of
/// another user, NFS) it is read as it is.
pub fn read_unwritten(path: &Path) -> std::io::Result<Vec<u8>> {
    let started = Instant::now();
    let mut said = false;
    loop {
        let read = |file: &mut std::fs::File| {
            let mut bytes = Vec::new();
            file.read_to_end(&mut bytes).map(|_| bytes)
        };
        match leased(path, read) {
            Leased::Read(bytes) => return bytes,
            Leased::Unknown => return std::fs::read(path),
            Leased::Held if started.elapsed() >= WRITER_PATIENCE => {
                tracing::warn!(file = %path.display(), "an input file is still open for writing after {WRITER_PATIENCE:?}; reading it as it is (save by rename to avoid this)");
                return std::fs::read(path);
            }
            Leased::Held => {
                if !said {
                    said = true;
                    tracing::info!(file = %path.display(), "an input file is open for writing in another process; reading it once closed");
                }
                std::thread::sleep(Duration::from_millis(100));
            }
        }
    }
}

/// What taking a read lease on a file gave.
enum Leased<T> {
    /// The lease was held while `work` ran on the file.
    Read(T),
    /// A process holds the file open to write.
    Held,
    /// The kernel would not say (see [`Writers::Unknown`]).
    Unknown,
}

/// Runs `work` on `path` opened to read while holding a read lease on it.
fn leased<T>(path: &Path, work: impl FnOnce(&mut std::fs::File) -> T) -> Leased<T> {
    ignore_lease_breaks();
    let Ok(mut file) = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(nix::libc::O_NONBLOCK)
        .open(path)
    else {
        return Leased::Unknown;
    };
    let fd = file.as_raw_fd();
    // SAFETY: `fd` stays open for both calls; F_SETLEASE takes an integer.
    let taken = unsafe { nix::libc::fcntl(fd, nix::libc::F_SETLEASE, nix::libc::F_RDLCK) };
    if taken != 0 {
        return match nix::errno::Errno::last() {
            nix::errno::Errno::EAGAIN => Leased::Held,
            _ => Leased::Unknown,
        };
    }
    let done = work(&mut file);
    // SAFETY: as above. (Closing the descriptor would give it back too.)
    unsafe { nix::libc::fcntl(fd, nix::libc::F_SETLEASE, nix::libc::F_UNLCK) };
    Leased::Read(done)
}

/// A writer opening a leased file makes the kernel signal the lease's holder (`SIGIO`), whose
/// default is to end the process (found by attack, round 10: a server slowed between taking and
/// giving back a lease was killed by one `open`). The lease is given back right after the read
/// anyway: the signal is ignored.
fn ignore_lease_breaks() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        use nix::sys::signal::{signal, SigHandler, Signal};
        // SAFETY: ignoring a signal installs no handler code.
        if let Err(e) = unsafe { signal(Signal::SIGIO, SigHandler::SigIgn) } {
            tracing::warn!(error = %e, "cannot ignore SIGIO; a writer opening an input file while it is read could end the process");
        }
    });
}

/// Says that the kernel will not answer about `path`'s writers, and what that leaves open.
pub fn warn_cannot_tell(path: &Path) {
    use std::os::unix::fs::MetadataExt;
    let owner = std::fs::metadata(path).map(|m| m.uid()).ok();
    tracing::warn!(
        file = %path.display(),
        owner,
        "cannot ask the kernel whether a process holds this input file open to write (leases need the file's owner or CAP_LEASE, and a local filesystem): a writer this server cannot look into (another user, another PID namespace) that moves or links in a file before it finished writing it could have the half read; save by writing a new file, closing it, then renaming it over, or run the server as the file's owner"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_held_open_to_write_is_held_and_one_held_to_read_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("board.env");
        std::fs::write(&path, "A=1\n").unwrap();
        assert_eq!(writers_of(&path), Writers::None);
        let reading = std::fs::File::open(&path).unwrap();
        assert_eq!(writers_of(&path), Writers::None);
        let writing = std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap();
        // Held whatever name it was opened by: moved elsewhere, and linked back.
        let moved = dir.path().join("elsewhere.env");
        std::fs::rename(&path, &moved).unwrap();
        std::fs::hard_link(&moved, &path).unwrap();
        assert_eq!(writers_of(&path), Writers::Held);
        drop(writing);
        assert_eq!(writers_of(&path), Writers::None);
        drop(reading);
        assert_eq!(writers_of(&dir.path().join("missing")), Writers::Unknown);
    }

    #[test]
    fn a_read_waits_for_the_writer_to_close_and_never_lets_a_lease_break_end_the_process() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("board.env");
        std::fs::write(&path, "A=1\n").unwrap();
        let mut writer = std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap();
        std::io::Write::write_all(&mut writer, b"B=").unwrap();
        let finish = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(300));
            std::io::Write::write_all(&mut writer, b"2\n").unwrap();
        });
        let started = Instant::now();
        assert_eq!(read_unwritten(&path).unwrap(), b"A=1\nB=2\n");
        assert!(started.elapsed() >= Duration::from_millis(300));
        finish.join().unwrap();
        // SIGIO (29) is ignored: bit 28 of the mask of ignored signals.
        let status = std::fs::read_to_string("/proc/self/status").unwrap();
        let ignored = status
            .lines()
            .find_map(|l| l.strip_prefix("SigIgn:"))
            .map(|m| u64::from_str_radix(m.trim(), 16).unwrap())
            .unwrap();
        assert_ne!(ignored & (1 << 28), 0, "{ignored:x}");
    }
}
