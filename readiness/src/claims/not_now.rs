//! Copy that says a thing is not offered now without a plain "not": it was taken away ("We
//! removed the BambooHR auto-sync", "… has been removed"), the vendor only weighs it ("We're
//! exploring live DBS lookups"), or it waits ("… is in the
//! backlog", "… for a future release"). Found on claims set 8; each rule holds only where the
//! phrase is what the words speak of, so an attack ("Teams evaluating us can buy online", "…
//! while a hire is in progress") does not hide a claim.

use super::lexicon::{AUTOMATION, BE, DETERMINER, JOINER, LINK, NOW, PAST_BE, REMOVAL, WEIGHING};
use super::words::Words;

/// Work the vendor only weighs, with the phrase as its object: "We're exploring live DBS
/// lookups" (not "Teams evaluating us can buy online", "If you're evaluating SSO …").
pub(super) fn weighed_before(words: &Words, at: usize, start: usize) -> bool {
    let ours =
        (at.saturating_sub(3)..at).any(|b| matches!(words.folded(&words.list[b]), "we" | "our"));
    let object = |b: usize| words.is(b, DETERMINER | AUTOMATION);
    words.is(at, WEIGHING) && ours && (at + 1..start).all(object)
}

/// A removal verb at `at`, said by someone ("we removed", "we've dropped"), with nothing but
/// determiners between it and the phrase at `start`: "We removed the BambooHR auto-sync", not
/// "Disabled Okta accounts are deprovisioned" nor "Leavers are removed automatically".
pub(super) fn removed_before(words: &Words, at: usize, start: usize) -> bool {
    let folded = |at: usize| words.folded(&words.list[at]);
    let said = at > 0
        && matches!(
            folded(at - 1),
            "we" | "ve" | "have" | "has" | "had" | "just"
        );
    // Or a changelog's "removed the …" opening its clause.
    let opens = (at == 0 || words.list[at - 1].clause != words.list[at].clause)
        && words.is(at + 1, DETERMINER);
    words.is(at, REMOVAL) && (said || opens) && (at + 1..start).all(|b| words.is(b, DETERMINER))
}

/// Said of the phrase right after it (only "is", "has been", "still", "in the" between): "…
/// has been removed", "… was discontinued", "… is in the backlog", "… is being scoped", "…
/// for a future release", "… is in progress", "… is being built", "… is coming soon". Not
/// "leavers are removed automatically", nor "… while a hire is in progress".
pub(super) fn waits_after(words: &Words, start: usize, end: usize, at: usize) -> bool {
    let folded = |at: usize| words.folded(&words.list[at]);
    let said = match folded(at) {
        // "… for a future release" needs no "is".
        "future" => {
            let release = words.list.get(at + 1).is_some_and(|next| {
                matches!(
                    words.folded(next),
                    "release" | "releases" | "version" | "update"
                )
            });
            let for_a =
                at >= end + 2 && matches!(folded(at - 2), "for" | "in") && folded(at - 1) == "a";
            return release && for_a && (end..at - 2).all(|b| words.is(b, LINK | DETERMINER));
        }
        "progress" => folded(at - 1) == "in",
        // "… is being built", "… is in development", "… is coming soon": of the clause's
        // subject, closing the clause or with "now" (not "… is being built out to take euros",
        // "… in development and production alike", "Euro pricing for card checkout is coming
        // soon"; found by two attacks).
        "built" | "developed" => folded(at - 1) == "being" && new_work(words, start, at),
        "development" => matches!(folded(at - 1), "in" | "under") && new_work(words, start, at),
        "coming" => words.folded_at(at + 1) == Some("soon") && new_work(words, start, at + 1),
        "backlog" | "scoped" | "consideration" => true,
        _ => words.is(at, REMOVAL) && words.is(at - 1, PAST_BE),
    };
    said && said_of_it(words, end, at)
}

/// Whether what stands at `at` is said of the phrase that ends at `end`: the rest of its noun
/// (up to three words: "buy now [checkout] has been removed"), then "is", "has been", "in the"
/// only, with a form of "be" among them ("… is in the backlog"; not "… clears the backlog").
pub(super) fn said_of_it(words: &Words, end: usize, at: usize) -> bool {
    let noun = (end..at)
        .take_while(|&b| !words.is(b, LINK | DETERMINER | JOINER))
        .count();
    noun <= 3
        && (end + noun..at).all(|b| words.is(b, LINK | DETERMINER))
        && (end + noun..at).any(|b| words.is(b, BE))
}

/// Work on the phrase itself: the phrase at `start` is its clause's subject, and the word at `at`
/// closes it, or only a time now follows it ("… is being built right now").
fn new_work(words: &Words, start: usize, at: usize) -> bool {
    let clause = words.list[at].clause;
    let closes = (at + 1..words.list.len())
        .take_while(|&b| words.list[b].clause == clause)
        .take(3)
        .all(|b| words.is(b, NOW) || words.folded(&words.list[b]) == "right");
    closes && super::ahead::the_subject(words, start)
}
