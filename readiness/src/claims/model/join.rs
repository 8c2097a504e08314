//! Reading a sentence with a model (each line's chance), and the one decision per claim that
//! joins the chance with the rules' findings ([`decide`]), the same in training and in use.

use super::features::{Index, Sparse};
use super::{ClaimModel, Thresholds};
use crate::claims::words::Normalize;

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

/// Where a line's chance in a sentence falls against the thresholds: all a join needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Under `keep`: a rule's finding of its claims is doubted.
    Under = 0,
    /// From `keep` to under `add`.
    Between = 1,
    /// At least `add`: its claims are found where no rule matched (and none read them denied).
    Over = 2,
}

impl Level {
    /// The level of `chance` (`add` is at least `keep`, as every model checked has it).
    pub fn of(chance: f64, t: Thresholds) -> Level {
        match chance {
            c if c >= t.add as f64 => Level::Over,
            c if c >= t.keep as f64 => Level::Between,
            _ => Level::Under,
        }
    }

    /// The level written in two bits ([`super::Readings`]); 3 is read as `Between`.
    pub(crate) fn from_bits(bits: u32) -> Level {
        match bits & 3 {
            0 => Level::Under,
            2 => Level::Over,
            _ => Level::Between,
        }
    }
}

/// The decision for a claim: `chance` is the model's (None when no line speaks for the claim),
/// `by_rules` whether a rule found it, and `addable` whether the model may find it alone: no
/// rule read it as denied there, and the sentence states something ([`states`]).
pub fn decide(chance: Option<f64>, by_rules: bool, addable: bool, t: Thresholds) -> Decision {
    decide_at(chance.map(|c| Level::of(c, t)), by_rules, addable)
}

/// [`decide`] from the chance's level: what a checker holding the model's reading of a
/// sentence rather than its weights joins with the rules (the browser's).
pub fn decide_at(level: Option<Level>, by_rules: bool, addable: bool) -> Decision {
    match (level, by_rules) {
        (Some(Level::Under), true) => Decision::Doubted,
        (_, true) => Decision::Kept,
        (Some(Level::Over), false) if addable => Decision::Added,
        _ => Decision::Absent,
    }
}

/// Fewer words than this in every clause of a sentence, and it states nothing the model may
/// find a claim in alone: a heading ("Cancellation policy"), a list of names ("Okta, Entra ID,
/// Google Workspace"), a question cut off by its mark ("Card payments?"). Found by attack: the
/// model read such fragments, all topic words, as whole claims.
pub const FEWEST_WORDS_STATED: usize = 4;

/// Whether a sentence, given as the clause number of each of its words, has a clause of
/// [`FEWEST_WORDS_STATED`] words or more.
pub fn states(clauses: impl IntoIterator<Item = u32>) -> bool {
    let (mut longest, mut run, mut last) = (0, 0, None);
    for clause in clauses {
        run = if last == Some(clause) { run + 1 } else { 1 };
        last = Some(clause);
        longest = longest.max(run);
    }
    longest >= FEWEST_WORDS_STATED
}

/// A model ready to read sentences: its terms indexed once, shared by every check.
#[derive(Debug)]
pub struct Reader {
    model: ClaimModel,
    index: Index,
    normalize: Normalize,
}

impl Reader {
    /// A reader of `model`, once it is checked to fit itself (see [`ClaimModel::check_shape`]).
    pub fn new(model: ClaimModel, normalize: Normalize) -> Result<Self, super::ModelError> {
        model.check_shape()?;
        let index = model.vocabulary.index();
        Ok(Reader {
            model,
            index,
            normalize,
        })
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
        self.line_chances_of(&super::features::stems(sentence, self.normalize))
    }

    /// Each line's chance in a sentence given by its stems, in the model's order.
    pub fn line_chances_of<S: AsRef<str>>(&self, stems: &[S]) -> Vec<f64> {
        let vector = self.model.vocabulary.vector(&self.index, stems);
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
