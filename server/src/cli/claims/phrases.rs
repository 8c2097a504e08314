//! Findings by phrase: the violations of one phrase of the copy read as one finding, naming
//! every claim it makes and the motions that may not make each. Found by an operator (issue
//! 23): the shipped catalog states one rule under a name per motion, and a phrase was listed
//! once per motion ("21 phrases" for three paragraphs).

use super::format::{message, motion_name, Located};
use readiness::{ClaimRules, Violation};

/// `violations` (in order of position) cut into runs of one phrase each, read alike: a claim
/// of the phrase that seems negated, or that the model doubts, is its own finding with its own
/// note (found by review: the first claim's note spoke for all).
pub fn by_phrase<'r, 'a>(violations: &'r [Located<'a>]) -> impl Iterator<Item = &'r [Located<'a>]> {
    let key = |v: &Violation| (v.start, v.end, v.negated, v.evidence);
    violations.chunk_by(move |a, b| key(a.violation) == key(b.violation))
}

/// What one phrase's violations say, in one line: as [`message`] says one claim, or each
/// claim with the motions that may not make it, then what lifts them and what to write instead
/// when they share it.
pub fn phrase_message(phrase: &[Located<'_>], rules: &ClaimRules) -> String {
    let all: Vec<&Violation> = phrase.iter().map(|at| at.violation).collect();
    let [first, rest @ ..] = all.as_slice() else {
        return String::new();
    };
    if rest.is_empty() {
        return message(first, rules);
    }
    let each: Vec<String> = all
        .iter()
        .map(|v| {
            let names: Vec<&str> = (v.motions.iter())
                .map(|id| motion_name(rules, id).unwrap_or(id))
                .collect();
            format!("\u{201c}{}\u{201d} ({})", v.claim, names.join(", "))
        })
        .collect();
    let shared = |part: fn(&Violation) -> String| {
        let mine = part(first);
        rest.iter().all(|v| part(v) == mine).then_some(mine)
    };
    let lift = shared(|v| readiness::claims::lifted_when(&v.lifted_by));
    let instead = shared(|v| v.instead.as_deref().unwrap_or_default().to_owned())
        .filter(|i| !i.is_empty())
        .map(|i| format!("instead: \u{201c}{i}\u{201d}"));
    let notes: Vec<String> = lift.into_iter().chain(instead).collect();
    let notes = match notes.is_empty() {
        true => String::new(),
        false => format!(" ({})", notes.join("; ")),
    };
    let note = first.note();
    format!(
        "\u{201c}{}\u{201d} claims {}, which they may not make{notes}.{note}",
        super::format::one_line(&first.text),
        readiness::english::and_list(&each)
    )
}
