//! Removes every known secret value from text before it is printed or stored: the raw value and
//! its encoded forms (base64, base64url, URL-encoding, hex, JSON escapes), also when the text
//! wraps it over lines or hides it inside a larger base64 blob such as `Authorization: Basic …`.
//!
//! Every form of every value is found in one pass (Aho-Corasick, overlapping matches), matches
//! that overlap are merged, and each merged span becomes one `[REDACTED:NAME]` marker. The markers
//! are written after matching, so a short value can never match inside a marker.

use aho_corasick::AhoCorasick;
use base64::Engine;
use std::collections::HashSet;

mod forms;
mod unescape;
mod unicode;
mod url;

pub use url::mask_url;

/// Values shorter than this are redacted raw only, and only as words of their own: their
/// encodings ("61" for `a`) and their places inside words are too common to strip from text
/// without destroying it, and a two-character value cannot hide a secret (its markers show
/// where it stood, so a reader can tell it: attack round 16, by design).
const MIN_ENCODED_LEN: usize = 3;
/// A value this long or longer inside what reads as a marker's name makes it no marker.
const MIN_VALUE_IN_NAME: usize = 8;
/// Base64 runs shorter than this are not decoded to look for values inside.
const MIN_DECODED_RUN: usize = 8;

/// Finds and replaces every form of a set of secret values.
#[derive(Debug, Default)]
pub struct Redactor {
    /// `(value, name)`, longest value first.
    values: Vec<(String, String)>,
    /// One pattern per encoded form; `owner[i]` is the index in `values` of pattern `i`.
    matcher: Option<AhoCorasick>,
    owner: Vec<usize>,
    /// The raw values long enough to look for inside decoded base64; `raw_owner` as `owner`.
    raw: Option<AhoCorasick>,
    raw_owner: Vec<usize>,
}

