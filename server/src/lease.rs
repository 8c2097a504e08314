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

/// How long a read waits for writers to close an input file before refusing it.
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
    /// The file cannot be read as an input now (missing mid-rename, not a regular file, over
    /// [`MAX_INPUT_BYTES`]): the read itself refuses it, saying why.
    Unreadable,
}

/// Asks the kernel whether any process holds `path` (what it resolves to) open for writing.
pub fn writers_of(path: &Path) -> Writers {
    match open_input(path).map(|file| leased(file, |_| ())) {
        Ok(Leased::Read(())) => Writers::None,
        Ok(Leased::Held) => Writers::Held,
        Ok(Leased::Unknown(_)) => Writers::Unknown,
        Err(_) => Writers::Unreadable,
    }
}

/// The most an input file may hold: a larger one (a sparse file, a link to `/dev/zero`) is
/// refused before it is read (found by attack, round 11: the server was killed for memory).
pub const MAX_INPUT_BYTES: u64 = 4 * 1024 * 1024;

/// Reads `path` whole once no process holds it open to write, under a read lease so none can
/// open it to write while it is read. Waits for writers to close it at most
/// [`WRITER_PATIENCE`], then refuses it (`ResourceBusy`): a file still held is never read
/// (found by attack, round 11: reading it as it was at the cap recorded the half). Without
/// leases (a file of another user, NFS) it is read as it is. Only regular files of at most
/// [`MAX_INPUT_BYTES`] are read (a FIFO wedged the reload for good).
pub fn read_unwritten(path: &Path) -> std::io::Result<Vec<u8>> {
    read_within(path, WRITER_PATIENCE)
}

/// [`read_unwritten`], waiting for writers at most `patience`.
fn read_within(path: &Path, patience: Duration) -> std::io::Result<Vec<u8>> {
    let started = Instant::now();
    let mut said = false;
    loop {
        let file = open_input(path)?;
        match leased(file, read_bounded) {
            Leased::Read(bytes) => return bytes,
            Leased::Unknown(mut file) => return read_bounded(&mut file),
            Leased::Held if started.elapsed() >= patience => {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::ResourceBusy,
                    format!("still open for writing in another process after {patience:?}, so not read (save by rename to avoid this)"),
                ));
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

/// Opens an input file to read without waiting: a regular file only. A process holding a write
/// lease on it makes the open fail at once (`WouldBlock`), which is a writer holding it.
fn open_input(path: &Path) -> std::io::Result<Opened> {
    let file = match std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(nix::libc::O_NONBLOCK)
        .open(path)
    {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => return Ok(Opened::WriteLeased),
        Err(e) => return Err(e),
    };
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a regular file",
        ));
    }
    if meta.len() > MAX_INPUT_BYTES {
        return Err(too_big());
    }
    Ok(Opened::File(file))
}

/// An input file opened, or held by a writer's lease.
enum Opened {
    File(std::fs::File),
    WriteLeased,
}

fn too_big() -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::InvalidData,
        format!("over {} MiB", MAX_INPUT_BYTES / (1024 * 1024)),
    )
}

/// The file's bytes, refused past [`MAX_INPUT_BYTES`] (it may grow after it was measured).
fn read_bounded(file: &mut std::fs::File) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    file.take(MAX_INPUT_BYTES + 1).read_to_end(&mut bytes)?;
    match bytes.len() as u64 > MAX_INPUT_BYTES {
        true => Err(too_big()),
        false => Ok(bytes),
    }
}

/// What taking a read lease on a file gave.
enum Leased<T> {
    /// The lease was held while `work` ran on the file.
    Read(T),
    /// A process holds the file open to write.
    Held,
    /// The kernel would not say (see [`Writers::Unknown`]): the file, to read as it is.
    Unknown(std::fs::File),
}

/// Runs `work` on the opened file while holding a read lease on it.
fn leased<T>(opened: Opened, work: impl FnOnce(&mut std::fs::File) -> T) -> Leased<T> {
    ignore_lease_breaks();
    let mut file = match opened {
        Opened::File(file) => file,
        Opened::WriteLeased => return Leased::Held,
    };
    let fd = file.as_raw_fd();
    // SAFETY: `fd` stays open for both calls; F_SETLEASE takes an integer.
    let taken = unsafe { nix::libc::fcntl(fd, nix::libc::F_SETLEASE, nix::libc::F_RDLCK) };
    if taken != 0 {
        return match nix::errno::Errno::last() {
            nix::errno::Errno::EAGAIN => Leased::Held,
            _ => Leased::Unknown(file),
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
        // A file that cannot be read as an input is not one the kernel would not answer about.
        assert_eq!(writers_of(&dir.path().join("missing")), Writers::Unreadable);
        let fifo = dir.path().join("fifo.env");
        nix::unistd::mkfifo(&fifo, nix::sys::stat::Mode::S_IRWXU).unwrap();
        assert_eq!(writers_of(&fifo), Writers::Unreadable);
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

    #[test]
    fn a_file_still_held_when_patience_runs_out_is_refused_and_special_files_never_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("board.env");
        std::fs::write(&path, "A=1\n").unwrap();
        let writer = std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap();
        let held = read_within(&path, Duration::from_millis(300)).unwrap_err();
        assert_eq!(held.kind(), std::io::ErrorKind::ResourceBusy, "{held}");
        drop(writer);
        assert_eq!(read_within(&path, Duration::ZERO).unwrap(), b"A=1\n");
        // A FIFO is refused at once (reading one waits for a writer forever).
        let fifo = dir.path().join("fifo.env");
        nix::unistd::mkfifo(&fifo, nix::sys::stat::Mode::S_IRWXU).unwrap();
        let refused = read_unwritten(&fifo).unwrap_err();
        assert!(
            refused.to_string().contains("not a regular file"),
            "{refused}"
        );
        // A file past the bound is refused before it is read.
        let big = dir.path().join("big.env");
        let file = std::fs::File::create(&big).unwrap();
        file.set_len(MAX_INPUT_BYTES + 1).unwrap();
        let refused = read_unwritten(&big).unwrap_err();
        assert!(refused.to_string().contains("over 4 MiB"), "{refused}");
    }
}
