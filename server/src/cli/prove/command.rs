//! Runs one proof command: `sh -c` with a cleared environment, stdout and stderr merged into one
//! pipe (as `2>&1`), its output captured through [`Capture`], and a time limit that kills every
//! process the command started, also those that left its process group (`setsid`).

use super::capture::Capture;
use crate::redact::Redactor;
use std::os::fd::OwnedFd;
use std::process::Stdio;
use std::time::{Duration, Instant};
use tokio::io::AsyncReadExt;
use tokio::net::unix::pipe::Receiver;

/// How long output is still read after the command exited, for a background process that
/// keeps the pipe open: then the command is finished (it exited, so it is not a timeout).
const DRAIN_AFTER_EXIT: Duration = Duration::from_millis(500);

pub struct Ran {
    pub exit_code: Option<i32>,
    pub timed_out: bool,
    pub excerpt: String,
    pub output_sha256: String,
    pub output_bytes: u64,
    pub duration: Duration,
}

#[derive(Debug, thiserror::Error)]
#[error("{context}: {source}")]
pub struct SpawnError {
    context: &'static str,
    source: std::io::Error,
}

fn spawn_error(context: &'static str) -> impl FnOnce(std::io::Error) -> SpawnError {
    move |source| SpawnError { context, source }
}

/// Runs `command` with exactly `env` as its environment.
pub async fn run(
    command: &str,
    env: &[(String, String)],
    timeout: Duration,
    redactor: &Redactor,
) -> Result<Ran, SpawnError> {
    let started = Instant::now();
    let (mut child, pipe) = spawn(command, env)?;
    let root = child.id();
    let mut capture = Capture::new(redactor);
    let (status, timed_out) = watch(&mut child, pipe, &mut capture, timeout).await;
    kill_descendants(root);
    if timed_out {
        let _ = child.wait().await;
    }
    reap_orphans();
    let (excerpt, output_sha256, output_bytes) = capture.finish();
    Ok(Ran {
        exit_code: if timed_out {
            None
        } else {
            status.and_then(|s| s.code())
        },
        timed_out,
        excerpt,
        output_sha256,
        output_bytes,
        duration: started.elapsed(),
    })
}

/// Starts `sh -c command` in a process group of its own, stdout and stderr into one pipe.
fn spawn(
    command: &str,
    env: &[(String, String)],
) -> Result<(tokio::process::Child, Receiver), SpawnError> {
    // Orphaned descendants (a `setsid` grandchild whose parent exited) are re-parented to this
    // process, so they can be found and killed. Best effort: without it the group is still killed.
    let _ = nix::sys::prctl::set_child_subreaper(true);
    // The command must not read this process's own environment (`/proc/$PPID/environ`, which
    // holds the operator's whole shell): not dumpable means other processes of the same user
    // cannot. (Root can read any process; run `prove` as an ordinary user.)
    let _ = nix::sys::prctl::set_dumpable(false);
    let (reader, writer) = nix::unistd::pipe().map_err(|e| SpawnError {
        context: "cannot create a pipe for the proof command",
        source: e.into(),
    })?;
    let writer_for_stderr = writer
        .try_clone()
        .map_err(spawn_error("cannot share the pipe"))?;
    let child = tokio::process::Command::new("sh")
        .arg("-c")
        .arg(command)
        .env_clear()
        .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .stdin(Stdio::null())
        .stdout(Stdio::from(writer))
        .stderr(Stdio::from(writer_for_stderr))
        .process_group(0)
        .kill_on_drop(true)
        .spawn()
        .map_err(spawn_error("cannot start sh for the proof command"))?;
    Ok((child, receiver(reader)?))
}

/// Reads the command's output into `capture` until it exited and its output closed (or
/// [`DRAIN_AFTER_EXIT`] after it exited), or `timeout` passed: its exit status, and whether it
/// timed out.
async fn watch(
    child: &mut tokio::process::Child,
    mut pipe: Receiver,
    capture: &mut Capture<'_>,
    timeout: Duration,
) -> (Option<std::process::ExitStatus>, bool) {
    let mut buffer = vec![0u8; 64 * 1024];
    let deadline = tokio::time::Instant::now() + timeout;
    let mut status = None;
    let mut drain_until = None;
    let mut output_closed = false;
    // The deadline races every wait: a command that closes its output and keeps running
    // (`exec >/dev/null; sleep …`) still ends at the timeout (found by review).
    let timed_out = loop {
        let limit = drain_until.unwrap_or(deadline).min(deadline);
        tokio::select! {
            read = pipe.read(&mut buffer), if !output_closed => match read {
                Ok(0) | Err(_) if status.is_some() => break false,
                Ok(0) | Err(_) => output_closed = true,
                Ok(n) => capture.feed(&buffer[..n]),
            },
            exited = child.wait(), if status.is_none() => {
                status = exited.ok();
                if output_closed {
                    break false;
                }
                drain_until = Some(tokio::time::Instant::now() + DRAIN_AFTER_EXIT);
            }
            () = tokio::time::sleep_until(limit) => break status.is_none(),
        }
    };
    (status, timed_out)
}

fn receiver(fd: OwnedFd) -> Result<Receiver, SpawnError> {
    tokio::net::unix::pipe::Receiver::from_owned_fd(fd)
        .map_err(spawn_error("cannot read the proof command's output"))
}

/// Kills the command's process group and every process descending from this one (the command,
/// its children, and orphans re-parented here), a few rounds to catch processes mid-fork.
fn kill_descendants(root: Option<u32>) {
    use nix::sys::signal::{kill, killpg, Signal};
    use nix::unistd::Pid;
    if let Some(group) = root.and_then(|g| i32::try_from(g).ok()) {
        let _ = killpg(Pid::from_raw(group), Signal::SIGKILL);
    }
    for _ in 0..3 {
        let found = descendants_of(std::process::id());
        if found.is_empty() {
            break;
        }
        for pid in found {
            let _ = kill(Pid::from_raw(pid), Signal::SIGKILL);
        }
    }
}

/// The ids of every live (not zombie) process below `ancestor`, read from `/proc`.
fn descendants_of(ancestor: u32) -> Vec<i32> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    let mut parent_of = Vec::new();
    for entry in entries.flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|s| s.parse::<i32>().ok())
        else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
            continue;
        };
        // `pid (comm) state ppid …`; comm may hold spaces and parentheses: split after the last ')'.
        let Some((_, rest)) = stat.rsplit_once(')') else {
            continue;
        };
        let mut fields = rest.split_whitespace();
        let state = fields.next().unwrap_or("Z");
        let Some(ppid) = fields.next().and_then(|p| p.parse::<i32>().ok()) else {
            continue;
        };
        if state != "Z" && state != "X" {
            parent_of.push((pid, ppid));
        }
    }
    let mut below = vec![i32::try_from(ancestor).unwrap_or(i32::MAX)];
    let mut at = 0;
    while at < below.len() {
        let parent = below[at];
        below.extend(
            parent_of
                .iter()
                .filter(|(_, p)| *p == parent)
                .map(|(c, _)| *c),
        );
        at += 1;
    }
    below.split_off(1)
}

/// Collects the exit status of killed orphans so none is left as a zombie.
fn reap_orphans() {
    use nix::sys::wait::{waitpid, WaitPidFlag, WaitStatus};
    while let Ok(status) = waitpid(None, Some(WaitPidFlag::WNOHANG)) {
        if status == WaitStatus::StillAlive {
            break;
        }
    }
}
