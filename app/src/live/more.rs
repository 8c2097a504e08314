//! How many rows a large board lists in the browser (`readiness::listing`): what the address
//! asks (`rows=`), then one step more at each "List more", for the filter it was asked for;
//! another filter lists the first step again. Kept in the address, so a reload, Back and
//! Forward list what the address says (found by attack: `/?rows=150` listed 50 after Back).

use super::{events, form, Shown};
use leptos::prelude::*;
use readiness::listing::Listing;
use readiness::BoardFilter;
use std::cell::RefCell;
use wasm_bindgen::JsCast;

thread_local! {
    /// The listing asked for one filter (a plain cell and a [`Trigger`], not a signal of its
    /// own type: each signal type costs the wasm its own copy of the signal code).
    static ASKED: RefCell<Option<(BoardFilter, Listing)>> = const { RefCell::new(None) };
}

/// The listing now, tracked by the returned closure, starting from the address; and the
/// trigger that says it changed.
pub fn listing(
    filter: RwSignal<BoardFilter>,
    total: usize,
) -> (impl Fn() -> Listing + Copy, Trigger) {
    let more = Trigger::new();
    from_address(filter.get_untracked(), total);
    let listing = move || {
        more.track();
        ASKED.with_borrow_mut(|asked| filter.with(|now| listing_of(asked, now)))
    };
    (listing, more)
}

/// Back and forward list what the address asks; "List more" lists one step more in place.
pub fn listen(filter: RwSignal<BoardFilter>, shown: Memo<Shown>, more: Trigger, total: usize) {
    events::on(&window(), "popstate", move |_| {
        from_address(form::from_location(), total);
        more.notify();
    });
    events::on_list_more(move || {
        let now = filter.get_untracked();
        let (listed, href) = shown.with_untracked(|s| (s.listed, s.more_href.clone()));
        let next = ASKED.with_borrow_mut(|asked| listing_of(asked, &now).next());
        ASKED.set(Some((now, next)));
        if let Ok(history) = window().history() {
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&href));
        }
        more.notify();
        // Once the rows are listed (the effect runs before the next task), the reader is taken
        // to the first of them: the link they pressed may be gone (the last step).
        set_timeout(move || focus_row(listed), std::time::Duration::ZERO);
    });
}

fn from_address(filter: BoardFilter, total: usize) {
    let asked = Listing::asked(form::last_param("rows").as_deref(), total);
    ASKED.set(Some((filter, asked)));
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

/// Focuses the row header of the table's row at `at`, if there is one.
fn focus_row(at: usize) {
    let selector = format!(".systems-table tbody tr:nth-child({}) th", at + 1);
    let Ok(Some(cell)) = document().query_selector(&selector) else {
        return;
    };
    let _ = cell.set_attribute("tabindex", "-1");
    if let Ok(cell) = cell.dyn_into::<web_sys::HtmlElement>() {
        let _ = cell.focus();
    }
}
