//! Copy that says a thing is not offered now without a plain "not": it was taken away ("We
//! removed the BambooHR auto-sync", "… has been removed"), the vendor only weighs it ("We're
//! exploring live DBS lookups"), or it waits ("… is in the
//! backlog", "… for a future release"). Found on claims set 8; each rule holds only where the
//! phrase is what the words speak of, so an attack ("Teams evaluating us can buy online", "…
//! while a hire is in progress") does not hide a claim.

use super::lexicon::{AUTOMATION, BE, DETERMINER, JOINER, LINK, PAST_BE, REMOVAL, WEIGHING};
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
/// for a future release", "… is in progress". Not "leavers are removed automatically", nor
/// "… while a hire is in progress".
pub(super) fn waits_after(words: &Words, end: usize, at: usize) -> bool {
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
