//! Which input files changed, and whether a writer still holds one open: the folders holding the
//! files (and each link on their way) are watched, so a save by rename, a re-pointed link, a
//! replaced target and a Kubernetes ConfigMap's `..data` swap are all seen; a file modified and
//! not closed since, or held open for writing by a process (see [`super::writers`]), is being
//! written, so it is not read.

use crate::lease::Writers;
use notify::event::{AccessKind, AccessMode, EventKind, ModifyKind, RenameMode};
use notify::{RecursiveMode, Watcher};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use tokio::sync::mpsc;

/// Most files of the watched folders tracked as modified and not closed (a folder holding many
/// other busy files must not grow the set without end: past it, the set starts again).
const MAX_TRACKED: usize = 1024;

/// The input files' watcher: it wakes the reload loop, and says whether a write is under way.
pub struct InputFiles {
    files: Vec<PathBuf>,
    watcher: Option<notify::RecommendedWatcher>,
    folders: BTreeSet<PathBuf>,
    /// Paths in the watched folders modified and not closed since (a writer holds them open).
    writing: Arc<Mutex<BTreeSet<PathBuf>>>,
    /// Every process's opens of the files, counted (`None` when inotify refused).
    openers: Option<super::openers::Openers>,
    /// The files the kernel would not answer about, already warned of.
    told_cannot_tell: Mutex<BTreeSet<PathBuf>>,
}

impl InputFiles {
    /// Watches `files`, sending on `wake` when one changes or a writer closes one. Without a
    /// watcher (an error is logged), only `SIGHUP` reloads.
    pub fn watch(files: Vec<PathBuf>, wake: mpsc::UnboundedSender<()>) -> Self {
        let writing = Arc::new(Mutex::new(BTreeSet::new()));
        let folders = watched_folders(&files);
        let watcher = file_watcher(&files, &folders, Arc::clone(&writing), wake.clone())
            .inspect_err(
                |e| tracing::warn!(error = %e, "cannot watch the input files; reload with SIGHUP"),
            )
            .ok();
        let openers = super::openers::Openers::watch(&files, wake)
            .inspect_err(
                |e| tracing::warn!(error = %e, "cannot count who holds the input files open"),
            )
            .ok();
        let input_files = Self {
            files,
            watcher,
            folders,
            writing,
            openers,
            told_cannot_tell: Mutex::new(BTreeSet::new()),
        };
        // At start-up, say which files the kernel will not answer about.
        for file in &input_files.files {
            if crate::lease::writers_of(file) == Writers::Unknown {
                input_files.say_once_cannot_tell(file);
            }
        }
        input_files
    }

    /// `true` while what is there now may be half of what a writer writes: the kernel says a
    /// process holds an input file open to write (see [`crate::lease`]: found by attack, round
    /// 9, a writer the server cannot look into moved or linked a half-written file in). When the
    /// kernel will not say, what this process can see decides: see [`Self::seen_being_written`].
    pub fn being_written(&self) -> bool {
        self.files
            .iter()
            .any(|file| match crate::lease::writers_of(file) {
                Writers::Held => true,
                Writers::None => false,
                Writers::Unknown => {
                    self.say_once_cannot_tell(file);
                    self.seen_being_written(file)
                }
                // Not a warning about the kernel (found in review: a file missing mid-rename
                // was named as one the kernel would not answer about).
                Writers::Unreadable => self.seen_being_written(file),
            })
    }

    /// Without the kernel's answer: `file` was modified and not closed since (inotify's view,
    /// which sees every process), or more processes hold it open than `/proc` shows holding it
    /// (found by attack, round 7: another process closing the file meanwhile ended the wait for
    /// an unseen writer; see [`super::openers`]), or a process `/proc` shows holds it to write.
    /// Limits: a file written elsewhere and moved in while held is not seen.
    fn seen_being_written(&self, file: &Path) -> bool {
        let modified = self
            .writing
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
            .any(|path| is_an_input(std::slice::from_ref(&file.to_path_buf()), path));
        // `/proc` read once for both questions.
        let visible = super::writers::descriptors_on(file);
        modified
            || visible.iter().any(|&(_, writable)| writable)
            || (self.openers.as_ref()).is_some_and(|o| o.unseen_writer(file, visible.len()))
    }

    /// Warns, once per file, that the kernel will not say who holds it open to write.
    fn say_once_cannot_tell(&self, file: &Path) {
        let mut told = self
            .told_cannot_tell
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        if told.insert(file.to_path_buf()) {
            crate::lease::warn_cannot_tell(file);
        }
    }

