//! The live board coming alive in the browser: the filter (from the address) and the page's
//! index as signals, a memo of what they show provided to the small islands, the rows kept in
//! step, the reader's events heard and, on a current board, the version polled.

use super::{events, form, poll, show, swap, Shown};
use leptos::prelude::*;

pub fn start() {
    Effect::new(|_| crate::dom::island_live("LiveBoard"));
    let Some(first) = swap::page_index() else {
        return;
    };
    let data = |name: &str| {
        let el = document().get_element_by_id("filter-index");
        el.and_then(|el| el.get_attribute(name)).unwrap_or_default()
    };
    let (title, live) = (data("data-title"), data("data-live") == "true");
    // The address, not the form: a select cannot hold an owner that does not exist, and the
    // page must keep saying so (found by test).
    let filter = RwSignal::new(form::from_location());
    filter.with_untracked(form::settle_address);
    let total = first.systems.len();
    let index = RwSignal::new(first);
    // How many rows a large board lists (`more.rs`).
    let (listing, more) = super::more::listing(filter, total);
    // The small islands hydrate against what the server rendered: the same index and filter, and
    // the server's origin (text a hydration finds is kept as it is, not compared).
    let (origin, set_origin) = signal(data("data-origin"));
    let shown: Memo<Shown> = Memo::new(move |_| {
        let listing = listing();
        let at = |index: &_| {
            filter.with(|filter| origin.with(|o| show::shown(index, filter, (o, listing))))
        };
        index.with(at)
    });
    super::shown::provide_shown(shown);
    Effect::new(move |_| {
        // The index too: a swapped-in page lists and hides rows as it was rendered (for the
        // filter its request had, which may be gone), even when what is shown did not change
        // (found by attack: a live update shrank a longer listing back to its first step).
        shown.with(|shown| index.with(|index| show::show(index, shown, &title)));
    });
    events::listen(filter, index);
    super::more::listen(filter, shown, more, total);
    // Once they have (they hydrate in the same task, this runs in the next one), the page takes
    // the browser's origin and what the reader chose while the wasm loaded.
    set_timeout(
        move || {
            set_origin.set(window().location().origin().unwrap_or_default());
            events::catch_up(filter, index);
        },
        std::time::Duration::ZERO,
    );
    if live {
        poll::start(data("data-version"), index);
    }
}
