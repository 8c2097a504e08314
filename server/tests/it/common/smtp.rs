//! A real SMTP server on loopback for the e-mail tests: aiosmtpd (Python's asyncio SMTP server,
//! installed into .tools/python by setup.sh) with its Maildir handler, and the messages it got,
//! read from the Maildir as a mail client would.

use super::ports::{wait_until_listening, Listening};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct SmtpServer {
    child: Child,
    pub port: u16,
    dir: tempfile::TempDir,
}

/// One received message: its headers (names lower-cased) and its decoded body.
#[derive(Debug, Clone)]
pub struct Received {
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Received {
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The first link in the body that starts with `prefix`.
    pub fn link(&self, prefix: &str) -> String {
        let start = self
            .body
            .find(prefix)
            .unwrap_or_else(|| panic!("no {prefix} link in {}", self.body));
        self.body[start..]
            .split_whitespace()
            .next()
            .unwrap()
            .to_owned()
    }
}

impl SmtpServer {
    /// Starts aiosmtpd on a free port (or `port`) and waits until it listens there. Another
    /// test may take a free port first: aiosmtpd then exits and starts again on another one.
    pub fn start_on(port: Option<u16>) -> Self {
        let python = std::env::var("VENDOR_READINESS_TEST_PYTHON").expect(
            "VENDOR_READINESS_TEST_PYTHON is not set: run the tests with `bash scripts/test.sh`, which installs aiosmtpd",
        );
        let dir = tempfile::tempdir().unwrap();
        for _ in 0..5 {
            let port = port.unwrap_or_else(super::free_port);
            let mut child = Command::new(&python)
                .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}")])
                .args(["-c", "aiosmtpd.handlers.Mailbox"])
                .arg(dir.path().join("maildir"))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("start aiosmtpd");
            match wait_until_listening(&mut child, port, Duration::from_secs(20)) {
                Listening::Yes => return Self { child, port, dir },
                Listening::Exited => continue,
            }
        }
        panic!("aiosmtpd exited on start five times")
    }

    pub fn start() -> Self {
        Self::start_on(None)
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every message received so far, oldest first.
    pub fn messages(&self) -> Vec<Received> {
        let new = self.dir.path().join("maildir/new");
        let mut files: Vec<PathBuf> = std::fs::read_dir(&new)
            .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        files.sort_by_key(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok());
        files
            .iter()
            .map(|p| parse(&std::fs::read_to_string(p).unwrap()))
            .collect()
    }

    /// Waits up to `within` for `count` messages matching `wanted`; returns them.
    pub fn wait_for(
        &self,
        count: usize,
        within: Duration,
        wanted: impl Fn(&Received) -> bool,
    ) -> Vec<Received> {
        let deadline = Instant::now() + within;
        loop {
            let found: Vec<Received> = self.messages().into_iter().filter(|m| wanted(m)).collect();
            if found.len() >= count {
                return found;
            }
            assert!(
                Instant::now() < deadline,
                "{count} message(s) did not arrive; got {:#?}",
                self.messages()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Headers (unfolded) and the body, decoded from quoted-printable when it says so.
fn parse(raw: &str) -> Received {
    let raw = raw.replace("\r\n", "\n");
    let (head, body) = raw.split_once("\n\n").unwrap_or((&raw, ""));
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in head.lines() {
        if line.starts_with([' ', '\t']) {
            if let Some(last) = headers.last_mut() {
                last.1.push_str(line.trim_start());
            }
        } else if let Some((name, value)) = line.split_once(':') {
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
        }
    }
    let quoted = headers.iter().any(|(n, v)| {
        n == "content-transfer-encoding" && v.eq_ignore_ascii_case("quoted-printable")
    });
    let body = if quoted {
        decode_quoted_printable(body)
    } else {
        body.to_owned()
    };
    Received { headers, body }
}

fn decode_quoted_printable(text: &str) -> String {
    let joined = text.replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| u8::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok());
        match (bytes[i], hex) {
            (b'=', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
