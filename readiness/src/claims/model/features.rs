//! A sentence as the model reads it: the checker's own words (NFKC, case folding, English
//! stems), each stem and each pair of neighbouring stems a term, weighted by TF-IDF (a term's
//! count dampened by its logarithm, times how rare it was in the training copy) and scaled to
//! length 1, so a long sentence does not outweigh a short one.

use super::super::words::{english, stem, Normalize, Words};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// The terms of a sentence, in order: stems, then pairs of neighbouring stems ("card pay").
pub fn terms(text: &str, normalize: Normalize) -> Vec<String> {
    let words = Words::of(text, normalize);
    let stemmer = english();
    let stems: Vec<String> = words
        .list
        .iter()
        .map(|w| stem(&stemmer, words.folded(w)).into_owned())
        .collect();
    let pairs = stems
        .windows(2)
        .map(|pair| format!("{} {}", pair[0], pair[1]));
    let mut out = stems.clone();
    out.extend(pairs);
    out
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
    pub fn index(&self) -> HashMap<String, u32> {
        self.terms
            .iter()
            .enumerate()
            .map(|(at, term)| (term.clone(), at as u32))
            .collect()
    }

    /// The TF-IDF vector of a sentence's terms; terms it does not know are left out.
    pub fn vector(&self, index: &HashMap<String, u32>, terms: &[String]) -> Sparse {
        let mut counts: BTreeMap<u32, u32> = BTreeMap::new();
        for term in terms {
            if let Some(&at) = index.get(term) {
                *counts.entry(at).or_default() += 1;
            }
        }
        let mut vector: Sparse = counts
            .into_iter()
            .map(|(at, count)| {
                let tf = 1.0 + (count as f32).ln();
                (at, tf * self.idf[at as usize])
            })
            .collect();
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
        let terms = terms("Pay by cards, online.", default_normalize);
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
        let sentences: Vec<Vec<String>> = ["card pay", "card now", "card later"]
            .iter()
            .map(|s| terms(s, default_normalize))
            .collect();
        let vocabulary = Vocabulary::learn(&sentences, 1);
        let index = vocabulary.index();
        let vector = vocabulary.vector(&index, &terms("card pay", default_normalize));
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
        assert!(vocabulary
            .vector(&index, &terms("nothing known", default_normalize))
            .is_empty());
    }
}
