//! Patterns compiled to a trie of stems, and the one pass over the copy that finds them.
//!
//! Cost: each word of copy walks the trie at most [`MAX_PHRASE_WORDS`] steps; each pattern then
//! looks at the phrase hits where its first term can start, and a `near` side is found by binary
//! search. Linear in the copy, whatever it holds; no backtracking.

use super::pattern::{Pattern, Term, MAX_PHRASE_WORDS};
use super::words::{stems, Word, Words};
use rustc_hash::FxHashMap;

const NO_STEM: u32 = u32::MAX;

#[derive(Default)]
struct Node {
    next: FxHashMap<u32, u32>,
    phrase: Option<u32>,
}

/// Terms as sorted phrase ids; patterns as rows of terms.
struct CompiledPattern {
    terms: Vec<Vec<u32>>,
    near: Option<(Vec<Vec<u32>>, usize)>,
}

/// Every rule's patterns over one vocabulary of stems.
pub(crate) struct Matcher {
    vocabulary: FxHashMap<String, u32>,
    trie: Vec<Node>,
    rules: Vec<Vec<CompiledPattern>>,
}

/// A span of words `[start, end)` where a rule's pattern matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Span {
    pub start: usize,
    pub end: usize,
}

impl Matcher {
    /// Compiles each rule's patterns (rule `i` of the result is `patterns[i]`).
    pub fn new<'a>(patterns: impl IntoIterator<Item = &'a [Pattern]>) -> Matcher {
        let mut matcher = Matcher {
            vocabulary: FxHashMap::default(),
            trie: vec![Node::default()],
            rules: Vec::new(),
        };
        let mut phrase_ids: FxHashMap<Vec<u32>, u32> = FxHashMap::default();
        for rule in patterns {
            let compiled = rule
                .iter()
                .map(|p| CompiledPattern {
                    terms: matcher.terms(&p.terms, &mut phrase_ids),
                    near: p.near.as_ref().map(|n| {
                        (
                            matcher.terms(&n.terms, &mut phrase_ids),
                            usize::from(n.within),
                        )
                    }),
                })
                .collect();
            matcher.rules.push(compiled);
        }
        matcher
    }

    fn terms(&mut self, terms: &[Term], ids: &mut FxHashMap<Vec<u32>, u32>) -> Vec<Vec<u32>> {
        terms
            .iter()
            .map(|term| {
                let mut phrases: Vec<u32> = term
                    .0
                    .iter()
                    .filter_map(|phrase| self.phrase(phrase, ids))
                    .collect();
                phrases.sort_unstable();
                phrases.dedup();
                phrases
            })
            .collect()
    }

    /// The id of a phrase, adding its stems to the trie.
    fn phrase(&mut self, phrase: &str, ids: &mut FxHashMap<Vec<u32>, u32>) -> Option<u32> {
        let mut key = Vec::new();
        for stem in stems(phrase).into_iter().take(MAX_PHRASE_WORDS) {
            let fresh = self.vocabulary.len() as u32;
            key.push(*self.vocabulary.entry(stem).or_insert(fresh));
        }
        if key.is_empty() {
            return None;
        }
        let next_id = ids.len() as u32;
        let id = *ids.entry(key.clone()).or_insert(next_id);
        let mut node = 0usize;
        for stem in key {
            let fresh = self.trie.len() as u32;
            let to = *self.trie[node].next.entry(stem).or_insert(fresh);
            if to == fresh {
                self.trie.push(Node::default());
            }
            node = to as usize;
        }
        self.trie[node].phrase = Some(id);
        Some(id)
    }
}

/// Phrase hits of a copy: for each word, the phrases that start there and where each ends.
struct Hits {
    /// `(phrase, end word)` for all words, word `i`'s in `offsets[i]..offsets[i + 1]`.
    hits: Vec<(u32, u32)>,
    offsets: Vec<u32>,
}

impl Hits {
    fn at(&self, word: usize) -> &[(u32, u32)] {
        match (self.offsets.get(word), self.offsets.get(word + 1)) {
            (Some(&from), Some(&to)) => &self.hits[from as usize..to as usize],
            _ => &[],
        }
    }
}

