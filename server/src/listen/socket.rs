//! The listening socket and how many connections it may hold: a backlog the kernel keeps for
//! the accept loop, and the open-file limit raised so the connection cap is reached before it.

use super::MAX_CONNECTIONS;
use std::net::SocketAddr;
use tokio::net::TcpListener;

/// File descriptors kept free of connections (store, logs, static files).
const RESERVED_FILES: u64 = 256;
/// Connections the kernel holds for the accept loop (the kernel's `somaxconn` may lower it).
const BACKLOG: u32 = 1024;

/// A listening socket at `addr` with a backlog of [`BACKLOG`] (found by attack: the standard
/// library's 128 made bursts of more than about 150 connections wait a second to connect).
pub fn bind(addr: SocketAddr) -> std::io::Result<TcpListener> {
    let socket = match addr {
        SocketAddr::V4(_) => tokio::net::TcpSocket::new_v4()?,
        SocketAddr::V6(_) => tokio::net::TcpSocket::new_v6()?,
    };
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(BACKLOG)
}

/// Raises the soft open-file limit to the hard one; returns how many connections may be open.
pub fn connection_cap() -> usize {
    use nix::sys::resource::{getrlimit, setrlimit, Resource};
    let Ok((soft, hard)) = getrlimit(Resource::RLIMIT_NOFILE) else {
        return 512;
    };
    let limit = if setrlimit(Resource::RLIMIT_NOFILE, hard, hard).is_ok() {
        hard
    } else {
        soft
    };
    let usable = limit.saturating_sub(RESERVED_FILES).max(64);
    usize::try_from(usable)
        .unwrap_or(MAX_CONNECTIONS)
        .min(MAX_CONNECTIONS)
}
