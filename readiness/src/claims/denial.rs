//! Denials that reach past a phrase's own words: a heading that denies or plans what follows
//! it ("Not automatic — …", "What you cannot promise: …", "Roadmap: …"), a state denied later in
//! the clause ("… behind a feature flag and not enabled yet") and work still being built ("to
//! build our first self-serve checkout"). Found on claims set 7; see docs/claims.md.

use super::contraction::contracted_not;
use super::lexicon::{OFFER, PLAN, RIVAL, STATE};
use super::words::Words;

/// The most words a heading over the phrase may have ("What you cannot promise:"), and how
/// far before the phrase it may stand (the lookups stay bounded in a text of one long sentence).
const HEADING: usize = 5;
const UNDER_HEADING: usize = 30;

/// A word that plans the thing rather than offers it: "… on our roadmap", "planned" (what
/// waits in a backlog or for a future release: [`super::not_now::waits_after`]).
pub(super) fn plans(words: &Words, at: usize) -> bool {
    words.is(at, PLAN)
}

/// "not" before a word of state, whatever comes before it: "… and not enabled for anyone yet",
/// "… not live", "not available".
pub(super) fn state_denied(words: &Words, at: usize) -> bool {
    let word = |n: usize| words.folded_at(at + n);
    // "not yet available", "not there yet", or "not yet" closing its clause; not "… if the fit
    // is not there" nor "… have not yet spoken to anyone" (found by attack).
    let yet_alone = word(1) == Some("yet")
        && words
            .list
            .get(at + 2)
            .is_none_or(|w| w.clause != words.list[at].clause);
    word(0) == Some("not")
        && (words.is(at + 1, STATE)
            || (word(1) == Some("yet") && words.is(at + 2, STATE))
            || (word(1) == Some("there") && word(2) == Some("yet"))
            || yet_alone)
}

/// Work still to do on the thing: "to build", "help build", "building", "working on".
pub(super) fn being_built(words: &Words, at: usize) -> bool {
    let folded = |at: usize| words.folded(&words.list[at]);
    match folded(at) {
        "build" => at > 0 && matches!(folded(at - 1), "to" | "help"),
        "building" => true,
        "on" => at > 0 && matches!(folded(at - 1), "working" | "work"),
        _ => false,
    }
}

/// A short clause earlier in the sentence, closed by a colon or a dash, that denies or plans
/// what follows: "Not automatic — …", "What you cannot promise: …", "2027 roadmap: …".
pub(super) fn under_denying_heading(words: &Words, start: usize) -> bool {
    let list = &words.list;
    let sentence = list[start].sentence;
    (start.saturating_sub(UNDER_HEADING).max(1)..=start)
        .rev()
        .take_while(|&at| list[at - 1].sentence == sentence)
        .filter(|&at| list[at].after_heading)
        .any(|opens| {
            let heading = list[opens - 1].clause;
            let in_heading = (opens.saturating_sub(HEADING + 1)..opens)
                .rev()
                .take_while(|&at| list[at].clause == heading);
            let first = in_heading.clone().last();
            let short = first.is_some_and(|first| first == 0 || list[first - 1].clause != heading);
            // About others, a heading boasts: "Not available elsewhere: …" (found by attack).
            let boasts = in_heading.clone().any(|at| words.is(at, RIVAL));
            short && !boasts && in_heading.clone().any(|at| heading_denies(words, at))
        })
}

/// A heading denies with a state denied ("Not automatic", "Not available yet"), an offer
/// refused ("What you cannot promise", "We don't offer") or a plan ("Roadmap", "Coming soon"),
/// not with a slogan's "not" or "don't" ("Not a six-week project: …", "Don't wait: buy …").
fn heading_denies(words: &Words, at: usize) -> bool {
    let refused = words.is(at + 1, OFFER);
    match words.folded(&words.list[at]) {
        "not" => state_denied(words, at),
        "cannot" => refused,
        _ if plans(words, at) => true,
        "unavailable" | "soon" => true,
        _ => contracted_not(words, at) && refused,
    }
}
