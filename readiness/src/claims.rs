//! The claim checker: finds, in draft sales copy, every phrase that makes a claim the chosen
//! motion may not make, with the claim it violates and what would lift it. Matching is
//! case-insensitive and phrase-aware (word by word, ignoring punctuation and spacing).

use crate::board::Board;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// One phrase in the copy that makes a disallowed claim. Offsets are byte offsets into the copy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Violation {
    pub start: usize,
    pub end: usize,
    /// The words of the copy that matched, as written.
    pub text: String,
    /// The disallowed claim, as the catalog states it (shared by every violation of it).
    pub claim: Arc<str>,
    /// Names of the systems whose readiness would lift the claim; empty when nothing can.
    pub lifted_by: Arc<[String]>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("no motion has the id {0:?}")]
pub struct UnknownMotion(pub String);

/// A word of the text: where its lower-cased form stands in [`Words::folded`], and where the
/// word itself stands in the text.
struct Word {
    folded: std::ops::Range<usize>,
    start: usize,
    end: usize,
}

/// The words of a text, their lower-cased forms in one buffer (no allocation per word).
struct Words {
    folded: String,
    list: Vec<Word>,
}

impl Words {
    fn folded(&self, word: &Word) -> &str {
        &self.folded[word.folded.clone()]
    }
}

/// Words are maximal runs of letters and digits (any script); everything else separates them.
fn words(text: &str) -> Words {
    let mut out = Words {
        folded: String::with_capacity(text.len()),
        list: Vec::new(),
    };
    let mut current: Option<(usize, usize)> = None;
    for (at, c) in text.char_indices() {
        if c.is_ascii_alphanumeric() {
            current.get_or_insert((at, out.folded.len()));
            out.folded.push(c.to_ascii_lowercase());
        } else if c.is_alphanumeric() {
            current.get_or_insert((at, out.folded.len()));
            out.folded.extend(c.to_lowercase());
        } else if let Some((start, from)) = current.take() {
            let folded = from..out.folded.len();
            out.list.push(Word {
                folded,
                start,
                end: at,
            });
        }
    }
    if let Some((start, from)) = current {
        let folded = from..out.folded.len();
        out.list.push(Word {
            folded,
            start,
            end: text.len(),
        });
    }
    out
}

/// The claims one motion may not make, as the checker needs them: small enough to send to the
/// browser, so the same matching runs in wasm as the reader types.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimRules {
    pub rules: Vec<ClaimRule>,
}

/// One disallowed claim: its text, its other phrasings, and what would lift it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimRule {
    pub claim: String,
    pub phrasings: Vec<String>,
    pub lifted_by: Vec<String>,
}

impl ClaimRules {
    /// The claims of `motion` that are still disallowed (lifted claims may be made).
    pub fn for_motion(board: &Board, motion: &str) -> Result<Self, UnknownMotion> {
        let view = board
            .motions
            .iter()
            .find(|m| m.id.as_str() == motion)
            .ok_or_else(|| UnknownMotion(motion.to_owned()))?;
        let system_name = |id: &crate::SystemId| {
            board
                .system(id)
                .map_or_else(|| id.to_string(), |s| s.name.to_string())
        };
        let rules = view
            .claims
            .iter()
            .filter(|c| !c.lifted)
            .map(|c| ClaimRule {
                claim: c.text.to_string(),
                phrasings: c.matches.iter().map(ToString::to_string).collect(),
                lifted_by: c.until_ready.iter().map(system_name).collect(),
            })
            .collect();
        Ok(Self { rules })
    }

    /// Every violation in `copy`, in order of position.
    pub fn check(&self, copy: &str) -> Vec<Violation> {
        self.check_at_most(copy, usize::MAX).violations
    }

    /// The first `limit` violations in `copy`, in order of position, and how many there are in
    /// all: an answer to anonymous copy stays small whatever the copy holds.
    pub fn check_at_most(&self, copy: &str, limit: usize) -> Checked {
        // Each phrase as its words, indexed by its first word so the copy is scanned once.
        let mut by_first: FxHashMap<String, Vec<(Vec<String>, usize)>> = FxHashMap::default();
        for (index, rule) in self.rules.iter().enumerate() {
            for phrase in std::iter::once(&rule.claim).chain(&rule.phrasings) {
                let parsed = words(phrase);
                let phrase: Vec<String> = parsed
                    .list
                    .iter()
                    .map(|w| parsed.folded(w).to_owned())
                    .collect();
                if let Some(first) = phrase.first().cloned() {
                    by_first.entry(first).or_default().push((phrase, index));
                }
            }
        }
        // Each rule's claim and lifting systems, shared by all of its violations.
        let shared: Vec<(Arc<str>, Arc<[String]>)> = self
            .rules
            .iter()
            .map(|r| {
                (
                    Arc::from(r.claim.as_str()),
                    Arc::from(r.lifted_by.as_slice()),
                )
            })
            .collect();
        let copy_words = words(copy);
        let mut found: Vec<Violation> = Vec::new();
        let mut total = 0;
        for (at, word) in copy_words.list.iter().enumerate() {
            // Phrases of two rules with the same claim text may match the same words: report
            // once. Equal matches start at the same word, so only this word's are compared.
            let first_here = found.len();
            let Some(candidates) = by_first.get(copy_words.folded(word)) else {
                continue;
            };
            for (phrase, index) in candidates {
                let Some(window) = copy_words.list.get(at..at + phrase.len()) else {
                    continue;
                };
                if window
                    .iter()
                    .zip(phrase)
                    .all(|(w, p)| copy_words.folded(w) == p)
                {
                    let (start, end) = (word.start, window[window.len() - 1].end);
                    let (claim, lifted_by) = &shared[*index];
                    if found[first_here..]
                        .iter()
                        .any(|v| v.end == end && v.claim == *claim)
                    {
                        continue;
                    }
                    found.push(Violation {
                        start,
                        end,
                        text: copy[start..end].to_owned(),
                        claim: Arc::clone(claim),
                        lifted_by: Arc::clone(lifted_by),
                    });
                }
            }
            // Words are visited in order, so only this word's matches need ordering: longest first.
            found[first_here..].sort_by_key(|v| std::cmp::Reverse(v.end));
            total += found.len() - first_here;
            found.truncate(limit);
        }
        Checked {
            violations: found,
            total,
        }
    }
}

/// Violations found in copy: the first ones, and the count of all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checked {
    pub violations: Vec<Violation>,
    pub total: usize,
}

/// Every violation of the claims `motion` may not make, in order of position in `copy`.
pub fn check_copy(
    board: &Board,
    motion: &str,
    copy: &str,
) -> Result<Vec<Violation>, UnknownMotion> {
    Ok(ClaimRules::for_motion(board, motion)?.check(copy))
}
