//! Reading a sentence with a model (each line's chance), and the one decision per claim that
//! joins the chance with the rules' findings ([`decide`]), the same in training and in use.

use super::features::Sparse;
use super::{ClaimModel, Thresholds};
use crate::claims::words::Normalize;
use std::collections::HashMap;

/// The logistic function: a line's value as a chance.
pub fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

/// The chance of a line for a sentence's vector.
pub(super) fn chance(bias: f64, weights: impl Fn(usize) -> f64, vector: &Sparse) -> f64 {
    sigmoid(
        bias + vector
            .iter()
            .map(|&(at, x)| weights(at as usize) * x as f64)
            .sum::<f64>(),
    )
}

/// What becomes of one claim in one sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Found by the rules and not doubted (or the model knows nothing of the claim).
    Kept,
    /// Found by the rules, but the model gives it less than `keep`.
    Doubted,
    /// Found by the model alone.
    Added,
    /// Not found.
    Absent,
}

/// The decision for a claim: `chance` is the model's (None when no line speaks for the claim),
/// `by_rules` whether a rule found it, `denied` whether a rule found it denied.
pub fn decide(chance: Option<f64>, by_rules: bool, denied: bool, t: Thresholds) -> Decision {
    match (chance, by_rules) {
        (None, true) => Decision::Kept,
        (Some(c), true) if c >= t.keep as f64 => Decision::Kept,
        (Some(_), true) => Decision::Doubted,
        (Some(c), false) if c >= t.add as f64 && !denied => Decision::Added,
        _ => Decision::Absent,
    }
}

/// A model ready to read sentences: its terms indexed once, shared by every check.
#[derive(Debug)]
pub struct Reader {
    model: ClaimModel,
    index: HashMap<String, u32>,
    normalize: Normalize,
}

impl Reader {
    pub fn new(model: ClaimModel, normalize: Normalize) -> Self {
        let index = model.vocabulary.index();
        Reader {
            model,
            index,
            normalize,
        }
    }

    pub fn model(&self) -> &ClaimModel {
        &self.model
    }

    /// The line that speaks for `claim`, if one does.
    pub fn line_of(&self, claim: &str) -> Option<usize> {
        self.model
            .heads
            .iter()
            .position(|h| h.claims.iter().any(|c| c == claim))
    }

    /// Each line's chance in `sentence`, in the model's order.
    pub fn line_chances(&self, sentence: &str) -> Vec<f64> {
        let terms = super::features::terms(sentence, self.normalize);
        let vector = self.model.vocabulary.vector(&self.index, &terms);
        let lines = self.model.heads.iter();
        lines
            .map(|h| chance(h.bias as f64, |at| h.weights[at] as f64, &vector))
            .collect()
    }

    /// Each claim the model speaks for, with its chance in `sentence`.
    pub fn chances(&self, sentence: &str) -> Vec<(&str, f64)> {
        let lines = self.line_chances(sentence);
        let heads = self.model.heads.iter().zip(lines);
        heads
            .flat_map(|(h, c)| h.claims.iter().map(move |claim| (claim.as_str(), c)))
            .collect()
    }
}
