//! How well the checker did on labelled copy: claims found, missed and falsely found, in all and
//! for each claim, with each sentence it got wrong.

use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// How well the checker did on labelled copy.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Score {
    pub sentences: usize,
    /// Claims labelled and found.
    pub found: usize,
    /// Claims labelled and not found.
    pub missed: usize,
    /// Claims found and not labelled (a negated sentence's claims included).
    pub false_alarms: usize,
    /// Each sentence with a miss or a false alarm.
    pub mistakes: Vec<Mistake>,
    /// The same counts for each claim labelled or found, by its name.
    pub by_claim: BTreeMap<String, Tally>,
}

/// One claim's counts on labelled copy.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Tally {
    pub found: usize,
    pub missed: usize,
    pub false_alarms: usize,
}

/// A sentence the checker got wrong, and how.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Mistake {
    pub text: String,
    pub missed: Vec<String>,
    pub false_alarms: Vec<String>,
}

impl Score {
    /// Of the claims labelled, the share found (1 when none were labelled).
    pub fn recall(&self) -> f64 {
        share(self.found, self.found + self.missed)
    }

    /// Of the claims found, the share labelled (1 when none were found).
    pub fn precision(&self) -> f64 {
        share(self.found, self.found + self.false_alarms)
    }

    /// Both scores together, as if one set.
    pub fn add(&mut self, other: &Score) {
        self.sentences += other.sentences;
        self.found += other.found;
        self.missed += other.missed;
        self.false_alarms += other.false_alarms;
        self.mistakes.extend(other.mistakes.iter().cloned());
        for (claim, tally) in &other.by_claim {
            let mine = self.by_claim.entry(claim.clone()).or_default();
            mine.found += tally.found;
            mine.missed += tally.missed;
            mine.false_alarms += tally.false_alarms;
        }
    }

    /// One sentence's claims, labelled and found, counted per claim.
    pub(super) fn tally(&mut self, labelled: &BTreeSet<&str>, found: &BTreeSet<&str>) {
        for claim in labelled.union(found) {
            let tally = self.by_claim.entry(claim.to_string()).or_default();
            match (labelled.contains(claim), found.contains(claim)) {
                (true, true) => tally.found += 1,
                (true, false) => tally.missed += 1,
                _ => tally.false_alarms += 1,
            }
        }
    }
}

impl Tally {
    /// Of this claim's labels, the share found (1 when none).
    pub fn recall(&self) -> f64 {
        share(self.found, self.found + self.missed)
    }

    /// Of this claim's findings, the share labelled (1 when none).
    pub fn precision(&self) -> f64 {
        share(self.found, self.found + self.false_alarms)
    }
}

fn share(part: usize, whole: usize) -> f64 {
    match whole {
        0 => 1.0,
        _ => part as f64 / whole as f64,
    }
}
