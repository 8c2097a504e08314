//! Training a model on labelled copy: claims labelled in the same sentences share one line;
//! the thresholds joining it with the rules are chosen by cross-validation on the same copy
//! (each fold scored by lines fitted without it): the best F1 at the precision asked for.

use super::cross::{cross_validated, fit_all};
use super::features::stems_of;
use super::join::states;
use super::thresholds::choose;
use super::{ClaimModel, Head, Trained, FORMAT};
use crate::claims::words::{Normalize, Words};
use std::collections::{BTreeMap, BTreeSet};

/// A labelled sentence, with what the rules found in it.
#[derive(Debug, Clone, Default)]
pub struct Example {
    pub text: String,
    /// The claims it makes (none when denied).
    pub labelled: BTreeSet<String>,
    /// The claims the rules found, not denied.
    pub by_rules: BTreeSet<String>,
    /// The claims the rules found denied.
    pub denied: BTreeSet<String>,
}

/// How to train.
#[derive(Debug, Clone)]
pub struct Options {
    /// How free the weights are (scikit-learn's C): larger fits the copy more closely.
    pub strength: f64,
    /// Terms in fewer training sentences than this are left out.
    pub min_sentences: usize,
    /// The precision the thresholds must reach in cross-validation.
    pub precision: f64,
    pub folds: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            strength: 10.0,
            min_sentences: 2,
            precision: 0.93,
            folds: 5,
        }
    }
}

/// How far training has come: `done` of `of` lines fitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub done: usize,
    pub of: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TrainError {
    #[error("no sentence labelled with a claim: nothing to learn from")]
    NothingLabelled,
    #[error("{sentences} sentences are too few for {folds} folds of cross-validation")]
    TooFew { sentences: usize, folds: usize },
    #[error("cross-validation needs 2 folds or more, not {0}")]
    Folds(usize),
}

/// Claims labelled in exactly the same sentences, grouped: each group is one line.
fn groups(examples: &[Example]) -> Vec<(Vec<String>, Vec<bool>)> {
    let claims: BTreeSet<&String> = examples.iter().flat_map(|e| &e.labelled).collect();
    let mut by_column: BTreeMap<Vec<bool>, Vec<String>> = BTreeMap::new();
    for claim in claims {
        let column = examples
            .iter()
            .map(|e| e.labelled.contains(claim))
            .collect();
        by_column.entry(column).or_default().push(claim.clone());
    }
    let mut out: Vec<_> = by_column
        .into_iter()
        .map(|(column, claims)| (claims, column))
        .collect();
    out.sort();
    out
}

/// Trains a model on `examples` for the catalog `catalog_sha256`, reporting each line fitted.
pub fn train(
    examples: &[Example],
    catalog_sha256: &str,
    options: &Options,
    normalize: Normalize,
    progress: &mut dyn FnMut(Progress),
) -> Result<ClaimModel, TrainError> {
    let groups = groups(examples);
    if groups.is_empty() {
        return Err(TrainError::NothingLabelled);
    }
    if options.folds < 2 {
        return Err(TrainError::Folds(options.folds));
    }
    if examples.len() < options.folds {
        let (sentences, folds) = (examples.len(), options.folds);
        return Err(TrainError::TooFew { sentences, folds });
    }
    // Each sentence split into words once: its stems, and whether it states something.
    let (stems, stated): (Vec<Vec<String>>, Vec<bool>) = (examples.iter())
        .map(|e| {
            let words = Words::of(&e.text, normalize);
            (
                stems_of(&words),
                states(words.list.iter().map(|w| w.clause)),
            )
        })
        .unzip();
    let of = groups.len() * (options.folds + 1);
    let mut done = 0;
    let mut tick = || {
        done += 1;
        progress(Progress { done, of });
    };
    let chances = cross_validated(&stems, &groups, options, &mut tick);
    let claims: Vec<Vec<String>> = groups.iter().map(|(c, _)| c.clone()).collect();
    let examples_stated = (examples, stated.as_slice());
    let (thresholds, tally, floor_met) =
        choose(examples_stated, &chances, &claims, options.precision);
    let columns: Vec<Vec<bool>> = groups.iter().map(|(_, column)| column.clone()).collect();
    let (vocabulary, lines) = fit_all(
        &stems.iter().collect::<Vec<_>>(),
        &columns,
        options,
        &mut tick,
    );
    let heads = claims
        .into_iter()
        .zip(lines)
        .map(|(claims, line)| Head {
            claims,
            bias: line.bias as f32,
            weights: line.weights.iter().map(|&w| round(w)).collect(),
        })
        .collect();
    let trained = Trained {
        catalog_sha256: catalog_sha256.to_owned(),
        sentences: examples.len(),
        recall: tally.recall(),
        precision: tally.precision(),
        floor_met,
    };
    Ok(ClaimModel {
        format: FORMAT,
        trained,
        thresholds,
        vocabulary,
        heads,
    })
}

/// A weight to four decimals: the file is a third the size, the chances the same to 0.001.
fn round(weight: f64) -> f32 {
    ((weight * 1e4).round() / 1e4) as f32
}
