//! Putting phrase hits together: rows of terms in a row, `near` sides in one sentence, and the
//! clearest non-overlapping evidence per rule.
//!
//! Cost: a row is tried only where its first term's phrases start; the other side of a `near`
//! is found by binary search in a window bounded by the catalog. Linear in the copy, whatever
//! it holds; no backtracking.

use super::pattern::MAX_PHRASE_WORDS;
use super::words::Word;

/// The most words a row of terms can match: [`MAX_PHRASE_WORDS`] terms of as many words.
const ROW_WORDS: usize = MAX_PHRASE_WORDS * MAX_PHRASE_WORDS;

/// A span of words `[start, end)` where a rule's pattern matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Span {
    pub start: usize,
    pub end: usize,
}

/// Phrase hits of a copy: for each word, the phrases that start there and where each ends.
pub(crate) struct Hits {
    /// `(phrase, end word)` for all words, word `i`'s in `offsets[i]..offsets[i + 1]`.
    hits: Vec<(u32, u32)>,
    offsets: Vec<u32>,
    /// For each phrase (by trie node), the words it starts at, in order: phrase `p`'s in
    /// `starts[start_offsets[p]..start_offsets[p + 1]]` (filled by [`Hits::finish`]).
    starts: Vec<u32>,
    start_offsets: Vec<u32>,
}

impl Hits {
    pub fn new(words: usize, phrases: usize) -> Self {
        Hits {
            hits: Vec::with_capacity(words),
            offsets: Vec::with_capacity(words + 1),
            starts: Vec::new(),
            start_offsets: vec![0; phrases + 1],
        }
    }

    /// Opens the next word's list of hits.
    pub fn start_word(&mut self) {
        self.offsets.push(self.hits.len() as u32);
    }

    /// The phrase `phrase` matches from the current word to word `end` (excluded).
    pub fn push(&mut self, phrase: u32, end: usize) {
        self.hits.push((phrase, end as u32));
        self.start_offsets[phrase as usize + 1] += 1;
    }

    /// Closes the last word and files every hit's start under its phrase (a counting sort:
    /// starts stay in order).
    pub fn finish(&mut self) {
        self.offsets.push(self.hits.len() as u32);
        for p in 1..self.start_offsets.len() {
            self.start_offsets[p] += self.start_offsets[p - 1];
        }
        let mut next = self.start_offsets.clone();
        let mut starts = vec![0; self.hits.len()];
        for word in 0..self.offsets.len() - 1 {
            for &(phrase, _) in self.at(word) {
                let slot = &mut next[phrase as usize];
                starts[*slot as usize] = word as u32;
                *slot += 1;
            }
        }
        self.starts = starts;
    }

    /// The words where `phrase` starts, in order.
    fn starts_of(&self, phrase: u32) -> &[u32] {
        let p = phrase as usize;
        &self.starts[self.start_offsets[p] as usize..self.start_offsets[p + 1] as usize]
    }

    fn at(&self, word: usize) -> &[(u32, u32)] {
        match (self.offsets.get(word), self.offsets.get(word + 1)) {
            (Some(&from), Some(&to)) => &self.hits[from as usize..to as usize],
            _ => &[],
        }
    }
}

/// Where a row of terms matches: for each start word, the longest match. Only the words where
/// the first term's phrases start are tried.
/// `terms` lists each term's phrases, sorted.
pub(crate) fn find_row(terms: &[Vec<u32>], hits: &Hits) -> Vec<Span> {
    let mut found = Vec::new();
    // u64 throughout, so the wasm carries one sort (the checker's) rather than two.
    let mut ends: Vec<u64> = Vec::new();
    let mut next: Vec<u64> = Vec::new();
    let Some(first) = terms.first() else {
        return found;
    };
    let mut starts: Vec<u64> = first
        .iter()
        .flat_map(|&p| hits.starts_of(p).iter().map(|&s| u64::from(s)))
        .collect();
    starts.sort_unstable();
    starts.dedup();
    for start in starts.into_iter().map(|s| s as usize) {
        ends.clear();
        ends.push(start as u64);
        for term in terms {
            next.clear();
            for &at in &ends {
                let member = |p: u32| term.binary_search(&p).is_ok();
                let matching = hits.at(at as usize).iter().filter(|&&(p, _)| member(p));
                next.extend(matching.map(|&(_, end)| u64::from(end)));
            }
            next.sort_unstable();
            next.dedup();
            std::mem::swap(&mut ends, &mut next);
            if ends.is_empty() {
                break;
            }
        }
        if let Some(end) = ends.last().map(|&e| e as usize) {
            found.push(Span { start, end });
        }
    }
    found
}

