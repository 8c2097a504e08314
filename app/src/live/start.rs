//! The live board coming alive in the browser: the filter (from the address) and the page's
//! index as signals, a memo of what they show provided to the small islands, the rows kept in
//! step, the reader's events heard and, on a current board, the version polled.

use super::{events, form, poll, show, swap, Shown};
use leptos::prelude::*;
use readiness::listing::Listing;
use readiness::BoardFilter;

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
    // How many rows a large board lists, for the filter it was asked for (`rows=` in the
    // address, then "List more"); another filter lists the first step again.
    let asked = Listing::asked(form::last_param("rows").as_deref(), total);
    ASKED.set(Some((filter.get_untracked(), asked)));
    let more = Trigger::new();
    let listing = move || {
        more.track();
        ASKED.with_borrow_mut(|asked| filter.with(|now| listing_of(asked, now)))
    };
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
        shown.with(|shown| index.with_untracked(|index| show::show(index, shown, &title)));
    });
    events::listen(filter, index);
    events::on_list_more(move || {
        let now = filter.get_untracked();
        let next = ASKED.with_borrow_mut(|asked| listing_of(asked, &now).next());
        ASKED.set(Some((now, next)));
        more.notify();
    });
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

thread_local! {
    /// The listing asked for one filter (a plain cell and a [`Trigger`], not a signal of its
    /// own type: each signal type costs the wasm its own copy of the signal code).
    static ASKED: std::cell::RefCell<Option<(BoardFilter, Listing)>> = const { std::cell::RefCell::new(None) };
}

/// How many rows `now` lists, given the listing asked for one filter: another filter lists one
/// step, and forgets what was asked (back to a filter is a new start, as its address says).
fn listing_of(asked: &mut Option<(BoardFilter, Listing)>, now: &BoardFilter) -> Listing {
    match asked {
        Some((asked_for, listing)) if asked_for == now => *listing,
        _ => {
            *asked = None;
            Listing::default()
        }
    }
}
