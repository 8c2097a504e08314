//! Nobody from the vendor's side is needed: a word that denies ("no", "without", "nobody",
//! "zero", "skip") and, a few words on in its clause, a way of reaching the vendor or one of its
//! people ("no sales call", "without ever emailing us", "nobody on our side touches it", "no
//! reviewer step"). Whatever the family, copy that says so claims the buyer does it alone: the
//! catalog pairs it with a claim's subject as the built-in concept `{nobody_needed}`
//! ([`super::pattern::NOBODY_NEEDED`]). Found on claims sets 9, 11 and 12, where a quarter of
//! the missed sentences said it in words no concept listed.

use super::lexicon::{CONTRAST, JOINER, NEGATOR, NOT_NEEDED};
use super::words::Words;

/// Words that deny the people who follow them. Not "never" nor "don't", which deny the act as
/// often ("We will never email you for your password", "Don't hesitate to contact us"), nor
/// "not" ("not for us"): an attack found most of its false alarms there.
pub const DENYING: &str = "no without nobody zero skip";

/// Reaching the vendor, or its people: what a buyer alone does without. Not the words a denial
/// shares with other things ("no paperwork involved", "no chasing", "no staff can start", "nobody
/// told me", "no contact centre"). "Supplier" and "vendor" stay: formal copy says "without
/// vendor involvement" far more often than "no third-party supplier ever sees your data".
pub const REACHING: &str = "call calls called calling phone phoning ring rang ringing email \
    emails emailed emailing talk talking speak speaking spoke contacting ticket tickets \
    negotiation negotiate meeting kickoff touch touches touching recourse loop us human humans \
    salespeople salesperson rep reps engineer engineers reviewer reviewers personnel supplier \
    vendor anyone anybody approve approval";

/// How many words after the denying word the way of reaching the vendor may stand.
pub const REACH: usize = 5;
/// How far back in its clause a denial before the denying word is looked for.
const DENIED_BEFORE: usize = 8;
/// How far either side, in its sentence, the vendor's people at work are looked for (a megabyte
/// of copy without a stop stays linear).
const SENTENCE_REACH: usize = 40;

/// Where the words saying nobody is needed end, when they start at `start`: the denying word
/// through the way of reaching the vendor, in one clause. Not when a denial stands before it in
/// its clause ("No check is complete without your reviewer", "never without a call": the
/// people are required), nor in a sentence where the vendor's people do the work ("No coding
/// involved: our engineers handle the SCIM connection").
pub(super) fn ends(words: &Words, start: usize) -> Option<usize> {
    // Every denying word is one of the lexicon's NOT_NEEDED, known once per word: most words of
    // copy are turned away by it before the list is read (this is asked at every word).
    if !(words.is(start, NOT_NEEDED) && words.listed_at(start, DENYING)) {
        return None;
    }
    let list = &words.list;
    let (clause, sentence) = (list[start].clause, list[start].sentence);
    let before = start.saturating_sub(DENIED_BEFORE)..start;
    if before
        .into_iter()
        .any(|at| list[at].clause == clause && denies(words, at))
    {
        return None;
    }
    let end = (start + 1..(start + 1 + REACH).min(list.len()))
        .take_while(|&at| list[at].clause == clause && !words.is(at, CONTRAST | JOINER))
        .find(|&at| reaching(words, at))?;
    let around = start.saturating_sub(SENTENCE_REACH)..(start + SENTENCE_REACH).min(list.len());
    let staff_at_work = around
        .filter(|&at| list[at].sentence == sentence)
        .any(|at| super::agency::staff(words, at) && !denied(words, at));
    (!staff_at_work).then_some(end + 1)
}

/// The vendor's person at `at` is said not to be needed, in their own clause: "without
/// talking to our team", "our team never touches it" (not "your account manager, with no
/// surprise e-mails").
fn denied(words: &Words, at: usize) -> bool {
    let clause = words.list[at].clause;
    let near = at.saturating_sub(5)..(at + 3).min(words.list.len());
    near.filter(|&n| n != at && words.list[n].clause == clause)
        .any(|n| denies(words, n))
}

/// A word that denies what is near it: "not", "never", "no", "without", "nobody", or the "t"
/// of "n't".
fn denies(words: &Words, at: usize) -> bool {
    words.is(at, NEGATOR | NOT_NEEDED) || super::contraction::contracted_not(words, at)
}

/// Whether the word at `at` is a way of reaching the vendor or its people ("call", "ticket",
/// "salespeople").
pub(super) fn reaching(words: &Words, at: usize) -> bool {
    words.listed_at(at, REACHING)
}
