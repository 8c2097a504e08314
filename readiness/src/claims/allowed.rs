//! Wordings the copy's author accepted (`claims: allow "…"` in the copy's own comments): a
//! phrase whose words are one of them is reported as suppressed, never silently dropped, and
//! counts against no motion. Words compare as the checker compares them (NFKC, case folding,
//! stems), so "Public checkouts" is the accepted "Public checkout", and "public  checkout".

use super::words::{stems, Normalize};

/// Accepted wordings, each as its stems (in the order given: a suppression names its own).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Allowed {
    wordings: Vec<Vec<String>>,
}

impl Allowed {
    /// The wordings, read as `normalize` reads copy. A wording with no word allows nothing.
    pub fn new<S: AsRef<str>>(wordings: &[S], normalize: Normalize) -> Self {
        let wordings = wordings
            .iter()
            .map(|w| stems(w.as_ref(), normalize))
            .collect();
        Allowed { wordings }
    }

    /// The first accepted wording whose words are exactly `phrase`'s, if any.
    pub fn which(&self, phrase: &str, normalize: Normalize) -> Option<usize> {
        if self.wordings.is_empty() {
            return None;
        }
        let words = stems(phrase, normalize);
        (self.wordings.iter()).position(|w| !w.is_empty() && *w == words)
    }
}

#[cfg(test)]
mod tests {
    use super::super::words::default_normalize;
    use super::Allowed;

    #[test]
    fn a_wording_allows_its_own_words_in_any_case_and_inflection_only() {
        let allowed = Allowed::new(&["Public checkout", "", "Live  SSO"], default_normalize);
        let which = |phrase| allowed.which(phrase, default_normalize);
        assert_eq!(which("public checkouts"), Some(0));
        assert_eq!(which("PUBLIC\ncheckout"), Some(0));
        assert_eq!(which("live SSO"), Some(2));
        assert_eq!(which("public checkout today"), None);
        assert_eq!(which("checkout"), None);
        assert_eq!(which(""), None, "an empty wording allows nothing");
    }
}
