//! A statistical model of labelled copy, beside the catalog's rules: for each group of claims
//! labelled alike, a logistic regression over the sentence's terms ([`features`]), trained on an
//! operator's labelled sets ([`train`]). Joined with the rules by two thresholds: a rule's finding
//! the model gives less than `keep` is listed as doubtful (still counted: the model may add to a
//! verdict, never clear one), and a
//! claim the model gives at least `add` is found even where no rule matched. The weights are data (JSON), not code.

#[cfg(feature = "model")]
pub(crate) mod by_weights;
#[cfg(feature = "catalog-toml")]
mod cross;
pub mod features;
#[cfg(feature = "catalog-toml")]
mod fit;
pub(crate) mod in_copy;
mod join;
mod readings;
#[cfg(feature = "catalog-toml")]
mod thresholds;
#[cfg(feature = "catalog-toml")]
pub mod train;
mod validate;

pub use features::Vocabulary;
pub use join::{decide, decide_at, states, Decision, Level, Reader, FEWEST_WORDS_STATED};
pub use readings::Readings;
use serde::{Deserialize, Serialize};
pub use validate::LARGEST_WEIGHT;

/// The version of the model's file this build reads and writes.
pub const FORMAT: u32 = 1;

/// A trained model, as saved by `vendor-readiness claims train`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ClaimModel {
    /// The version of this file's layout ([`FORMAT`]).
    pub format: u32,
    /// What it was trained on, for the record.
    pub trained: Trained,
    /// How the two are joined.
    pub thresholds: Thresholds,
    pub vocabulary: Vocabulary,
    /// One line per group of claims labelled in the same sentences.
    pub heads: Vec<Head>,
}

/// Where a model came from and how it did in cross-validation on its own copy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Trained {
    /// The sha256 of the catalog whose claims it was trained for.
    pub catalog_sha256: String,
    /// Labelled sentences trained on.
    pub sentences: usize,
    /// Recall of the rules and the model together, cross-validated on the training copy.
    pub recall: f64,
    /// Precision of the same.
    pub precision: f64,
    /// Whether the thresholds reach the precision asked for; if not, the most precise were kept.
    pub floor_met: bool,
}

/// The two thresholds joining the model's chances with the rules' findings.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Thresholds {
    /// A claim the model gives at least this chance is found (unless the rules read it denied).
    pub add: f32,
    /// A rule's finding the model gives less than this chance is listed as doubtful.
    pub keep: f32,
}

/// The claims one line speaks for, and its weights (one per term of the vocabulary).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Head {
    pub claims: Vec<String>,
    pub bias: f32,
    pub weights: Vec<f32>,
}

/// A model file that cannot serve these rules.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ModelError {
    #[error("the model's format is {0}; this build reads format {FORMAT} (train it again)")]
    Format(u32),
    #[error("the model was trained for the claim {0:?}, which the catalog does not make (train it again for this catalog)")]
    UnknownClaim(String),
    #[error("the model is damaged: {0}")]
    Damaged(String),
}
