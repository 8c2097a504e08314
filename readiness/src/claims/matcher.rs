//! Patterns compiled to a trie of stems, and the one pass over the copy that finds them.
//!
//! Cost: each word of copy walks the trie at most [`MAX_PHRASE_WORDS`] steps; each pattern then
//! looks at the phrase hits where its first term can start, and a `near` side is found by binary
//! search. Linear in the copy, whatever it holds; no backtracking.

use super::pattern::{Pattern, Term, MAX_PHRASE_WORDS};

/// The most words a row of terms can match: [`MAX_PHRASE_WORDS`] terms of as many words.
const ROW_WORDS: usize = MAX_PHRASE_WORDS * MAX_PHRASE_WORDS;
use super::words::{stems, Normalize, Word, Words};
use rustc_hash::FxHashMap;

const NO_STEM: u32 = u32::MAX;

/// Terms as sorted phrase ids; patterns as rows of terms.
struct CompiledPattern {
    terms: Vec<Vec<u32>>,
    near: Option<(Vec<Vec<u32>>, usize)>,
}

/// Every rule's patterns over one vocabulary of stems.
pub(crate) struct Matcher {
    normalize: Normalize,
    vocabulary: FxHashMap<String, u32>,
    /// The trie's edges: (node, stem) to node; node 0 is the root. A phrase is identified by
    /// the node it ends at, which `ends_phrase` marks.
    edges: FxHashMap<(u32, u32), u32>,
    ends_phrase: Vec<bool>,
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
    pub fn new<'a>(
        patterns: impl IntoIterator<Item = &'a [Pattern]>,
        normalize: Normalize,
    ) -> Matcher {
        let mut matcher = Matcher {
            normalize,
            vocabulary: FxHashMap::default(),
            edges: FxHashMap::default(),
            ends_phrase: vec![false],
            rules: Vec::new(),
        };
        for rule in patterns {
            let compiled = rule
                .iter()
                .map(|p| CompiledPattern {
                    terms: matcher.terms(&p.terms),
                    near: p
                        .near
                        .as_ref()
                        .map(|n| (matcher.terms(&n.terms), usize::from(n.within))),
                })
                .collect();
            matcher.rules.push(compiled);
        }
        matcher
    }

    fn terms(&mut self, terms: &[Term]) -> Vec<Vec<u32>> {
        terms
            .iter()
            .map(|term| {
                let mut phrases: Vec<u32> = term
                    .0
                    .iter()
                    .filter_map(|phrase| self.phrase(phrase))
                    .collect();
                phrases.sort_unstable();
                phrases.dedup();
                phrases
            })
            .collect()
    }

    /// The id of a phrase (the trie node it ends at), adding its stems to the trie.
    fn phrase(&mut self, phrase: &str) -> Option<u32> {
        let mut node = 0u32;
        let mut words = 0;
        for stem in stems(phrase, self.normalize)
            .into_iter()
            .take(MAX_PHRASE_WORDS)
        {
            let fresh = self.vocabulary.len() as u32;
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
    pub fn normalize(&self) -> Normalize {
        self.normalize
    }

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
                let (near, phrases): (Vec<_>, Vec<_>) =
                    patterns.iter().partition(|p| p.near.is_some());
                let phrases = phrases
                    .iter()
                    .flat_map(|p| find_pattern(p, &hits, &copy.list));
                let near = near.iter().flat_map(|p| find_pattern(p, &hits, &copy.list));
                select(phrases.collect(), near.collect())
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
            let mut node = 0u32;
            for (end, &id) in ids.iter().enumerate().skip(start).take(MAX_PHRASE_WORDS) {
                match self.edges.get(&(node, id)) {
                    Some(&next) => node = next,
                    None => break,
                }
                if self.ends_phrase[node as usize] {
                    out.hits.push((node, end as u32 + 1));
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
    let one_sentence = |s: &Span| words[s.start].sentence == words[s.end - 1].sentence;
    left.into_iter()
        .filter_map(|l| {
            // The nearest right side after `l`, then the nearest before it.
            let after = right.get(right.partition_point(|r| r.start < l.end));
            // Right sides are in order of start, one per start, each at most ROW_WORDS long: one
            // that starts further back than ROW_WORDS + within words ends too far to count.
            let first_after = right.partition_point(|r| r.start < l.start);
            let back = first_after.saturating_sub(ROW_WORDS + within);
            let before = right[back..first_after]
                .iter()
                .filter(|r| r.end <= l.start)
                .max_by_key(|r| r.end);
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

/// Keeps the clearest evidence, without overlaps: phrases leftmost-longest first ("instant
/// checkout", not "checkout"), then `near` matches shortest first where no phrase stands, all in
/// order of position. Spans are at most a few dozen words: marking them is linear in the copy.
fn select(mut phrases: Vec<Span>, mut near: Vec<Span>) -> Vec<Span> {
    phrases.sort_unstable();
    near.sort_unstable_by_key(|s| (s.end - s.start, s.start));
    let words = phrases
        .iter()
        .chain(&near)
        .map(|s| s.end)
        .max()
        .unwrap_or(0);
    let mut taken = vec![false; words];
    let mut kept: Vec<Span> = Vec::new();
    // Of the phrases starting at one word, the longest (the last, in this order).
    let longest = phrases
        .iter()
        .enumerate()
        .filter(|(i, s)| phrases.get(i + 1).is_none_or(|next| next.start != s.start))
        .map(|(_, s)| *s);
    for span in longest.chain(near) {
        let place = &mut taken[span.start..span.end];
        if !place.contains(&true) {
            place.fill(true);
            kept.push(span);
        }
    }
    kept.sort_unstable();
    kept
}
