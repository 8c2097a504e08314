//! What a request for the board's page asks, read before anything is rendered: the instant, the
//! view, the rows listed, the filter and the key of the page kept for them. Most requests end at
//! a kept page; rendering is the rare path, boxed by its caller so that the common path's future
//! stays small as it is moved through every layer (issue 24: a `perf` profile of `GET /` put
//! copies of the large rendering future among the server's own costs).

use super::kept_pages::cached;
use super::page_input::BadPage;
use crate::board_cache::Snapshot;
use crate::coded::Asked;
use crate::page_cache::CachedPage;
use crate::state::AppState;
use axum::http::HeaderMap;
use readiness::listing::Listing;
use readiness::BoardFilter;
use std::sync::Arc;
use time::OffsetDateTime;

/// A request for the board's page, resolved.
pub(super) struct PageAsked {
    /// `?as_of=`, as written and as an instant (`None`: now).
    pub as_of: Option<(String, OffsetDateTime)>,
    /// The team's view (`?view=operator`, or a posted draft).
    pub operator: bool,
    /// `?rows=`, as written.
    pub rows: Option<String>,
    pub filter: BoardFilter,
    /// The board now.
    pub snapshot: Arc<Snapshot>,
    /// Where the page for this filter, view and listing is kept with its snapshot.
    pub key: String,
    /// What the reader's request says of the answer: the coding it accepts, the ETag it holds.
    pub reader: Asked,
    /// Whether the page may be kept: the board now, and no draft on it.
    pub keepable: bool,
}

impl PageAsked {
    /// Reads the query `pairs` (`drafted`: a posted draft comes with them) against the board
    /// `now`; a bad `as_of` is the page that says so.
    pub fn of(
        pairs: Vec<(String, String)>,
        drafted: bool,
        headers: &HeaderMap,
        (now, snapshot): (OffsetDateTime, Arc<Snapshot>),
    ) -> Result<Self, BadPage> {
        let as_of = super::as_of::as_of(&pairs, now)
            .map_err(|reason| BadPage::new(format!("{reason}.")))?;
        // A posted draft is the claim checker's, which only the team's view has (a form from
        // before the buyer's view posted to `/`): the page, its form and its links are the team's.
        let last = |key: &str| pairs.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v);
        let operator = drafted || last("view").is_some_and(|v| BoardFilter::is_operator_view(v));
        let rows = last("rows").cloned();
        let filter = BoardFilter::from_pairs(pairs);
        let listed = Listing::asked(rows.as_deref(), snapshot.board.systems.len()).limit();
        Ok(Self {
            keepable: as_of.is_none() && !drafted,
            key: format!("{}#{operator}#{listed}", filter.to_query()),
            as_of,
            operator,
            rows,
            filter,
            snapshot,
            reader: Asked::of(headers),
        })
    }

    /// The page kept for this request, if it may be kept and is (counted as a hit or a miss).
    /// Found, it is kept by the request's query text too (`query`).
    pub fn kept(&self, state: &AppState, query: &str) -> Option<Arc<CachedPage>> {
        if !self.keepable {
            return None;
        }
        let page = cached(state, &self.snapshot, &self.key)?;
        self.snapshot.pages.keep_by_query(query, &page);
        Some(page)
    }
}
