//! A write deadline on a connection: a client that sends requests and never reads the answers
//! leaves the server's writes pending forever (found by attack: enough such clients took every
//! connection slot). A write that cannot make progress for the deadline fails, and hyper closes
//! the connection. Progress is the client taking bytes: the kernel lets a writer in again only
//! once a good part of its buffer has drained, so when the clock runs out the bytes still unsent
//! are read from the socket, and fewer than when it started mean the client reads: the clock
//! starts again (found by attack: a client reading steadily at 40 KB/s was cut off mid-answer).
//! At least [`MIN_TAKEN`] bytes per deadline, or all of them: a client taking a few bytes now and
//! then to hold the connection open is still closed. Its writes are told to the connection's
//! [`Activity`]: a waiting write keeps the connection from being taken for idle, and one that
//! made progress is a move.

use super::watch::Activity;
use hyper::rt::{Read, ReadBufCursor, Write};
use std::future::Future;
use std::io;
use std::os::fd::RawFd;
use std::pin::Pin;
use std::sync::atomic::Ordering::Relaxed;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::time::{Instant, Sleep};

/// Bytes a client must take per deadline to count as reading (2 KiB/s over the default 30 s).
pub const MIN_TAKEN: usize = 64 * 1024;

pub struct WriteDeadline<T> {
    inner: T,
    limit: Duration,
    /// Running while a write is pending; reset by every write that makes progress.
    stalled: Option<Pin<Box<Sleep>>>,
    activity: Arc<Activity>,
    /// The socket, to ask how many bytes it has yet to send.
    socket: RawFd,
    /// Bytes unsent when the clock last started.
    unsent: usize,
}

impl<T> WriteDeadline<T> {
    /// `inner` writes to `socket`, which lives as long as it does.
    pub fn new(inner: T, socket: RawFd, limit: Duration, activity: Arc<Activity>) -> Self {
        Self {
            inner,
            limit,
            stalled: None,
            activity,
            socket,
            unsent: 0,
        }
    }

    /// A write's outcome: a pending one starts the clock (or fails once it ran out), any other
    /// stops it.
    fn settle<R>(
        &mut self,
        cx: &mut Context<'_>,
        polled: Poll<io::Result<R>>,
    ) -> Poll<io::Result<R>> {
        match polled {
            Poll::Pending => {
                self.activity.writing.store(true, Relaxed);
                self.pending(cx)
            }
            ready => {
                if self.stalled.take().is_some() {
                    self.activity.writing.store(false, Relaxed);
                }
                ready
            }
        }
    }

    /// Bytes written are a move (a flush is not: hyper flushes whenever it is woken).
    fn wrote(&self, polled: &Poll<io::Result<usize>>) {
        if matches!(polled, Poll::Ready(Ok(n)) if *n > 0) {
            self.activity.moved();
        }
    }

    /// A pending write: starts the clock; once it runs out, starts it again if the client took
    /// bytes meanwhile, else fails.
    fn pending<R>(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<R>> {
        let (limit, socket) = (self.limit, self.socket);
        if self.stalled.is_none() {
            self.unsent = unsent(socket).unwrap_or(0);
        }
        let sleep = self
            .stalled
            .get_or_insert_with(|| Box::pin(tokio::time::sleep_until(Instant::now() + limit)));
        while sleep.as_mut().poll(cx).is_ready() {
            match unsent(socket) {
                Some(now) if now == 0 || now + MIN_TAKEN <= self.unsent => {
                    self.unsent = now;
                    sleep.as_mut().reset(Instant::now() + limit);
                }
                _ => {
                    reset_on_close(socket);
                    return Poll::Ready(Err(io::Error::new(
                        io::ErrorKind::TimedOut,
                        "the client read nothing for the write deadline",
                    )));
                }
            }
        }
        Poll::Pending
    }
}

/// Makes closing the socket a reset that drops what is unsent (found by attack: closed normally,
/// the kernel kept each such socket and its megabytes for as long as the client held its end,
/// beyond any cap: 300 of them from one address took 1.1 GB of the host's TCP memory).
fn reset_on_close(socket: RawFd) {
    use nix::libc::{linger, SOL_SOCKET, SO_LINGER};
    let at_once = linger {
        l_onoff: 1,
        l_linger: 0,
    };
    if !super::socket::set_option(socket, (SOL_SOCKET, SO_LINGER), &at_once) {
        tracing::debug!("the socket's linger could not be set; it closes normally");
    }
}

/// Bytes the socket has yet to send (`SIOCOUTQ`), if it can say.
fn unsent(socket: RawFd) -> Option<usize> {
    let mut bytes: nix::libc::c_int = 0;
    // SAFETY: TIOCOUTQ (SIOCOUTQ on a TCP socket) writes one int through the pointer given, which
    // points at `bytes`; `socket` is open while the connection that owns it is.
    let asked = unsafe { nix::libc::ioctl(socket, nix::libc::TIOCOUTQ, &mut bytes) };
    (asked == 0).then(|| usize::try_from(bytes).ok()).flatten()
}

impl<T: Read + Unpin> Read for WriteDeadline<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: ReadBufCursor<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<T: Write + Unpin> Write for WriteDeadline<T> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write(cx, buf);
        self.wrote(&polled);
        self.settle(cx, polled)
    }

    // Vectored writes pass through, so hyper writes a response's head and body as they are
    // (without them it copies every body into one buffer first: found by a profile, issue 24).
    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        self.wrote(&polled);
        self.settle(cx, polled)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let polled = Pin::new(&mut self.inner).poll_flush(cx);
        self.settle(cx, polled)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}
