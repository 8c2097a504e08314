//! Removes every env-file value from text before it is printed or stored.

use std::collections::HashSet;

/// Values shorter than this are still redacted: a short secret is still a secret.
const MIN_VALUE_LEN: usize = 1;

/// Replaces each known value with `[REDACTED:NAME]`, longest values first so that a value
/// containing another is removed whole.
#[derive(Debug, Default)]
pub struct Redactor {
    values: Vec<(String, String)>,
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
            .filter(|(_, v)| v.len() >= MIN_VALUE_LEN)
            .filter(|(n, v)| !public.contains(&((*n).to_owned(), (*v).to_owned())))
            .map(|(n, v)| (v.to_owned(), n.to_owned()))
            .collect();
        values.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        values.dedup_by(|a, b| a.0 == b.0);
        Self { values }
    }

    pub fn redact(&self, text: &str) -> String {
        let mut out = text.to_owned();
        for (value, name) in &self.values {
            if out.contains(value.as_str()) {
                out = out.replace(value.as_str(), &format!("[REDACTED:{name}]"));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn redactor(pairs: &[(&str, &str)]) -> Redactor {
        Redactor::new(pairs.iter().copied(), &HashSet::new())
    }

    #[test]
    fn value_inside_longer_output() {
        let r = redactor(&[("KEY", "sk_live_abc123")]);
        assert_eq!(
            r.redact("token=sk_live_abc123;next"),
            "token=[REDACTED:KEY];next"
        );
    }

    #[test]
    fn repeated_values_and_line_edges() {
        let r = redactor(&[("KEY", "s3cr3t")]);
        assert_eq!(
            r.redact("s3cr3t\nmid s3cr3t mid\ns3cr3t"),
            "[REDACTED:KEY]\nmid [REDACTED:KEY] mid\n[REDACTED:KEY]"
        );
    }

    #[test]
    fn longer_value_first_so_no_suffix_leaks() {
        let r = redactor(&[("SHORT", "abc"), ("LONG", "abcdef")]);
        assert_eq!(r.redact("abcdef abc"), "[REDACTED:LONG] [REDACTED:SHORT]");
    }

    #[test]
    fn public_flag_values_stay() {
        let public: HashSet<(String, String)> = [("FLAG".to_owned(), "true".to_owned())].into();
        let r = Redactor::new([("FLAG", "true"), ("KEY", "xyz")], &public);
        assert_eq!(
            r.redact("approved=true key=xyz"),
            "approved=true key=[REDACTED:KEY]"
        );
    }

    #[test]
    fn empty_values_are_ignored_and_unicode_is_safe() {
        let r = redactor(&[("EMPTY", ""), ("K", "é✓")]);
        assert_eq!(r.redact("a é✓ b"), "a [REDACTED:K] b");
    }
}
