//! Whether a matched phrase seems negated: "we do not offer automatic HRIS sync", "no
//! self-serve checkout", "SSO is not yet self-serve". A hint for the reader, never a pass.

use super::words::Words;

/// Words before the phrase, in its sentence, that may negate it.
const BEFORE: usize = 6;
/// Words after the phrase, in its sentence, where "not" or a plan may negate it ("... is not
/// available", "... checks are on our roadmap").
const AFTER: usize = 5;

/// Whether `folded`, `distance` words before a phrase, negates it: "not" reaches further than
/// "no" ("we do not currently offer X" but "no IT ticket needed, X works").
fn negates(folded: &str, distance: usize) -> bool {
    match folded {
        "not" | "never" | "cannot" | "nor" | "neither" => true,
        "no" | "without" | "none" | "nothing" => distance <= 2,
        _ => false,
    }
}

/// "n't" splits into a word ending in "n" and "t" ("don" "t", "isn" "t", "can" "t").
fn contracted_not(words: &Words, at: usize) -> bool {
    at > 0
        && words.folded(&words.list[at]) == "t"
        && words.folded(&words.list[at - 1]).ends_with('n')
}

/// Whether the words `start..end` of `words` seem negated.
pub(crate) fn seems_negated(words: &Words, start: usize, end: usize) -> bool {
    let sentence = words.list[start].sentence;
    let before = (start.saturating_sub(BEFORE)..start)
        .filter(|&at| words.list[at].sentence == sentence)
        .any(|at| negates(words.folded(&words.list[at]), start - at) || contracted_not(words, at));
    let after = (end..(end + AFTER).min(words.list.len()))
        .take_while(|&at| words.list[at].sentence == sentence)
        .any(|at| {
            matches!(
                words.folded(&words.list[at]),
                "not" | "roadmap" | "soon" | "planned"
            ) || contracted_not(words, at)
        });
    // "SSO isn't self-serve": a negation between the two sides of a `near`.
    let within = (start + 1..end.saturating_sub(1)).any(|at| {
        matches!(words.folded(&words.list[at]), "not" | "never") || contracted_not(words, at)
    });
    before || within || after
}
