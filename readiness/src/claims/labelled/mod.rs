//! Labelled copy for measuring the claim checker (`claims test`): sentences, each with the
//! claims it makes (the catalog's claim texts, or family names standing for several) or none,
//! and whether they are denied; scored as recall and precision over (sentence, claim) pairs,
//! with every miss and false alarm. The format is in docs/claims.md.

mod score;

pub use score::{Mistake, Score, Tally};

use super::model::train::Example;
use super::{Checked, ClaimChecker, Evidence, Violation};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};

/// One file of labelled copy: families of claims, sentences, or both.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LabelledSet {
    /// Names for groups of claims, so a sentence can say `checkout` for three claims.
    #[serde(default)]
    pub families: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub sentence: Vec<LabelledSentence>,
}

/// A sentence and the claims it makes: none for compliant copy, all denied when `negated`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LabelledSentence {
    pub text: String,
    #[serde(default)]
    pub claims: Vec<String>,
    #[serde(default)]
    pub negated: bool,
}

/// A label naming no claim of the catalog, or a file that is not labelled copy.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LabelError {
    #[error("{0}")]
    Toml(String),
    #[error("sentence {sentence}: {name:?} is neither a claim of the catalog nor a family{hint}")]
    UnknownLabel {
        sentence: usize,
        name: String,
        hint: String,
    },
    #[error("family {family}: {name:?} is not a claim of the catalog{hint}")]
    UnknownFamilyClaim {
        family: String,
        name: String,
        hint: String,
    },
}

impl LabelledSet {
    pub fn parse(text: &str) -> Result<Self, LabelError> {
        toml::from_str(text).map_err(|e| LabelError::Toml(e.to_string()))
    }

    /// `other`'s families and sentences added to these (a families file, then sets using it).
    pub fn merge(&mut self, other: LabelledSet) {
        self.families.extend(other.families);
        self.sentence.extend(other.sentence);
    }

    /// `checker`'s findings in each sentence against its labels: the rules' phrases, and when
    /// the checker has a model, the claims it adds and not the phrases it doubts (counted apart
    /// as verdicts count them, in [`Score::as_counted`]).
    pub fn score(&self, checker: &ClaimChecker) -> Result<Score, LabelError> {
        let mut score = Score {
            sentences: self.sentence.len(),
            ..Score::default()
        };
        self.each_checked(checker, |sentence, labelled, checked| {
            let found_by = |read: fn(&Violation) -> bool| -> BTreeSet<&str> {
                let found = checked.violations.iter().filter(|v| read(v));
                found.map(|v| &*v.claim).collect()
            };
            let found = found_by(Violation::read_as_made);
            score.tally(labelled, &found);
            score.note(&sentence.text, labelled, &found);
            score
                .as_counted
                .count(labelled, &found_by(Violation::counts));
        })?;
        Ok(score)
    }

    /// Each sentence with its labels and what `checker` found in it: a model's training copy.
    pub fn examples(&self, checker: &ClaimChecker) -> Result<Vec<Example>, LabelError> {
        let mut examples = Vec::with_capacity(self.sentence.len());
        self.each_checked(checker, |sentence, labelled, checked| {
            let mut example = Example {
                text: sentence.text.clone(),
                labelled: labelled.iter().map(|c| c.to_string()).collect(),
                ..Example::default()
            };
            // The rules' findings only: a model attached to the checker is not what is learnt.
            let by_rules = (checked.violations.iter()).filter(|v| v.evidence != Evidence::Sentence);
            for violation in by_rules {
                let into = match violation.negated {
                    true => &mut example.denied,
                    false => &mut example.by_rules,
                };
                into.insert(violation.claim.to_string());
            }
            examples.push(example);
        })?;
        Ok(examples)
    }

    /// Each sentence, the claims it is labelled with and what `checker` found in it, in order;
    /// a family or a label naming no claim of the checker's rules is an error.
    fn each_checked(
        &self,
        checker: &ClaimChecker,
        mut visit: impl FnMut(&LabelledSentence, &BTreeSet<&str>, &Checked),
    ) -> Result<(), LabelError> {
        let known: BTreeSet<&str> = checker.rules().rules.iter().map(|r| &*r.claim).collect();
        self.check_families(&known)?;
        for (at, sentence) in self.sentence.iter().enumerate() {
            let labelled = self.claims_of(at + 1, sentence, &known)?;
            let checked = checker.check_at_most(&sentence.text, usize::MAX);
            visit(sentence, &labelled, &checked);
        }
        Ok(())
    }

    /// The claims sentence `at` (from 1) makes: none when negated.
    fn claims_of<'a>(
        &'a self,
        at: usize,
        sentence: &'a LabelledSentence,
        known: &BTreeSet<&'a str>,
    ) -> Result<BTreeSet<&'a str>, LabelError> {
        let mut claims = BTreeSet::new();
        for name in &sentence.claims {
            match (self.families.get(name), known.contains(name.as_str())) {
                (Some(family), _) => claims.extend(family.iter().map(String::as_str)),
                (None, true) => {
                    claims.insert(name.as_str());
                }
                (None, false) => {
                    let names = known
                        .iter()
                        .copied()
                        .chain(self.families.keys().map(String::as_str));
                    let hint = crate::suggest::did_you_mean(name, names);
                    return Err(LabelError::UnknownLabel {
                        sentence: at,
                        name: name.clone(),
                        hint,
                    });
                }
            }
        }
        Ok(if sentence.negated {
            BTreeSet::new()
        } else {
            claims
        })
    }

    fn check_families(&self, known: &BTreeSet<&str>) -> Result<(), LabelError> {
        for (family, claims) in &self.families {
            if let Some(name) = claims.iter().find(|c| !known.contains(c.as_str())) {
                let hint = crate::suggest::did_you_mean(name, known.iter().copied());
                let (family, name) = (family.clone(), name.clone());
                return Err(LabelError::UnknownFamilyClaim { family, name, hint });
            }
        }
        Ok(())
    }
}
