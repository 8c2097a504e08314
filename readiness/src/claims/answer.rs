//! A claim asked plainly or named by a label, then answered with a denial: "Q: Is there a
//! self-service checkout? A: No, …", "Can I pay by credit card online? Not at the moment",
//! "Online cancellation: not available." Found on claims sets 5, 8 and 10. Only the plain forms:
//! an attack showed that a "No" to an obstacle, a cost or a rival affirms the claim ("Is card
//! checkout hard to find? No", "Self-serve SSO setup fee: none", "Card checkout: not available
//! anywhere else").

use super::contraction::contracted_not;
use super::lexicon::{
    ASKING, AUTOMATION, DETERMINER, NEAR_NEGATOR, NEGATOR, NOW, OFFER, RIVAL, SELF, STATE,
};
use super::words::{Word, Words};

/// The most small words between a question's auxiliary and the phrase ("Is it possible to …"),
/// and the most words of state or manner after it ("Is HiBob sync automatic yet?", "Can I pay by
/// card online?").
const ASKED: usize = 4;
const AFTER: usize = 2;
/// The most words of an answer's own label ("A:", "Agent:"), and of an answer read for a rival.
const ANSWER_LABEL: usize = 2;
const ANSWER: usize = 6;

/// Whether the phrase `start..end` is asked plainly in a question, or is a label alone, that
/// the next words answer with a denial.
pub(super) fn answered_no(words: &Words, start: usize, end: usize) -> bool {
    let list = &words.list;
    let last = &list[end - 1];
    // Past the words of state or manner that may close the question or label.
    let mut at = end;
    let manner = |at: usize| {
        words.is(at, STATE | NOW | AUTOMATION | SELF) || words.folded(&list[at]) == "online"
    };
    while at < (end + AFTER).min(list.len()) && list[at].clause == last.clause && manner(at) {
        at += 1;
    }
    let Some(next) = list.get(at) else {
        return false;
    };
    let asked = next.sentence != last.sentence && list[at - 1].asks && asked_plainly(words, start);
    // A label's answer is its sentence's last clause, and speaks of no rival.
    let labelled = next.sentence == last.sentence
        && next.after_heading
        && list[start].clause == last.clause
        && opens(list, start)
        && ends_sentence(list, at)
        && !compares(words, at);
    let denies_at = |at: usize| denies(words, at) || denies(words, past_label(list, at));
    (asked || labelled) && !answer_asks(list, at) && denies_at(at)
}

/// The clause at `at` ends its sentence: "Self-serve SCIM: no.", not "Automatic renewals — no,
/// you don't need to do a thing."
fn ends_sentence(list: &[Word], at: usize) -> bool {
    (at..(at + ANSWER).min(list.len()))
        .take_while(|&n| list[n].sentence == list[at].sentence)
        .all(|n| list[n].clause == list[at].clause)
}

/// The answer's first sentence is itself a question: "Card checkout: not available? Think
/// again", "Not yet?? It went live Monday."
fn answer_asks(list: &[Word], at: usize) -> bool {
    (at..(at + ANSWER).min(list.len()))
        .take_while(|&n| list[n].sentence == list[at].sentence)
        .any(|n| list[n].asks)
}

/// The question opens with an auxiliary ("Can", "Is", "Do", "Could") and holds only small words
/// or an adverb of emphasis before the phrase ("Can I …", "Is there a self-service …", "Do you
/// offer …", "Can we just …"), not "Is it hard to …".
fn asked_plainly(words: &Words, start: usize) -> bool {
    let list = &words.list;
    let mut at = start;
    while at > 0 && start - at <= ASKED && list[at - 1].sentence == list[start].sentence {
        at -= 1;
        if words.auxiliary_at(at) {
            return opens(list, at);
        }
        // A hyphenated modifier belongs to the thing asked about ("a self-service checkout").
        let compound = list[at].hyphenated || list[at + 1].hyphenated;
        // An adverb of emphasis leaves it plain ("Can we just cancel online?").
        let stress = words.listed_at(at, "just really actually simply");
        if !compound && !stress && !words.is(at, ASKING | DETERMINER | OFFER | STATE) {
            return false;
        }
    }
    false
}

/// The word opens its sentence, or a clause after a short label ("Q: Is …").
fn opens(list: &[Word], at: usize) -> bool {
    at == 0 || list[at].after_heading || list[at - 1].sentence != list[at].sentence
}

/// The answer speaks of others: "Card checkout: not available anywhere else".
fn compares(words: &Words, at: usize) -> bool {
    let list = &words.list;
    (at..(at + ANSWER).min(list.len()))
        .take_while(|&n| list[n].clause == list[at].clause)
        .any(|n| words.is(n, RIVAL))
}

/// Past a short label opening the answer ("A: No", "Agent: Not yet").
fn past_label(list: &[Word], at: usize) -> usize {
    (at + 1..(at + ANSWER_LABEL + 1).min(list.len()))
        .find(|&next| list[next].after_heading && list[next].sentence == list[at].sentence)
        .unwrap_or(at)
}

/// An answer that denies: "No", "Nope" or "None" alone in its clause, "Unavailable", or "Not"
/// with a state ("Not available", "Not automatic", "Not currently available") or a time alone
/// ("Not yet.", "Not at the moment"); not "No problem", "No, seriously, …", "None of the
/// paperwork", "Not only …", "Not currently limited".
fn denies(words: &Words, at: usize) -> bool {
    let list = &words.list;
    let Some(word) = list.get(at) else {
        return false;
    };
    let alone = |at: usize| {
        list.get(at + 1)
            .is_none_or(|next| next.clause != list[at].clause)
    };
    let time = |n: usize| words.is(n, NOW) && (alone(n) || words.is(n + 1, STATE));
    match words.folded(word) {
        "no" | "nope" | "none" => alone(at) && !stresses_yes(words, at),
        "unavailable" => true,
        "not" => {
            let at_the = words.folded_at(at + 1) == Some("at");
            words.is(at + 1, STATE) || time(at + 1) || (at_the && (time(at + 2) || time(at + 3)))
        }
        _ => false,
    }
}

/// "No, seriously, you can": an adverb of emphasis after the "No", in its sentence, then words
/// that deny nothing, stress the yes (found by attack); not "No, honestly, we only take
/// invoices" nor "No. Seriously, you can't" (found by review).
fn stresses_yes(words: &Words, at: usize) -> bool {
    let list = &words.list;
    let in_sentence = |n: usize| list.get(n).is_some_and(|w| w.sentence == list[at].sentence);
    let mut n = at + 2;
    while n < at + 2 + ANSWER && in_sentence(n) {
        if words.is(n, NEGATOR | NEAR_NEGATOR)
            || words.listed_at(n, "not only")
            || contracted_not(words, n)
        {
            return false;
        }
        n += 1;
    }
    n > at + 2 && in_sentence(at + 1) && words.listed_at(at + 1, "seriously honestly really")
}