    /// A link may now lead into a folder not watched yet: watch it from now on.
    pub fn follow_links(&mut self) {
        if let Some(openers) = self.openers.as_mut() {
            openers.follow(&self.files);
        }
        let Some(watcher) = self.watcher.as_mut() else {
            return;
        };
        for folder in watched_folders(&self.files).difference(&self.folders.clone()) {
            match watcher.watch(folder, RecursiveMode::NonRecursive) {
                Ok(()) => {
                    self.folders.insert(folder.clone());
                }
                Err(e) => {
                    tracing::warn!(error = %e, folder = %folder.display(), "cannot watch a folder an input file now resolves to")
                }
            }
        }
    }
}

/// Wakes on an event in a watched folder only when what a file resolves to (its link chain,
/// inode, size or time) changed, or when a writer closed one of the files.
fn file_watcher(
    files: &[PathBuf],
    folders: &BTreeSet<PathBuf>,
    writing: Arc<Mutex<BTreeSet<PathBuf>>>,
    wake: mpsc::UnboundedSender<()>,
) -> notify::Result<notify::RecommendedWatcher> {
    let files = files.to_vec();
    let seen = Mutex::new(fingerprints(&files));
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let Ok(event) = event else { return };
        let closed = note_writers(&files, &event, &writing);
        if closed {
            // No fingerprint to take: a close wakes the loop anyway (found by attack, round 11:
            // a process opening and closing a file in a loop cost the watcher a core).
            let _ = wake.send(());
            return;
        }
        if event.kind.is_access() {
            return;
        }
        let now = fingerprints(&files);
        let mut last = seen.lock().unwrap_or_else(|p| p.into_inner());
        if *last != now {
            *last = now;
            let _ = wake.send(());
        }
    })?;
    for folder in folders {
        watcher.watch(folder, RecursiveMode::NonRecursive)?;
    }
    Ok(watcher)
}

/// Keeps `writing` up to date with `event`; `true` when a writer closed one of the files.
fn note_writers(
    files: &[PathBuf],
    event: &notify::Event,
    writing: &Mutex<BTreeSet<PathBuf>>,
) -> bool {
    let mut writing = writing.lock().unwrap_or_else(|p| p.into_inner());
    match event.kind {
        // Any file of the watched folders: one still open by its writer may be renamed over an
        // input file (found by attack, round 8: `app.env.tmp` written in part, renamed over
        // `app.env` while held, the rest written later; the half was read).
        EventKind::Modify(ModifyKind::Data(_)) => {
            if writing.len() >= MAX_TRACKED {
                writing.clear();
            }
            writing.extend(event.paths.iter().cloned());
            false
        }
        // What is still being written keeps being written under its new name.
        EventKind::Modify(ModifyKind::Name(RenameMode::Both)) => {
            if let [from, to] = &event.paths[..] {
                if writing.remove(from) {
                    writing.insert(to.clone());
                }
            }
            false
        }
        // Any close of an input file wakes the loop to look again.
        EventKind::Access(AccessKind::Close(AccessMode::Write)) | EventKind::Remove(_) => {
            // Every path is closed; only an input's close wakes the loop (found by review: now
            // that other files of the folder are tracked too, a log file closing woke it, and a
            // reload re-put this instance's inputs in force over another instance's).
            for path in &event.paths {
                writing.remove(path);
            }
            event.paths.iter().any(|path| is_an_input(files, path))
        }
        _ => false,
    }
}

/// `true` when `path` is one of `files` or what one resolves to.
fn is_an_input(files: &[PathBuf], path: &Path) -> bool {
    if files.iter().any(|f| f == path) {
        return true;
    }
    let Ok(real) = std::fs::canonicalize(path) else {
        return false;
    };
    files
        .iter()
        .any(|f| std::fs::canonicalize(f).is_ok_and(|f| f == real))
}

/// What each file resolves to now: its real path and the identity, size and time of the file.
type Fingerprint = Vec<Option<(PathBuf, u64, u64, u64, Option<std::time::SystemTime>)>>;

fn fingerprints(files: &[PathBuf]) -> Fingerprint {
    use std::os::unix::fs::MetadataExt;
    files
        .iter()
        .map(|f| {
            let real = std::fs::canonicalize(f).ok()?;
            let meta = std::fs::metadata(&real).ok()?;
            Some((
                real,
                meta.dev(),
                meta.ino(),
                meta.len(),
                meta.modified().ok(),
            ))
        })
        .collect()
}

/// The folders holding each file, each link on its way, and what it finally resolves to.
fn watched_folders(files: &[PathBuf]) -> BTreeSet<PathBuf> {
    let mut folders = BTreeSet::new();
    for file in files {
        let mut at = file.clone();
        for _ in 0..16 {
            if let Some(parent) = at.parent() {
                folders.insert(parent.to_path_buf());
            }
            let Ok(target) = std::fs::read_link(&at) else {
                break;
            };
            at = at.parent().map_or(target.clone(), |p| p.join(&target));
        }
        if let Some(parent) = std::fs::canonicalize(file)
            .ok()
            .and_then(|r| r.parent().map(PathBuf::from))
        {
            folders.insert(parent);
        }
    }
    folders
}
