//! One recorded change as a buyer reads it in "What changed" and the live note (issue 22), in
//! the same words as the buyer's e-mails ([`crate::buyer_news`]): the offer named after what
//! happened to it, a system's new status without the variables behind it.

use crate::catalog::Catalog;
use crate::changes::{Cause, Change, Subject};
use crate::english::and_list;
use crate::expected::display_day;
use crate::ids::MotionId;
use crate::offer_moves::{offer_moves, OfferMove};
use time::Date;

/// The buyer's line of a recorded change, as it was written when the change happened.
pub fn change_line(change: &Change) -> Option<&str> {
    change.for_buyers.as_deref()
}

/// Writes the buyer's line of each change of `out`, in the names of `catalog`, the one in force
/// then (found by attack: the lines were read from the board now, so an edit of an offer's
/// words rewrote the past, and an offer no longer listed lost its "Newly listed"). Offers are
/// told by their words ([`crate::offer_moves`]): an id renamed or two ids swapped is no news,
/// and each offer's line goes on the last change that moved it.
pub(crate) fn write_lines(catalog: &Catalog, out: &mut [Change]) {
    for instant in out.chunk_by_mut(|a, b| a.at == b.at) {
        write_instant(catalog, instant);
    }
}

/// [`write_lines`] for the changes of one instant: what moved then, not over a stretch.
fn write_instant(catalog: &Catalog, out: &mut [Change]) {
    let lines: Vec<(usize, String)> = {
        let refs: Vec<&Change> = out.iter().collect();
        offer_moves(&refs, |id| words_in(catalog, id))
            .iter()
            .filter(|m| m.is_news())
            .map(|m| (m.last, offer_line(m)))
            .collect()
    };
    for change in out.iter_mut() {
        change.for_buyers = match change.subject {
            Subject::Motion { .. } => None,
            _ => line_in(catalog, change),
        };
    }
    for (at, line) in lines {
        let slot = &mut out[at].for_buyers;
        *slot = Some(match slot.take() {
            Some(said) => format!("{said}; {line}"),
            None => line,
        });
    }
}

fn words_in(catalog: &Catalog, id: &MotionId) -> Option<String> {
    Some(catalog.motion(id)?.offer_or_name().to_string())
}

/// An offer's move in a buyer's words: listed, withdrawn, available or no longer, renamed.
fn offer_line(mv: &OfferMove) -> String {
    let offer = &mv.offer;
    let line = match (mv.before, mv.after) {
        (None, Some(true)) => format!("Newly listed and available: {offer}"),
        (None, Some(false)) => format!("Newly listed, not available yet: {offer}"),
        (Some(_), None) => format!("No longer offered: {offer}"),
        (Some(false), Some(true)) => format!("Became available: {offer}"),
        (Some(true), Some(false)) => format!("Stopped being available: {offer}"),
        _ => format!("Renamed: {offer}"),
    };
    match &mv.was {
        Some(was) => format!("{line} (was: {was})"),
        None => line,
    }
}

/// One recorded change as a buyer reads it in "What changed" and the live note, in the names of
/// `catalog` (found by attack: the list spoke of motions "gated", of variables "no longer set",
/// of a motion "removed from the catalog: it can no longer move"). `None` for what is the
/// team's: a claim, a motion or system `catalog` does not have.
pub fn line_in(catalog: &Catalog, change: &Change) -> Option<String> {
    match &change.subject {
        Subject::Claim { .. } => None,
        Subject::Motion { .. } => {
            let moves = offer_moves(&[change], |id| words_in(catalog, id));
            moves.iter().find(|m| m.is_news()).map(offer_line)
        }
        // A proof's outcome is the buyer's to read; the variables or catalog lines behind an
        // edit are the team's: the line says the new status only.
        Subject::System {
            system, to, cause, ..
        } => {
            let name = &catalog.system(system)?.name;
            let when = crate::instant::display_instant(change.at);
            // The status first, as offers are told: no verb has to agree with a name written
            // in the plural (found by attack: "HRIS source connectors is ready").
            Some(match cause {
                Cause::ProofPassed => format!("Ready: {name} (checked at {when})"),
                Cause::ProofFailed => {
                    format!("No longer ready: {name} (its check failed at {when})")
                }
                Cause::ProofExpired => {
                    format!("No longer ready: {name} (its last check ran out at {when})")
                }
                Cause::CatalogChanged | Cause::ConfigurationChanged => {
                    format!("{}: {name}", standing(*to))
                }
            })
        }
        Subject::Expected {
            system,
            from,
            to,
            overdue,
        } => {
            let name = &catalog.system(system)?.name;
            Some(system_day_line(name, (*from, *to), *overdue))
        }
        Subject::MotionExpected {
            motion,
            from,
            to,
            overdue,
            late,
            ..
        } => {
            let late: Vec<String> = (late.iter())
                .filter_map(|id| Some(catalog.system(id)?.name.to_string()))
                .collect();
            let offer = words_in(catalog, motion)?;
            Some(awaited_line(&offer, (*from, *to), *overdue, &late))
        }
    }
}

/// A system's status in a buyer's words (found by attack: "became configured unproven").
fn standing(status: crate::Status) -> &'static str {
    match status {
        crate::Status::Ready => "Ready",
        crate::Status::ConfiguredUnproven => "Set up, not checked yet",
        crate::Status::ManualFallback => "Done by hand by our team for now",
        crate::Status::Blocked => "Not set up yet",
    }
}

/// A system's expected day in a buyer's words: "late" as the offers say it, never "overdue".
fn system_day_line(name: &str, (from, to): (Option<Date>, Option<Date>), overdue: bool) -> String {
    let was = |open: &str, close: &str| match from {
        Some(from) if Some(from) != to => format!("{open}was {}{close}", display_day(from)),
        _ => String::new(),
    };
    match to {
        Some(to) => match overdue {
            true => format!(
                "Late: {name} (expected {}{})",
                display_day(to),
                was(", ", "")
            ),
            false => format!("Now expected {}{}: {name}", display_day(to), was(" (", ")")),
        },
        None => format!("No expected date any more{}: {name}", was(" (", ")")),
    }
}

/// An offer not available whose expected day is now `to` (`from`: the day said before it),
/// passed (`overdue`), or held up by `late` systems (their names) overdue already: never a
/// late day in words that read as good news (found by attack: "Now expected by 1 May 2027 (was 1
/// June 2027)" of an offer one of whose systems had just become overdue).
pub fn awaited_line(
    offer: &str,
    (from, to): (Option<Date>, Option<Date>),
    overdue: bool,
    late: &[String],
) -> String {
    let was = match from {
        Some(from) if Some(from) != to => format!(" (was {})", display_day(from)),
        _ => String::new(),
    };
    let late_words = match late {
        [] => String::new(),
        // No verb after a name that may be plural (found by attack, round 15).
        names => format!(
            ", though part of what is needed is late ({})",
            and_list(names)
        ),
    };
    match (from, to) {
        (_, Some(to)) if overdue => format!("Late, expected by {}{was}: {offer}", display_day(to)),
        (_, Some(to)) if !late.is_empty() => {
            format!("Expected by {}{was}{late_words}: {offer}", display_day(to))
        }
        (_, Some(to)) => format!("Now expected by {}{was}: {offer}", display_day(to)),
        (Some(_), None) => format!("No expected date any more{was}{late_words}: {offer}"),
        (None, None) => format!("No expected date given{late_words}: {offer}"),
    }
}
