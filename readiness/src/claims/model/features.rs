//! A sentence as the model reads it: the checker's own words (NFKC, case folding, English
//! stems), each stem and each pair of neighbouring stems a term, weighted by TF-IDF (a term's
//! count dampened by its logarithm, times how rare it was in the training copy) and scaled to
//! length 1, so a long sentence does not outweigh a short one.

use super::super::words::{english, stem, Normalize, Words};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A vocabulary's terms by their place, for [`Vocabulary::vector`].
pub type Index = FxHashMap<String, u32>;

/// The stems of a sentence, in order: the checker's words, folded and stemmed.
pub fn stems(text: &str, normalize: Normalize) -> Vec<String> {
    stems_of(&Words::of(text, normalize))
}

/// The stems of words already split, in order.
pub(crate) fn stems_of(words: &Words) -> Vec<String> {
    let stemmer = english();
    let list = words.list.iter();
    list.map(|w| stem(&stemmer, words.folded(w)).into_owned())
        .collect()
}

/// The terms of a sentence given by its stems: each stem, then each pair of neighbours
/// ("card pay"), as [`Vocabulary::vector`] looks them up.
pub fn terms(stems: &[String]) -> Vec<String> {
    let pairs = stems
        .windows(2)
        .map(|pair| format!("{} {}", pair[0], pair[1]));
    stems.iter().cloned().chain(pairs).collect()
}

/// The terms the model knows and how rare each was: its inverse document frequency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Vocabulary {
    /// Each known term, in the order of the weights.
    pub terms: Vec<String>,
    /// ln((1 + sentences) / (1 + sentences with the term)) + 1, per term.
    pub idf: Vec<f32>,
}

/// A sentence's TF-IDF vector: (term index, weight), by index, of length 1 (or empty).
pub type Sparse = Vec<(u32, f32)>;

impl Vocabulary {
    /// The terms found in at least `min_sentences` of `sentences` (each given as its terms).
    pub fn learn(sentences: &[Vec<String>], min_sentences: usize) -> Vocabulary {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for terms in sentences {
            let mut distinct: Vec<&str> = terms.iter().map(String::as_str).collect();
            distinct.sort_unstable();
            distinct.dedup();
            for term in distinct {
                *counts.entry(term).or_default() += 1;
            }
        }
        let n = sentences.len() as f64;
        let (terms, idf) = counts
            .into_iter()
            .filter(|&(_, count)| count >= min_sentences.max(1))
            .map(|(term, count)| {
                let idf = ((1.0 + n) / (1.0 + count as f64)).ln() + 1.0;
                (term.to_owned(), idf as f32)
            })
            .unzip();
        Vocabulary { terms, idf }
    }

    /// An index from term to its place, for [`Self::vector`].
    pub fn index(&self) -> Index {
        let terms = self.terms.iter().enumerate();
        terms.map(|(at, term)| (term.clone(), at as u32)).collect()
    }

    /// The TF-IDF vector of a sentence given by its stems (its [`terms`], looked up without
    /// building them); terms the vocabulary does not know are left out.
    pub fn vector<S: AsRef<str>>(&self, index: &Index, stems: &[S]) -> Sparse {
        let mut found: Vec<u32> = Vec::with_capacity(stems.len() * 2);
        let mut pair = String::new();
        for (at, word) in stems.iter().enumerate() {
            found.extend(index.get(word.as_ref()));
            if let Some(before) = at.checked_sub(1).map(|b| stems[b].as_ref()) {
                pair.clear();
                pair.extend([before, " ", word.as_ref()]);
                found.extend(index.get(pair.as_str()));
            }
        }
        found.sort_unstable();
        let mut vector: Sparse = Vec::with_capacity(found.len());
        for run in found.chunk_by(|a, b| a == b) {
            let tf = 1.0 + (run.len() as f32).ln();
            vector.push((run[0], tf * self.idf[run[0] as usize]));
        }
        let length = vector.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
        if length > 0.0 {
            vector.iter_mut().for_each(|(_, w)| *w /= length);
        }
        vector
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claims::default_normalize;

    #[test]
    fn terms_are_stems_and_their_neighbouring_pairs() {
        let terms = terms(&stems("Pay by cards, online.", default_normalize));
        assert_eq!(
            terms,
            [
                "pay",
                "by",
                "card",
                "onlin",
                "pay by",
                "by card",
                "card onlin"
            ]
        );
    }

    #[test]
    fn rare_terms_weigh_more_and_vectors_have_length_one() {
        let of = |s: &str| stems(s, default_normalize);
        let sentences: Vec<Vec<String>> = ["card pay", "card now", "card later"]
            .iter()
            .map(|s| terms(&of(s)))
            .collect();
        let vocabulary = Vocabulary::learn(&sentences, 1);
        let index = vocabulary.index();
        let vector = vocabulary.vector(&index, &of("card pay"));
        let weight = |term: &str| {
            vector
                .iter()
                .find(|(at, _)| *at == index[term])
                .map(|v| v.1)
        };
        assert!(weight("pay").unwrap() > weight("card").unwrap());
        let length: f32 = vector.iter().map(|(_, w)| w * w).sum();
        assert!((length - 1.0).abs() < 1e-5);
        let rare_only = Vocabulary::learn(&sentences, 2);
        assert_eq!(rare_only.terms, ["card"]);
        assert!(vocabulary.vector(&index, &of("nothing known")).is_empty());
    }
}
