//! Patterns compiled to a trie of stems, and the one pass over the copy that finds every phrase
//! of every pattern ([`super::scan`] then puts patterns together).
//!
//! Cost: each word of copy is stemmed once per distinct word and walks the trie at most
//! [`MAX_PHRASE_WORDS`] steps. A pattern shared by several rules is evaluated once.

use super::pattern::{Pattern, Term, MAX_PHRASE_WORDS, NOBODY_NEEDED_PHRASE};
use super::scan::{find_near, find_row, select, Hits, Span};
use super::words::{english, stem, stems, Normalize, Words};
use rustc_hash::FxHashMap;

const NO_STEM: u32 = u32::MAX;

/// A pattern as positions in [`Matcher::rows`]: a row, or a row near another within so many
/// words.
#[derive(PartialEq, Eq)]
struct CompiledPattern {
    row: usize,
    near: Option<(usize, usize)>,
}

/// Every rule's patterns over one vocabulary of stems.
pub(crate) struct Matcher {
    normalize: Normalize,
    vocabulary: FxHashMap<String, u32>,
    /// Compiling only: each phrase text already added, and its node ([`NO_STEM`]: no words).
    phrase_nodes: FxHashMap<String, u32>,
    /// The longest stem in the vocabulary, in bytes: a much longer word is never stemmed.
    longest_stem: usize,
    /// The trie's edges: (node, stem) to node; node 0 is the root. A phrase is identified by
    /// the node it ends at, which `ends_phrase` marks.
    edges: FxHashMap<(u32, u32), u32>,
    ends_phrase: Vec<bool>,
    /// Distinct rows of terms (each term its phrase ids, sorted): concepts recur across
    /// patterns, and each row is looked for once per check.
    rows: Vec<Vec<Vec<u32>>>,
    /// Distinct patterns; each rule lists its own by position here.
    patterns: Vec<CompiledPattern>,
    rules: Vec<Vec<usize>>,
    /// The node standing for the built-in [`NOBODY_NEEDED_PHRASE`], when a pattern names it:
    /// no trie edge leads to it, [`super::unassisted`] finds it.
    nobody_needed: Option<u32>,
}

impl Matcher {
    /// Compiles each rule's patterns (rule `i` of the result is `patterns[i]`).
    pub fn new<'a>(
        patterns: impl IntoIterator<Item = &'a [Pattern]>,
        normalize: Normalize,
    ) -> Matcher {
        let mut matcher = Matcher {
            normalize,
            vocabulary: FxHashMap::default(),
            phrase_nodes: FxHashMap::default(),
            longest_stem: 0,
            edges: FxHashMap::default(),
            ends_phrase: vec![false],
            rows: Vec::new(),
            patterns: Vec::new(),
            rules: Vec::new(),
            nobody_needed: None,
        };
        for rule in patterns {
            let mut positions = Vec::with_capacity(rule.len());
            for p in rule {
                let compiled = CompiledPattern {
                    row: matcher.row(&p.terms),
                    near: p
                        .near
                        .as_ref()
                        .map(|n| (matcher.row(&n.terms), usize::from(n.within))),
                };
                // Catalogs reuse patterns across claims and motions: keep one of each.
                let at = match matcher.patterns.iter().position(|q| *q == compiled) {
                    Some(at) => at,
                    None => {
                        matcher.patterns.push(compiled);
                        matcher.patterns.len() - 1
                    }
                };
                positions.push(at);
            }
            matcher.rules.push(positions);
        }
        matcher.phrase_nodes = FxHashMap::default();
        matcher
    }

    /// The position of a row in [`Matcher::rows`], adding it when new.
    fn row(&mut self, terms: &[Term]) -> usize {
        let row = self.terms(terms);
        match self.rows.iter().position(|r| *r == row) {
            Some(at) => at,
            None => {
                self.rows.push(row);
                self.rows.len() - 1
            }
        }
    }

    fn terms(&mut self, terms: &[Term]) -> Vec<Vec<u32>> {
        terms
            .iter()
            .map(|term| {
                let mut phrases: Vec<u64> = term
                    .0
                    .iter()
                    .filter_map(|phrase| self.phrase(phrase).map(u64::from))
                    .collect();
                phrases.sort_unstable();
                phrases.dedup();
                phrases.into_iter().map(|p| p as u32).collect()
            })
            .collect()
    }

    /// The id of a phrase (the trie node it ends at), adding its stems to the trie. A concept's
    /// phrases recur in every claim that uses it: each text is stemmed once.
    fn phrase(&mut self, phrase: &str) -> Option<u32> {
        if let Some(&node) = self.phrase_nodes.get(phrase) {
            return (node != NO_STEM).then_some(node);
        }
        let node = match phrase == NOBODY_NEEDED_PHRASE {
            true => Some(*self.nobody_needed.get_or_insert_with(|| {
                self.ends_phrase.push(true);
                self.ends_phrase.len() as u32 - 1
            })),
            false => self.add_phrase(phrase),
        };
        self.phrase_nodes
            .insert(phrase.to_owned(), node.unwrap_or(NO_STEM));
        node
    }

    fn add_phrase(&mut self, phrase: &str) -> Option<u32> {
        let mut node = 0u32;
        let mut words = 0;
        for stem in stems(phrase, self.normalize)
            .into_iter()
            .take(MAX_PHRASE_WORDS)
        {
            let fresh = self.vocabulary.len() as u32;
            self.longest_stem = self.longest_stem.max(stem.len());
            let stem = *self.vocabulary.entry(stem).or_insert(fresh);
            let next = self.ends_phrase.len() as u32;
            node = *self.edges.entry((node, stem)).or_insert(next);
            if node == next {
                self.ends_phrase.push(false);
            }
            words += 1;
        }
        if words == 0 {
            return None;
        }
        self.ends_phrase[node as usize] = true;
        Some(node)
    }
}

