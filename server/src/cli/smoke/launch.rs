//! Starting headless Chromium for [`super::cdp`]: a fresh profile (its temporary folders inside
//! it), the DevTools pipe on file descriptors 3 (to the browser) and 4 (from it), and a thread
//! reading its NUL-ended JSON messages.

use serde_json::Value;
use std::io::{BufRead, Read};
use std::os::fd::{AsRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::Receiver;

/// A browser started, and the ends of its pipe this process holds.
pub struct Launched {
    pub child: Child,
    pub to_browser: std::fs::File,
    pub from_browser: Receiver<Value>,
    pub profile: tempfile::TempDir,
}

/// Starts `path` headless with a fresh profile.
pub fn launch(path: &Path) -> Result<Launched, String> {
    let profile = tempfile::tempdir().map_err(|e| format!("cannot make a browser profile: {e}"))?;
    let (child_reads, parent_writes) = pipe()?;
    let (parent_reads, child_writes) = pipe()?;
    let (read_fd, write_fd) = (child_reads.as_raw_fd(), child_writes.as_raw_fd());
    let mut command = Command::new(path);
    command
        .args([
            "--headless",
            "--remote-debugging-pipe",
            "--disable-gpu",
            "--no-first-run",
            // No `navigator.webdriver`: a page that hydrates only for a robot fails (found by
            // attack, round 20). The User-Agent's "HeadlessChrome" goes in `Browser::open`.
            "--disable-blink-features=AutomationControlled",
            // A desktop reader's window: the islands' probe looks at the pixels near what it
            // uses, so what it changes must be on screen with it (see `probes`).
            "--window-size=1280,1000",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        // Its own temporary folders go in the profile, removed with it (found in review:
        // each run left an `org.chromium.Chromium.*` folder in /tmp).
        .env("TMPDIR", profile.path());
    // SAFETY: geteuid cannot fail and touches no memory.
    if unsafe { nix::libc::geteuid() } == 0 {
        // Chromium refuses to run as root inside its sandbox.
        command.arg("--no-sandbox");
    }
    command
        .arg("about:blank")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        // Its own process group, ended whole (found by attack: a `--browser` wrapper's children
        // outlived smoke).
        .process_group(0);
    // SAFETY: only dup2 runs between fork and exec, on descriptors open in both.
    unsafe {
        command.pre_exec(move || {
            for (from, to) in [(read_fd, 3), (write_fd, 4)] {
                if nix::libc::dup2(from, to) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
            }
            Ok(())
        });
    }
    let child = command
        .spawn()
        .map_err(|e| format!("cannot start the browser {}: {e}", path.display()))?;
    drop((child_reads, child_writes));
    let from_browser = read_messages(std::fs::File::from(parent_reads));
    Ok(Launched {
        child,
        to_browser: std::fs::File::from(parent_writes),
        from_browser,
        profile,
    })
}

/// The most one message may hold (the page's wasm, as base64, is the largest expected).
const MAX_MESSAGE: u64 = 64 * 1024 * 1024;

/// The browser's messages, read off `pipe` by a thread of their own (a message ends with NUL).
fn read_messages(pipe: std::fs::File) -> Receiver<Value> {
    let (sender, from_browser) = std::sync::mpsc::channel();
    let mut reader = std::io::BufReader::new(pipe);
    std::thread::spawn(move || {
        let mut message = Vec::new();
        // Bounded: a program given as `--browser` that writes without end is not buffered whole.
        while (reader.by_ref().take(MAX_MESSAGE))
            .read_until(0, &mut message)
            .is_ok_and(|n| n > 0)
        {
            if message.pop() != Some(0) {
                return; // Over the bound, or the pipe closed mid-message.
            }
            if let Ok(value) = serde_json::from_slice(&message) {
                if sender.send(value).is_err() {
                    return;
                }
            }
            message.clear();
        }
    });
    from_browser
}

/// A pipe whose two ends are closed on exec (the child gets its own copies at 3 and 4).
fn pipe() -> Result<(OwnedFd, OwnedFd), String> {
    nix::unistd::pipe2(nix::fcntl::OFlag::O_CLOEXEC).map_err(|e| format!("cannot make a pipe: {e}"))
}
