//! The live board island. It filters the server-rendered board in the browser, from the index
//! sent with the page and the same `readiness` rules as the server, so a filter change makes no
//! request; and it keeps an open page current by polling the board's version (an ETag'd 304
//! while nothing changes) and swapping in the new board, keeping the filters, focus and the
//! claim checker's draft. Without wasm the filter form submits and the page is as of its load.

use leptos::prelude::*;
use readiness::FilterIndex;

#[cfg(feature = "hydrate")]
mod events;
#[cfg(feature = "hydrate")]
mod form;
#[cfg(feature = "hydrate")]
mod poll;
#[cfg(feature = "hydrate")]
mod show;
#[cfg(feature = "hydrate")]
mod swap;

#[island]
pub fn LiveBoard(
    /// What filters need of the whole board.
    index: FilterIndex,
    /// The board's version when the page was rendered (`GET /api/board/version`).
    version: String,
    /// The page's title without a filter.
    title: String,
    /// False on a past view (`as_of`): the past does not change.
    live: bool,
) -> impl IntoView {
    #[cfg(feature = "hydrate")]
    {
        let filter = RwSignal::new(form::read());
        let index = RwSignal::new(index);
        Effect::new(move |_| {
            index.with(|index| filter.with(|filter| show::show(index, filter, &title)));
        });
        events::listen(filter, index);
        if live {
            poll::start(version, index);
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (index, version, title, live);
    view! { <span class="live-board" hidden></span> }
}
