//! Copy that says a thing is not offered now without a plain "not": it was taken away ("We
//! removed the BambooHR auto-sync", "… has been removed"), it is only being weighed ("We're
//! exploring live DBS lookups", "asked for automated HRIS sync"), or it waits ("… is in the
//! backlog", "… for a future release"). Found on claims set 8; each rule holds only where the
//! phrase is what the words speak of, so an attack ("Teams evaluating us can buy online", "…
//! while a hire is in progress") does not hide a claim.

use super::lexicon::{AUTOMATION, DETERMINER, JOINER, LINK, PASSIVE, PAST_BE, REMOVAL, WEIGHING};
use super::words::Words;

/// Work only weighed, with the phrase as its object: "exploring live DBS lookups", "asked for
/// automated HRIS sync" (not "Teams evaluating us can buy online").
pub(super) fn weighed_before(words: &Words, at: usize, start: usize) -> bool {
    let weighed = match words.folded(&words.list[at]) {
        "requested" => true,
        "asked" | "asking" => words.folded(&words.list[at + 1]) == "for",
        _ => words.is(at, WEIGHING),
    };
    let object =
        |b: usize| words.is(b, DETERMINER | AUTOMATION) || words.folded(&words.list[b]) == "for";
    weighed && (at + 1..start).all(object)
}

/// A removal verb at `at` with nothing but determiners between it and the phrase at `start`:
/// "We removed the BambooHR auto-sync", not "Users removed in your IdP are deprovisioned" nor
/// the passive "Leavers are removed automatically" (a claim).
pub(super) fn removed_before(words: &Words, at: usize, start: usize) -> bool {
    let passive = at > 0 && words.is(at - 1, PASSIVE);
    words.is(at, REMOVAL) && !passive && (at + 1..start).all(|b| words.is(b, DETERMINER))
}

/// Said of the phrase right after it (only "is", "has been", "still", "in the" between): "…
/// has been removed", "… was discontinued", "… is in the backlog", "… is being scoped", "…
/// for a future release", "… is in progress". Not "leavers are removed automatically", nor
/// "… while a hire is in progress".
pub(super) fn waits_after(words: &Words, end: usize, at: usize) -> bool {
    let folded = |at: usize| words.folded(&words.list[at]);
    let said = match folded(at) {
        "future" => words.list.get(at + 1).is_some_and(|next| {
            matches!(
                words.folded(next),
                "release" | "releases" | "version" | "update"
            )
        }),
        "progress" => folded(at - 1) == "in",
        "backlog" | "scoped" | "consideration" => true,
        _ => words.is(at, REMOVAL) && words.is(at - 1, PAST_BE),
    };
    // The rest of the phrase's noun ("buy now [checkout] has been removed"), then links only.
    let noun = (end..at)
        .take_while(|&b| !words.is(b, LINK | DETERMINER | JOINER))
        .count();
    said && noun <= 2 && (end + noun..at).all(|b| words.is(b, LINK | DETERMINER))
}
