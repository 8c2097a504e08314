//! The live board island. It filters the server-rendered board in the browser, from the index
//! sent with the page and the same `readiness` rules as the server, so a filter change makes no
//! request; and it keeps an open page current by polling the board's version (an ETag'd 304
//! while nothing changes) and swapping in the new board, keeping the filters, focus and the
//! claim checker's draft. Without wasm the filter form submits and the page is as of its load.

use leptos::prelude::*;

#[cfg(feature = "hydrate")]
mod events;
#[cfg(feature = "hydrate")]
mod form;
#[cfg(feature = "hydrate")]
mod place;
#[cfg(feature = "hydrate")]
mod poll;
#[cfg(feature = "hydrate")]
mod rows;
#[cfg(feature = "hydrate")]
mod show;
#[cfg(feature = "hydrate")]
mod swap;

/// No props (they would need a JSON decoder in the wasm): the index, version and title come
/// from [`IndexData`]'s attributes.
#[island]
pub fn LiveBoard() -> impl IntoView {
    #[cfg(feature = "hydrate")]
    Effect::new(|_| crate::dom::island_live("LiveBoard"));
    #[cfg(feature = "hydrate")]
    if let Some(start) = swap::page_index() {
        let data = |name: &str| {
            let el = document().get_element_by_id("filter-index");
            el.and_then(|el| el.get_attribute(name)).unwrap_or_default()
        };
        let (title, live) = (data("data-title"), data("data-live") == "true");
        // The address, not the form: a select cannot hold an owner that does not exist, and
        // the page must keep saying so (found by test).
        let filter = RwSignal::new(form::from_location());
        filter.with_untracked(form::settle_address);
        let index = RwSignal::new(start);
        Effect::new(move |_| {
            index.with(|index| filter.with(|filter| show::show(index, filter, &title)));
        });
        events::listen(filter, index);
        if live {
            poll::start(data("data-version"), index);
        }
    }
    view! { <span class="live-board" hidden></span> }
}

/// What the live board needs from the page, in the results region (so a swapped-in page brings
/// its own): the filter index as [`readiness::FilterIndex::encode`] text, the board's version when rendered
/// (`GET /api/board/version`), the title without a filter, and whether the page is live (a past
/// view, `as_of`, is not: the past does not change).
#[component]
pub fn IndexData(
    /// [`readiness::FilterIndex::encode`] of the whole board.
    index: String,
    version: String,
    title: String,
    live: bool,
) -> impl IntoView {
    view! {
        <div id="filter-index" hidden data-index=index
            data-version=version data-title=title data-live=live.to_string()></div>
    }
}
