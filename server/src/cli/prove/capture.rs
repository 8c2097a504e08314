//! Bounded capture of a proof command's output: every line is redacted as it arrives and fed to
//! a SHA-256, and only the first and last few kilobytes are kept, cut at line ends, so a command
//! that prints gigabytes costs kilobytes and no secret is ever cut in half by the excerpt. The
//! kept head and tail are redacted again as whole blocks, which finds values wrapped over lines.

use crate::redact::Redactor;
use sha2::{Digest, Sha256};
use std::collections::VecDeque;

/// Bytes kept from the start and from the end of the output.
const HEAD_BYTES: usize = 4 * 1024;
const TAIL_BYTES: usize = 10 * 1024;
/// Lines kept beside the head's end and the tail's start, so a value wrapped across either cut
/// is redacted whole before the cut (a wrapped PEM key is about 3 KB).
const SPILL_BYTES: usize = 8 * 1024;
/// A line longer than this is not kept whole: it is hashed and shown as "omitted".
const MAX_LINE_BYTES: usize = 1024 * 1024;

pub struct Capture<'r> {
    redactor: &'r Redactor,
    partial: Vec<u8>,
    /// The current line grew past `MAX_LINE_BYTES`: the rest of it is counted, not kept.
    overlong: usize,
    head: Vec<String>,
    head_bytes: usize,
    /// Set once a line went past the head: later lines never go back into it.
    head_closed: bool,
    tail: VecDeque<String>,
    tail_bytes: usize,
    /// The first lines after the head, and the last lines dropped before the tail.
    after_head: String,
    before_tail: VecDeque<String>,
    before_tail_bytes: usize,
    dropped_lines: usize,
    hasher: Sha256,
    total_bytes: u64,
}

impl<'r> Capture<'r> {
    pub fn new(redactor: &'r Redactor) -> Self {
        Self {
            redactor,
            partial: Vec::new(),
            overlong: 0,
            head: Vec::new(),
            head_bytes: 0,
            head_closed: false,
            tail: VecDeque::new(),
            tail_bytes: 0,
            after_head: String::new(),
            before_tail: VecDeque::new(),
            before_tail_bytes: 0,
            dropped_lines: 0,
            hasher: Sha256::new(),
            total_bytes: 0,
        }
    }

    pub fn feed(&mut self, mut bytes: &[u8]) {
        self.total_bytes += bytes.len() as u64;
        while let Some(at) = bytes.iter().position(|&b| b == b'\n') {
            self.extend_line(&bytes[..=at]);
            self.end_line();
            bytes = &bytes[at + 1..];
        }
        self.extend_line(bytes);
    }

    fn extend_line(&mut self, bytes: &[u8]) {
        if self.overlong > 0 || self.partial.len() + bytes.len() > MAX_LINE_BYTES {
            self.overlong += self.partial.len() + bytes.len();
            self.partial.clear();
        } else {
            self.partial.extend_from_slice(bytes);
        }
    }

    fn end_line(&mut self) {
        let line = if self.overlong > 0 {
            format!("[a line of {} bytes omitted]\n", self.overlong)
        } else {
            // NUL bytes cannot be stored (PostgreSQL refuses them): shown as U+2400.
            String::from_utf8_lossy(&self.partial).replace('\0', "\u{2400}")
        };
        self.partial.clear();
        self.overlong = 0;
        self.hasher.update(self.redactor.redact(&line).as_bytes());
        self.keep(line);
    }

    fn keep(&mut self, line: String) {
        if !self.head_closed && self.head_bytes + line.len() <= HEAD_BYTES {
            self.head_bytes += line.len();
            self.head.push(line);
            return;
        }
        self.head_closed = true;
        if self.after_head.len() < SPILL_BYTES {
            self.after_head.push_str(&line);
        }
        self.tail_bytes += line.len();
        self.tail.push_back(line);
        while self.tail_bytes > TAIL_BYTES {
            let Some(old) = self.tail.pop_front() else {
                break;
            };
            self.tail_bytes -= old.len();
            self.dropped_lines += 1;
            self.before_tail_bytes += old.len();
            self.before_tail.push_back(old);
            while self.before_tail_bytes > SPILL_BYTES {
                match self.before_tail.pop_front() {
                    Some(gone) => self.before_tail_bytes -= gone.len(),
                    None => break,
                }
            }
        }
    }

    /// The redacted excerpt (head, a note of what was left out, tail) and the SHA-256 (hex) of
    /// the whole redacted output.
    pub fn finish(mut self) -> (String, String, u64) {
        if !self.partial.is_empty() || self.overlong > 0 {
            self.end_line();
        }
        let tail: String = self.tail.into_iter().collect();
        let head = self.head.concat();
        let excerpt = if self.dropped_lines == 0 {
            // Head and tail meet: redact them as one text.
            let all = self.redactor.redact(&format!("{head}{tail}"));
            if all.len() <= HEAD_BYTES + TAIL_BYTES {
                all
            } else {
                // Redaction lengthened the text (markers for short values): cut after it.
                format!(
                    "{}[\u{2026}]\n{}",
                    first_bytes(&all, HEAD_BYTES),
                    last_bytes(&all, TAIL_BYTES)
                )
            }
        } else {
            // Each end is redacted with the lines beyond its cut, then cut: a value wrapped
            // across a cut is replaced whole, never left in part.
            let head = self.redactor.redact(&format!("{head}{}", self.after_head));
            let before: String = self.before_tail.into_iter().collect();
            let tail = self.redactor.redact(&format!("{before}{tail}"));
            format!(
                "{}[\u{2026} {} lines left out \u{2026}]\n{}",
                first_bytes(&head, HEAD_BYTES),
                self.dropped_lines,
                last_bytes(&tail, TAIL_BYTES)
            )
        };
        let digest = hex::encode(self.hasher.finalize());
        (excerpt, digest, self.total_bytes)
    }
}