impl Redactor {
    /// `pairs` are `(name, value)`; values in `public` (declared non-secret flag values such as
    /// `true` for `EVERIFY_INTEGRATION_APPROVED=true`) are left as they are.
    pub fn new<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
        public: &HashSet<(String, String)>,
    ) -> Self {
        let mut values: Vec<(String, String)> = pairs
            .into_iter()
            .filter(|(_, v)| !v.is_empty())
            .filter(|(n, v)| !public.contains(&((*n).to_owned(), (*v).to_owned())))
            .map(|(n, v)| (v.to_owned(), n.to_owned()))
            .collect();
        values.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        values.dedup_by(|a, b| a.0 == b.0);
        let mut patterns = Vec::new();
        let mut owner = Vec::new();
        for (index, (value, _)) in values.iter().enumerate() {
            let encoded = value.len() >= MIN_ENCODED_LEN;
            // Text is searched with its line breaks folded away: so are the patterns, so a
            // value holding line breaks (a PEM key) is found too.
            for form in forms::all(value, encoded) {
                let (folded, _) = fold_lines(&form);
                if !folded.is_empty() {
                    patterns.push(folded);
                    owner.push(index);
                }
            }
        }
        let (raw_owner, raw_values): (Vec<usize>, Vec<String>) = values
            .iter()
            .enumerate()
            .filter(|(_, (v, _))| v.len() >= MIN_ENCODED_LEN)
            .map(|(i, (v, _))| (i, fold_lines(v).0))
            .unzip();
        let matcher = automaton(&patterns);
        let raw = automaton(&raw_values);
        Self {
            values,
            matcher,
            owner,
            raw,
            raw_owner,
        }
    }

    pub fn redact(&self, text: &str) -> String {
        let Some(matcher) = &self.matcher else {
            // No matcher with values to find means it could not be built: hide everything.
            return if self.values.is_empty() {
                text.to_owned()
            } else {
                "[REDACTED]".to_owned()
            };
        };
        // Match on the text without line breaks, so a value wrapped over lines is still found.
        let (joined, origin) = fold_lines(text);
        let mut spans: Vec<(usize, usize, usize)> = matcher
            .find_overlapping_iter(&joined)
            .map(|m| (m.start(), m.end(), self.owner[m.pattern().as_usize()]))
            // Judged on `text` as written: folded lines must not glue a short value to a word
            // (found by attack: "a\nx b" showed `x`).
            .filter(|&(start, end, value)| {
                self.counts_at(text, origin[start], origin[end - 1] + 1, value)
            })
            .collect();
        spans.extend(self.inside_base64_runs(&joined));
        spans.extend(self.escaped_in_part(&joined));
        // Text redacted before (a stored record read again) keeps its markers whole.
        let markers = self.markers(&joined);
        spans.retain(|&(s, e, _)| !markers.iter().any(|&(ms, me)| ms <= s && e <= me));
        if spans.is_empty() {
            return text.to_owned();
        }
        // Back to positions in `text`: a span ends after the last byte it covers.
        let spans = spans
            .into_iter()
            .map(|(s, e, v)| (origin[s], origin[e - 1] + 1, v));
        self.replace(text, merge(spans.collect()))
    }

    /// Whether a match of value `value` at `start..end` counts: a value shorter than
    /// [`MIN_ENCODED_LEN`] only as a word of its own (found by attack: `x` was cut out of
    /// "Fi[REDACTED]ture", which mangled the text and told the value by the gap it left).
    fn counts_at(&self, text: &str, start: usize, end: usize, value: usize) -> bool {
        let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        self.values[value].0.len() >= MIN_ENCODED_LEN
            || !(word(text[..start].chars().next_back()) || word(text[end..].chars().next()))
    }

    /// Values escaped in part (`late%5Fvalue`, `\u002B`, `&#039;`…): found with the escapes
    /// decoded, the span reaching over the escapes they cover.
    fn escaped_in_part(&self, text: &str) -> Vec<(usize, usize, usize)> {
        let (Some(raw), Some((decoded, origin))) = (&self.raw, unescape::decoded(text)) else {
            return Vec::new();
        };
        raw.find_overlapping_iter(&decoded)
            .map(|m| {
                let owner = self.raw_owner[m.pattern().as_usize()];
                (origin[m.start()].0, origin[m.end() - 1].1, owner)
            })
            .collect()
    }

    /// Base64 runs that decode to bytes containing a value (a `Basic` credential, a value inside
    /// a larger encoded blob at any alignment): the whole run is a span.
    fn inside_base64_runs(&self, text: &str) -> Vec<(usize, usize, usize)> {
        let Some(raw) = &self.raw else {
            return Vec::new();
        };
        let mut spans = Vec::new();
        for (start, end) in forms::base64_runs(text, MIN_DECODED_RUN) {
            if let Some(owner) = self.decoded_owner(raw, &text[start..end], 1) {
                spans.push((start, end, owner));
            }
        }
        spans
    }

    /// The value a base64 run holds once decoded, or once decoded twice (`depth` more times: a
    /// Kubernetes `.dockerconfigjson` is base64 of JSON holding base64 of `user:password`).
    fn decoded_owner(&self, raw: &AhoCorasick, run: &str, depth: u8) -> Option<usize> {
        for bytes in (0..4).filter_map(|skip| decode_lenient(run, skip)) {
            if let Some(m) = raw.find(&bytes[..]) {
                return Some(self.raw_owner[m.pattern().as_usize()]);
            }
            let Some(depth) = depth.checked_sub(1) else {
                continue;
            };
            let text = String::from_utf8_lossy(&bytes);
            for (start, end) in forms::base64_runs(&text, MIN_DECODED_RUN) {
                if let Some(owner) = self.decoded_owner(raw, &text[start..end], depth) {
                    return Some(owner);
                }
            }
        }
        None
    }

    /// The markers a redaction wrote in `text` (`[REDACTED]`, `[REDACTED:A+B]`), as spans. A
    /// name must be one this redactor knows, or read as a variable name (`STRIPE_SECRET_KEY`: one
    /// removed from the env since) that is no value this redactor knows and holds none of
    /// [`MIN_VALUE_IN_NAME`] characters or more: text the evidence wrote in that shape around a
    /// secret is not a marker (found by attack), while a short value (`on`, `stripe`) inside a
    /// removed variable's name leaves its marker whole (found by attack too).
    fn markers(&self, text: &str) -> Vec<(usize, usize)> {
        let holds_a_value = |name: &str| {
            let name = name.to_ascii_lowercase();
            self.values.iter().any(|(v, _)| {
                let v = v.to_ascii_lowercase();
                name == v || (v.len() >= MIN_VALUE_IN_NAME && name.contains(&v))
            })
        };
        let is_name = |name: &str| {
            let upper = |c: char| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_';
            let variable =
                name.chars().all(upper) && !name.starts_with(|c: char| c.is_ascii_digit());
            let known = self.values.iter().any(|(_, n)| n == name);
            !name.is_empty() && (known || (variable && !holds_a_value(name)))
        };
        let mut found = Vec::new();
        for (start, _) in text.match_indices("[REDACTED") {
            let after = start + "[REDACTED".len();
            let Some(close) = text[after..].find(']') else {
                continue;
            };
            // "" for `[REDACTED]`, ":A+B" for a marker naming its values.
            let inside = &text[after..after + close];
            let names = inside.strip_prefix(':');
            if inside.is_empty() || names.is_some_and(|n| n.split('+').all(is_name)) {
                found.push((start, after + close + 1));
            }
        }
        found
    }

    /// Writes `text` with each merged span replaced by one marker naming its values.
    fn replace(&self, text: &str, spans: Vec<(usize, usize, Vec<usize>)>) -> String {
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        for (start, end, owners) in spans {
            out.push_str(&text[at..start]);
            let names: Vec<&str> = owners.iter().map(|&i| self.values[i].1.as_str()).collect();
            out.push_str(&format!("[REDACTED:{}]", names.join("+")));
            at = end;
        }
        out.push_str(&text[at..]);
        out
    }
}

