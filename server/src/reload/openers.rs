//! Who holds an input file open, as inotify counts it for every process of every user (opens
//! less closes since the watch began), and whether the file was modified since the last moment
//! nobody held it. Found by attack (round 7): a writer the server cannot look into (another
//! user, another PID namespace) held a half-written file while another process opened and
//! closed it (`touch`), and that close ended the wait; only counting every open sees through it.
//! The watch is on the file itself, so it also sees writes through another path to the same
//! file (a hard link elsewhere, a bind mount): those wake the reload loop (attack rounds 13–14).

use inotify::{EventMask, Inotify, WatchDescriptor, WatchMask, Watches};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use tokio::sync::mpsc;

/// One watched file (one inode): opens not closed yet, and modified while held.
#[derive(Debug, Default, Clone, Copy)]
struct Held {
    open: u32,
    modified: bool,
}

/// The count of each input file's openers, kept by a thread reading inotify's events.
pub struct Openers {
    watches: Watches,
    held: Arc<Mutex<HashMap<WatchDescriptor, Held>>>,
    /// The watch of what each input file resolves to.
    by_path: HashMap<PathBuf, WatchDescriptor>,
}

impl Openers {
    /// Counts openers of `files` (each as it resolves now) from now on, sending on `wake` when
    /// one is written or a writer closes it (never on a reader's close: the server's own reads
    /// would wake it again).
    pub fn watch(files: &[PathBuf], wake: mpsc::UnboundedSender<()>) -> std::io::Result<Self> {
        let mut inotify = Inotify::init()?;
        let held = Arc::new(Mutex::new(HashMap::new()));
        let mut openers = Self {
            watches: inotify.watches(),
            held: Arc::clone(&held),
            by_path: HashMap::new(),
        };
        openers.follow(files);
        std::thread::Builder::new()
            .name("input-openers".into())
            .spawn(move || {
                let mut buffer = [0u8; 4096];
                while let Ok(events) = inotify.read_events_blocking(&mut buffer) {
                    let mut held = held.lock().unwrap_or_else(|p| p.into_inner());
                    let mut written = false;
                    for event in events {
                        count(&mut held, event.wd, event.mask);
                        written |= event
                            .mask
                            .intersects(EventMask::MODIFY | EventMask::CLOSE_WRITE);
                    }
                    if written && wake.send(()).is_err() {
                        return;
                    }
                }
            })?;
        Ok(openers)
    }

    /// Watches what each file resolves to now (a save by rename makes a new file): one already
    /// watched keeps its count; one no longer in place is forgotten.
    pub fn follow(&mut self, files: &[PathBuf]) {
        let mask = WatchMask::OPEN | WatchMask::CLOSE | WatchMask::MODIFY;
        for file in files {
            match self.watches.add(file, mask) {
                Ok(wd) => {
                    if let Some(old) = self.by_path.insert(file.clone(), wd.clone()) {
                        if old != wd {
                            let _ = self.watches.remove(old.clone());
                            self.held
                                .lock()
                                .unwrap_or_else(|p| p.into_inner())
                                .remove(&old);
                        }
                    }
                }
                Err(e) => {
                    tracing::debug!(error = %e, file = %file.display(), "cannot count the openers of an input file");
                }
            }
        }
    }

    /// Whether `file` was modified while it is held open by more processes than the `visible`
    /// descriptors `/proc` shows on it: one this process cannot look into may be half-way
    /// through writing it.
    pub fn unseen_writer(&self, file: &Path, visible: usize) -> bool {
        let Some(wd) = self.by_path.get(file) else {
            return false;
        };
        let held = self
            .held
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(wd)
            .copied()
            .unwrap_or_default();
        held.modified && held.open > 0 && usize::try_from(held.open).unwrap_or(usize::MAX) > visible
    }
}

/// Applies one inotify event to the counts.
fn count(held: &mut HashMap<WatchDescriptor, Held>, wd: WatchDescriptor, mask: EventMask) {
    if mask.contains(EventMask::Q_OVERFLOW) {
        // Events were lost: the counts are unknown, start again from nobody.
        held.clear();
        return;
    }
    if mask.contains(EventMask::IGNORED) {
        held.remove(&wd);
        return;
    }
    let file = held.entry(wd).or_default();
    if mask.contains(EventMask::OPEN) {
        file.open = file.open.saturating_add(1);
    }
    if mask.contains(EventMask::MODIFY) {
        file.modified = true;
    }
    if mask.intersects(EventMask::CLOSE_WRITE | EventMask::CLOSE_NOWRITE) {
        file.open = file.open.saturating_sub(1);
        if file.open == 0 {
            file.modified = false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    /// The counts of the one watched file, once the events so far were read.
    fn counts(openers: &Openers) -> (u32, bool) {
        std::thread::sleep(Duration::from_millis(150));
        let held = openers.held.lock().unwrap();
        held.values()
            .next()
            .map_or((0, false), |h| (h.open, h.modified))
    }

    #[test]
    fn a_file_modified_while_another_process_holds_it_stays_held_until_the_last_close() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("board.env");
        std::fs::write(&path, "A=1\n").unwrap();
        let (wake, mut woken) = mpsc::unbounded_channel();
        let openers = Openers::watch(std::slice::from_ref(&path), wake).unwrap();
        let writer = std::fs::File::create(&path).unwrap();
        assert_eq!(counts(&openers), (1, true), "truncating is a modification");
        // Another process opening and closing it (`touch`) ends nothing.
        drop(
            std::fs::OpenOptions::new()
                .append(true)
                .open(&path)
                .unwrap(),
        );
        assert_eq!(counts(&openers), (1, true));
        // This process is the holder: `/proc` shows it, so no unseen writer.
        let visible = crate::reload::writers::descriptors_on(&path).len();
        assert!(!openers.unseen_writer(&path, visible));
        drop(writer);
        assert_eq!(counts(&openers), (0, false));
        assert!(woken.try_recv().is_ok(), "writes and a writer's close wake");
        while woken.try_recv().is_ok() {}
        // A reader's open and close, as the server's own reads, wake nothing.
        drop(std::fs::read(&path).unwrap());
        assert_eq!(counts(&openers), (0, false));
        assert!(woken.try_recv().is_err());
    }
}
