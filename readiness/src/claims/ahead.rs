//! Copy that puts the thing in a time ahead, not now: "Later this year, customers will be able
//! to switch plans", "In Q3 we plan to launch automatic HRIS sync", "Card checkout lands in
//! Q2". Found by the attacks on claims sets 8 and 10, where a roadmap said as a date was read as
//! a claim. A date alone is not enough, since most dates in copy are billing dates or the
//! reader's own timeline ("Later this year your plan renews automatically", "When your trial
//! ends next month, you'll be able to pay by card"), and the phrase must be what arrives or what
//! becomes possible, not a thing beside it ("In Q2 we will introduce PDF receipts for every card
//! checkout"). Two attacks (171 and 142 sentences) shaped this: docs/claims.md.

use super::lexicon::{BESIDE, CONDITION, DETERMINER, GOES_ON, NOW, PERIOD};
use super::words::Words;
use std::ops::RangeInclusive;

/// How far before the phrase, in its clause, an ability to come may stand.
const FRAME: usize = 7;
/// How far around the phrase, in its sentence, a date and what says it goes on are read.
const SPAN: usize = 24;
/// How far back, in its clause, what makes the phrase a thing beside the subject is read.
const SUBJECT: usize = 8;

/// A time ahead starts at `at`: "later this year", "later in the year", "next quarter", "in
/// the future", "someday", "Q3", "H2". Not "soon" ("you'll soon be running checks") nor
/// "eventually" ("the subscription eventually cancels automatically").
pub(super) fn time_ahead(words: &Words, at: usize) -> bool {
    let word = |n: usize| words.folded_at(at + n).unwrap_or("");
    let period = |n: usize| words.is(at + n, PERIOD);
    match word(0) {
        "later" => {
            (matches!(word(1), "this" | "next") && period(2)) || word(1) == "in" && period(3)
        }
        "next" => period(1) || matches!(word(1), "release" | "version"),
        "in" => word(1) == "future" || (word(1) == "the" && matches!(word(2), "future" | "near")),
        "someday" | "q1" | "q2" | "q3" | "q4" | "h1" | "h2" => true,
        _ => false,
    }
}

/// Whether the phrase `start..end` is put in a time ahead: as its clause's subject, it is said
/// to arrive then ("… lands in Q2", "… will be available in Q4"), or it is what an ability to come
/// makes possible, with a time ahead in its clause or the sentence's first ("Later this year,
/// customers will be able to …"); never in a question, nor when the sentence says it goes on
/// ("still", "as usual", "as you do today").
pub(super) fn in_time_ahead(words: &Words, start: usize, end: usize) -> bool {
    let arrives = the_subject(words, start) && arrives_then(words, end);
    if !arrives && !ability_to_come(words, start) {
        return false;
    }
    // Read once, for the date and for what says it goes on.
    let span = span(words, start);
    (arrives || dated(words, start, &span)) && !goes_on(words, &span)
}

/// The phrase is what its clause speaks of: no preposition or relative word before it in its
/// clause ("Our self-serve checkout …"; not "Euro pricing for card checkout …", "The discount
/// for teams that pay by card …"), up to [`SUBJECT`] words back.
pub(super) fn the_subject(words: &Words, start: usize) -> bool {
    let clause = words.list[start].clause;
    !(start.saturating_sub(SUBJECT)..start)
        .any(|at| words.list[at].clause == clause && words.is(at, BESIDE))
}

/// The phrase, up to two small words, an arrival, and right after it (an "in" or "by" between)
/// a time that can only be ahead: "… lands in Q2", "… will be available later this year" (not
/// "… lands next month", a billing date).
fn arrives_then(words: &Words, end: usize) -> bool {
    let folded = |at: usize| words.folded_at(at).unwrap_or("");
    let small = |at: usize| matches!(folded(at), "will" | "is" | "are" | "be" | "should");
    let Some(verb) = (end..end + 3).find(|&at| !small(at)) else {
        return false;
    };
    let (arrives, after) = match folded(verb) {
        "arrives" | "arriving" | "lands" | "landing" | "ships" | "shipping" | "launches"
        | "available" => (true, verb + 1),
        "go" | "goes" | "going" => (folded(verb + 1) == "live", verb + 2),
        _ => (false, verb),
    };
    let at = if matches!(folded(after), "in" | "by") {
        after + 1
    } else {
        after
    };
    arrives && roadmap_time(words, at)
}

/// A time ahead that is no billing date ("next month", "next year").
fn roadmap_time(words: &Words, at: usize) -> bool {
    let word = |n: usize| words.folded_at(at + n);
    let billing = word(0) == Some("next") && matches!(word(1), Some("month" | "year"));
    time_ahead(words, at) && !billing
}

/// The words around the phrase at `start`, in its sentence, that the date and the words that
/// say it goes on are read in (bounded: a text of one long sentence stays linear).
fn span(words: &Words, start: usize) -> RangeInclusive<usize> {
    let list = &words.list;
    let same = |at: &usize| list[*at].sentence == list[start].sentence;
    let back = (start.saturating_sub(SPAN)..start).rev().take_while(same);
    let ahead = (start..(start + SPAN).min(list.len())).take_while(same);
    back.last().unwrap_or(start)..=ahead.last().unwrap_or(start)
}

/// The sentence is a question, or says the thing goes on as now: "still", "as usual", "as you
/// do today", "like the existing 30", "as well as pounds".
fn goes_on(words: &Words, span: &RangeInclusive<usize>) -> bool {
    span.clone()
        .any(|at| words.list[at].asks || words.is(at, GOES_ON | NOW))
}

/// "will be able to", "plan to launch", "are going to ship", before the phrase in its clause.
fn ability_to_come(words: &Words, start: usize) -> bool {
    let list = &words.list;
    let folded = |at: usize| words.folded(&list[at]);
    let from = (start.saturating_sub(FRAME)..start)
        .rev()
        .take_while(|&at| list[at].clause == list[start].clause)
        .last()
        .unwrap_or(start);
    let future = |at: usize| match folded(at) {
        "will" | "ll" => true,
        "going" | "plan" | "plans" | "planning" | "aim" | "aiming" | "intend" | "expect" => {
            words.folded_at(at + 1) == Some("to")
        }
        _ => false,
    };
    let ability = |at: usize| match folded(at) {
        "able" => at > 0 && folded(at - 1) == "be",
        "launch" | "ship" | "introduce" | "release" => true,
        _ => false,
    };
    // The phrase is what the ability reaches: only "to" and determiners between ("will be
    // able to switch plans", not "will introduce PDF receipts for every card checkout").
    let reaches = |at: usize| {
        (at + 1..start).all(|b| words.is(b, DETERMINER) || matches!(folded(b), "to" | "your"))
    };
    (from..start)
        .any(|at| future(at) && (at + 1..(at + 4).min(start)).any(|b| ability(b) && reaches(b)))
}

/// A time ahead in the phrase's clause or the sentence's first, not after a condition or a
/// relative time ("When your trial ends next month, …", "After kickoff next month …").
fn dated(words: &Words, start: usize, span: &RangeInclusive<usize>) -> bool {
    let list = &words.list;
    let relative = |at: usize| {
        words.is(at, CONDITION) || matches!(words.folded(&list[at]), "after" | "within")
    };
    let clauses = [list[*span.start()].clause, list[start].clause];
    span.clone().any(|at| {
        let mut opens = (*span.start()..at)
            .rev()
            .take_while(|&b| list[b].clause == list[at].clause);
        clauses.contains(&list[at].clause) && time_ahead(words, at) && !opens.any(relative)
    })
}