/// `text` without line breaks and the indentation that follows them (wrapped and YAML-style
/// indented blocks join up), and for each byte kept its position in `text`.
fn fold_lines(text: &str) -> (String, Vec<usize>) {
    let mut joined = String::with_capacity(text.len());
    let mut origin = Vec::with_capacity(text.len());
    let mut after_break = false;
    for (at, c) in text.char_indices() {
        if c == '\r' || c == '\n' {
            after_break = true;
            continue;
        }
        if after_break && (c == ' ' || c == '\t') {
            continue;
        }
        after_break = false;
        joined.push(c);
        origin.extend(at..at + c.len_utf8());
    }
    (joined, origin)
}

/// Sorts spans (longest first among those starting together) and merges every pair that
/// overlaps or touches; each merged span names the values that make it up.
fn merge(mut spans: Vec<(usize, usize, usize)>) -> Vec<(usize, usize, Vec<usize>)> {
    spans.sort_unstable_by_key(|&(start, end, owner)| (start, std::cmp::Reverse(end), owner));
    let mut merged: Vec<(usize, usize, Vec<usize>)> = Vec::new();
    for (start, end, owner) in spans {
        match merged.last_mut() {
            // A value found inside a longer one adds nothing; one that reaches past it adds its name.
            Some(last) if start <= last.1 => {
                if end > last.1 {
                    last.1 = end;
                    if !last.2.contains(&owner) {
                        last.2.push(owner);
                    }
                }
            }
            _ => merged.push((start, end, vec![owner])),
        }
    }
    for span in &mut merged {
        span.2.sort_unstable();
    }
    merged
}

/// Decodes `run` (standard or URL-safe alphabet, padding optional) after skipping `skip`
/// characters, dropping a last character that cannot complete a byte.
fn decode_lenient(run: &str, skip: usize) -> Option<Vec<u8>> {
    let body = run.get(skip..)?.trim_end_matches('=');
    let usable = body.len() - usize::from(body.len() % 4 == 1);
    let body: String = body[..usable]
        .chars()
        .map(|c| match c {
            '-' => '+',
            '_' => '/',
            c => c,
        })
        .collect();
    forms::LENIENT.decode(body).ok()
}

fn automaton<P: AsRef<[u8]>>(patterns: &[P]) -> Option<AhoCorasick> {
    if patterns.is_empty() {
        return None;
    }
    // Case-insensitive (ASCII): an upper-cased value is the same secret; over-matching a
    // base64 form in another case only redacts a little more.
    match AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(patterns)
    {
        Ok(matcher) => Some(matcher),
        Err(e) => {
            // Only a size limit can fail here; redacting nothing would leak, so say so loudly.
            tracing::error!(error = %e, "cannot build the redaction matcher");
            None
        }
    }
}

#[cfg(test)]
mod tests;
