//! Who does the action: copy in which the vendor's people do it is managed copy, not a claim of
//! self-serve or automatic ("removals are handled by our team on request", "Reviewers record
//! the outcome … themselves", "the AE can turn a quote around"), unless it says they are not
//! needed ("without talking to our team", "nobody on our team touches it"). Found on claims
//! sets 4, 7 and 8, whose false alarms were mostly such copy.

use super::lexicon::{
    AUTOMATION, BUILT, DOING, JOINER, NOT_NEEDED, PERSON, SELF, STAFF, UNIT, VENDOR,
};
use super::words::Words;

/// How far before a person a "no" or "without" takes them out ("zero involvement from our
/// support team").
const NOT_NEEDED_REACH: usize = 5;
/// How far before and after the phrase, in its clauses, a person is looked for (a check of a
/// megabyte of copy without a comma stays linear).
const REACH: usize = 16;

/// Whether a person of the vendor's (or a reviewer checking by hand) does the action of the
/// phrase `start..end`, in the phrase's part of its clause ("or", "and", "so", "with",
/// "instead" start another: "Buy online or talk to our sales team", "Pay online with our team on
/// hand to help" are claims); never when that part says the thing runs by itself ("Your
/// reviewers get results automatically"), the reader does it ("themselves"), or the people
/// built it ("Our engineers built instant checkout").
pub(super) fn done_by_staff(words: &Words, start: usize, end: usize) -> bool {
    let list = &words.list;
    let (first, last) = (list[start].clause, list[end - 1].clause);
    let from = (start.saturating_sub(REACH)..start)
        .rev()
        .take_while(|&at| list[at].clause == first && !words.is(at, JOINER))
        .last()
        .unwrap_or(start);
    let to = (end..(end + REACH).min(list.len()))
        .take_while(|&at| list[at].clause == last && !words.is(at, JOINER))
        .last()
        .unwrap_or(end - 1);
    let doer = |at: usize| staff(words, at) && !not_needed(words, at) && !builder(words, at);
    (from..=to).any(doer) && !(from..=to).any(|at| words.is(at, AUTOMATION | SELF))
}

/// The person made the thing rather than does the work: "Our engineers built …".
fn builder(words: &Words, at: usize) -> bool {
    next_two_are(words, at, BUILT)
}

/// Whether one of the two words after `at` has one of `roles`.
fn next_two_are(words: &Words, at: usize, roles: super::lexicon::Roles) -> bool {
    words.is(at + 1, roles) || words.is(at + 2, roles)
}

/// A person of the vendor's at `at`: "your account manager", "our team", "our support team",
/// "your CSM", or reviewers checking ("reviewers record …"). Not the reader's own teams ("Sales
/// teams can buy seats online"), nor reviewers who only see results.
pub(super) fn staff(words: &Words, at: usize) -> bool {
    if !words.is(at, PERSON | UNIT | STAFF) {
        return false;
    }
    let folded = |at: usize| words.folded(&words.list[at]);
    let before = |n: usize| (at >= n).then(|| folded(at - n));
    let assigned = |n: usize| {
        matches!(
            before(n),
            Some("your" | "our" | "the" | "a" | "an" | "dedicated")
        )
    };
    match folded(at) {
        "reviewer" | "reviewers" => next_two_are(words, at, DOING),
        _ if words.is(at, PERSON) => before(1) == Some("account") && assigned(2),
        _ if words.is(at, UNIT) => {
            before(1) == Some("our") || (before(2) == Some("our") && words.is(at - 1, VENDOR))
        }
        _ => assigned(1),
    }
}

/// The person is said not to be needed: a "no", "without", "never" or "nobody" shortly before
/// ("without talking to our team"), or "never", "doesn't" right after ("our team never touches").
fn not_needed(words: &Words, at: usize) -> bool {
    let negated = |at: usize| super::contraction::contracted_not(words, at);
    let before =
        (at.saturating_sub(NOT_NEEDED_REACH)..at).any(|b| words.is(b, NOT_NEEDED) || negated(b));
    let after = (at + 1..(at + 3).min(words.list.len()))
        .any(|a| matches!(words.folded(&words.list[a]), "never" | "no") || negated(a));
    before || after
}
