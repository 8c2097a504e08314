//! Text with the escapes common tools write decoded where they stand for printable ASCII, and
//! where each byte came from: a value escaped only in part (`late%5Fvalue`, .NET's `\u002B` for
//! `+`, PHP's `&#039;`, SQL's `''`, a shell's `'\''`, `.properties`' `\:`) is found in it.

/// The escapes read, longest first where one starts another: (what is written, what it means).
const FIXED: [(&str, u8); 9] = [
    ("'\"'\"'", b'\''),
    ("'\\''", b'\''),
    ("&quot;", b'"'),
    ("&apos;", b'\''),
    ("&amp;", b'&'),
    ("&lt;", b'<'),
    ("&gt;", b'>'),
    ("''", b'\''),
    ("\"\"", b'"'),
];

/// The printable ASCII byte an escape at the start of `rest` stands for, and its length.
fn escape(rest: &str) -> Option<(u8, usize)> {
    let printable = |n: u32| u8::try_from(n).ok().filter(|b| (0x20..0x7f).contains(b));
    let hex = |text: Option<&str>| text.and_then(|t| u32::from_str_radix(t, 16).ok());
    if let Some(&(written, byte)) = FIXED.iter().find(|(w, _)| rest.starts_with(w)) {
        return Some((byte, written.len()));
    }
    let first = *rest.as_bytes().first()?;
    match first {
        // `%XX` (URL), `=XX` (quoted-printable).
        b'%' | b'=' => Some((printable(hex(rest.get(1..3))?)?, 3)),
        b'\\' if rest[1..].starts_with(['u', 'U']) => Some((printable(hex(rest.get(2..6))?)?, 6)),
        // A backslash before punctuation (`\:` in .properties, `\'` in shells) stands for it.
        b'\\' => {
            let next = *rest.as_bytes().get(1)?;
            next.is_ascii_punctuation().then_some((next, 2))
        }
        b'&' if rest[1..].starts_with('#') => {
            let end = rest.find(';').filter(|&end| end <= 10)?;
            let number = match rest.get(2..3)? {
                "x" | "X" => hex(rest.get(3..end))?,
                _ => rest.get(2..end)?.parse().ok()?,
            };
            Some((printable(number)?, end + 1))
        }
        _ => None,
    }
}

/// `text` with every escape of a printable ASCII character decoded, and for each byte of the
/// result the span of `text` it came from; `None` when there is no escape.
pub(super) fn decoded(text: &str) -> Option<(String, Vec<(usize, usize)>)> {
    let mut out = Vec::with_capacity(text.len());
    let mut origin = Vec::with_capacity(text.len());
    let mut any = false;
    let mut at = 0;
    while at < text.len() {
        let found = text
            .is_char_boundary(at)
            .then(|| escape(&text[at..]))
            .flatten();
        let (byte, width) = found.unwrap_or((text.as_bytes()[at], 1));
        any |= found.is_some();
        out.push(byte);
        origin.push((at, at + width));
        at += width;
    }
    // Only escapes of ASCII were replaced, by ASCII: the bytes are still UTF-8.
    let text = String::from_utf8(out).ok().filter(|_| any)?;
    Some((text, origin))
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_of_printable_ascii_are_decoded_and_traced_back() {
        let (text, origin) = super::decoded("a%5Fb%e9c%41").unwrap();
        assert_eq!(text, "a_b%e9cA");
        assert_eq!(origin[1], (1, 4));
        assert_eq!(origin[7], (9, 12));
        assert!(super::decoded("100% sure").is_none());
        for (written, meant) in [
            ("k\\u002Bv", "k+v"),
            ("it&#039;s", "it's"),
            ("it&apos;s &#34;q&#x22;", "it's \"q\""),
            ("it''s", "it's"),
            ("'it'\\''s'", "'it's'"),
            ("'it'\"'\"'s'", "'it's'"),
            ("jdbc\\:postgresql", "jdbc:postgresql"),
            ("a=3Db", "a=b"),
        ] {
            assert_eq!(super::decoded(written).unwrap().0, meant, "{written}");
        }
    }
}
