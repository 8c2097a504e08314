//! The forms a secret value with letters beyond ASCII takes besides those of any value (found
//! by attack, receipts round 3): its other Unicode normalization (an `é` written as `e` and a
//! combining accent, as macOS file names and some JSON encoders write it), its UTF-16 code
//! units in hex (as Windows and Java dumps print text), and its percent-encoding of the
//! non-ASCII bytes alone (as browsers turn an IRI into a URI).

use unicode_normalization::UnicodeNormalization;

/// The forms of `value` only a value beyond ASCII has; none for an ASCII value.
pub(super) fn forms(value: &str) -> Vec<String> {
    if value.is_ascii() {
        return Vec::new();
    }
    let utf16: String = value
        .encode_utf16()
        .map(|unit| format!("{unit:04x}"))
        .collect();
    let mut iri = String::with_capacity(value.len() * 2);
    for byte in value.bytes() {
        match byte.is_ascii() {
            true => iri.push(char::from(byte)),
            false => iri.push_str(&format!("%{byte:02X}")),
        }
    }
    let mut forms = vec![value.nfc().collect(), value.nfd().collect(), utf16, iri];
    // Each in both normalizations: an NFD value is also percent-encoded and dumped as such.
    let decomposed: String = value.nfd().collect();
    forms.push(
        decomposed
            .encode_utf16()
            .map(|u| format!("{u:04x}"))
            .collect(),
    );
    forms.retain(|form| form != value);
    forms
}

#[cfg(test)]
mod tests {
    use super::forms;

    #[test]
    fn normalizations_utf16_and_iri_encoding_of_a_value_beyond_ascii() {
        assert!(forms("plain-ascii-value").is_empty());
        let value = "pässwörd-Ünïcode";
        let all = forms(value);
        assert!(
            all.contains(&"pa\u{308}sswo\u{308}rd-U\u{308}ni\u{308}code".to_owned()),
            "NFD"
        );
        assert!(
            all.contains(&"p%C3%A4ssw%C3%B6rd-%C3%9Cn%C3%AFcode".to_owned()),
            "IRI"
        );
        assert!(
            all.iter().any(|f| f.starts_with("007000e4")),
            "UTF-16 hex: {all:?}"
        );
    }
}
