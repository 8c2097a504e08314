//! The forms a secret value can take in command output: raw, base64 (standard and URL-safe, with
//! and without padding, and the stable middle of its encoding inside a larger blob at each of the
//! three byte alignments), URL-encoding (common encoders, either hex case, once or twice), hex
//! as dumps and code print it, JSON, HTML and octal escapes of every character, and the cased
//! forms of a value with letters beyond ASCII.

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
        forms.extend(hex_forms(value));
        forms.extend(url_forms(value).iter().map(|once| once.replace('%', "%25")));
        forms.extend(json_forms(value));
        forms.extend(escaped_per_character(value));
        // Case is matched insensitively for ASCII only: a value's other letters, cased.
        if !value.is_ascii() {
            forms.push(value.to_uppercase());
            forms.push(value.to_lowercase());
            forms.extend(super::unicode::forms(value));
        }
        forms.extend(markup_and_shell_forms(value));
        // A base64 value printed without its padding.
        let unpadded = value.trim_end_matches('=');
        if unpadded.len() != value.len() && unpadded.len() >= 8 {
            forms.push(unpadded.to_owned());
        }
        // An env-file value written with `\n` escapes, printed with them interpreted: the
        // search folds the line breaks away, so the escapes go too.
        if value.contains("\\n") {
            forms.push(value.replace("\\n", ""));
        }
    }
    forms.sort();
    forms.dedup();
    forms
}

/// Hex as dumps and source code print it: `736b`, `73 6b`, `73:6b`, `73-6b`, `\x73\x6b`,
/// `0x73 0x6b`, `0x73, 0x6b`.
fn hex_forms(value: &str) -> Vec<String> {
    let hex = hex::encode(value);
    let pairs: Vec<&str> = (0..hex.len() / 2).map(|i| &hex[2 * i..2 * i + 2]).collect();
    let mut forms: Vec<String> = [" ", ":", "-", "\\x"]
        .iter()
        .map(|separator| pairs.join(separator))
        .collect();
    let prefixed: Vec<String> = pairs.iter().map(|pair| format!("0x{pair}")).collect();
    forms.push(prefixed.join(" "));
    forms.push(prefixed.join(", "));
    forms.push(prefixed.join(","));
    forms.push(hex);
    forms
}

/// Every character escaped: JSON `\u0073`, HTML `&#115;` and `&#x73;`, octal `\163`.
fn escaped_per_character(value: &str) -> Vec<String> {
    let [mut json, mut decimal, mut hexadecimal, mut octal] = [(); 4].map(|()| String::new());
    for c in value.chars() {
        let mut units = [0u16; 2];
        for unit in c.encode_utf16(&mut units) {
            let _ = write!(json, "\\u{unit:04x}");
        }
        let _ = write!(decimal, "&#{};", u32::from(c));
        let _ = write!(hexadecimal, "&#x{:x};", u32::from(c));
    }
    for b in value.bytes() {
        let _ = write!(octal, "\\{b:03o}");
    }
    vec![json, decimal, hexadecimal, octal]
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
    // Python's quote() keeps '/'; PHP and Java encode '~' and '*' too; some encode everything.
    let path = |b: u8| strict(b) || b == b'/';
    let java = |b: u8| b.is_ascii_alphanumeric() || b"-._".contains(&b);
    let nothing = |_: u8| false;
    // Case is matched insensitively, so one hex case is enough.
    vec![
        percent(value, true, strict, false),
        percent(value, true, component, false),
        percent(value, true, strict, true),
        percent(value, true, path, false),
        percent(value, true, java, true),
        percent(value, true, nothing, false),
    ]
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

/// HTML entities (`&amp;`, `&quot;`…), Go's JSON escapes (`\u0026`…), and shell quoting
/// (`printf %q`, `declare -p`), each of which writes some characters of a value differently.
fn markup_and_shell_forms(value: &str) -> Vec<String> {
    let html = html_escape::encode_double_quoted_attribute(value).into_owned();
    let go_json = serde_json::to_string(value)
        .map(|q| q[1..q.len() - 1].to_owned())
        .unwrap_or_default()
        .replace('&', "\\u0026")
        .replace('<', "\\u003c")
        .replace('>', "\\u003e");
    // Java's Gson also writes `=` and `'` as escapes.
    let gson = go_json.replace('=', "\\u003d").replace('\'', "\\u0027");
    let mut quoted = String::new();
    let mut in_double_quotes = String::new();
    for c in value.chars() {
        if !(c.is_ascii_alphanumeric() || "-_./,:@+%".contains(c)) {
            quoted.push('\\');
        }
        quoted.push(c);
        if "\\\"$`".contains(c) {
            in_double_quotes.push('\\');
        }
        in_double_quotes.push(c);
    }
    vec![
        html.replace('\'', "&#39;"),
        html.replace('\'', "&#x27;"),
        go_json,
        gson,
        quoted,
        in_double_quotes,
    ]
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
