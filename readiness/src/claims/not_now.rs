//! Copy that says a thing is not offered now without a plain "not": it was taken away ("We
//! removed the BambooHR auto-sync", "… has been removed"), it is only being looked at ("We're
//! exploring live DBS lookups", "asked for automated HRIS sync"), or a question about it is
//! answered no ("Can I cancel from the app? Not at the moment — …", "asks whether SCIM
//! deprovisions users automatically, the answer is no"). Found on claims set 8.

use super::words::Words;

/// How far after a question (or after the phrase, for "whether") its answer may start.
const ANSWER: usize = 6;
/// How far before the phrase "whether" may stand.
const WHETHER: usize = 12;
/// How far after the phrase its question may end (the lookups stay bounded in a text of one
/// long sentence).
const QUESTION: usize = 30;

/// Work that is only being weighed: "exploring", "considering", "scoping", "asked for".
pub(super) fn weighed(words: &Words, at: usize) -> bool {
    let folded = |at: usize| words.folded(&words.list[at]);
    match folded(at) {
        "exploring" | "considering" | "scoping" | "evaluating" | "investigating" => true,
        "asked" | "asking" | "requested" => words.list.get(at + 1).is_some_and(|next| {
            matches!(words.folded(next), "for" | "about") || folded(at) == "requested"
        }),
        _ => false,
    }
}

/// A removal verb at `at` with nothing but determiners between it and the phrase at `start`:
/// "We removed the BambooHR auto-sync", not "Users removed in your IdP are deprovisioned" nor
/// the passive "Leavers are removed automatically" (a claim).
pub(super) fn removed_before(words: &Words, at: usize, start: usize) -> bool {
    let passive = at > 0
        && matches!(
            words.folded(&words.list[at - 1]),
            "are" | "is" | "be" | "been" | "was" | "were" | "get" | "gets" | "got"
        );
    removal(words.folded(&words.list[at]))
        && !passive
        && (at + 1..start).all(|between| determiner(words.folded(&words.list[between])))
}

/// "… has been removed", "… was discontinued": a removal told in the past, after the phrase
/// ("leavers are removed automatically" is a claim).
pub(super) fn removed_after(words: &Words, at: usize) -> bool {
    at > 0
        && removal(words.folded(&words.list[at]))
        && matches!(words.folded(&words.list[at - 1]), "been" | "was" | "were")
}

fn removal(folded: &str) -> bool {
    matches!(
        folded,
        "removed" | "discontinued" | "dropped" | "pulled" | "disabled" | "retired" | "deprecated"
    )
}

fn determiner(folded: &str) -> bool {
    matches!(
        folded,
        "the" | "a" | "an" | "our" | "its" | "their" | "this" | "that" | "these" | "those"
    )
}

/// The phrase `start..end` is asked about, in a question or after "whether", and the answer
/// that follows denies it: "No, …", "Not at the moment", "not today", "the answer is no".
pub(super) fn answered_no(words: &Words, start: usize, end: usize) -> bool {
    let list = &words.list;
    let sentence = list[start].sentence;
    let Some(last) = (end - 1..(end + QUESTION).min(list.len()))
        .take_while(|&at| list[at].sentence == sentence)
        .last()
    else {
        return false;
    };
    let whether = (start.saturating_sub(WHETHER)..start)
        .any(|at| list[at].sentence == sentence && words.folded(&list[at]) == "whether");
    let answer = match (list[last].asks, whether) {
        (true, _) => last + 1,
        (false, true) => end,
        (false, false) => return false,
    };
    (answer..(answer + ANSWER).min(list.len())).any(|at| answer_denies(words, at))
}

/// "No" closing its clause ("No, …", "the answer is no"; not "No problem", "no, no hoops"),
/// or "not" with a time ("not today", "not yet", "not at the moment", "not currently").
fn answer_denies(words: &Words, at: usize) -> bool {
    let list = &words.list;
    let next = list.get(at + 1);
    match words.folded(&list[at]) {
        "no" | "nope" => {
            next.is_none_or(|n| n.clause != list[at].clause && words.folded(n) != "no")
        }
        "not" => next.is_some_and(|n| {
            matches!(
                words.folded(n),
                "today" | "yet" | "at" | "currently" | "now" | "right"
            )
        }),
        _ => false,
    }
}
