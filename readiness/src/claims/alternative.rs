//! A question that asks which of two things is so: "Can we pay by card, or does it have to be an
//! invoice?", "Tom: do they auto-pull leavers from BambooHR or is it still the spreadsheet?".
//! The phrase in the first alternative is asked about, not claimed. Found on claims sets 12 and
//! 13. Only a question opened by an auxiliary ("Can", "Does", "Is") whose second alternative
//! opens with one too ("or does it …", "or is it …"), that ends the copy (an answer after it may
//! take the first alternative: "Either works", "You do it yourself in the admin panel") and
//! compares nothing ("Is there anything easier than …"), asked by a buyer rather than offered to
//! "you": a rhetorical question that offers the phrase as the better choice ("Why wait for
//! sales, or …", "Would you like to pay by card online, or …?") is still a claim. Three attacks
//! showed such questions hide claims (docs/claims.md).

use super::lexicon::CONDITION;
use super::words::Words;

/// How far before the phrase the question may open.
const OPENS: usize = 12;
/// How far after the phrase the question may end (with the copy).
const ENDS_WITHIN: usize = 14;

/// Whether the phrase `start..end` lies in the first alternative of a question between two.
/// Written as plain loops: the checker runs in the page too, and iterator chains cost it bytes.
pub(super) fn asked_between_two(words: &Words, start: usize, end: usize) -> bool {
    let list = &words.list;
    let sentence = list[start].sentence;
    // The question ends the copy: an answer after it may take the first alternative in words
    // no rule reads ("Either works", "You can do it yourself in Settings": found by attack).
    let last = list.len() - 1;
    if list[last].sentence != sentence || !list[last].asks || last >= end + ENDS_WITHIN {
        return false;
    }
    let Some(opener) = opener(words, start) else {
        return false;
    };
    let mut in_first = true;
    for at in opener..=last {
        let word = words.folded_at(at).unwrap_or("");
        if at >= end && word == "or" {
            if asks_at(words, at + 1) {
                return true;
            }
            in_first = false;
        }
        // Asked of "you", the question is the vendor's offer ("Would you like to activate
        // instantly by card, or …?": found by attack); a buyer asks "Can we …", "Does the …".
        let offered = in_first && (word == "you" || word == "your");
        // "Is there anything easier than …": a comparison sells.
        if offered || (at < start && words.is(at, CONDITION)) {
            return false;
        }
    }
    false
}

/// The auxiliary opening the phrase's question, before the phrase: its sentence's first word or
/// the first after a short label ("Tom: do they …").
fn opener(words: &Words, start: usize) -> Option<usize> {
    let list = &words.list;
    let mut at = start;
    while at > 0 && list[at - 1].sentence == list[start].sentence && !list[at].after_heading {
        if start - at >= OPENS {
            return None;
        }
        at -= 1;
    }
    (at < start && asks_at(words, at)).then_some(at)
}

/// An auxiliary, or "must", opens either alternative ("Must it be an invoice, or …?").
fn asks_at(words: &Words, at: usize) -> bool {
    words.auxiliary_at(at) || words.listed_at(at, "must")
}
