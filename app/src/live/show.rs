//! Shows a filter's outcome on the server-rendered board: hides the rows and motion cards it
//! excludes and rewrites the counts, the result sentence, the no-match state, the title and the
//! permalink, with the same words the server renders.

use leptos::prelude::{document, window};
use readiness::answer::count_sentence;
use readiness::{BoardFilter, FilterIndex, Status};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

pub fn show(index: &FilterIndex, filter: &BoardFilter, title: &str) {
    let outcome = index.apply_with(filter, |text| {
        js_sys::JsString::from(text).to_lower_case().into()
    });
    super::rows::show_only(index, &outcome.systems, &outcome.motions);

    let total = index.systems.len();
    let filtered = !filter.is_empty();
    let matched = outcome.systems.len();
    let systems_count = if filtered {
        format!("{matched} of {total}")
    } else {
        total.to_string()
    };
    set_text("[data-role=count-systems] .count-value", &systems_count);
    for status in Status::ALL {
        let selector = format!("[data-role=count-{}] .count-value", status.as_str());
        set_text(&selector, &outcome.summary.of(status).to_string());
    }
    set_text("#result-count", &count_sentence(matched, total, filtered));
    set_text(
        "#no-match-reason",
        outcome.no_match.as_deref().unwrap_or_default(),
    );
    set_hidden("#no-match", outcome.no_match.is_none());
    set_hidden(".systems .table-scroll", matched == 0);
    let described = filter.describe_with(chosen_motion_name().as_deref());
    set_text("#active-filter-words", &described);
    set_hidden("#active-filter", described.is_empty());

    let doc = document();
    doc.set_title(&if filtered {
        format!("{title} \u{2014} filtered")
    } else {
        title.to_owned()
    });
    let origin = window().location().origin().unwrap_or_default();
    let link = format!("{origin}{}", super::form::href(filter));
    if let Some(a) = query("[data-role=permalink]") {
        let _ = a.set_attribute("href", &link);
        a.set_text_content(Some(&link));
    }
    if let Some(clear) = query("[data-role=clear-filters]") {
        let _ = clear.set_attribute("aria-disabled", if filtered { "false" } else { "true" });
    }
}

fn query(selector: &str) -> Option<Element> {
    document().query_selector(selector).ok().flatten()
}

fn set_text(selector: &str, text: &str) {
    if let Some(el) = query(selector) {
        if el.text_content().as_deref() != Some(text) {
            el.set_text_content(Some(text));
        }
    }
}

fn set_hidden(selector: &str, hidden: bool) {
    if let Some(el) = query(selector).and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
        el.set_hidden(hidden);
    }
}

/// The name of the motion the filter form has chosen, as its option says.
fn chosen_motion_name() -> Option<String> {
    let select = document().get_element_by_id("filter-motion")?;
    let select = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlSelectElement>(select).ok()?;
    let at = u32::try_from(select.selected_index()).ok()?;
    let option = select.options().get_with_index(at)?;
    (!select.value().is_empty())
        .then(|| option.text_content())
        .flatten()
}
