//! Whether some process holds a file open for writing, read off Linux's `/proc/<pid>/fd` and
//! `fdinfo` (as `fuser` does): a file is not read while a writer may be half-way through it.
//! Found by attack (round 6): any other process closing the file (`touch`) ended the wait for
//! the writer still holding it, and a server starting mid-rewrite read the half.

use std::os::unix::fs::MetadataExt;
use std::path::Path;

/// The access mode bits of an open file's flags (`O_ACCMODE`): 1 write-only, 2 read-write.
const ACCESS_MODE: u32 = 0o3;

/// `Some(pid)` of a process that has `path` open for writing, `None` when none this process
/// can see does (or when there is no `/proc` to ask: then the caller's inotify view decides).
pub fn writer_of(path: &Path) -> Option<u32> {
    descriptors_on(path)
        .into_iter()
        .find_map(|(pid, writable)| writable.then_some(pid))
}

/// Every descriptor open on `path` in the processes this one may look into: the process and
/// whether it was opened to write.
pub fn descriptors_on(path: &Path) -> Vec<(u32, bool)> {
    let mut found = Vec::new();
    let (Ok(target), Ok(processes)) = (std::fs::metadata(path), std::fs::read_dir("/proc")) else {
        return found;
    };
    for process in processes.flatten() {
        let Some(pid) = process
            .file_name()
            .to_str()
            .and_then(|n| n.parse::<u32>().ok())
        else {
            continue;
        };
        let Ok(fds) = std::fs::read_dir(process.path().join("fd")) else {
            continue;
        };
        for fd in fds.flatten() {
            // The link leads to the open file: compare the file itself, not its name.
            let same = std::fs::metadata(fd.path())
                .is_ok_and(|m| m.dev() == target.dev() && m.ino() == target.ino());
            if same {
                found.push((pid, opened_for_writing(&process.path(), &fd.file_name())));
            }
        }
    }
    found
}

/// Whether `/proc/<pid>/fdinfo/<fd>` says the descriptor was opened to write.
fn opened_for_writing(process: &Path, fd: &std::ffi::OsStr) -> bool {
    let Ok(info) = std::fs::read_to_string(process.join("fdinfo").join(fd)) else {
        return false;
    };
    info.lines()
        .find_map(|line| line.strip_prefix("flags:"))
        .and_then(|flags| u32::from_str_radix(flags.trim(), 8).ok())
        .is_some_and(|flags| flags & ACCESS_MODE != 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_open_for_writing_is_seen_and_one_open_for_reading_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("board.env");
        std::fs::write(&path, "A=1\n").unwrap();
        assert!(Path::new("/proc/self/fdinfo").is_dir(), "a Linux /proc");
        let reading = std::fs::File::open(&path).unwrap();
        assert_eq!(writer_of(&path), None);
        let writing = std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap();
        assert_eq!(writer_of(&path), Some(std::process::id()));
        drop(writing);
        assert_eq!(writer_of(&path), None);
        drop(reading);
    }
}
