//! Who a board page speaks to: the buyer (the public page) or the team (`view=operator`, a
//! draft for the claim checker, or one motion's view). One rule, read by the server when it
//! picks the words of "What changed" and by the page when it picks its sections, so the two
//! never disagree (found by review: `?motion=` naming no motion was the buyer's page with the
//! team's words).

use crate::board::{Board, MotionView};
use crate::filter::BoardFilter;

impl BoardFilter {
    /// The motion this filter chooses (`?motion=`, in any case), when the board has it.
    pub fn chosen_motion<'a>(&self, board: &'a Board) -> Option<&'a MotionView> {
        let id = self.motion.as_deref()?;
        board
            .motions
            .iter()
            .find(|m| m.id.as_str().eq_ignore_ascii_case(id))
    }

    /// Whether the page of `board` under this filter is the team's: `asked` for (the team's
    /// view or a draft) or the view of a motion the board has. A motion it lacks leaves the
    /// buyer's page, saying no offer has that id.
    pub fn is_team_view(&self, board: &Board, asked: bool) -> bool {
        asked || self.chosen_motion(board).is_some()
    }
}
