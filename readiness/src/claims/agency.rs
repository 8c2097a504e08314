//! Who does the action: copy in which the vendor's people do it is managed copy, not a claim of
//! self-serve or automatic ("removals are handled by our team on request", "Reviewers record
//! the outcome … themselves", "the AE can turn a quote around"), unless it says they are not
//! needed ("without talking to our team", "nobody on our team touches it"). Found on claims
//! sets 4, 7 and 8, whose false alarms were mostly such copy.

use super::lexicon::{AUTOMATION, BUILT, JOINER, NOT_NEEDED, PERSON, STAFF, UNIT, VENDOR};
use super::words::Words;

/// How far before a person a "no" or "without" takes them out ("with zero involvement from our
/// support team"), and how far after the phrase's clause a "by …" may name them.
const NOT_NEEDED_REACH: usize = 5;
const BY: usize = 5;
/// How far before and after the phrase, in its clauses, a person is looked for (a check of a
/// megabyte of copy without a comma stays linear).
const REACH: usize = 16;

/// Whether a person of the vendor's (or a reviewer) does the action of the phrase `start..end`:
/// in the phrase's part of its clause ("or", "and", "so", "instead" start another action with
/// its own doer: "Buy online or talk to our sales team" is a claim) or a "by …" right after it;
/// never when that part says the thing runs by itself ("Your reviewers get results
/// automatically") or the people built it ("Our engineers built instant checkout").
pub(super) fn done_by_staff(words: &Words, start: usize, end: usize) -> bool {
    let list = &words.list;
    let (first, last) = (list[start].clause, list[end - 1].clause);
    let from = (start.saturating_sub(REACH)..start)
        .rev()
        .take_while(|&at| list[at].clause == first && !words.is(at, JOINER))
        .last()
        .unwrap_or(start);
    let mut to = (end..(end + REACH).min(list.len()))
        .take_while(|&at| list[at].clause == last && !words.is(at, JOINER))
        .last()
        .unwrap_or(end - 1);
    let by = to + 1;
    if list
        .get(by)
        .is_some_and(|w| words.folded(w) == "by" && w.sentence == list[to].sentence)
    {
        to = (by + BY).min(list.len() - 1);
    }
    let doer = |at: usize| staff(words, at) && !not_needed(words, at) && !builder(words, at);
    (from..=to).any(doer) && !(from..=to).any(|at| words.is(at, AUTOMATION))
}

/// The person made the thing rather than does the work: "Our engineers built …".
fn builder(words: &Words, at: usize) -> bool {
    (at + 1..(at + 3).min(words.list.len())).any(|after| words.is(after, BUILT))
}

/// A person of the vendor's at `at`: "account manager", "our team", "the support team", "our
/// onboarding specialist", "the AE", "reviewers", or the work done "by hand" or "manually".
fn staff(words: &Words, at: usize) -> bool {
    if !words.is(at, PERSON | UNIT | STAFF) {
        return false;
    }
    let folded = |at: usize| words.folded(&words.list[at]);
    let before = |n: usize| (at >= n).then(|| folded(at - n));
    match folded(at) {
        "manager" | "managers" | "executive" => before(1) == Some("account"),
        "hand" => before(1) == Some("by"),
        _ if words.is(at, UNIT) => {
            let ours = |n: usize| at >= n && words.is(at - n, VENDOR);
            let theirs = matches!(before(2), Some("your" | "their")) || before(1) == Some("your");
            (ours(1) || ours(2)) && !theirs
        }
        _ => words.is(at, STAFF),
    }
}

/// The person is said not to be needed: a "no", "without", "never" or "nobody" shortly before
/// ("without talking to our team"), or "never", "doesn't" right after ("our team never touches").
fn not_needed(words: &Words, at: usize) -> bool {
    let negated = |at: usize| super::negation::contracted_not(words, at);
    let before =
        (at.saturating_sub(NOT_NEEDED_REACH)..at).any(|b| words.is(b, NOT_NEEDED) || negated(b));
    let after = (at + 1..(at + 3).min(words.list.len()))
        .any(|a| matches!(words.folded(&words.list[a]), "never" | "no") || negated(a));
    before || after
}
