//! A clause whose subject is denied: "No check is ever completed automatically against an
//! official source", "Nothing about the DBS check is automated". The "no" opens the clause and
//! its verb is a form of "be", so the whole clause is denied however far the phrase stands from
//! it. Found on claims sets 10 to 12, where the phrase stood more words after "no" than a "no"
//! may reach. Not where the clause denies an effort or a need ("No manual work is needed to sync
//! HiBob"; "No reviewer is involved in checks against the DBS": see [`super::unassisted`]),
//! boasts ("No other vendor …", "No more …") or puts the phrase under a condition or a relative
//! word ("No IT ticket is raised when you switch on SSO yourself").

use super::lexicon::{BE, BESIDE, CONDITION, JOINER, RIVAL};
use super::words::Words;

/// The most words from the clause's "no" to the phrase.
const REACH: usize = 12;

/// Words after "no" that make an idiom, not a denied subject ("No more …", "No wonder …").
const IDIOMS: &str = "more longer need matter wonder doubt problem one fuss";

/// Words that leave the denied subject (see [`leaves_the_subject`]), as one list: the checker
/// runs in the page too, and a list of words costs it fewer bytes than a `match`.
const LEAVING: &str = "as since too by during after before between thanks from via through who \
    which that need needs needed required involved necessary lost wasted";

/// Whether the clause of the phrase `start..end` opens with a denied subject, and no way
/// of reaching the vendor stands before the phrase ("None of our customers were ever asked to
/// call sales before paying by card online" says nobody is needed). Plain loops: the checker
/// runs in the page too, and iterator chains cost it bytes.
pub(super) fn subject_denied(words: &Words, start: usize, end: usize) -> bool {
    let list = &words.list;
    let clause = list[start].clause;
    let mut first = start;
    while first > 0 && list[first - 1].clause == clause {
        if start - first >= REACH {
            return false;
        }
        first -= 1;
    }
    if first == start || !denying_subject(words, first) {
        return false;
    }
    // Its verb is a form of "be"; the clause speaks of no rival ("No other vendor …"). A phrase
    // held by a word of place or manner is not the subject, and a verb after it is its holder's
    // ("No buyer on instant checkout is left waiting": found by review); "None of the HRIS
    // connectors are live yet", "Nothing about the DBS check is automated" are the subject.
    let held =
        (first + 1..start).any(|at| words.is(at, BESIDE) && !words.listed_at(at, "of about"));
    let mut verb = false;
    for at in first + 1..(first + 1 + REACH).min(list.len()) {
        if words.list.get(at).is_none_or(|w| w.clause != clause) {
            break;
        }
        let before = at < start;
        let leaves = leaves_the_subject(words, at) || super::unassisted::reaching(words, at);
        if words.is(at, RIVAL) || (before && leaves) {
            return false;
        }
        verb |= (at < end || !held) && words.is(at, BE);
    }
    verb
}

/// "No", "Nothing" or "None" heading the subject, not "No more", "No need", "No wonder", nor a
/// "no" that says nobody from the vendor is needed ("No sales call is …").
fn denying_subject(words: &Words, at: usize) -> bool {
    words.listed_at(at, "no nothing none")
        && !words.listed_at(at + 1, IDIOMS)
        && super::unassisted::ends(words, at).is_none()
}

/// A word after which the phrase no longer belongs to the denied subject's verb: a condition
/// ("when", "if", "because", "than", "since"), a second clause ("and", "so"), "as", "too" ("No
/// plan is too big to upgrade yourself"), a relative word, a need ("is needed", "required"), or
/// a cause or a time the subject is denied in ("No renewal was missed thanks to auto-renew", "No
/// card was declined during the checkout rush": found by attack).
fn leaves_the_subject(words: &Words, at: usize) -> bool {
    words.is(at, CONDITION | JOINER) || words.listed_at(at, LEAVING)
}
