//! A claim asked or labelled, then answered with a denial: "Q: Is there a self-service checkout?
//! A: No, we don't offer one.", "Can I cancel from the app? Not at the moment — …", "Online
//! cancellation: not available.", "HR system integration | Not available", "… whether SCIM
//! deprovisions users automatically, the answer is no". Found on claims sets 5, 7, 8 and 10.

use super::lexicon::{BE, NEED, NOW, STATE};
use super::words::{Word, Words};

/// The most words a label over an answer may have ("Self-serve SCIM:", "Activation after
/// payment |"), and the most an answer's own label ("A:", "Response:", "Agent:").
const LABEL: usize = 6;
const ANSWER_LABEL: usize = 2;
/// How far from the phrase its question may open and close, and "the answer is no" stand (a
/// check of a megabyte of copy without a stop stays linear).
const QUESTION: usize = 30;

/// Whether the phrase `start..end` is asked in a question, or named by a short label, that the
/// next words answer with a denial.
pub(super) fn answered_no(words: &Words, start: usize, end: usize) -> bool {
    let list = &words.list;
    let sentence = list[start].sentence;
    let ends = |at: usize, reach: usize, same: fn(&Word, &Word) -> bool| {
        (at..(at + reach).min(list.len())).find(|&n| !same(&list[n], &list[at - 1]))
    };
    let next_sentence = ends(end, QUESTION, |a, b| a.sentence == b.sentence);
    let asked = next_sentence.filter(|&n| list[n - 1].asks && !needed(words, start, n));
    let labelled = ends(end, LABEL, |a, b| a.clause == b.clause)
        .filter(|&n| list[n].after_heading && list[n].sentence == sentence && labels(list, start));
    let answer_denies = |at: usize| denies(words, at) || denies(words, past_label(list, at));
    // "… the answer is no": after the phrase, in its sentence.
    let closes = next_sentence.unwrap_or((end + QUESTION).min(list.len()));
    let said = (end..closes).any(|at| {
        words.folded(&list[at]) == "answer" && words.is(at + 1, BE) && denies(words, at + 2)
    });
    asked.or(labelled).is_some_and(answer_denies) || said
}

/// The phrase's clause is a short label that opens its sentence (its first word's clause ends
/// the label: the caller found a colon, a dash or a bar after the phrase in that clause).
fn labels(list: &[Word], start: usize) -> bool {
    let mut opens = start;
    while opens > 0 && list[opens - 1].clause == list[start].clause {
        if start - opens >= LABEL {
            return false;
        }
        opens -= 1;
    }
    opens == 0 || list[opens - 1].sentence != list[start].sentence
}

/// "Do I need to call sales to buy online?" asks whether something is needed: a "No" then
/// says the claim holds. Looks from the phrase back to the question's start and on to `next`.
fn needed(words: &Words, start: usize, next: usize) -> bool {
    let list = &words.list;
    let mut at = start.saturating_sub(QUESTION);
    while list[at].sentence != list[start].sentence {
        at += 1;
    }
    (at..next).any(|at| {
        let to = list.get(at + 1).is_some_and(|w| words.folded(w) == "to");
        words.is(at, NEED) || (to && matches!(words.folded(&list[at]), "have" | "has"))
    })
}

/// Past a short label opening the answer ("A: No", "Response: Not available").
fn past_label(list: &[Word], at: usize) -> usize {
    (at + 1..(at + ANSWER_LABEL + 1).min(list.len()))
        .find(|&next| list[next].after_heading && list[next].sentence == list[at].sentence)
        .unwrap_or(at)
}

/// An answer that denies: "No" or "Never" alone in its clause, "None", "Unavailable", or "Not"
/// with a state or a time ("Not available", "Not automatic", "Not at the moment", "Not today"),
/// not "No problem", "Not at all" or "Not a problem".
fn denies(words: &Words, at: usize) -> bool {
    let list = &words.list;
    let Some(word) = list.get(at) else {
        return false;
    };
    let alone = list
        .get(at + 1)
        .is_none_or(|next| next.clause != word.clause);
    let mut soon =
        (at + 1..(at + 4).min(list.len())).take_while(|&n| list[n].clause == word.clause);
    match words.folded(word) {
        "no" | "nope" | "never" => alone,
        "none" | "unavailable" => true,
        "not" => soon.any(|n| words.is(n, STATE | NOW)),
        _ => false,
    }
}
