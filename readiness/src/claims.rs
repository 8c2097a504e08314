//! The claim checker: finds, in draft sales copy, every phrase that makes a claim the chosen
//! motion may not make, with the claim it violates and what would lift it. Matching is
//! case-insensitive and phrase-aware (word by word, ignoring punctuation and spacing).

use crate::board::Board;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// One phrase in the copy that makes a disallowed claim. Offsets are byte offsets into the copy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Violation {
    pub start: usize,
    pub end: usize,
    /// The words of the copy that matched, as written.
    pub text: String,
    /// The disallowed claim, as the catalog states it.
    pub claim: String,
    /// Names of the systems whose readiness would lift the claim; empty when nothing can.
    pub lifted_by: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("no motion has the id {0:?}")]
pub struct UnknownMotion(pub String);

/// A word of the text, lower-cased, with where it stands.
struct Word {
    folded: String,
    start: usize,
    end: usize,
}

/// Words are maximal runs of letters and digits (any script); everything else separates them.
fn words(text: &str) -> Vec<Word> {
    let mut words = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (at, c) in text.char_indices() {
        if c.is_alphanumeric() {
            let entry = current.get_or_insert_with(|| (at, String::new()));
            entry.1.extend(c.to_lowercase());
        } else if let Some((start, folded)) = current.take() {
            words.push(Word {
                folded,
                start,
                end: at,
            });
        }
    }
    if let Some((start, folded)) = current {
        words.push(Word {
            folded,
            start,
            end: text.len(),
        });
    }
    words
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
        // Each phrase as its words, indexed by its first word so the copy is scanned once.
        let mut by_first: HashMap<String, Vec<(Vec<String>, usize)>> = HashMap::new();
        for (index, rule) in self.rules.iter().enumerate() {
            for phrase in std::iter::once(&rule.claim).chain(&rule.phrasings) {
                let phrase: Vec<String> = words(phrase).into_iter().map(|w| w.folded).collect();
                if let Some(first) = phrase.first().cloned() {
                    by_first.entry(first).or_default().push((phrase, index));
                }
            }
        }
        let copy_words = words(copy);
        let mut found: Vec<Violation> = Vec::new();
        // Phrases of two rules with the same claim text may match the same words: report once.
        let mut seen: HashSet<(usize, usize, &str)> = HashSet::new();
        for (at, word) in copy_words.iter().enumerate() {
            let Some(candidates) = by_first.get(&word.folded) else {
                continue;
            };
            for (phrase, index) in candidates {
                let Some(window) = copy_words.get(at..at + phrase.len()) else {
                    continue;
                };
                if window.iter().zip(phrase).all(|(w, p)| &w.folded == p) {
                    let (start, end) = (word.start, window[window.len() - 1].end);
                    let rule = &self.rules[*index];
                    if !seen.insert((start, end, rule.claim.as_str())) {
                        continue;
                    }
                    found.push(Violation {
                        start,
                        end,
                        text: copy[start..end].to_owned(),
                        claim: rule.claim.clone(),
                        lifted_by: rule.lifted_by.clone(),
                    });
                }
            }
        }
        found.sort_by_key(|v| (v.start, std::cmp::Reverse(v.end)));
        found
    }
}

/// Every violation of the claims `motion` may not make, in order of position in `copy`.
pub fn check_copy(
    board: &Board,
    motion: &str,
    copy: &str,
) -> Result<Vec<Violation>, UnknownMotion> {
    Ok(ClaimRules::for_motion(board, motion)?.check(copy))
}
