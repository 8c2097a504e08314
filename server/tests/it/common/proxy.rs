//! A TCP relay on loopback that can be frozen: while frozen it forwards nothing either way but
//! keeps every connection open, as a database host that stopped (SIGSTOP, a network gone
//! quiet) looks to a client: nothing fails, nothing answers.

use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

pub struct FreezableProxy {
    pub addr: SocketAddr,
    frozen: Arc<AtomicBool>,
    cut: Arc<std::sync::Mutex<Option<Cut>>>,
}

/// Cuts the connection whose transaction carries `tag` at its COMMIT: after forwarding it (the
/// database commits, the answer is lost) or instead of it (the database rolls back).
#[derive(Clone)]
pub struct Cut {
    pub tag: Vec<u8>,
    pub forward_commit: bool,
}

impl FreezableProxy {
    /// Relays every connection made to [`FreezableProxy::addr`] to `target`.
    pub fn to(target: SocketAddr) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the proxy");
        let addr = listener.local_addr().expect("proxy address");
        let frozen = Arc::new(AtomicBool::new(false));
        let cut = Arc::new(std::sync::Mutex::new(None));
        let (flag, cuts) = (Arc::clone(&frozen), Arc::clone(&cut));
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                let Ok(upstream) = TcpStream::connect(target) else {
                    continue;
                };
                let (c2, u2) = (client.try_clone().unwrap(), upstream.try_clone().unwrap());
                let (f1, f2) = (Arc::clone(&flag), Arc::clone(&flag));
                let cut = Arc::clone(&cuts);
                std::thread::spawn(move || pump(client, upstream, &f1, Some(cut)));
                std::thread::spawn(move || pump(u2, c2, &f2, None));
            }
        });
        Self { addr, frozen, cut }
    }

    /// From now on, cuts the connection of the transaction carrying `cut.tag` at its COMMIT.
    pub fn cut_at_commit(&self, cut: Cut) {
        *self.cut.lock().unwrap() = Some(cut);
    }

    pub fn freeze(&self) {
        self.frozen.store(true, Ordering::SeqCst);
    }

    pub fn thaw(&self) {
        self.frozen.store(false, Ordering::SeqCst);
    }
}

/// Copies `from` to `to`, holding every byte read while frozen until thawed; from a client,
/// cuts the connection at the COMMIT of a tagged transaction when asked.
fn pump(
    mut from: TcpStream,
    mut to: TcpStream,
    frozen: &AtomicBool,
    cut: Option<Arc<std::sync::Mutex<Option<Cut>>>>,
) {
    let mut buf = [0u8; 16 * 1024];
    let mut armed = false;
    loop {
        wait_while(frozen);
        let n = match from.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        wait_while(frozen);
        let chunk = &buf[..n];
        let wanted = cut.as_ref().and_then(|c| c.lock().unwrap().clone());
        if let Some(wanted) = wanted {
            armed |= contains(chunk, &wanted.tag);
            if armed && contains(chunk, b"COMMIT") {
                // The client's side first, so no answer reaches it; then the database's.
                let _ = from.shutdown(Shutdown::Both);
                if wanted.forward_commit {
                    let _ = to.write_all(chunk);
                    std::thread::sleep(Duration::from_millis(200));
                }
                let _ = to.shutdown(Shutdown::Both);
                return;
            }
        }
        if to.write_all(chunk).is_err() {
            break;
        }
    }
    let _ = to.shutdown(Shutdown::Write);
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn wait_while(frozen: &AtomicBool) {
    while frozen.load(Ordering::SeqCst) {
        std::thread::sleep(Duration::from_millis(10));
    }
}

impl FreezableProxy {
    /// A proxy in front of the database of the `postgres://` URL `url`, and the URL through it.
    pub fn in_front_of(url: &str) -> (Self, String) {
        let parsed = url::Url::parse(url).expect("a postgres:// URL");
        let host = parsed.host_str().expect("a host");
        let target =
            std::net::ToSocketAddrs::to_socket_addrs(&(host, parsed.port().unwrap_or(5432)))
                .expect("the database address")
                .next()
                .expect("one address");
        let proxy = Self::to(target);
        let mut relayed = parsed.clone();
        relayed.set_host(Some("127.0.0.1")).expect("set host");
        relayed.set_port(Some(proxy.addr.port())).expect("set port");
        (proxy, relayed.to_string())
    }
}
