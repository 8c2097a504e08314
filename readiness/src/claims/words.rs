//! Copy into comparable words: Unicode NFKC, lower case, English stems, and where sentences end.
//!
//! Both the catalog's patterns and the copy go through [`Words::of`], so "Buy-Now checkouts",
//! "buy now checkout" and "ＢＵＹ ＮＯＷ ｃｈｅｃｋｏｕｔ" are the same three words.

use super::chars::{ends, is_combining_mark, is_ignorable, latin_look_alike, Ends};
use super::lexicon::{listed, Roles};
use rust_stemmers::{Algorithm, Stemmer};
use std::cell::Cell;

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

/// One word of a text: its folded form, where it stands.
/// Offsets are u32 (copy is at most 16 MiB): a smaller word is fewer pages to touch.
pub(crate) struct Word {
    folded: (u32, u32),
    start: u32,
    end: u32,
    /// Counts sentence ends before the word: two words share a sentence when equal.
    pub sentence: u32,
    /// Counts clause ends (commas, colons, dashes, brackets, and sentence ends) before the word.
    pub clause: u32,
    /// Joined to the word before by a hyphen alone ("no-code", "self-serve").
    pub hyphenated: bool,
    /// Its clause opens after a colon or a dash: the clause before may be a heading over it.
    pub after_heading: bool,
    /// The last word of a question: a question mark follows it.
    pub asks: bool,
    /// Its roles in the claim rules ([`super::lexicon`]), looked up the first time a rule asks
    /// ([`UNKNOWN`] until then): most words of copy are never near a finding.
    roles: Cell<Roles>,
}

/// No roles looked up yet (no word has every role).
const UNKNOWN: Roles = Roles::MAX;

impl Word {
    /// Where the word starts in the text (bytes).
    pub fn start(&self) -> usize {
        self.start as usize
    }

    /// Where the word ends in the text (bytes, excluded).
    pub fn end(&self) -> usize {
        self.end as usize
    }
}

/// The words of a text, their folded forms in one buffer (stems are taken by the matcher, once
/// per distinct word).
pub(crate) struct Words {
    buffer: String,
    pub list: Vec<Word>,
}

impl Words {
    pub fn folded(&self, word: &Word) -> &str {
        &self.buffer[word.folded.0 as usize..word.folded.1 as usize]
    }

    /// The folded word at `at`, if there is one (the rules look a few words past the phrase).
    pub fn folded_at(&self, at: usize) -> Option<&str> {
        self.list.get(at).map(|word| self.folded(word))
    }

    /// Whether the word at `at` (if there is one) is one of the words of `list` (words parted by
    /// white space): the rules' short lists of their own, beside the lexicon's roles.
    pub fn listed_at(&self, at: usize, list: &str) -> bool {
        self.folded_at(at).is_some_and(|word| listed(list, word))
    }

    /// Whether the word at `at` is an auxiliary that opens a question: "can", "could", "do",
    /// "does", "did", "is", "are", "was", "were", "will", "would", "should", "has", "have"; not
    /// "must", whose "No" denies a need ("Must I pay by card online? No, invoices work too").
    pub fn auxiliary_at(&self, at: usize) -> bool {
        self.is(at, super::lexicon::NEGATABLE) || self.listed_at(at, "could would should has have")
    }

    /// Whether the word at `at` (if there is one) has one of `roles` ([`super::lexicon`]).
    pub fn is(&self, at: usize, roles: Roles) -> bool {
        self.list.get(at).is_some_and(|word| {
            let mut known = word.roles.get();
            if known == UNKNOWN {
                known = super::lexicon::roles(self.folded(word));
                word.roles.set(known);
            }
            known & roles != 0
        })
    }

