//! "Did you mean": the closest of the known words to one given, when it is close enough to be
//! a typo. One rule for the catalog's fields and ids and the CLI's ids.

/// The known word closest to `given`, when it is close (Jaro–Winkler at least 0.8).
pub fn closest<'a>(given: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    known
        .into_iter()
        .filter(|k| !k.is_empty() && *k != given)
        .map(|k| (strsim::jaro_winkler(given, k), k))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}

/// ` (did you mean `x`?)` for the closest known word, or nothing.
pub fn did_you_mean<'a>(given: &str, known: impl IntoIterator<Item = &'a str>) -> String {
    closest(given, known).map_or_else(String::new, |k| format!(" (did you mean `{k}`?)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typo_finds_its_word_and_a_stranger_finds_none() {
        assert_eq!(closest("ownr", ["owner", "name", "area"]), Some("owner"));
        assert_eq!(
            closest("okta-ssso", ["okta-sso", "stripe"]),
            Some("okta-sso")
        );
        assert_eq!(closest("zzz", ["owner", "name"]), None);
        assert_eq!(
            did_you_mean("runtme", ["runtime", "fixture"]),
            " (did you mean `runtime`?)"
        );
        assert_eq!(did_you_mean("zzz", ["runtime"]), "");
    }
}
