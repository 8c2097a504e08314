//! One recorded change as a buyer reads it in "What changed" and the live note (issue 22), in
//! the same words as the buyer's e-mails ([`crate::buyer_news`]): the offer named after what
//! happened to it, a system's new status without the variables behind it.

use crate::board::Board;
use crate::changes::{Cause, Change, MotionEdit, Subject};

/// One recorded change as a buyer reads it in "What changed" and the live note (found by
/// attack: the list spoke of motions "gated", of variables "no longer set", of a motion
/// "removed from the catalog: it can no longer move"). `None` for what is the team's: a
/// claim, a motion or system the board no longer has (its withdrawal says what a buyer needs).
pub fn change_line(board: &Board, change: &Change) -> Option<String> {
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
            let offer = board
                .motions
                .iter()
                .find(|m| &m.id == motion)?
                .offer_words();
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
                let name = &board.system(system)?.name;
                Some(format!("{name} became {}", to.label()))
            }
        },
        Subject::Expected { .. } => Some(change.text.clone()),
    }
}