/// Where `left` and `right` (each row's matches, in order of start) stand near each other:
/// within `within` words, in one sentence, in either order.
pub(crate) fn find_near(left: &[Span], right: &[Span], within: usize, words: &[Word]) -> Vec<Span> {
    if left.is_empty() || right.is_empty() {
        return Vec::new();
    }
    let one_sentence = |s: &Span| words[s.start].sentence == words[s.end - 1].sentence;
    // `first_after` only moves forward: left sides come in order of start.
    let mut first_after = 0;
    left.iter()
        .copied()
        .filter_map(|l| {
            while right.get(first_after).is_some_and(|r| r.start < l.start) {
                first_after += 1;
            }
            // The nearest right side after `l`: right sides start at most ROW_WORDS apart...
            let after = right[first_after..]
                .iter()
                .take_while(|r| r.start <= l.end + within)
                .find(|r| r.start >= l.end);
            // ...and the nearest before it, among those that start close enough to end near.
            let before = right[..first_after]
                .iter()
                .rev()
                .take_while(|r| r.start + ROW_WORDS + within >= l.start)
                .filter(|r| r.end <= l.start)
                .max_by_key(|r| r.end);
            let union = |r: &Span| Span {
                start: l.start.min(r.start),
                end: l.end.max(r.end),
            };
            let after = after.filter(|r| r.start - l.end <= within && one_sentence(&union(r)));
            let before = before.filter(|r| l.start - r.end <= within && one_sentence(&union(r)));
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
/// `taken` is all false, one entry per word of the copy, and is left so.
pub(crate) fn select(phrases: Vec<Span>, near: Vec<Span>, taken: &mut [bool]) -> Vec<Span> {
    // Spans as numbers that sort the way each pass needs (one sort for all: less code in the
    // wasm): phrases by start then end, `near` matches by length then start.
    let mut phrases: Vec<u64> = phrases.iter().map(|s| pair(s.start, s.end)).collect();
    let mut near: Vec<u64> = near
        .iter()
        .map(|s| pair(s.end - s.start, s.start))
        .collect();
    phrases.sort_unstable();
    near.sort_unstable();
    let phrases = phrases.iter().map(|&k| Span {
        start: high(k),
        end: low(k),
    });
    let near = near.iter().map(|&k| Span {
        start: low(k),
        end: low(k) + high(k),
    });
    let mut kept: Vec<u64> = Vec::new();
    // Of the phrases starting at one word, the longest (the last, in this order).
    let mut phrases = phrases.peekable();
    let longest = std::iter::from_fn(|| loop {
        let span = phrases.next()?;
        if phrases.peek().is_none_or(|next| next.start != span.start) {
            return Some(span);
        }
    });
    for span in longest.chain(near) {
        let place = &mut taken[span.start..span.end];
        if !place.contains(&true) {
            place.fill(true);
            kept.push(pair(span.start, span.end));
        }
    }
    kept.sort_unstable();
    let kept: Vec<Span> = kept
        .iter()
        .map(|&k| Span {
            start: high(k),
            end: low(k),
        })
        .collect();
    for span in &kept {
        taken[span.start..span.end].fill(false);
    }
    kept
}

fn pair(high: usize, low: usize) -> u64 {
    ((high as u64) << 32) | low as u64
}

fn high(key: u64) -> usize {
    (key >> 32) as usize
}

fn low(key: u64) -> usize {
    (key & 0xffff_ffff) as usize
}
