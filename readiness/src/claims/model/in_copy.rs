//! The model in a check: each sentence of the copy read once, the rules' findings in it kept or
//! doubted, and the claims the model is sure of where no rule matched found for the sentence.

use super::join::{decide, states, Decision, Reader};
use crate::claims::checker::{pack, unpack, Entry};
use crate::claims::words::{english, stem, Words};
use crate::claims::{ClaimRules, Evidence};
use rust_stemmers::Stemmer;
use std::sync::Arc;

/// Sentences longer than this are lists or tables, not prose: the rules alone read them (and a
/// finding's span is at most 255 words, see [`pack`]).
const MOST_WORDS: usize = 200;

/// A model attached to a checker's rules: the line that speaks for each rule's claim.
pub(crate) struct Attached {
    reader: Arc<Reader>,
    lines: Vec<Option<usize>>,
    stemmer: Stemmer,
}

impl Attached {
    pub fn new(reader: Arc<Reader>, rules: &ClaimRules) -> Self {
        let lines = rules
            .rules
            .iter()
            .map(|r| reader.line_of(&r.claim))
            .collect();
        Attached {
            reader,
            lines,
            stemmer: english(),
        }
    }

    /// Marks the rules' findings the model doubts and adds the claims it is sure of, each
    /// sentence read once; `entries` come sorted by position and leave so.
    pub fn read(&self, words: &Words, mut entries: Vec<Entry>) -> Vec<Entry> {
        if self.lines.iter().all(Option::is_none) {
            return entries;
        }
        let mut added = Vec::new();
        let mut first = 0;
        while first < words.list.len() {
            let sentence = words.list[first].sentence;
            let after = first + words.list[first..].partition_point(|w| w.sentence == sentence);
            if after - first <= MOST_WORDS {
                self.read_sentence(words, (first, after), &mut entries, &mut added);
            }
            first = after;
        }
        if !added.is_empty() {
            entries.extend(added);
            entries.sort_unstable_by_key(|e| e.key);
        }
        entries
    }

    /// One sentence, words `first..after`; the rules' entries in it are a run of `entries`.
    fn read_sentence(
        &self,
        words: &Words,
        (first, after): (usize, usize),
        entries: &mut [Entry],
        added: &mut Vec<Entry>,
    ) {
        let stems = &words.list[first..after];
        let stems: Vec<_> = stems
            .iter()
            .map(|w| stem(&self.stemmer, words.folded(w)))
            .collect();
        let chances = self.reader.line_chances_of(&stems);
        let from = entries.partition_point(|e| unpack(e.key).0 < first);
        let to = from + entries[from..].partition_point(|e| unpack(e.key).0 < after);
        let here = &mut entries[from..to];
        let thresholds = self.reader.model().thresholds;
        let states = states(words.list[first..after].iter().map(|w| w.clause));
        for (rule, line) in self.lines.iter().enumerate() {
            let Some(&chance) = line.and_then(|l| chances.get(l)) else {
                continue;
            };
            let of_rule = |e: &&Entry| unpack(e.key).2 == rule;
            let found = here.iter().filter(of_rule).any(|e| !e.negated);
            let denied = here.iter().filter(of_rule).any(|e| e.negated);
            match decide(Some(chance), found, !denied && states, thresholds) {
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
