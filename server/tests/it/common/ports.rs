//! Loopback ports for the test servers, and whether a given child process is the one listening
//! on a port. A free port is only free until someone binds it: with hundreds of tests side by
//! side, another test's server can take it first, and a check that merely connects would then
//! talk to that other server (a CI flake: a confirmation mail went to another test's SMTP
//! server). So readiness is "this child holds the listening socket", read from /proc.

use std::process::Child;
use std::time::{Duration, Instant};

/// A port no one listens on right now (free until someone binds it).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .expect("a free port")
        .local_addr()
        .expect("addr")
        .port()
}

/// What became of a child asked to listen on a port.
pub enum Listening {
    /// The child holds the listening socket.
    Yes,
    /// The child exited (most likely the port was taken meanwhile): try another port.
    Exited,
}

/// Waits up to `within` until `child` listens on `port` on loopback, or exits.
pub fn wait_until_listening(child: &mut Child, port: u16, within: Duration) -> Listening {
    let deadline = Instant::now() + within;
    loop {
        if let Ok(Some(_)) = child.try_wait() {
            return Listening::Exited;
        }
        if listens(child.id(), port) {
            return Listening::Yes;
        }
        assert!(
            Instant::now() < deadline,
            "process {} did not listen on port {port}",
            child.id()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Whether process `pid` holds a socket listening on IPv4 `port`.
fn listens(pid: u32, port: u16) -> bool {
    let Ok(table) = std::fs::read_to_string("/proc/net/tcp") else {
        return false;
    };
    let wanted = format!(":{port:04X}");
    let inodes: Vec<String> = table
        .lines()
        .skip(1)
        .filter_map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let (local, state, inode) = (fields.get(1)?, fields.get(3)?, fields.get(9)?);
            (local.ends_with(&wanted) && *state == "0A").then(|| format!("socket:[{inode}]"))
        })
        .collect();
    let Ok(fds) = std::fs::read_dir(format!("/proc/{pid}/fd")) else {
        return false;
    };
    fds.filter_map(|fd| std::fs::read_link(fd.ok()?.path()).ok())
        .any(|target| inodes.iter().any(|i| target.as_os_str() == i.as_str()))
}

/// The flake this module fixes: a port someone else holds must not count as our server's.
#[test]
fn a_server_that_could_not_bind_its_port_is_told_apart_from_the_holder() {
    let holder = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = holder.local_addr().unwrap().port();
    assert!(listens(std::process::id(), port), "this test holds it");
    let dir = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("vendor-readiness"))
        .args(["serve", "--demo", "--addr", &format!("127.0.0.1:{port}")])
        .arg("--db")
        .arg(dir.path().join("board.db"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    assert!(!listens(child.id(), port));
    let outcome = wait_until_listening(&mut child, port, Duration::from_secs(20));
    assert!(matches!(outcome, Listening::Exited), "it exits");
}
