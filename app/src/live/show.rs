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
    let systems: Vec<&str> = outcome
        .systems
        .iter()
        .map(|&at| index.systems[at].id.as_str())
        .collect();
    let motions: Vec<&str> = outcome
        .motions
        .iter()
        .map(|&at| index.motions[at].id.as_str())
        .collect();
    hide_unless(".systems-table tr[data-system]", "data-system", &systems);
    hide_unless(".motion-list article[data-motion]", "data-motion", &motions);

    let total = index.systems.len();
    let filtered = !filter.is_empty();
    let matched = outcome.systems.len();
    let systems_count = if filtered {
        format!("{matched} of {total}")
    } else {
        total.to_string()
    };
    set_text("[data-testid=count-systems] .count-value", &systems_count);
    for status in Status::ALL {
        let selector = format!("[data-testid=count-{}] .count-value", status.as_str());
        set_text(&selector, &outcome.summary.of(status).to_string());
    }
    set_text("#result-count", &count_sentence(matched, total, filtered));
    set_text(
        "#no-match-reason",
        outcome.no_match.as_deref().unwrap_or_default(),
    );
    set_hidden("#no-match", outcome.no_match.is_none());
    let described = filter.describe();
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
    if let Some(a) = query("[data-testid=permalink]") {
        let _ = a.set_attribute("href", &link);
        a.set_text_content(Some(&link));
    }
    if let Some(clear) = query("[data-testid=clear-filters]") {
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

/// Hides every element matching `selector` whose `attribute` is not in `shown`. Both are in
/// board order, so one pass over each finds every match.
fn hide_unless(selector: &str, attribute: &str, shown: &[&str]) {
    let Ok(list) = document().query_selector_all(selector) else {
        return;
    };
    let mut next = shown.iter().peekable();
    for at in 0..list.length() {
        let Some(el) = list.item(at).and_then(|n| n.dyn_into::<HtmlElement>().ok()) else {
            continue;
        };
        let id = el.get_attribute(attribute).unwrap_or_default();
        let hide = next.peek() != Some(&&id.as_str());
        if !hide {
            next.next();
        }
        if el.hidden() != hide {
            el.set_hidden(hide);
        }
    }
}
