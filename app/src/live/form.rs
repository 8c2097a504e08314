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

/// Whether the reader changed a field before the page became interactive (or the browser
/// restored one): it no longer holds what the server rendered into it. `Some(true)` when a
/// select changed (a choice), `Some(false)` when only text did.
pub fn changed_since_rendered() -> Option<bool> {
    let (mut chose, mut typed) = (false, false);
    for (id, _) in FIELDS {
        let Some(el) = document().get_element_by_id(id) else {
            continue;
        };
        if let Some(select) = el.dyn_ref::<HtmlSelectElement>() {
            let options = select.options();
            chose |= (0..options.length())
                .filter_map(|at| options.get_with_index(at))
                .filter_map(|o| o.dyn_into::<web_sys::HtmlOptionElement>().ok())
                .any(|o| o.selected() != o.default_selected());
        } else if let Some(input) = el.dyn_ref::<HtmlInputElement>() {
            typed |= input.value() != input.default_value();
        }
    }
    (chose || typed).then_some(chose)
}

/// The last value of `key` in the address bar: a repeated key means its last value, as on the
/// server (found by attack: `get` gave the first).
pub fn last_param(key: &str) -> Option<String> {
    let search = window().location().search().unwrap_or_default();
    let params = web_sys::UrlSearchParams::new_with_str(&search).ok()?;
    params.get_all(key).pop().as_string()
}

/// The filters the address bar holds (after back/forward).
pub fn from_location() -> BoardFilter {
    BoardFilter::from_pairs(
        QUERY_KEYS
            .iter()
            .filter_map(|key| last_param(key).map(|v| (*key, v))),
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
fn view_motion() -> Option<String> {
    let view = document().query_selector("section.motion-view").ok()??;
    view.get_attribute("data-motion")
}

/// Whether the page already shows the view `filter` asks for (motion ids match in any case; a
/// motion the board does not have is shown on the board view, as the server does).
pub fn shows_view_of(filter: &BoardFilter, index: &readiness::FilterIndex) -> bool {
    let known = |id: &&str| index.motions.iter().any(|m| m.id.eq_ignore_ascii_case(id));
    match (filter.motion.as_deref().filter(known), view_motion()) {
        (None, None) => true,
        (Some(wanted), Some(shown)) => wanted.eq_ignore_ascii_case(&shown),
        _ => false,
    }
}

/// The past instant the page shows, if it is a past view.
pub fn as_of() -> Option<String> {
    let el = document()
        .query_selector("#filters input[name=as_of]")
        .ok()??;
    el.dyn_into::<HtmlInputElement>().ok().map(|i| i.value())
}

/// Whether the page is the operator view, as the server rendered its filter form: a draft
/// posted to bare `/` opens the team's view at an address without `view=` (found by attack:
/// the page's links then led to the buyer's page, and the first live update swapped it in and
/// lost the draft).
fn operator_view() -> bool {
    let view = document()
        .query_selector("#filters input[name=view]")
        .ok()
        .flatten()
        .and_then(|el| el.get_attribute("value"))
        .or_else(|| last_param("view"));
    view.is_some_and(|v| BoardFilter::is_operator_view(&v))
}

/// The page's address for `filter`, with the past instant if the page shows one and the
/// operator view if it is on (as the server writes its permalink).
pub fn href(filter: &BoardFilter) -> String {
    filter.page_href(as_of().as_deref(), operator_view())
}

/// An operator view at an address without `view=` (a draft posted to bare `/`) takes the
/// view's own address, so the live update, which fetches the address, keeps the team's view
/// and the draft.
pub fn settle_address(filter: &BoardFilter) {
    if last_param("view").is_some() || !operator_view() {
        return;
    }
    if let Ok(history) = window().history() {
        let href = href(filter);
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&href));
    }
}