/// At most `max` bytes from the start of `text`, ending at a line end when there is one.
fn first_bytes(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let cut = &text[..end];
    cut.rfind('\n').map_or(cut, |at| &cut[..=at])
}

/// At most `max` bytes from the end of `text`, starting at a line start when there is one.
fn last_bytes(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut start = text.len() - max;
    while !text.is_char_boundary(start) {
        start += 1;
    }
    let cut = &text[start..];
    cut.find('\n').map_or(cut, |at| &cut[at + 1..])
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn keeps_head_and_tail_of_a_long_output_and_counts_every_byte() {
        let redactor = Redactor::new([("KEY", "s3cr3t-value")], &HashSet::new());
        let mut capture = Capture::new(&redactor);
        for i in 0..100_000 {
            capture.feed(format!("line {i} s3cr3t-value\n").as_bytes());
        }
        let (excerpt, digest, total) = capture.finish();
        assert!(
            excerpt.len() <= HEAD_BYTES + TAIL_BYTES + 100,
            "{}",
            excerpt.len()
        );
        assert!(excerpt.starts_with("line 0 [REDACTED:KEY]\n"));
        assert!(excerpt.ends_with("line 99999 [REDACTED:KEY]\n"));
        assert!(excerpt.contains("lines left out"));
        assert!(!excerpt.contains("s3cr3t"));
        assert_eq!(digest.len(), 64);
        assert!(total > 2_000_000);
    }

    #[test]
    fn a_value_split_across_reads_is_still_redacted() {
        let redactor = Redactor::new([("KEY", "s3cr3t-value")], &HashSet::new());
        let mut capture = Capture::new(&redactor);
        capture.feed(b"token=s3cr");
        capture.feed(b"3t-value end");
        let (excerpt, _, _) = capture.finish();
        assert_eq!(excerpt, "token=[REDACTED:KEY] end");
    }

    #[test]
    fn an_overlong_line_is_omitted_not_kept() {
        let redactor = Redactor::default();
        let mut capture = Capture::new(&redactor);
        capture.feed(&vec![b'x'; MAX_LINE_BYTES + 10]);
        capture.feed(b"\nafter\n");
        let (excerpt, _, _) = capture.finish();
        assert_eq!(
            excerpt,
            format!("[a line of {} bytes omitted]\nafter\n", MAX_LINE_BYTES + 11)
        );
    }

    /// Found by attack: base64 wrapped across the head's cut was redacted by neither half.
    #[test]
    fn a_value_wrapped_across_either_cut_is_redacted_whole() {
        use base64::Engine;
        let value = "k3y/with+odd$chars=and-more_0123~ab";
        let redactor = Redactor::new([("API_KEY", value)], &HashSet::new());
        let wrapped: Vec<String> = base64::engine::general_purpose::STANDARD
            .encode(value.repeat(2))
            .as_bytes()
            .chunks(16)
            .map(|c| format!("{}\n", String::from_utf8_lossy(c)))
            .collect();
        let fill = |n: usize| "x".repeat(49) + &format!("{n}\n")[..1] + "\n";
        for lines_before in [79, 80, 81, 82] {
            let mut capture = Capture::new(&redactor);
            for n in 0..lines_before {
                capture.feed(fill(n).as_bytes());
            }
            for line in &wrapped {
                capture.feed(line.as_bytes());
            }
            for n in 0..400 {
                capture.feed(fill(n).as_bytes());
            }
            for line in &wrapped {
                capture.feed(line.as_bytes());
            }
            // The tail holds about 200 of these lines: the second block straddles its start.
            for n in 0..(194 + lines_before - 79) {
                capture.feed(fill(n).as_bytes());
            }
            let (excerpt, _, _) = capture.finish();
            for line in &wrapped {
                assert!(
                    !excerpt.contains(line.trim_end()),
                    "{lines_before}: a wrapped piece survived: {line}"
                );
            }
        }
    }

    #[test]
    fn nul_bytes_are_shown_not_kept() {
        let redactor = Redactor::default();
        let mut capture = Capture::new(&redactor);
        capture.feed(b"ok\0done\n");
        let (excerpt, _, _) = capture.finish();
        assert_eq!(excerpt, "ok\u{2400}done\n");
    }

    /// Found by review: a line longer than the tail emptied it, and later lines went back into
    /// the head, ahead of lines printed before them.
    #[test]
    fn lines_keep_their_order_after_an_overlong_line() {
        let redactor = Redactor::default();
        let mut capture = Capture::new(&redactor);
        for n in 0..100 {
            capture.feed(format!("early {n:03} {}\n", "x".repeat(40)).as_bytes());
        }
        capture.feed(format!("{}\n", "y".repeat(TAIL_BYTES + 10)).as_bytes());
        capture.feed(b"late line\n");
        let (excerpt, _, _) = capture.finish();
        let gap = excerpt.find("lines left out").expect("a gap");
        let late = excerpt.find("late line").expect("the last line is kept");
        assert!(late > gap, "the late line came before the gap:\n{excerpt}");
    }
}
