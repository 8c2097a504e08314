//! The kernel's own answer to "does any process hold this file open to write?": a read lease
//! (`fcntl(F_SETLEASE, F_RDLCK)`) is refused while a process of any user or PID namespace holds
//! the file open for writing, whatever path it opened it by; and while it is held, no process can
//! open the file to write (its open waits until the lease is given back). An input file is read
//! whole under a lease, given back at once. Found by attack: a writer the server cannot look into
//! moved a half-written file in (round 9); a writer that opened the file between the server's
//! question and its read (round 10).
//!
//! Reading inputs under a lease, once left alone: [`read`] (and what a waiting read says,
//! [`waiting`]).

mod quiet;
mod read;
pub mod settle;
mod waiting;

pub use quiet::written_within;
pub use read::read_unwritten;
use std::io::Read;
use std::os::fd::AsRawFd;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

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
}
