//! The claim checker: finds, in draft sales copy, every phrase that makes a claim a motion may
//! not make, for every motion at once, with what would lift it and what to write instead.
//!
//! Words are compared as stems after NFKC and case folding ([`words`]); claims are matched by
//! their head and their catalog patterns ([`pattern`]) in one linear pass ([`matcher`]); a
//! phrase that seems negated is reported as such ([`negation`]).

mod agency;
mod ahead;
mod allowed;
mod alternative;
mod answer;
mod chars;
pub(crate) mod checker;
mod contraction;
mod denial;
mod denied_subject;

#[cfg(feature = "catalog-toml")]
pub mod labelled;
mod lexicon;
mod matcher;
pub mod model;
mod negation;
mod not_now;
pub mod pattern;
mod rules;
mod scan;
mod text_form;
pub mod unassisted;
mod words;

pub use allowed::Allowed;
pub use checker::check_copy;
use matcher::Matcher;
pub use pattern::{Near, Pattern, Term};
pub use rules::{lifted_when, lifted_when_sentence};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
pub use words::{default_normalize, stem_prefix, Normalize};

/// One phrase in the copy that makes a disallowed claim. Offsets are byte offsets into the copy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Violation {
    pub start: usize,
    pub end: usize,
    /// The words of the copy that matched, as written.
    pub text: String,
    /// The disallowed claim, as the catalog states it (shared by every violation of it).
    pub claim: Arc<str>,
    /// Names of the systems whose readiness would lift the claim; empty when nothing can.
    pub lifted_by: Arc<[String]>,
    /// Ids of the checked motions that may not make the claim.
    pub motions: Arc<[String]>,
    /// A compliant wording the catalog suggests, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instead: Option<Arc<str>>,
    /// The phrase seems negated ("we do not offer ..."): shown for the reader to judge, and not
    /// counted against any motion.
    #[serde(default)]
    pub negated: bool,
    /// What the finding rests on: a rule's phrase (left out of the JSON), a rule's phrase the
    /// model of labelled copy doubts, or the model alone, reading the whole sentence.
    #[serde(default, skip_serializing_if = "Evidence::is_phrase")]
    pub evidence: Evidence,
}

/// What a finding rests on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Evidence {
    /// A phrase matched by the catalog's rules.
    #[default]
    Phrase,
    /// A rule's phrase that the model of labelled copy finds unlikely to make the claim in its
    /// sentence: shown for the reader to check, and still counted (the model may add to a
    /// verdict, never clear one).
    DoubtedPhrase,
    /// The model of labelled copy finds the claim in the sentence, where no rule matched.
    Sentence,
}

impl Evidence {
    pub fn is_phrase(&self) -> bool {
        *self == Evidence::Phrase
    }
}

impl Violation {
    /// Whether it counts against its motions: not negated. A phrase the model doubts counts
    /// too (the model may add to a verdict, never clear one), with a note to check it.
    pub fn counts(&self) -> bool {
        !self.negated
    }

    /// Whether the checker reads the claim here: counted and not doubted by the model. What a
    /// labelled set scores (a doubt is the model's reading that the claim is not made).
    pub fn read_as_made(&self) -> bool {
        self.counts() && self.evidence != Evidence::DoubtedPhrase
    }

    /// What the reader is told besides the claim: that it seems negated, that the model doubts
    /// it, or that the model found it in the whole sentence; empty for a rule's phrase.
    pub fn note(&self) -> &'static str {
        match (self.negated, self.evidence) {
            (true, _) => " It seems negated: check it.",
            (false, Evidence::DoubtedPhrase) => {
                " The model of labelled copy finds the claim unlikely in its sentence: check it (it still counts)."
            }
            (false, Evidence::Sentence) => {
                " Found by the model of labelled copy in the whole sentence, where no rule matched a phrase."
            }
            (false, Evidence::Phrase) => "",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("no motion has the id {0:?}")]
pub struct UnknownMotion(pub String);

/// A checked motion, as the verdicts name it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct MotionRef {
    pub id: String,
    pub name: String,
}

/// The claims the chosen motions may not make, as the checker needs them: small enough to send
/// to the browser, so the same matching runs in wasm as the reader types.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ClaimRules {
    pub motions: Vec<MotionRef>,
    pub rules: Vec<ClaimRule>,
}

/// One disallowed claim (the same text in several motions is one rule).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ClaimRule {
    pub claim: String,
    /// The head and the catalog's patterns, concepts resolved.
    pub patterns: Arc<[Pattern]>,
    pub lifted_by: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instead: Option<String>,
    /// Positions in [`ClaimRules::motions`] of the motions that may not make it.
    pub motions: Vec<usize>,
}

/// Whether one motion may use the copy as it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct MotionVerdict {
    pub motion: String,
    pub name: String,
    /// No phrase makes a claim this motion may not make (phrases that seem negated aside).
    pub safe: bool,
    /// Phrases that make a claim this motion may not make (each phrase once).
    pub violations: usize,
    /// Phrases that would, but seem negated.
    pub negated: usize,
    /// Of `violations`, the phrases the model of labelled copy doubts: to check, and counted
    /// all the same (0 without a model).
    #[serde(default)]
    pub doubted: usize,
}

/// Violations found in copy: the first ones, the count of all, and each motion's verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Checked {
    pub violations: Vec<Violation>,
    /// Findings in all, one per phrase and claim it seems to make, negated ones included
    /// (more than `violations` lists when the list was cut).
    pub total: usize,
    /// Phrases that make a disallowed claim, each counted once however many claims it makes
    /// (overlapping matches are one phrase); negated ones are not counted.
    pub phrases: usize,
    /// The disallowed claims those phrases make (negated ones not counted).
    pub claims: usize,
    pub verdicts: Vec<MotionVerdict>,
    /// Phrases whose words the copy's author accepted ([`Allowed`]): counted nowhere else.
    /// Never in the API's answers (which take no allowances), nor in the browser's code.
    #[serde(skip)]
    #[cfg_attr(feature = "schema", schemars(skip))]
    pub suppressed: Vec<Suppressed>,
}

/// A phrase that would be a violation, but whose words the copy's author accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppressed {
    /// The position of the accepted wording that allowed it, in the list given.
    pub by: usize,
    pub violation: Violation,
}

impl Checked {
    /// "2 phrases make disallowed claims.", or when a phrase makes several, "1 phrase makes 3
    /// disallowed claims.": the count the page says.
    pub fn count_words(&self) -> String {
        let claims = match (self.claims, self.claims == self.phrases) {
            (1, _) => "a disallowed claim".to_owned(),
            (_, true) => "disallowed claims".to_owned(),
            (n, false) => format!("{n} disallowed claims"),
        };
        match self.phrases {
            1 => format!("1 phrase makes {claims}."),
            n => format!("{n} phrases make {claims}."),
        }
    }
}

/// Rules compiled once, to check many copies (the browser re-checks on every keystroke).
pub struct ClaimChecker {
    rules: ClaimRules,
    matcher: Matcher,
    shared: Vec<Shared>,
    /// A model of labelled copy joined with the rules (its weights, or its reading of the
    /// copy), when the host has one.
    model: Option<model::in_copy::Attached>,
}

/// What every violation of one rule shares.
struct Shared {
    claim: Arc<str>,
    lifted_by: Arc<[String]>,
    motions: Arc<[String]>,
    instead: Option<Arc<str>>,
}
