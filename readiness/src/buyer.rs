//! The board's answer to a buyer (issue 22), the first thing the public page says: what is
//! available today, what is coming and by when, and what is not available with no date, in
//! the catalog's own names for its offers (`offer`). Dates are the catalog's, never made up: an offer waiting
//! on a system without an expected day is "not available, with no date given". The seller's
//! sentence ("You can sell today: …") stays in [`crate::answer`], for the operator's view.

use crate::board::{Board, MotionView};
use crate::english::{and_list, sentence_start};
use crate::expected::display_day;

/// What a buyer reads on the card of an offer that can be sold.
pub const AVAILABLE_NOW: &str = "Available now";
/// What a buyer reads on the card of an offer that cannot be sold yet (its expected day, or
/// that none is given, follows).
pub const NOT_YET: &str = "Not yet";
/// The same two, on a past view (`as_of`): how it stood then.
pub const AVAILABLE_THEN: &str = "Available then";
pub const NOT_THEN: &str = "Not available then";

impl MotionView {
    /// Its offer inside a sentence ("a paid beta billed by invoice"): how the buyer's answer,
    /// the buyer's news and the e-mails name it. As the catalog writes it, so a name keeps its
    /// capital ("Okta single sign-on": found by attack, it read "okta single sign-on").
    pub fn offer_words(&self) -> String {
        self.offer.to_string()
    }

    /// Its offer as a heading or a choice ("A paid beta billed by invoice").
    pub fn offer_title(&self) -> String {
        sentence_start(&self.offer)
    }

    /// Whether a buyer can have it now, in the buyer's words: [`AVAILABLE_NOW`] or [`NOT_YET`];
    /// on a `past` board, [`AVAILABLE_THEN`] or [`NOT_THEN`].
    pub fn availability(&self, past: bool) -> &'static str {
        match (self.can_move, past) {
            (true, false) => AVAILABLE_NOW,
            (false, false) => NOT_YET,
            (true, true) => AVAILABLE_THEN,
            (false, true) => NOT_THEN,
        }
    }
}

/// "Available today: managed private beta. Coming: self-serve plans, expected by 15 January
/// 2027. Not available, with no date given: enterprise single sign-on." A `past` board is told
/// in the past ("Available then: …").
pub fn for_buyers(board: &Board, past: bool) -> String {
    if board.motions.is_empty() {
        return "Nothing is offered on this board.".to_owned();
    }
    let offer = MotionView::offer_words;
    let available: Vec<String> = board
        .motions
        .iter()
        .filter(|m| m.can_move)
        .map(offer)
        .collect();
    let (mut coming, mut undated) = (Vec::new(), Vec::new());
    for motion in board.motions.iter().filter(|m| !m.can_move) {
        match motion
            .expected
            .as_ref()
            .and_then(|e| e.by.map(|by| (by, e.overdue)))
        {
            // Found by attack (round 3): a day promised while a system it waits on is late.
            Some((by, false)) if waits_on_late(motion) => coming.push(format!(
                "{}, expected by {}, though part of what is needed is late",
                offer(motion),
                display_day(by)
            )),
            Some((by, false)) => coming.push(format!(
                "{}, expected by {}",
                offer(motion),
                display_day(by)
            )),
            Some((by, true)) => coming.push(format!(
                "{}, expected by {}, a day already passed",
                offer(motion),
                display_day(by)
            )),
            // Found by attack (round 14): "no date given" alone while part of it is late.
            None if waits_on_late(motion) => undated.push(format!(
                "{}, though part of what is needed is late",
                offer(motion)
            )),
            None => undated.push(offer(motion)),
        }
    }
    let [today, none, all, soon, later] = if past {
        [
            "Available then",
            "Nothing was available then",
            "Everything was available then",
            "Coming then",
            "Not available then, with no date given",
        ]
    } else {
        [
            "Available today",
            "Nothing is available now",
            "Everything is available today",
            "Coming",
            "Not available, with no date given",
        ]
    };
    let mut sentences = Vec::new();
    match (
        available.is_empty(),
        coming.is_empty() && undated.is_empty(),
    ) {
        (true, _) => sentences.push(format!("{none}.")),
        (false, true) => sentences.push(format!("{all}: {}.", and_list(&available))),
        (false, false) => sentences.push(format!("{today}: {}.", and_list(&available))),
    }
    if !coming.is_empty() {
        sentences.push(format!("{soon}: {}.", coming.join("; ")));
    }
    if !undated.is_empty() {
        // An offer's own comma asks for semicolons between offers, as "Coming" has them.
        let listed = match undated.iter().any(|o| o.contains(',')) {
            true => undated.join("; "),
            false => and_list(&undated),
        };
        sentences.push(format!("{later}: {listed}."));
    }
    sentences.join(" ")
}

/// Whether a system `motion` waits on (a blocker, as its expected day reads them; not a system
/// a claim only names: found by attack) was expected by a day that has passed.
fn waits_on_late(motion: &MotionView) -> bool {
    motion.expected.as_ref().is_some_and(|e| !e.late.is_empty())
}
