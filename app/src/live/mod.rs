//! The live board island. It wraps the board page and provides what a filter shows ([`Shown`])
//! to the small islands inside it, which render the counts, the result sentence, the no-match
//! state and the permalink with the same `view!` on the server and in the browser. In the
//! browser it filters the server-rendered board from the index sent with the page and the same
//! `readiness` rules as the server, so a filter change makes no request; and it keeps an open
//! page current by polling the board's version (an ETag'd 304 while nothing changes) and
//! swapping in the new board, keeping the filters, focus and the claim checker's draft. Without
//! wasm the filter form submits and the page is as of its load.

use leptos::prelude::*;

#[cfg(feature = "hydrate")]
mod events;
#[cfg(feature = "hydrate")]
mod form;
mod islands;
#[cfg(feature = "hydrate")]
mod listed;
#[cfg(feature = "hydrate")]
mod more;
#[cfg(feature = "hydrate")]
mod place;
#[cfg(feature = "hydrate")]
mod poll;
#[cfg(feature = "hydrate")]
mod rows;
#[cfg(feature = "hydrate")]
mod show;
mod shown;
#[cfg(feature = "hydrate")]
mod start;
#[cfg(feature = "hydrate")]
mod swap;

pub use islands::{ActiveFilter, MoreRows, NoMatch, Permalink, ResultCount, SummaryCounts};
pub use shown::{provide_shown, Shown};

/// The board page's content. On the server, the page provides the [`Shown`] it rendered (as a
/// `Memo<Shown>`); in the browser, this island provides a memo of the filter and the index in
/// its place. No props (they would need a JSON decoder in the wasm): the index, version and
/// title come from [`IndexData`]'s attributes.
#[island]
pub fn LiveBoard(children: Children) -> impl IntoView {
    #[cfg(feature = "hydrate")]
    start::start();
    children()
}

/// What the live board needs from the page, in the results region (so a swapped-in page brings
/// its own): the filter index as [`readiness::FilterIndex::encode`] text, the board's version when rendered
/// (`GET /api/board/version`), the title without a filter, whether the page is live (a past
/// view, `as_of`, is not: the past does not change) and the server's origin.
#[component]
pub fn IndexData(
    /// [`readiness::FilterIndex::encode`] of the whole board.
    index: String,
    version: String,
    title: String,
    live: bool,
    /// The origin the server wrote the permalink with, which the islands hydrate against.
    origin: String,
) -> impl IntoView {
    view! {
        <div id="filter-index" hidden data-index=index data-version=version
            data-title=title data-live=live.to_string() data-origin=origin></div>
    }
}
