//! What the server hands a page render: the board page's data (the board, the filter asked
//! for, any posted draft) or the changes page's, never one padded to look like the other.

use readiness::{Board, BoardFilter};
use std::sync::Arc;

/// The page the server renders, given to the render as context.
#[derive(Clone, Debug)]
pub enum Page {
    /// The board: current or past, filtered, with any posted draft.
    Board(PageData),
    /// `/changes`: the changes chosen, with the board they end at.
    Changes {
        board: Arc<Board>,
        changes: ChangesPage,
    },
    /// `/proofs/{id}`: one stored proof record, with the board it is read against.
    Receipt {
        board: Arc<Board>,
        receipt: ReceiptPage,
    },
    /// `/subscribe` and `/subscriptions/…`: e-mail updates, with the board whose motions they offer.
    Subscription {
        board: Arc<Board>,
        page: SubscriptionPage,
    },
}

impl Page {
    /// The board page's data, when this is the board page.
    pub fn board_page(&self) -> Option<&PageData> {
        match self {
            Page::Board(data) => Some(data),
            Page::Changes { .. } | Page::Receipt { .. } | Page::Subscription { .. } => None,
        }
    }

    /// The board the page shows.
    pub fn board(&self) -> &Arc<Board> {
        match self {
            Page::Board(data) => &data.board,
            Page::Changes { board, .. }
            | Page::Receipt { board, .. }
            | Page::Subscription { board, .. } => board,
        }
    }
}

/// Everything one render of the board page needs, computed by the server before rendering.
#[derive(Clone, Debug)]
pub struct PageData {
    /// The whole board (current, or as of the instant asked for).
    pub board: Arc<Board>,
    pub filter: BoardFilter,
    /// Set when the page shows the board as it was at a past instant (`?as_of=`).
    pub as_of: Option<String>,
    /// Draft copy posted to the claim checker without JavaScript.
    pub draft: Option<String>,
    /// Why a posted draft could not be read (too large, a malformed form), said on the page.
    pub draft_problem: Option<String>,
    /// The model of labelled copy the board joins with its claim rules (`serve
    /// --claims-model`); `None`: the rules alone.
    pub claims_model: Option<Arc<readiness::claims::model::Reader>>,
    /// `https://host` as the reader reached it, for copyable badge snippets.
    pub origin: String,
    /// The latest changes, newest first ("What changed").
    pub recent: Vec<ChangeLine>,
    /// `?view=operator`: operator detail (variable names, commands) shown unfolded.
    pub operator: bool,
    /// The board's version when rendered, which an open page polls to stay live.
    pub version: String,
    /// What filters run on, built once per board (the page also carries it to the browser).
    pub index: Arc<readiness::FilterIndex>,
    /// The server sends e-mail updates: the page offers the subscribe form.
    pub subscribe: bool,
    /// How many of the rows shown are listed (`rows=`; a large board lists them in steps).
    pub listing: readiness::listing::Listing,
}

/// What a subscription page says (`/subscribe`, `/subscriptions/confirm|manage|unsubscribe`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SubscriptionPage {
    /// The form, alone or again with what was wrong.
    Form {
        address: String,
        chosen: Vec<String>,
        problem: Option<String>,
    },
    /// Sent: the same words whether or not the address was subscribed already.
    Sent {
        address: String,
    },
    /// A confirm link followed: the button that confirms (a link alone never does: mail
    /// scanners open links).
    Confirm {
        token: String,
        scope: String,
    },
    /// A subscription: what it gets, the choices, and the buttons.
    Manage {
        token: String,
        address: String,
        chosen: Vec<String>,
        /// Offers followed that are no longer listed, in the words they had.
        withdrawn: Vec<String>,
        note: Option<String>,
    },
    Unsubscribed,
    /// A link no subscription has: unsubscribed, expired or mistyped.
    Expired,
    /// Too many requests from this network for now.
    TooMany,
}

/// `/proofs/{id}`: a stored proof record as its receipt shows it (its evidence redacted again
/// by the server), and what it stands for on the board now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReceiptPage {
    pub id: u64,
    pub system: String,
    /// The system's name on the board, if the catalog still has it.
    pub system_name: Option<String>,
    pub outcome: readiness::Outcome,
    pub recorded_at: time::OffsetDateTime,
    pub source: readiness::ProofSource,
    pub duration_ms: Option<u64>,
    pub output_sha256: Option<String>,
    pub evidence: String,
    /// [`readiness::receipt::standing`]: what the record stands for on the board now.
    pub standing: String,
}

/// One change as the page shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChangeLine {
    pub id: String,
    pub at: time::OffsetDateTime,
    pub text: String,
}

/// The `/changes` page: the changes chosen and the filter that chose them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChangesPage {
    pub changes: Vec<ChangeLine>,
    pub motion: Option<String>,
    pub system: Option<String>,
    /// `?motion=ID` or `?system=ID` (or empty): the feed of the same changes.
    pub feed_query: String,
    /// The team's record (`?view=operator`), in its words; else the buyer's.
    pub team: bool,
}

impl PageData {
    /// The page's own address with the same filters (and `as_of`), for permalinks and form actions.
    pub fn permalink(&self) -> String {
        self.filter.page_href(self.as_of.as_deref(), self.operator)
    }

    /// The same page with no filter ("Clear all"): a past view stays in the past.
    pub fn cleared(&self) -> String {
        BoardFilter::default().page_href(self.as_of.as_deref(), self.operator)
    }
}
