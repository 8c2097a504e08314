//! The listening socket and how many connections it may hold: a backlog the kernel keeps for
//! the accept loop, and the open-file limit raised so the connection cap is reached before it.

use super::MAX_CONNECTIONS;
use nix::libc::{c_int, setsockopt, socklen_t};
use std::net::SocketAddr;
use std::os::fd::RawFd;
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

/// Bytes the client leaves unacknowledged for `limit` (zero-window probes included) end the
/// connection in the kernel, even after the server closed its end: found by a third attack, a
/// socket closed normally with its answer unread stayed, bytes and all, for as long as the
/// client held its end. The write deadline ends a connection the server still holds; this ends
/// the ones it has let go.
pub fn limit_unacknowledged(stream: &tokio::net::TcpStream, limit: std::time::Duration) {
    use nix::libc::{c_uint, IPPROTO_TCP, TCP_USER_TIMEOUT};
    use std::os::fd::AsRawFd;
    let millis = c_uint::try_from(limit.as_millis()).unwrap_or(c_uint::MAX);
    if !set_option(stream.as_raw_fd(), (IPPROTO_TCP, TCP_USER_TIMEOUT), &millis) {
        tracing::debug!("TCP_USER_TIMEOUT could not be set on a connection");
    }
}

/// Sets the socket option `(level, name)` to `value`, as the kernel reads it; whether it took.
/// `socket` must be open: the connection that owns it is alive.
pub(super) fn set_option<T>(socket: RawFd, (level, name): (c_int, c_int), value: &T) -> bool {
    let Ok(size) = socklen_t::try_from(std::mem::size_of::<T>()) else {
        return false;
    };
    // SAFETY: the kernel reads `size` bytes through the pointer, which points at `value`, of
    // that size; `socket` is open while the connection that owns it is.
    let set = unsafe { setsockopt(socket, level, name, (value as *const T).cast(), size) };
    set == 0
}
