//! Cross-validation: each fold of the labelled sentences scored by lines fitted on the others,
//! each fit learning its own vocabulary, so no sentence is scored by weights that saw it.

use super::features::{terms, Sparse, Vocabulary};
use super::fit::{fit, Line};
use super::join::chance;
use super::train::Options;

/// Lines fitted on sentences given by their stems: the vocabulary and one line per group.
pub(super) fn fit_all(
    sentences: &[&Vec<String>],
    columns: &[Vec<bool>],
    options: &Options,
    progress: &mut dyn FnMut(),
) -> (Vocabulary, Vec<Line>) {
    let all: Vec<Vec<String>> = sentences.iter().map(|s| terms(s)).collect();
    let vocabulary = Vocabulary::learn(&all, options.min_sentences);
    let index = vocabulary.index();
    let rows: Vec<Sparse> = sentences
        .iter()
        .map(|s| vocabulary.vector(&index, s))
        .collect();
    let lines = columns
        .iter()
        .map(|labels| {
            let line = fit(&rows, vocabulary.terms.len(), labels, options.strength);
            progress();
            line
        })
        .collect();
    (vocabulary, lines)
}

/// The fold of each example: by a hash of its words, so copies of one sentence (in two sets,
/// or twice in one) share a fold and none is scored by weights that saw its twin (found by
/// review: 48 such sentences among the shipped sets).
fn folds_of(stems: &[Vec<String>], folds: usize) -> Vec<usize> {
    use std::hash::{Hash, Hasher};
    let fold = |words: &Vec<String>| {
        let mut hasher = rustc_hash::FxHasher::default();
        words.hash(&mut hasher);
        (hasher.finish() % folds as u64) as usize
    };
    stems.iter().map(fold).collect()
}

/// Each example's chance per group, from lines fitted on the other folds ([`folds_of`]).
pub(super) fn cross_validated(
    stems: &[Vec<String>],
    groups: &[(Vec<String>, Vec<bool>)],
    options: &Options,
    progress: &mut dyn FnMut(),
) -> Vec<Vec<f64>> {
    let mut chances = vec![Vec::new(); stems.len()];
    let fold_of = folds_of(stems, options.folds);
    for fold in 0..options.folds {
        let training: Vec<usize> = (0..stems.len()).filter(|&i| fold_of[i] != fold).collect();
        let rows: Vec<&Vec<String>> = training.iter().map(|&i| &stems[i]).collect();
        let columns: Vec<Vec<bool>> = groups
            .iter()
            .map(|(_, column)| training.iter().map(|&i| column[i]).collect())
            .collect();
        let (vocabulary, lines) = fit_all(&rows, &columns, options, progress);
        let index = vocabulary.index();
        for (i, held) in stems
            .iter()
            .enumerate()
            .filter(|&(i, _)| fold_of[i] == fold)
        {
            let vector = vocabulary.vector(&index, held);
            chances[i] = lines
                .iter()
                .map(|l| chance(l.bias, |at| l.weights[at], &vector))
                .collect();
        }
    }
    chances
}
