//! Text with its `%XX` escapes of printable ASCII decoded, and where each byte came from: a value
//! percent-encoded only in part (`late%5Fvalue`, as some encoders write `_`) is found in it.

/// `text` with each `%XX` that encodes a printable ASCII character decoded, and for each byte
/// of the result the span of `text` it came from; `None` when there is no such escape.
pub(super) fn decoded(text: &str) -> Option<(String, Vec<(usize, usize)>)> {
    let bytes = text.as_bytes();
    let escape_at = |at: usize| -> Option<u8> {
        let hex = text.get(at + 1..at + 3)?;
        let byte = u8::from_str_radix(hex, 16).ok()?;
        (bytes[at] == b'%' && (0x20..0x7f).contains(&byte)).then_some(byte)
    };
    if !(0..bytes.len()).any(|at| bytes[at] == b'%' && escape_at(at).is_some()) {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len());
    let mut origin = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        match escape_at(at) {
            Some(byte) => {
                out.push(byte);
                origin.push((at, at + 3));
                at += 3;
            }
            None => {
                out.push(bytes[at]);
                origin.push((at, at + 1));
                at += 1;
            }
        }
    }
    // Only ASCII replaced ASCII escapes: the bytes are still UTF-8.
    String::from_utf8(out).ok().map(|text| (text, origin))
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
    }
}
