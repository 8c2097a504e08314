//! The forms a secret value can take in command output: raw, base64 (standard and URL-safe, with
//! and without padding, and the stable middle of its encoding inside a larger blob at each of the
//! three byte alignments), URL-encoding (three common encoders, either hex case), hex and JSON.

use base64::alphabet;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD, URL_SAFE};
use base64::engine::{DecodePaddingMode, Engine};
use std::fmt::Write;

/// Decodes standard-alphabet base64 with or without padding and with stray trailing bits.
pub(super) const LENIENT: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true),
);

/// Middle-of-blob base64 fragments shorter than this are not searched for (too common).
const MIN_FRAGMENT: usize = 4;

/// Every distinct form of `value`; only the raw value unless `encoded`.
pub(super) fn all(value: &str, encoded: bool) -> Vec<String> {
    let mut forms = vec![value.to_owned()];
    if encoded {
        forms.extend(base64_forms(value.as_bytes()));
        forms.extend(url_forms(value));
        let hex = hex::encode(value);
        forms.push(hex.to_ascii_uppercase());
        forms.push(hex);
        forms.extend(json_forms(value));
    }
    forms.sort();
    forms.dedup();
    forms
}

fn base64_forms(bytes: &[u8]) -> Vec<String> {
    let mut forms = Vec::new();
    for engine in [STANDARD, URL_SAFE] {
        let padded = engine.encode(bytes);
        forms.push(padded.trim_end_matches('=').to_owned());
        forms.push(padded);
        // The value preceded by 0, 1 or 2 other bytes: the characters that depend on it alone.
        for k in 0..3usize {
            let mut shifted = vec![0u8; k];
            shifted.extend_from_slice(bytes);
            let text = engine.encode(&shifted);
            let (first, last) = ((8 * k).div_ceil(6), 8 * (k + bytes.len()) / 6);
            if let Some(fragment) = text.get(first..last).filter(|f| f.len() >= MIN_FRAGMENT) {
                forms.push(fragment.to_owned());
            }
        }
    }
    forms
}

fn url_forms(value: &str) -> Vec<String> {
    let strict = |b: u8| b.is_ascii_alphanumeric() || b"-._~".contains(&b);
    let component = |b: u8| strict(b) || b"!*'()".contains(&b);
    let mut forms = Vec::new();
    for upper in [true, false] {
        forms.push(percent(value, upper, strict, false));
        forms.push(percent(value, upper, component, false));
        forms.push(percent(value, upper, strict, true));
    }
    forms
}

fn percent(value: &str, upper: bool, keep: impl Fn(u8) -> bool, plus_for_space: bool) -> String {
    let mut out = String::with_capacity(value.len() * 3);
    for b in value.bytes() {
        if keep(b) {
            out.push(char::from(b));
        } else if b == b' ' && plus_for_space {
            out.push('+');
        } else if upper {
            let _ = write!(out, "%{b:02X}");
        } else {
            let _ = write!(out, "%{b:02x}");
        }
    }
    out
}

fn json_forms(value: &str) -> Vec<String> {
    let mut forms = Vec::new();
    if let Ok(quoted) = serde_json::to_string(value) {
        let inner = quoted[1..quoted.len() - 1].to_owned();
        forms.push(inner.replace('/', "\\/"));
        forms.push(inner);
    }
    let mut ascii = String::new();
    for c in value.chars() {
        match c {
            '"' => ascii.push_str("\\\""),
            '\\' => ascii.push_str("\\\\"),
            c if c.is_ascii() && !c.is_ascii_control() => ascii.push(c),
            c => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    let _ = write!(ascii, "\\u{unit:04x}");
                }
            }
        }
    }
    forms.push(ascii);
    forms
}

/// `(start, end)` of each run of base64 characters (either alphabet) of at least `min` bytes,
/// with up to two `=` of padding.
pub(super) fn base64_runs(text: &str, min: usize) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let in_alphabet = |b: u8| b.is_ascii_alphanumeric() || b"+/-_".contains(&b);
    let mut runs = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        if !in_alphabet(bytes[at]) {
            at += 1;
            continue;
        }
        let start = at;
        while at < bytes.len() && in_alphabet(bytes[at]) {
            at += 1;
        }
        let mut end = at;
        while end < bytes.len() && end < at + 2 && bytes[end] == b'=' {
            end += 1;
        }
        if end - start >= min {
            runs.push((start, end));
        }
        at = end;
    }
    runs
}