    /// Words are maximal runs of letters, digits and combining marks (any script), with any
    /// invisible characters inside them; everything else separates them. Stops before a space,
    /// `;`, `•` and blank lines end a sentence; commas, colons, dashes and brackets a clause.
    pub fn of(text: &str, normalize: Normalize) -> Words {
        let mut out = Words {
            buffer: String::with_capacity(text.len()),
            // About one word in five bytes of prose or fewer: one allocation, mostly.
            list: Vec::with_capacity(text.len() / 5),
        };
        let (mut sentence, mut clause) = (0u32, 0u32);
        let mut heading = false;
        let mut start: Option<usize> = None;
        let mut gap_newlines = 0;
        // Nothing but spaces since the last line break (or the start): a list item may begin.
        let mut line_start = true;
        let mut before: Option<char> = None;
        // Whether the separator since the last word is one hyphen, and the current word's.
        let (mut hyphen_run, mut joined): (Option<bool>, bool) = (None, false);
        let bytes = text.as_bytes();
        let mut at = 0;
        while at < bytes.len() {
            // ASCII one byte at a time; other characters decoded (most copy is ASCII).
            let (c, width) = match bytes[at] {
                b if b < 0x80 => (b as char, 1),
                _ => {
                    let c = text[at..].chars().next().unwrap_or(' ');
                    (c, c.len_utf8())
                }
            };
            let in_word = || start.is_some() && (is_combining_mark(c) || is_ignorable(c));
            if c.is_alphanumeric() || in_word() {
                line_start = false;
                if start.is_none() {
                    start = Some(at);
                    joined = hyphen_run.take() == Some(true);
                }
                before = Some(c);
                at += width;
                continue;
            }
            if let Some(from) = start.take() {
                let place = (sentence, clause, joined, std::mem::take(&mut heading));
                out.push(normalize, &text[from..at], from, place);
                gap_newlines = 0;
                hyphen_run = Some(c == '-');
            } else if let Some(only_hyphen) = hyphen_run.as_mut() {
                *only_hyphen = false;
            }
            if c != ' ' {
                let after = text[at + width..].chars().next();
                // A line that opens with a list marker ("- ", "* ", "+ ") is an item of its own,
                // as after "•" (found by attack: eight bullets without stops read as one
                // sentence, and the model doubted the claim in one of them).
                let item = line_start
                    && matches!(c, '-' | '*' | '+')
                    && after.is_some_and(|a| a == ' ' || a == '\t');
                let kind = match item {
                    true => Ends::Sentence,
                    false => ends(before, c, after),
                };
                match kind {
                    Ends::Sentence => {
                        if let Some(last) = out
                            .list
                            .last_mut()
                            .filter(|_| matches!(c, '?' | '\u{FF1F}'))
                        {
                            last.asks = last.sentence == sentence;
                        }
                        (sentence, clause, heading) = (sentence + 1, clause + 1, false);
                    }
                    Ends::Clause => clause += 1,
                    Ends::Heading => (clause, heading) = (clause + 1, true),
                    Ends::Nothing if c == '\n' => {
                        gap_newlines += 1;
                        if gap_newlines == 2 {
                            (sentence, clause, heading) = (sentence + 1, clause + 1, false);
                        }
                    }
                    Ends::Nothing => {}
                }
                line_start = c == '\n' || (line_start && c.is_whitespace());
            }
            before = Some(c);
            at += width;
        }
        if let Some(from) = start {
            out.push(
                normalize,
                &text[from..],
                from,
                (sentence, clause, joined, heading),
            );
        }
        out
    }

    fn push(
        &mut self,
        normalize: Normalize,
        word: &str,
        start: usize,
        (sentence, clause, hyphenated, after_heading): (u32, u32, bool, bool),
    ) {
        // Invisible characters after a word's last letter are not part of it.
        let mut word = word;
        while let Some(last) = word.chars().next_back().filter(|&c| is_ignorable(c)) {
            word = &word[..word.len() - last.len_utf8()];
        }
        let folded_from = self.buffer.len();
        if word.bytes().all(|b| b.is_ascii() && b != 0x7f) {
            self.buffer.push_str(word);
            self.buffer[folded_from..].make_ascii_lowercase();
        } else {
            self.fold(normalize, word);
        }
        self.list.push(Word {
            folded: (folded_from as u32, self.buffer.len() as u32),
            start: start as u32,
            end: (start + word.len()) as u32,
            sentence,
            clause,
            hyphenated,
            after_heading,
            asks: false,
            roles: Cell::new(UNKNOWN),
        });
    }

    /// Appends a non-ASCII word: invisible characters dropped, NFKC, lower case with full case
    /// folding of `ß` and `ς`, and look-alike letters read as Latin when the word mixes them with
    /// Latin letters or is made of look-alikes only.
    fn fold(&mut self, normalize: Normalize, word: &str) {
        let mut visible = String::with_capacity(word.len());
        visible.extend(word.chars().filter(|&c| !is_ignorable(c)));
        let mut normal = String::with_capacity(visible.len());
        normalize(&visible, &mut normal);
        let lower: Vec<char> = normal.chars().flat_map(char::to_lowercase).collect();
        let letters = lower.iter().filter(|c| c.is_alphabetic());
        let latin = lower.iter().any(char::is_ascii_alphabetic);
        let disguised = latin || letters.clone().all(|&c| latin_look_alike(c).is_some());
        for c in lower {
            match c {
                'ß' => self.buffer.push_str("ss"),
                'ς' => self.buffer.push('σ'),
                c if disguised => self.buffer.push(latin_look_alike(c).unwrap_or(c)),
                c => self.buffer.push(c),
            }
        }
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

    #[test]
    fn each_item_of_a_list_is_a_sentence() {
        let list = "- One two
* three
  + four
five - six
-seven";
        let words = Words::of(list, default_normalize);
        let sentences: Vec<u32> = words.list.iter().map(|w| w.sentence).collect();
        // "five - six" is one line with a dash inside; "-seven" has no space after its dash.
        assert_eq!(sentences, vec![1, 1, 2, 3, 3, 3, 3]);
    }
}
