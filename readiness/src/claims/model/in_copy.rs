//! The model in a check: each sentence of the copy read once (by the weights, or looked up in
//! the model's reading of it), the rules' findings in it kept or doubted, and the claims the
//! model is sure of where no rule matched found for the sentence.

use super::join::{decide_at, states, Decision, Level};
use super::readings::{sentence_hash, Readings};
use crate::claims::checker::{pack, unpack, Entry};
use crate::claims::words::Words;
use crate::claims::{ClaimRules, Evidence};
use std::borrow::Cow;
use std::sync::Arc;

/// Sentences longer than this are lists or tables, not prose: the rules alone read them (and a
/// finding's span is at most 255 words, see [`pack`]).
const MOST_WORDS: usize = 200;

/// What reads a sentence: the model's weights (the server), or its reading of sentences it was
/// given (the browser, which holds no weights).
pub(crate) enum Source {
    #[cfg(feature = "model")]
    Weights(super::by_weights::ByWeights),
    Readings(Arc<Readings>),
}

impl Source {
    fn line_of(&self, claim: &str) -> Option<usize> {
        match self {
            #[cfg(feature = "model")]
            Source::Weights(weights) => weights.reader.line_of(claim),
            Source::Readings(readings) => readings.line_of(claim),
        }
    }

    /// Each line's level in the sentence of words `first..after`; `None` when unread.
    fn levels(&self, words: &Words, (first, after): (usize, usize)) -> Option<Cow<'_, [Level]>> {
        match self {
            #[cfg(feature = "model")]
            Source::Weights(weights) => Some(Cow::Owned(weights.levels(words, (first, after)))),
            Source::Readings(readings) => {
                let folded = words.list[first..after].iter().map(|w| words.folded(w));
                readings.levels(sentence_hash(folded)).map(Cow::Borrowed)
            }
        }
    }
}

/// A model attached to a checker's rules: the line that speaks for each rule's claim.
pub(crate) struct Attached {
    source: Source,
    lines: Vec<Option<usize>>,
}

impl Attached {
    pub fn new(source: Source, rules: &ClaimRules) -> Self {
        let lines = rules.rules.iter().map(|r| source.line_of(&r.claim));
        Attached {
            lines: lines.collect(),
            source,
        }
    }

    /// The reading joined, when the model is one (not weights).
    pub fn readings(&self) -> Option<Arc<Readings>> {
        match &self.source {
            Source::Readings(readings) => Some(Arc::clone(readings)),
            #[cfg(feature = "model")]
            Source::Weights(_) => None,
        }
    }

    #[cfg(feature = "model")]
    pub fn source(&self) -> &Source {
        &self.source
    }

    /// Marks the rules' findings the model doubts and adds the claims it is sure of, each
    /// sentence read once; `entries` come sorted by position and leave so.
    pub fn read(&self, words: &Words, mut entries: Vec<Entry>) -> Vec<Entry> {
        if self.lines.iter().all(Option::is_none) {
            return entries;
        }
        let mut added = Vec::new();
        for span in sentences(words) {
            self.read_sentence(words, span, &mut entries, &mut added);
        }
        merged(entries, added)
    }

    /// One sentence, words `first..after`; the rules' entries in it are a run of `entries`.
    fn read_sentence(
        &self,
        words: &Words,
        (first, after): (usize, usize),
        entries: &mut [Entry],
        added: &mut Vec<Entry>,
    ) {
        let Some(levels) = self.source.levels(words, (first, after)) else {
            return;
        };
        let from = entries.partition_point(|e| unpack(e.key).0 < first);
        let to = from + entries[from..].partition_point(|e| unpack(e.key).0 < after);
        let here = &mut entries[from..to];
        let states = states(words.list[first..after].iter().map(|w| w.clause));
        for (rule, line) in self.lines.iter().enumerate() {
            let Some(&level) = line.and_then(|l| levels.get(l)) else {
                continue;
            };
            let of_rule = |e: &&Entry| unpack(e.key).2 == rule;
            let found = here.iter().filter(of_rule).any(|e| !e.negated);
            let denied = here.iter().filter(of_rule).any(|e| e.negated);
            match decide_at(Some(level), found, !denied && states) {
                Decision::Doubted => here
                    .iter_mut()
                    .filter(|e| unpack(e.key).2 == rule && !e.negated)
                    .for_each(|e| e.evidence = Evidence::DoubtedPhrase),
                Decision::Added => added.push(Entry {
                    key: pack(first, after, rule),
                    negated: false,
                    evidence: Evidence::Sentence,
                }),
                Decision::Kept | Decision::Absent => {}
            }
        }
    }
}

/// Each sentence of `words` the model reads, as words `first..after`: those of at most
/// [`MOST_WORDS`] words.
pub(crate) fn sentences(words: &Words) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut first = 0;
    std::iter::from_fn(move || loop {
        let sentence = words.list.get(first)?.sentence;
        let after = first + words.list[first..].partition_point(|w| w.sentence == sentence);
        let span = (first, after);
        first = after;
        if after - span.0 <= MOST_WORDS {
            return Some(span);
        }
    })
}

/// Two runs of entries sorted by key, as one (the model's come sentence by sentence).
fn merged(entries: Vec<Entry>, added: Vec<Entry>) -> Vec<Entry> {
    if added.is_empty() {
        return entries;
    }
    let mut out = Vec::with_capacity(entries.len() + added.len());
    let (mut entries, mut added) = (entries.into_iter().peekable(), added.into_iter().peekable());
    loop {
        let next = match (entries.peek(), added.peek()) {
            (Some(e), Some(a)) if a.key < e.key => added.next(),
            (Some(_), _) => entries.next(),
            (None, _) => added.next(),
        };
        match next {
            Some(entry) => out.push(entry),
            None => return out,
        }
    }
}
