//! How well the checker did on labelled copy: claims found, missed and falsely found, in all and
//! for each claim, with each sentence it got wrong.

use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// How well the checker did on labelled copy.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Score {
    pub sentences: usize,
    /// The counts over every (sentence, claim).
    #[serde(flatten)]
    pub counts: Tally,
    /// Each sentence with a miss or a false alarm.
    pub mistakes: Vec<Mistake>,
    /// The same counts for each claim labelled or found, by its name.
    pub by_claim: BTreeMap<String, Tally>,
    /// The counts as a motion's verdict counts findings: a phrase the model doubts counted as
    /// made (the model may add to a verdict, never clear one). As `counts` without a model.
    pub as_counted: Tally,
}

/// Claims found, missed and falsely found, over a set or for one claim.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Tally {
    /// Claims labelled and found.
    pub found: usize,
    /// Claims labelled and not found.
    pub missed: usize,
    /// Claims found and not labelled (a negated sentence's claims included).
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
        self.counts.recall()
    }

    /// Of the claims found, the share labelled (1 when none were found).
    pub fn precision(&self) -> f64 {
        self.counts.precision()
    }

    /// Both scores together, as if one set.
    pub fn add(&mut self, other: &Score) {
        self.sentences += other.sentences;
        self.counts.add(&other.counts);
        self.as_counted.add(&other.as_counted);
        self.mistakes.extend(other.mistakes.iter().cloned());
        for (claim, tally) in &other.by_claim {
            self.by_claim.entry(claim.clone()).or_default().add(tally);
        }
    }

    /// A sentence with a miss or a false alarm is listed among the mistakes.
    pub(super) fn note(&mut self, text: &str, labelled: &BTreeSet<&str>, found: &BTreeSet<&str>) {
        let missed: Vec<String> = labelled.difference(found).map(|c| c.to_string()).collect();
        let wrong: Vec<String> = found.difference(labelled).map(|c| c.to_string()).collect();
        if !missed.is_empty() || !wrong.is_empty() {
            self.mistakes.push(Mistake {
                text: text.to_owned(),
                missed,
                false_alarms: wrong,
            });
        }
    }

    /// One sentence's claims, labelled and found, counted in all and per claim.
    pub(super) fn tally(&mut self, labelled: &BTreeSet<&str>, found: &BTreeSet<&str>) {
        for claim in labelled.union(found) {
            let mut one = Tally::default();
            one.count_claim(labelled.contains(claim), found.contains(claim));
            self.counts.add(&one);
            self.by_claim
                .entry(claim.to_string())
                .or_default()
                .add(&one);
        }
    }
}

impl Tally {
    /// Of the claims labelled, the share found (1 when none).
    pub fn recall(&self) -> f64 {
        share(self.found, self.labelled())
    }

    /// Of the claims found, the share labelled (1 when none).
    pub fn precision(&self) -> f64 {
        share(self.found, self.findings())
    }

    /// Claims labelled: found or missed.
    pub fn labelled(&self) -> usize {
        self.found + self.missed
    }

    /// Findings: right or false alarms.
    pub fn findings(&self) -> usize {
        self.found + self.false_alarms
    }

    /// One sentence's claims, labelled and found, counted.
    pub fn count(&mut self, labelled: &BTreeSet<&str>, found: &BTreeSet<&str>) {
        for claim in labelled.union(found) {
            self.count_claim(labelled.contains(claim), found.contains(claim));
        }
    }

    fn count_claim(&mut self, labelled: bool, found: bool) {
        match (labelled, found) {
            (true, true) => self.found += 1,
            (true, false) => self.missed += 1,
            _ => self.false_alarms += 1,
        }
    }

    fn add(&mut self, other: &Tally) {
        self.found += other.found;
        self.missed += other.missed;
        self.false_alarms += other.false_alarms;
    }
}

fn share(part: usize, whole: usize) -> f64 {
    match whole {
        0 => 1.0,
        _ => part as f64 / whole as f64,
    }
}
