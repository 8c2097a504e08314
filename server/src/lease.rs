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
use std::time::{Duration, Instant, SystemTime};

/// How long an input file must have been left alone (its inode unchanged: `ctime`, which no
/// `touch -d` or `cp -p` sets back) before it is read.
pub const QUIET: Duration = Duration::from_secs(1);

/// How often a read still waiting for a writer says so.
const SAY_AGAIN: Duration = Duration::from_secs(60);

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

/// Reads `path` whole once no process holds it open to write and it has been left alone for
/// [`QUIET`], under a read lease so none can open it to write while it is read. A writer is
/// waited for as long as it holds the file, never read around (found by attack, rounds 11 and
/// 12: reading a file still held after a minute recorded its half, and a read right after a
/// writer's close caught a save made in two opens); the wait is logged each minute. Without
/// leases (a file of another user, NFS) the writers `/proc` shows are waited for. Only regular
/// files of at most [`MAX_INPUT_BYTES`] are read (a FIFO wedged the reload for good).
pub fn read_unwritten(path: &Path) -> std::io::Result<Vec<u8>> {
    read_after(path, QUIET)
}

/// [`read_unwritten`], the file left alone for `quiet`.
fn read_after(path: &Path, quiet: Duration) -> std::io::Result<Vec<u8>> {
    let mut waiting = Waiting::new(path);
    loop {
        let ahead = waiting.settled_ahead(quiet);
        let read = match leased(open_input(path)?, |file| settled_read(file, quiet, ahead)) {
            Leased::Read(read) => read,
            Leased::Held => Err(NotYet::Held(None)),
            Leased::Unknown(mut file) => match crate::reload::writers::writer_of(path) {
                Some(pid) => Err(NotYet::Held(Some(pid))),
                None => settled_read(&mut file, quiet, ahead),
            },
        };
        match read {
            Ok(bytes) => return Ok(bytes),
            Err(NotYet::Failed(e)) => return Err(e),
            Err(NotYet::Held(pid)) => {
                waiting.held(pid);
                std::thread::sleep(Duration::from_millis(100));
            }
            Err(NotYet::Changed { left, changed }) => {
                waiting.changed(changed);
                std::thread::sleep(left.clamp(Duration::from_millis(10), quiet));
            }
        }
    }
}

/// Why a file was not read now.
enum NotYet {
    /// A process holds it open to write (its pid, when `/proc` shows it).
    Held(Option<u32>),
    /// It changed less than the quiet time ago (at `changed`): `left` to wait.
    Changed {
        left: Duration,
        changed: SystemTime,
    },
    Failed(std::io::Error),
}

/// The file's bytes if it was left alone for `quiet`. A change time ahead of the clock (a clock
/// stepped back) counts once it has been seen unchanged for `quiet` (`ahead`, see
/// [`Waiting::changed`]).
fn settled_read(
    file: &mut std::fs::File,
    quiet: Duration,
    ahead: Option<SystemTime>,
) -> Result<Vec<u8>, NotYet> {
    let changed = changed_at(file).map_err(NotYet::Failed)?;
    if ahead == Some(changed) {
        return read_bounded(file).map_err(NotYet::Failed);
    }
    match SystemTime::now().duration_since(changed) {
        Ok(age) if age >= quiet => read_bounded(file).map_err(NotYet::Failed),
        Ok(age) => Err(NotYet::Changed {
            left: quiet - age,
            changed,
        }),
        Err(_ahead) => Err(NotYet::Changed {
            left: quiet,
            changed,
        }),
    }
}

/// When the file's inode last changed (`ctime`).
fn changed_at(file: &std::fs::File) -> std::io::Result<SystemTime> {
    use std::os::unix::fs::MetadataExt;
    let meta = file.metadata()?;
    let (seconds, nanos) = (meta.ctime(), meta.ctime_nsec());
    let since_epoch = Duration::new(
        seconds.max(0).unsigned_abs(),
        nanos.clamp(0, 999_999_999) as u32,
    );
    Ok(SystemTime::UNIX_EPOCH + since_epoch)
}

/// What a read waiting for a file has said, so it says it once, then once a minute.
struct Waiting<'a> {
    path: &'a Path,
    said: Option<Instant>,
    /// A change time ahead of the clock, and when it was first seen.
    ahead: Option<(SystemTime, Instant)>,
}

impl<'a> Waiting<'a> {
    fn new(path: &'a Path) -> Self {
        Self {
            path,
            said: None,
            ahead: None,
        }
    }

    fn held(&mut self, pid: Option<u32>) {
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
    fn changed(&mut self, changed: SystemTime) {
        if changed > SystemTime::now() && self.ahead.is_none_or(|(seen, _)| seen != changed) {
            self.ahead = Some((changed, Instant::now()));
        }
    }

    /// The change time ahead of the clock seen unchanged for `quiet`, if any.
    fn settled_ahead(&self, quiet: Duration) -> Option<SystemTime> {
        self.ahead
            .filter(|(_, since)| since.elapsed() >= quiet)
            .map(|(changed, _)| changed)
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

    /// Found by attack (round 12): a file still held after a minute was read half-way; a save
    /// in two opens was read between them once the writer first closed; a file copied with its
    /// old time (`cp -p`) was read at once.
    #[test]
    fn a_file_is_read_once_closed_and_left_alone_a_second_and_special_files_never() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("board.env");
        std::fs::write(&path, "A=1\n").unwrap();
        let mut writer = std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap();
        let moved = path.clone();
        let save = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(1500));
            std::io::Write::write_all(&mut writer, b"B=2\n").unwrap();
            drop(writer);
            std::thread::sleep(Duration::from_millis(300));
            let mut again = std::fs::OpenOptions::new()
                .append(true)
                .open(&moved)
                .unwrap();
            std::io::Write::write_all(&mut again, b"C=3\n").unwrap();
        });
        let started = Instant::now();
        assert_eq!(read_unwritten(&path).unwrap(), b"A=1\nB=2\nC=3\n");
        // (The kernel's change times are coarse: a few milliseconds behind the clock.)
        assert!(started.elapsed() >= Duration::from_millis(1750) + QUIET);
        save.join().unwrap();
        // Its time set an hour back: the change time still says it was just written.
        let copied = dir.path().join("copied.env");
        std::fs::write(&copied, "A=1\n").unwrap();
        let an_hour_ago = std::time::SystemTime::now() - Duration::from_secs(3600);
        let file = std::fs::File::options().write(true).open(&copied).unwrap();
        file.set_modified(an_hour_ago).unwrap();
        drop(file);
        let started = Instant::now();
        assert_eq!(read_unwritten(&copied).unwrap(), b"A=1\n");
        assert!(started.elapsed() >= QUIET - Duration::from_millis(100));
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
