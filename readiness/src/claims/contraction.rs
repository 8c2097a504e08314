//! "Not" in the forms that are not the plain word, and the "not" that does not deny: "n't" (split
//! by the apostrophe into "don" "t"), the same typed without its apostrophe ("u cant cancel
//! urself", found on claims set 13), and the negations that urge or praise ("Don't wait, buy
//! online", "I can't believe renewals are automatic now", "It couldn't be easier to pay by card
//! online", "You don't need to call sales to buy online": found by the attack on set 13's rules).

use super::lexicon::{listed, ENCOURAGED};
use super::words::Words;

/// The contractions of "not" as typed without an apostrophe. "cant" and "wont" are words of
/// their own too ("skip the sales cant", "as is our wont": found by attack), so they deny only
/// after a subject ("u cant", "we wont") or opening their clause.
const UNMARKED_NOT: &str = "aint arent couldnt didnt doesnt dont hadnt hasnt havent isnt \
    mustnt neednt shouldnt wasnt werent wouldnt";

/// Comparatives that praise after "couldn't be" ("… easier", "… simpler"); not any "-ier" word
/// ("won't be earlier than Q3" denies: found by review).
const COMPARATIVES: &str = "easier simpler better faster quicker smoother cheaper more";

/// The subjects "cant" and "wont" follow when they mean "not" ("u cant", "we wont").
const SUBJECTS: &str = "i u you we they he she it";

/// How many words after a need denied a way of reaching the vendor may stand ("don't need to
/// call", "don't have to email us").
const NEED_REACH: usize = 3;

/// How far the question mark of a question expecting a yes is looked for.
const QUESTION_REACH: usize = 24;

/// Whether the word at `at` is "n't": the "t" after a word ending in "n" ("don" "t", "isn"
/// "t", "can" "t"), or a contraction typed without its apostrophe.
pub(crate) fn contracted_not(words: &Words, at: usize) -> bool {
    let folded = words.folded(&words.list[at]);
    let split = at > 0 && folded == "t" && words.folded(&words.list[at - 1]).ends_with('n');
    // Every form typed without its apostrophe ends in "nt": most words are turned away at once
    // (this is asked of many words around every phrase).
    let unmarked = folded.ends_with("nt")
        && (listed(UNMARKED_NOT, folded)
            || (listed("cant wont", folded) && after_subject(words, at)));
    split || unmarked
}

/// The word opens its clause or follows a subject ("u cant", "we wont").
fn after_subject(words: &Words, at: usize) -> bool {
    at == 0
        || words.list[at - 1].clause != words.list[at].clause
        || words.listed_at(at - 1, SUBJECTS)
}

/// The negation at `at` urges ("don't wait", "don't hesitate"), praises ("can't beat", "can't
/// believe", "can't go wrong", "couldn't be easier", "I don't know how we managed before"),
/// expects a yes ("Isn't it nice that …?") or denies only a need to reach the vendor or to make
/// an effort ("don't need to call sales", "you don't have to remember"), rather than the thing
/// after it.
pub(super) fn urges_or_praises(words: &Words, at: usize) -> bool {
    let word = |n: usize| words.folded_at(at + n).unwrap_or("");
    let comparative = |w: &str| listed(COMPARATIVES, w);
    let host = host(words, at);
    // "can't believe", "cannot beat", "couldn't imagine" praise; "Don't believe the rumour
    // that …" rebuts (found by attack).
    let ability = host.starts_with("can") || host.starts_with("could");
    let praised = ability && listed("believe beat imagine", word(1));
    // "Isn't it nice that …?", "Wasn't it easy to …?": a question that expects a yes (found by
    // attack, typed either way); not "Isn't checkout live yet?".
    let be = listed("isn wasn aren weren isnt wasnt arent werent", host);
    words.is(at + 1, ENCOURAGED)
        || praised
        || (word(1) == "go" && word(2) == "wrong")
        || (listed("be get", word(1)) && comparative(word(2)))
        || (word(1) == "know" && word(2) == "how")
        || need_only(words, at)
        || (be && listed("it that this", word(1)) && expects_yes(words, at))
}

/// The word "not" stands on: "can" for "can" "t" and "can not", "dont" for "dont", "cannot"
/// for "cannot".
fn host(words: &Words, at: usize) -> &str {
    match words.folded(&words.list[at]) {
        "t" | "not" if at > 0 => words.folded(&words.list[at - 1]),
        own => own,
    }
}

/// "don't need to call", "doesn't have to email us", "you don't have to remember": a need
/// denied, then a way of reaching the vendor or an effort within a few words.
fn need_only(words: &Words, at: usize) -> bool {
    let effort = |n: usize| {
        super::unassisted::reaching(words, n)
            || words.is(n, ENCOURAGED)
            || words.listed_at(n, "remember chase lift")
    };
    // "have" and "has" deny a need only with "to" ("We don't have online checkout, talk to
    // sales" denies; found by review); the effort stands in the same clause.
    let word = |n: usize| words.folded_at(at + n).unwrap_or("");
    let need = listed("need needs", word(1)) || (listed("have has", word(1)) && word(2) == "to");
    let clause = words.list[at].clause;
    let in_clause = |n: &usize| words.list.get(*n).is_some_and(|w| w.clause == clause);
    need && (at + 2..at + 2 + NEED_REACH)
        .take_while(in_clause)
        .any(effort)
}

/// The sentence of the word at `at` is a question, and no "yet" in it waits for the thing
/// ("Isn't it live yet?" complains).
fn expects_yes(words: &Words, at: usize) -> bool {
    let list = &words.list;
    let last = (at + QUESTION_REACH).min(list.len());
    let mut n = at;
    while n < last && list[n].sentence == list[at].sentence {
        if words.folded(&list[n]) == "yet" {
            return false;
        }
        if list[n].asks {
            return true;
        }
        n += 1;
    }
    false
}
