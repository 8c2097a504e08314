//! Whether input files were written, or opened to write, within a watched while: inotify sees
//! every write and every close of a file opened to write (even one that wrote nothing), through
//! any path, by any process; the kernel says whether one is still held at the end. Found by
//! attack (round 21): a writer reopening a file to write without writing, 0.3 s apart, between
//! two parts of its save, was seen by no single look, and a command read the first part twice.

use super::{writers_of, Writers};
use inotify::{Inotify, WatchMask};
use std::path::Path;
use std::time::Duration;

/// `true` when any of `files` was written or opened to write during `wait` (or is held open to
/// write at its end). Without inotify, what the kernel says at the end alone.
pub fn written_within(files: &[&Path], wait: Duration) -> bool {
    let watched = Inotify::init().inspect(|inotify| {
        for file in files {
            let _ = inotify
                .watches()
                .add(file, WatchMask::MODIFY | WatchMask::CLOSE_WRITE);
        }
    });
    std::thread::sleep(wait);
    let mut buffer = [0u8; 4096];
    let seen = match watched {
        Ok(mut inotify) => inotify
            .read_events(&mut buffer)
            .is_ok_and(|mut events| events.next().is_some()),
        Err(e) => {
            tracing::debug!(error = %e, "cannot watch the input files for writes");
            false
        }
    };
    seen || files.iter().any(|file| writers_of(file) == Writers::Held)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_open_to_write_that_writes_nothing_is_seen_and_a_read_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("board.env");
        std::fs::write(&path, "A=1\n").unwrap();
        let touch = |write: bool| {
            let path = path.clone();
            std::thread::spawn(move || {
                std::thread::sleep(Duration::from_millis(100));
                match write {
                    true => drop(std::fs::OpenOptions::new().append(true).open(&path)),
                    false => drop(std::fs::read(&path)),
                }
            })
        };
        let opened = touch(true);
        assert!(written_within(&[&path], Duration::from_millis(300)));
        opened.join().unwrap();
        let read = touch(false);
        assert!(!written_within(&[&path], Duration::from_millis(300)));
        read.join().unwrap();
    }
}
