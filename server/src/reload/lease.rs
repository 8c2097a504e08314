//! The kernel's own answer to "does any process hold this file open to write?": a read lease
//! (`fcntl(F_SETLEASE, F_RDLCK)`) is refused while a process of any user or PID namespace holds
//! the file open for writing, whatever path it opened it by. The lease is given back at once.
//! Found by attack (round 9): a writer the server cannot look into wrote half a file in another
//! folder and moved or linked it in; neither `/proc` nor inotify on the watched folders saw it.

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
}

/// Asks the kernel whether any process holds `path` (what it resolves to) open for writing.
pub fn writers_of(path: &Path) -> Writers {
    let Ok(file) = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(nix::libc::O_NONBLOCK)
        .open(path)
    else {
        return Writers::Unknown;
    };
    let fd = file.as_raw_fd();
    // SAFETY: `fd` stays open for both calls; F_SETLEASE takes an integer. No owner is set on
    // the descriptor (F_SETOWN), so a writer opening it meanwhile sends this process no signal;
    // the lease is given back at once and with the descriptor's close at the latest.
    let taken = unsafe { nix::libc::fcntl(fd, nix::libc::F_SETLEASE, nix::libc::F_RDLCK) };
    if taken == 0 {
        // SAFETY: as above.
        unsafe { nix::libc::fcntl(fd, nix::libc::F_SETLEASE, nix::libc::F_UNLCK) };
        return Writers::None;
    }
    match nix::errno::Errno::last() {
        nix::errno::Errno::EAGAIN => Writers::Held,
        _ => Writers::Unknown,
    }
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
}