impl Matcher {
    /// For each rule, the merged spans of words where any of its patterns matched.
    pub fn find(&self, copy: &Words) -> Vec<Vec<Span>> {
        let ids: Vec<u32> = copy
            .list
            .iter()
            .map(|w| *self.vocabulary.get(copy.stem(w)).unwrap_or(&NO_STEM))
            .collect();
        let hits = self.hits(&ids);
        self.rules
            .iter()
            .map(|patterns| {
                let mut spans: Vec<Span> = patterns
                    .iter()
                    .flat_map(|p| find_pattern(p, &hits, &copy.list))
                    .collect();
                merge(&mut spans);
                spans
            })
            .collect()
    }

    fn hits(&self, ids: &[u32]) -> Hits {
        let mut out = Hits {
            hits: Vec::new(),
            offsets: Vec::with_capacity(ids.len() + 1),
        };
        for start in 0..ids.len() {
            out.offsets.push(out.hits.len() as u32);
            let mut node = 0usize;
            for (end, id) in ids.iter().enumerate().skip(start).take(MAX_PHRASE_WORDS) {
                match self.trie[node].next.get(id) {
                    Some(&next) => node = next as usize,
                    None => break,
                }
                if let Some(phrase) = self.trie[node].phrase {
                    out.hits.push((phrase, end as u32 + 1));
                }
            }
        }
        out.offsets.push(out.hits.len() as u32);
        out
    }
}

/// Where a row of terms matches: for each start word, the longest match.
fn find_row(terms: &[Vec<u32>], hits: &Hits, words: usize) -> Vec<Span> {
    let mut found = Vec::new();
    let mut ends: Vec<usize> = Vec::new();
    let mut next: Vec<usize> = Vec::new();
    for start in 0..words {
        ends.clear();
        ends.push(start);
        for term in terms {
            next.clear();
            for &at in &ends {
                let matching = hits
                    .at(at)
                    .iter()
                    .filter(|(p, _)| term.binary_search(p).is_ok());
                next.extend(matching.map(|&(_, end)| end as usize));
            }
            next.sort_unstable();
            next.dedup();
            std::mem::swap(&mut ends, &mut next);
            if ends.is_empty() {
                break;
            }
        }
        if let Some(&end) = ends.last() {
            found.push(Span { start, end });
        }
    }
    found
}

fn find_pattern(pattern: &CompiledPattern, hits: &Hits, words: &[Word]) -> Vec<Span> {
    let left = find_row(&pattern.terms, hits, words.len());
    let Some((terms, within)) = &pattern.near else {
        return left;
    };
    let right = find_row(terms, hits, words.len());
    let mut by_end = right.clone();
    by_end.sort_unstable_by_key(|s| s.end);
    let one_sentence = |s: &Span| words[s.start].sentence == words[s.end - 1].sentence;
    left.into_iter()
        .filter_map(|l| {
            // The nearest right side after `l`, then the nearest before it.
            let after = right.get(right.partition_point(|r| r.start < l.end));
            let before = by_end
                .partition_point(|r| r.end <= l.start)
                .checked_sub(1)
                .map(|i| &by_end[i]);
            let union = |r: &Span| Span {
                start: l.start.min(r.start),
                end: l.end.max(r.end),
            };
            let after = after.filter(|r| r.start - l.end <= *within && one_sentence(&union(r)));
            let before = before.filter(|r| l.start - r.end <= *within && one_sentence(&union(r)));
            // The nearer side when both are near (before on a tie): the tightest phrase.
            match (after, before) {
                (Some(a), Some(b)) if a.start - l.end < l.start - b.end => Some(union(a)),
                (a, b) => b.or(a).map(union),
            }
        })
        .collect()
}

/// Sorts spans and merges those that overlap (two patterns of a claim on the same words).
fn merge(spans: &mut Vec<Span>) {
    spans.sort_unstable();
    let mut merged: Vec<Span> = Vec::with_capacity(spans.len());
    for span in spans.drain(..) {
        match merged.last_mut() {
            Some(last) if span.start < last.end => last.end = last.end.max(span.end),
            _ => merged.push(span),
        }
    }
    *spans = merged;
}