impl Matcher {
    pub fn normalize(&self) -> Normalize {
        self.normalize
    }

    /// For each rule, the spans of words where its patterns matched (see [`select`]).
    pub fn find(&self, copy: &Words) -> Vec<Vec<Span>> {
        let ids = self.stem_ids(copy);
        let hits = self.hits(&ids, copy);
        let rows: Vec<Vec<Span>> = self.rows.iter().map(|row| find_row(row, &hits)).collect();
        let found: Vec<Vec<Span>> = self
            .patterns
            .iter()
            .map(|p| match p.near {
                None => rows[p.row].clone(),
                Some((other, within)) => find_near(&rows[p.row], &rows[other], within, &copy.list),
            })
            .collect();
        let mut taken = vec![false; copy.list.len()];
        self.rules
            .iter()
            .map(|positions| {
                let of = |near: bool| {
                    let mine = positions
                        .iter()
                        .filter(move |&&at| self.patterns[at].near.is_some() == near);
                    mine.flat_map(|&at| found[at].iter().copied()).collect()
                };
                select(of(false), of(true), &mut taken)
            })
            .collect()
    }

    /// Each word's stem id (or [`NO_STEM`]), stemming each distinct word once; a word far
    /// longer than any stem of the vocabulary (suffixes are short) is not stemmed at all.
    fn stem_ids(&self, copy: &Words) -> Vec<u32> {
        let stemmer = english();
        // (Keyed like the vocabulary: one map type, less code in the wasm.)
        let mut seen: FxHashMap<String, u32> = FxHashMap::default();
        let too_long = self.longest_stem + 16;
        copy.list
            .iter()
            .map(|w| {
                let folded = copy.folded(w);
                if folded.len() > too_long {
                    return NO_STEM;
                }
                if let Some(&id) = seen.get(folded) {
                    return id;
                }
                let id = *self
                    .vocabulary
                    .get(stem(&stemmer, folded).as_ref())
                    .unwrap_or(&NO_STEM);
                seen.insert(folded.to_owned(), id);
                id
            })
            .collect()
    }

    /// Every phrase at every word; a phrase stays within one sentence.
    fn hits(&self, ids: &[u32], copy: &Words) -> Hits {
        let words = &copy.list;
        let mut out = Hits::new(ids.len(), self.ends_phrase.len());
        for start in 0..ids.len() {
            out.start_word();
            if let Some(node) = self.nobody_needed {
                if let Some(end) = super::unassisted::ends(copy, start) {
                    out.push(node, end);
                }
            }
            let mut node = 0u32;
            // Most words of copy are in no phrase: nothing to look up.
            if ids[start] == NO_STEM {
                continue;
            }
            let sentence = words[start].sentence;
            let within = ids.iter().enumerate().skip(start).take(MAX_PHRASE_WORDS);
            for (end, &id) in within.take_while(|&(at, _)| words[at].sentence == sentence) {
                if id == NO_STEM {
                    break;
                }
                match self.edges.get(&(node, id)) {
                    Some(&next) => node = next,
                    None => break,
                }
                if self.ends_phrase[node as usize] {
                    out.push(node, end + 1);
                }
            }
        }
        out.finish();
        out
    }
}
