//! Whether a matched phrase seems negated: "we do not offer automatic HRIS sync", "no
//! self-serve checkout", "SSO isn't self-serve", "checkout is not available", "the sync is not
//! enabled yet", under a heading that denies ("Not automatic — accounts are …", "Roadmap: HRIS
//! connectors"), not offered now ("we removed …", "exploring …", "… is in the backlog": see
//! [`super::not_now`]) or done by the vendor's people ([`super::agency`]). A hint for the
//! reader, never a pass: a negation counts only inside the phrase's own clause or heading, so
//! "Checkout takes seconds, not days" and "Don't wait, buy online" are claims.

use super::agency::done_by_staff;
use super::ahead::in_time_ahead;
use super::alternative::asked_between_two;
use super::answer::answered_no;
use super::contraction::{contracted_not, urges_or_praises};
use super::denial::{being_built, plans, state_denied, under_denying_heading};
use super::denied_subject::subject_denied;
use super::lexicon::{
    BE, CONDITION, CONTRAST, JOINER, LINK, NEAR_NEGATOR, NEGATABLE, NEGATOR, READINESS,
};
use super::not_now::{removed_before, waits_after, weighed_before};
use super::words::Words;

/// Words before the phrase, in its clause, where "not" may negate it.
const BEFORE: usize = 6;
/// Words after the phrase, in its clause, where "is not" may negate it.
const AFTER: usize = 5;
/// Words after the phrase, in its clause, where a plan may ("... checks are on our roadmap"),
/// or a state denied ("... is behind a feature flag and not enabled").
const PLANNED: usize = 12;
/// Words after "until" where the state it waits for may stand ("until our Stripe integration
/// is live").
const UNTIL: usize = 8;

/// Whether the words `start..end` of `words` seem negated.
pub(crate) fn seems_negated(words: &Words, start: usize, end: usize) -> bool {
    let clause = |at: usize| words.list[at].clause;
    // Back from the phrase to the start of its clause or a contrast ("..., but buy online").
    let before = (start.saturating_sub(BEFORE)..start)
        .rev()
        .take_while(|&at| clause(at) == clause(start) && !words.is(at, CONTRAST))
        .any(|at| negates_before(words, at, start - at));
    let within = (start + 1..end.saturating_sub(1)).any(|at| negated_verb(words, at));
    let same_clause = |at: &usize| clause(*at) == clause(end - 1);
    let after = (end..(end + AFTER).min(words.list.len()))
        .take_while(same_clause)
        .any(|at| negated_verb(words, at));
    // Up to a condition or a comparison ("… if the fit is not there", "… with discounts not
    // offered anywhere else" say nothing of the phrase).
    let planned = (end..(end + PLANNED).min(words.list.len()))
        .take_while(|at| same_clause(at) && !words.is(*at, CONDITION))
        .any(|at| {
            (plans(words, at) && planned_for_it(words, end, at))
                || (state_denied(words, at) && state_of_it(words, at))
                || waits_after(words, start, end, at)
        });
    let building = (start.saturating_sub(BEFORE)..start)
        .filter(|&at| clause(at) == clause(start))
        .any(|at| {
            being_built(words, at)
                || weighed_before(words, at, start)
                || removed_before(words, at, start)
        });
    before
        || within
        || after
        || planned
        || building
        || under_denying_heading(words, start)
        || answered_no(words, start, end)
        || subject_denied(words, start, end)
        || asked_between_two(words, start, end)
        || done_by_staff(words, start, end)
        || in_time_ahead(words, start, end)
}

/// The "not" at `at` follows "is", "still" or "and" ("… is not available", "… and not enabled
/// yet"), not a noun of its own ("… in a way not possible with legacy vendors").
fn state_of_it(words: &Words, at: usize) -> bool {
    at > 0 && (words.is(at - 1, BE | LINK) || words.folded(&words.list[at - 1]) == "and")
}

/// A plan word said of the phrase: a form of "be" and no second action between ("… is on our
/// 2027 roadmap", "… remains on the roadmap"; not "… and vote on our roadmap").
fn planned_for_it(words: &Words, end: usize, at: usize) -> bool {
    (end..at).any(|b| words.is(b, BE)) && !(end..at).any(|b| words.is(b, JOINER))
}

/// A negation `distance` words before the phrase: "not", "never", "cannot" and "n't" reach
/// further than "no" and "without", which must stand at most two words before it ("no card
/// payments"), and not in a compound ("No-code SSO setup" is a claim). "Why not", "not only"
/// and "not just" are not negations.
fn negates_before(words: &Words, at: usize, distance: usize) -> bool {
    let folded = |at: usize| words.folded(&words.list[at]);
    let next = words.folded_at(at + 1);
    match folded(at) {
        "not" => {
            let why = at > 0 && folded(at - 1) == "why";
            !why && !matches!(next, Some("only" | "just")) && !urges_or_praises(words, at)
        }
        // "We no longer offer …" (as near as "no"), "Until our Stripe integration is live, …".
        "no" if next == Some("longer") => distance <= 3,
        // "It's never been easier to buy online" praises.
        "never" if next == Some("been") => false,
        // Only a wait for a state ("until … is live"), not a date or "until you cancel".
        "until" | "till" => {
            // A state waited for before any "then" ("until your trial is complete then pay …").
            let reach = (at + 1..(at + UNTIL).min(words.list.len()))
                .take_while(|&w| words.folded(&words.list[w]) != "then");
            let waits = reach.clone().any(|w| words.is(w, READINESS));
            let then = (at + 1..at + distance).any(|w| words.folded(&words.list[w]) == "then");
            waits && !then && !matches!(next, Some("now" | "you"))
        }
        _ if words.is(at, NEGATOR) => !urges_or_praises(words, at),
        _ if words.is(at, NEAR_NEGATOR) => {
            let compound = words.list.get(at + 1).is_some_and(|w| w.hyphenated);
            // A hyphenated word counts once: "no self-serve checkout" is "no" two words before
            // (found on claims set 6: it was read as a claim).
            let joined = (at + 1..at + distance).filter(|&w| words.list[w].hyphenated);
            distance - joined.count() <= 2 && !compound
        }
        // "Don't wait: buy online" urges (found by attack: "… and don't wait for a quote").
        _ => contracted_not(words, at) && !urges_or_praises(words, at),
    }
}

/// "is not", "are not", "isn't", "doesn't", "cannot": a verb negated, as in "SSO isn't
/// self-serve" or "checkout is not available" (not the contrast "..., not days").
fn negated_verb(words: &Words, at: usize) -> bool {
    let folded = |at: usize| words.folded(&words.list[at]);
    match folded(at) {
        "not" if at > 0 => words.is(at - 1, NEGATABLE) && !urges_or_praises(words, at),
        "cannot" => !urges_or_praises(words, at),
        _ => contracted_not(words, at) && !urges_or_praises(words, at),
    }
}
