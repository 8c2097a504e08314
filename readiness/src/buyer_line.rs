//! One recorded change as a buyer reads it in "What changed" and the live note (issue 22), in
//! the same words as the buyer's e-mails ([`crate::buyer_news`]): the offer named after what
//! happened to it, a system's new status without the variables behind it.

use crate::catalog::Catalog;
use crate::changes::{Cause, Change, MotionEdit, Subject};

/// The buyer's line of a recorded change, as it was written when the change happened.
pub fn change_line(change: &Change) -> Option<&str> {
    change.for_buyers.as_deref()
}

/// Writes the buyer's line of each change of one instant, in the names of `catalog`, the one in
/// force then (found by attack: the lines were read from the board now, so an edit of an offer's
/// words rewrote the past, and an offer no longer listed lost its "Newly listed"). An id renamed
/// (withdrawn and listed in the same words at once) is no news to a buyer: neither side has one.
pub(crate) fn write_lines(catalog: &Catalog, out: &mut [Change]) {
    for change in out.iter_mut() {
        change.for_buyers = line_in(catalog, change);
    }
    let offer = |c: &Change, removed: bool| match &c.subject {
        Subject::Motion {
            edit: Some(MotionEdit::Removed { offer, .. }),
            ..
        } if removed => Some(offer.clone()),
        Subject::Motion {
            motion,
            edit: Some(MotionEdit::Added),
            ..
        } if !removed => catalog
            .motions()
            .iter()
            .find(|m| &m.id == motion)
            .map(|m| m.offer_or_name().to_string()),
        _ => None,
    };
    let gone: Vec<String> = out.iter().filter_map(|c| offer(c, true)).collect();
    let listed: Vec<String> = out.iter().filter_map(|c| offer(c, false)).collect();
    for change in out.iter_mut() {
        let renamed =
            |words: Option<String>| words.is_some_and(|w| gone.contains(&w) && listed.contains(&w));
        if renamed(offer(change, true)) || renamed(offer(change, false)) {
            change.for_buyers = None;
        }
    }
}

/// One recorded change as a buyer reads it in "What changed" and the live note, in the names of
/// `catalog` (found by attack: the list spoke of motions "gated", of variables "no longer set",
/// of a motion "removed from the catalog: it can no longer move"). `None` for what is the
/// team's: a claim, a motion or system `catalog` does not have.
pub fn line_in(catalog: &Catalog, change: &Change) -> Option<String> {
    match &change.subject {
        Subject::Claim { .. } => None,
        Subject::Motion {
            edit: Some(MotionEdit::Removed { offer, .. }),
            ..
        } => Some(format!("No longer offered: {offer}")),
        Subject::Motion {
            motion,
            can_move,
            edit,
            ..
        } => {
            let offer = catalog
                .motions()
                .iter()
                .find(|m| &m.id == motion)?
                .offer_or_name()
                .to_string();
            // A removal was said above: an edit here is a listing.
            let listed = matches!(edit, Some(MotionEdit::Added));
            Some(match (listed, can_move) {
                (true, true) => format!("Newly listed and available: {offer}"),
                (true, false) => format!("Newly listed, not available yet: {offer}"),
                (false, true) => format!("Became available: {offer}"),
                (false, false) => format!("Stopped being available: {offer}"),
            })
        }
        // A proof's outcome is the buyer's to read; the variables or catalog lines behind an
        // edit are the team's: the line says the new status only.
        Subject::System {
            system, to, cause, ..
        } => match cause {
            Cause::ProofPassed | Cause::ProofFailed | Cause::ProofExpired => {
                Some(change.text.clone())
            }
            Cause::CatalogChanged | Cause::ConfigurationChanged => {
                let name = &catalog.system(system)?.name;
                Some(format!("{name} became {}", to.label()))
            }
        },
        Subject::Expected { .. } => Some(change.text.clone()),
    }
}
