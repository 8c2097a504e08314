//! A filter's outcome in the browser: computed into [`Shown`] (the small islands render it),
//! and shown on what no island renders: the rows and motion cards it excludes hidden, the
//! table hidden when empty, the title, and "Clear all" enabled while a filter is set.

use super::{form, Shown};
use leptos::prelude::document;
use readiness::listing::Listing;
use readiness::{BoardFilter, FilterIndex};
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

/// What `filter` shows of `index` at `origin`, listing as `listing` says, with the browser's
/// lower-casing and the motion named as the form's option names it.
pub fn shown(index: &FilterIndex, filter: &BoardFilter, at: (&str, Listing)) -> Shown {
    let outcome = index.apply_with(filter, |text| {
        js_sys::JsString::from(text).to_lower_case().into()
    });
    let motion = filter.motion.as_deref().and_then(motion_name);
    Shown::of(index, filter, outcome, motion.as_deref(), at, form::href)
}

pub fn show(index: &FilterIndex, shown: &Shown, title: &str) {
    let outcome = &shown.outcome;
    super::rows::show_only(index, &outcome.systems, &outcome.motions, shown.listed);
    let doc = document();
    if let Some(table) = doc
        .query_selector(".systems .table-scroll")
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<HtmlElement>().ok())
    {
        table.set_hidden(outcome.systems.is_empty());
    }
    let wanted = match shown.filtered {
        true => format!("{title} \u{2014} filtered"),
        false => title.to_owned(),
    };
    // Setting the title costs the browser more than reading it (0.4 ms a change, measured).
    if doc.title() != wanted {
        doc.set_title(&wanted);
    }
    if let Some(clear) = doc
        .query_selector("[data-role=clear-filters]")
        .ok()
        .flatten()
    {
        let disabled = if shown.filtered { "false" } else { "true" };
        let _ = clear.set_attribute("aria-disabled", disabled);
    }
}

/// The motion `id` as the filter form's option names it (found by test: the option chosen may
/// already be another one, picked while the wasm loaded).
fn motion_name(id: &str) -> Option<String> {
    let select = document().get_element_by_id("filter-motion")?;
    let options = select
        .dyn_into::<web_sys::HtmlSelectElement>()
        .ok()?
        .options();
    (0..options.length())
        .filter_map(|at| options.get_with_index(at))
        .filter_map(|o| o.dyn_into::<web_sys::HtmlOptionElement>().ok())
        .find(|o| !o.value().is_empty() && o.value().eq_ignore_ascii_case(id))
        .and_then(|o| o.text_content())
}
