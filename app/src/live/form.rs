//! The filter form and the URL: reading what the form holds, writing what a URL says back into
//! it, and which motion the page's current view shows.

use leptos::prelude::{document, window};
use readiness::{filter::QUERY_KEYS, BoardFilter};
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};

/// The form's fields: element id and query key, in the order of [`QUERY_KEYS`].
pub const FIELDS: [(&str, &str); 4] = [
    ("filter-owner", QUERY_KEYS[0]),
    ("filter-motion", QUERY_KEYS[1]),
    ("filter-status", QUERY_KEYS[2]),
    ("filter-text", QUERY_KEYS[3]),
];

fn field_value(id: &str) -> Option<String> {
    let el = document().get_element_by_id(id)?;
    if let Some(s) = el.dyn_ref::<HtmlSelectElement>() {
        return Some(s.value());
    }
    el.dyn_ref::<HtmlInputElement>().map(|i| i.value())
}

/// The filters as the form holds them now.
pub fn read() -> BoardFilter {
    BoardFilter::from_pairs(
        FIELDS
            .iter()
            .filter_map(|(id, key)| field_value(id).map(|v| (*key, v))),
    )
}

/// The filters the address bar holds (after back/forward).
pub fn from_location() -> BoardFilter {
    let search = window().location().search().unwrap_or_default();
    let Ok(params) = web_sys::UrlSearchParams::new_with_str(&search) else {
        return BoardFilter::default();
    };
    BoardFilter::from_pairs(
        QUERY_KEYS
            .iter()
            .filter_map(|key| params.get(key).map(|v| (*key, v))),
    )
}

/// Sets every field to `filter`'s value (an unknown select value shows "any").
pub fn write(filter: &BoardFilter) {
    let values = [&filter.owner, &filter.motion, &filter.status, &filter.text];
    for ((id, _), value) in FIELDS.iter().zip(values) {
        let value = value.as_deref().unwrap_or_default();
        let Some(el) = document().get_element_by_id(id) else {
            continue;
        };
        if let Some(select) = el.dyn_ref::<HtmlSelectElement>() {
            // Owner and status match in any case, like the filter itself.
            let options = select.options();
            let chosen = (0..options.length())
                .filter_map(|at| options.get_with_index(at))
                .filter_map(|o| o.dyn_into::<web_sys::HtmlOptionElement>().ok())
                .map(|o| o.value())
                .find(|v| v.eq_ignore_ascii_case(value));
            select.set_value(&chosen.unwrap_or_default());
        } else if let Some(input) = el.dyn_ref::<HtmlInputElement>() {
            input.set_value(value);
        }
    }
}

/// The motion whose motion view the page shows, if it shows one.
pub fn view_motion() -> Option<String> {
    let view = document().query_selector("section.motion-view").ok()??;
    view.get_attribute("data-motion")
}

/// The past instant the page shows, if it is a past view.
pub fn as_of() -> Option<String> {
    let el = document()
        .query_selector("#filters input[name=as_of]")
        .ok()??;
    el.dyn_into::<HtmlInputElement>().ok().map(|i| i.value())
}

/// The page's address for `filter`, with the past instant if the page shows one.
pub fn href(filter: &BoardFilter) -> String {
    filter.to_href_at(as_of().as_deref())
}
