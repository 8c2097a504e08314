//! Checking a model before use: it fits itself, would not go against its own reading, and
//! serves the catalog's claims (found by attack: a model of no lines, of NaNs or with a
//! threshold past even turned every rule finding into a warning).

use super::{ClaimModel, ModelError, Thresholds, FORMAT};
use std::collections::BTreeSet;

/// The largest weight or bias a model may hold: training on the shipped sets gives at most 17
/// and 3.4; a model of far larger ones was not written by `claims train`.
pub const LARGEST_WEIGHT: f32 = 50.0;

impl ClaimModel {
    /// Checks that the model fits itself ([`Self::check_shape`]) and speaks only for `claims`
    /// (the catalog's claim texts, every one of them, whatever the board lifts today).
    pub fn validate<'a>(
        &self,
        claims: impl IntoIterator<Item = &'a str>,
    ) -> Result<(), ModelError> {
        self.check_shape()?;
        let known: BTreeSet<&str> = claims.into_iter().collect();
        let heads = self.heads.iter().flat_map(|h| &h.claims);
        match heads.into_iter().find(|c| !known.contains(c.as_str())) {
            Some(claim) => Err(ModelError::UnknownClaim(claim.clone())),
            None => Ok(()),
        }
    }

    /// Checks that the model fits itself: its format, as many weights and idf as terms,
    /// thresholds that do not go against its own reading, and its numbers.
    pub fn check_shape(&self) -> Result<(), ModelError> {
        if self.format != FORMAT {
            return Err(ModelError::Format(self.format));
        }
        let terms = self.vocabulary.terms.len();
        if self.vocabulary.idf.len() != terms {
            return Err(ModelError::Damaged(format!(
                "{} terms, {} idf",
                terms,
                self.vocabulary.idf.len()
            )));
        }
        if let Some(head) = self.heads.iter().find(|h| h.weights.len() != terms) {
            let message = format!("{} weights for {terms} terms", head.weights.len());
            return Err(ModelError::Damaged(message));
        }
        let Thresholds { add, keep } = self.thresholds;
        if !(0.5..=1.0).contains(&add) || !(0.0..=0.5).contains(&keep) {
            let why = format!("thresholds add {add} and keep {keep}: add must be from 0.5 to 1, keep from 0 to 0.5");
            return Err(ModelError::Damaged(why));
        }
        self.validate_numbers()
    }

    /// Every number finite, every idf positive, every term and every claim once, a line at
    /// least: what `claims train` writes (found by attack: a model of no lines, or of NaNs,
    /// was read as one that doubts nothing or everything).
    fn validate_numbers(&self) -> Result<(), ModelError> {
        let damaged = |why: &str| Err(ModelError::Damaged(why.to_owned()));
        if self.heads.is_empty() {
            return damaged("it has no lines");
        }
        if self
            .vocabulary
            .idf
            .iter()
            .any(|&i| !i.is_finite() || i <= 0.0)
        {
            return damaged("an idf is not a positive number");
        }
        let numbers = self
            .heads
            .iter()
            .flat_map(|h| h.weights.iter().chain([&h.bias]));
        if numbers
            .into_iter()
            .any(|w| !w.is_finite() || w.abs() > LARGEST_WEIGHT)
        {
            return damaged("a weight is not a number from -50 to 50");
        }
        let mut claims: Vec<&String> = self.heads.iter().flat_map(|h| &h.claims).collect();
        let mut terms: Vec<&String> = self.vocabulary.terms.iter().collect();
        let count = (claims.len(), terms.len());
        claims.sort_unstable();
        terms.sort_unstable();
        claims.dedup();
        terms.dedup();
        if (claims.len(), terms.len()) != count {
            return damaged("a claim or a term is listed twice");
        }
        Ok(())
    }
}
