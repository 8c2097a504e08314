//! Reading a sentence with a model: each head's chance, and the rules' findings joined with it
//! by the thresholds (one decision per claim, [`decide`], the same in training and in use).

use super::features::Sparse;
use super::{ClaimModel, Thresholds};
use crate::claims::words::Normalize;
use std::collections::{BTreeSet, HashMap};

/// The logistic function: a line's value as a chance.
pub fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
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

/// The decision for a claim: `chance` is the model's (None when no head speaks for the claim),
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

/// A sentence's claims by the rules and the model together.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Judged {
    /// Found by the rules and kept.
    pub kept: BTreeSet<String>,
    /// Found by the rules and dropped: the model gives them less than `keep`.
    pub doubted: BTreeSet<String>,
    /// Found by the model, where no rule matched.
    pub added: BTreeSet<String>,
}

impl Judged {
    /// The claims found: kept and added.
    pub fn found(&self) -> BTreeSet<&str> {
        self.kept
            .iter()
            .chain(&self.added)
            .map(String::as_str)
            .collect()
    }
}

/// A model ready to read sentences: its terms indexed once.
pub struct Reader<'m> {
    model: &'m ClaimModel,
    index: HashMap<&'m str, u32>,
    normalize: Normalize,
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

impl<'m> Reader<'m> {
    pub fn new(model: &'m ClaimModel, normalize: Normalize) -> Self {
        let index = model.vocabulary.index();
        Reader {
            model,
            index,
            normalize,
        }
    }

    /// Each claim the model speaks for, with its chance in `sentence`.
    pub fn chances(&self, sentence: &str) -> Vec<(&'m str, f64)> {
        let terms = super::features::terms(sentence, self.normalize);
        let vector = self.model.vocabulary.vector(&self.index, &terms);
        let mut out = Vec::new();
        for head in &self.model.heads {
            let c = chance(head.bias as f64, |at| head.weights[at] as f64, &vector);
            out.extend(head.claims.iter().map(|claim| (claim.as_str(), c)));
        }
        out
    }

    /// The rules' findings in `sentence` (`by_rules`, and `denied` for those read as denied)
    /// joined with the model's chances.
    pub fn judge(
        &self,
        sentence: &str,
        by_rules: &BTreeSet<&str>,
        denied: &BTreeSet<&str>,
    ) -> Judged {
        let chances: HashMap<&str, f64> = self.chances(sentence).into_iter().collect();
        let claims: BTreeSet<&str> = chances.keys().chain(by_rules).copied().collect();
        let mut judged = Judged::default();
        for claim in claims {
            let (found, no) = (by_rules.contains(claim), denied.contains(claim));
            let into = match decide(
                chances.get(claim).copied(),
                found,
                no,
                self.model.thresholds,
            ) {
                Decision::Kept => &mut judged.kept,
                Decision::Doubted => &mut judged.doubted,
                Decision::Added => &mut judged.added,
                Decision::Absent => continue,
            };
            into.insert(claim.to_owned());
        }
        judged
    }
}
