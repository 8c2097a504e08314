//! The model's weights in a check (the server's side of the join): each sentence's levels from
//! its stems, and the reading of a whole copy written down for a checker that holds no weights
//! ([`Readings`], what the page gives the browser).

use super::in_copy::sentences;
use super::join::{Level, Reader};
use super::readings::{sentence_hash, Readings};
use crate::claims::checker::{unpack, Entry};
use crate::claims::words::{english, stem, Words};
use rust_stemmers::Stemmer;
use std::sync::Arc;

pub(crate) struct ByWeights {
    pub reader: Arc<Reader>,
    stemmer: Stemmer,
}

impl ByWeights {
    pub fn new(reader: Arc<Reader>) -> Self {
        ByWeights {
            reader,
            stemmer: english(),
        }
    }

    /// Each line's level in the sentence of words `first..after`.
    pub fn levels(&self, words: &Words, (first, after): (usize, usize)) -> Vec<Level> {
        let list = words.list[first..after].iter();
        let stems: Vec<_> = list.map(|w| stem(&self.stemmer, words.folded(w))).collect();
        let t = self.reader.model().thresholds;
        let chances = self.reader.line_chances_of(&stems).into_iter();
        chances.map(|c| Level::of(c, t)).collect()
    }

    /// The model's reading of every sentence of `words` a join needs: one it finds a claim in
    /// (a line at `add` or more), or one holding a rule's finding (`entries`, by position).
    pub fn readings(&self, words: &Words, entries: &[Entry]) -> Readings {
        let heads = self.reader.model().heads.iter();
        let mut readings = Readings::new(heads.map(|h| h.claims.clone()).collect());
        for (first, after) in sentences(words) {
            let from = entries.partition_point(|e| unpack(e.key).0 < first);
            let ruled = entries.get(from).is_some_and(|e| unpack(e.key).0 < after);
            let levels = self.levels(words, (first, after));
            if ruled || levels.contains(&Level::Over) {
                let folded = words.list[first..after].iter().map(|w| words.folded(w));
                readings.note(sentence_hash(folded), &levels);
            }
        }
        readings.settle();
        readings
    }
}
