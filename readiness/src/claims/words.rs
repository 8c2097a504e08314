//! Copy into comparable words: Unicode NFKC, lower case, English stems, and where sentences end.
//!
//! Both the catalog's patterns and the copy go through [`Words::of`], so "Buy-Now checkouts",
//! "buy now checkout" and "ＢＵＹ ＮＯＷ ｃｈｅｃｋｏｕｔ" are the same three words.

use rust_stemmers::{Algorithm, Stemmer};

/// Appends the NFKC form of a (non-ASCII) word to a buffer: this crate's tables on the server
/// ([`nfkc`]), the browser's `String.prototype.normalize` in the wasm.
pub type Normalize = fn(&str, &mut String);

/// NFKC from the `unicode-normalization` tables.
#[cfg(feature = "nfkc")]
pub fn nfkc(word: &str, out: &mut String) {
    use unicode_normalization::UnicodeNormalization;
    out.extend(word.nfkc());
}

/// The normalization [`crate::ClaimRules::compile`] uses: NFKC when this build has the tables,
/// the word as it is otherwise (then use `compile_with` and the host's NFKC).
pub fn default_normalize(word: &str, out: &mut String) {
    #[cfg(feature = "nfkc")]
    nfkc(word, out);
    #[cfg(not(feature = "nfkc"))]
    out.push_str(word);
}

/// Combining marks of the blocks Latin, Greek and Cyrillic copy uses ("e" + U+0301): part of
/// the word they follow. Defined here, not from Unicode tables, so every build agrees.
fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

/// One word of a text: its folded form, where it stands.
pub(crate) struct Word {
    pub folded: std::ops::Range<usize>,
    pub start: usize,
    pub end: usize,
    /// Counts sentence ends before the word: two words share a sentence when equal.
    pub sentence: u32,
}

/// The words of a text, their folded forms in one buffer (stems are taken by the matcher, once
/// per distinct word).
pub(crate) struct Words {
    buffer: String,
    pub list: Vec<Word>,
}

impl Words {
    pub fn folded(&self, word: &Word) -> &str {
        &self.buffer[word.folded.clone()]
    }

    /// Words are maximal runs of letters, digits and combining marks (any script); everything
    /// else separates them. `.`, `!`, `?`, `;`, `:`, `•` and blank lines end a sentence.
    pub fn of(text: &str, normalize: Normalize) -> Words {
        let mut out = Words {
            buffer: String::with_capacity(text.len()),
            list: Vec::new(),
        };
        let mut sentence = 0u32;
        let mut start: Option<usize> = None;
        let mut gap_newlines = 0;
        for (at, c) in text.char_indices() {
            if c.is_alphanumeric() || (start.is_some() && is_combining_mark(c)) {
                start.get_or_insert(at);
                continue;
            }
            if let Some(from) = start.take() {
                out.push(normalize, &text[from..at], from, sentence);
                gap_newlines = 0;
            }
            if matches!(c, '.' | '!' | '?' | ';' | ':' | '•' | '\u{3002}') {
                sentence += 1;
            } else if c == '\n' {
                gap_newlines += 1;
                if gap_newlines == 2 {
                    sentence += 1;
                }
            }
        }
        if let Some(from) = start {
            out.push(normalize, &text[from..], from, sentence);
        }
        out
    }

    fn push(&mut self, normalize: Normalize, word: &str, start: usize, sentence: u32) {
        let folded_from = self.buffer.len();
        if word.is_ascii() {
            self.buffer
                .extend(word.chars().map(|c| c.to_ascii_lowercase()));
        } else {
            let mut normal = String::with_capacity(word.len());
            normalize(word, &mut normal);
            for c in normal.chars().flat_map(char::to_lowercase) {
                // Full case folding of the two letters whose lower case is not their folding.
                match c {
                    'ß' => self.buffer.push_str("ss"),
                    'ς' => self.buffer.push('σ'),
                    c => self.buffer.push(c),
                }
            }
        }
        let folded = folded_from..self.buffer.len();
        self.list.push(Word {
            folded,
            start,
            end: start + word.len(),
            sentence,
        });
    }
}

/// The English stem of a folded word.
pub(crate) fn stem<'a>(stemmer: &Stemmer, folded: &'a str) -> std::borrow::Cow<'a, str> {
    stemmer.stem(folded)
}

pub(crate) fn english() -> Stemmer {
    Stemmer::create(Algorithm::English)
}

/// The stems of a phrase, for compiling patterns.
pub(crate) fn stems(phrase: &str, normalize: Normalize) -> Vec<String> {
    let words = Words::of(phrase, normalize);
    let stemmer = english();
    words
        .list
        .iter()
        .map(|w| stem(&stemmer, words.folded(w)).into_owned())
        .collect()
}

/// The part of `word` (lower-cased) that every inflection of it shares with its stem: "syncs"
/// → "sync", "happy" → "happ"; for tools that match by prefix (Vale's regular expressions).
pub fn stem_prefix(word: &str) -> String {
    let folded = word.to_lowercase();
    let stem = Stemmer::create(Algorithm::English)
        .stem(&folded)
        .into_owned();
    let shared: String = folded
        .chars()
        .zip(stem.chars())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a)
        .collect();
    if shared.chars().count() >= 3 {
        shared
    } else {
        folded
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stems_of(text: &str) -> Vec<String> {
        stems(text, default_normalize)
    }

    #[test]
    fn inflections_share_a_stem() {
        assert_eq!(stems_of("checkouts syncs"), stems_of("checkout sync"));
        assert_eq!(stems_of("synced syncing"), stems_of("sync sync"));
        assert_eq!(stems_of("activations"), stems_of("activation"));
    }

    #[test]
    fn width_case_and_ligatures_are_folded() {
        assert_eq!(stems_of("ＢＵＹ ＮＯＷ"), stems_of("buy now"));
        assert_eq!(stems_of("ﬁle STRASSE"), stems_of("file straße"));
        assert_eq!(stems_of("cafe\u{301}"), stems_of("café"));
    }

    #[test]
    fn sentences_end_at_stops_and_blank_lines() {
        let words = Words::of("One two. Three\nfour\n\nfive", default_normalize);
        let sentences: Vec<u32> = words.list.iter().map(|w| w.sentence).collect();
        assert_eq!(sentences, vec![0, 0, 1, 1, 2]);
    }
}
