//! The reader's place in the results region (the operator details they opened, the element
//! they focused, the claim checker's draft), taken before new HTML replaces the region and put
//! back after, so a live update or a change of motion view never loses it (found by attack).

use leptos::prelude::document;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlTextAreaElement};

/// An element found again by an anchor (`[data-system="x"]` or `#id`), a tag, and its position
/// among the anchor's elements of that tag.
struct FoundAgain {
    anchor: String,
    tag: String,
    nth: u32,
}

pub struct Place {
    open: Vec<FoundAgain>,
    /// The focused element, and its `tabindex` when it had one: an element made focusable in
    /// the browser (a row header "List more" moved to, `more.rs`) is made so again in the new
    /// page (found by attack: focus fell to the body).
    focus: Option<(FoundAgain, Option<String>)>,
    draft: Option<String>,
}

/// The place now. For a change of view (`new_view`), the claim checker's draft is taken (it will
/// be replaced) but not the open details: the new view decides those, as the server does.
pub fn take(new_view: bool) -> Place {
    let opened = (!new_view)
        .then(|| {
            document()
                .query_selector_all("#board-results details[open]")
                .ok()
        })
        .flatten();
    let open = opened.map_or_else(Vec::new, |list| {
        (0..list.length())
            .filter_map(|at| list.item(at)?.dyn_into::<Element>().ok())
            .filter_map(|el| found_again_by(&el))
            .collect()
    });
    let focus = document()
        .active_element()
        .filter(|el| el.closest("#board-results").ok().flatten().is_some())
        .and_then(|el| Some((found_again_by(&el)?, el.get_attribute("tabindex"))));
    let draft = new_view.then(draft_box).flatten().map(|t| t.value());
    Place { open, focus, draft }
}

impl Place {
    pub fn restore(self) {
        for spot in &self.open {
            if let Some(el) = find(spot) {
                let _ = el.set_attribute("open", "");
            }
        }
        if let (Some(draft), Some(textarea)) = (self.draft, draft_box()) {
            textarea.set_value(&draft);
        }
        let Some((spot, tabindex)) = self.focus else {
            return;
        };
        if let Some(el) = find(&spot) {
            if let (Some(tabindex), false) = (tabindex, el.has_attribute("tabindex")) {
                let _ = el.set_attribute("tabindex", &tabindex);
            }
            if document().active_element().as_ref() != Some(&el) {
                if let Ok(el) = el.dyn_into::<HtmlElement>() {
                    let _ = el.focus();
                }
            }
        }
    }
}

fn draft_box() -> Option<HtmlTextAreaElement> {
    document().get_element_by_id("claim-copy")?.dyn_into().ok()
}

fn found_again_by(el: &Element) -> Option<FoundAgain> {
    let anchor = el.closest("[data-system], [id]").ok()??;
    let selector = match anchor.get_attribute("data-system") {
        Some(system) => format!("[data-system=\"{system}\"]"),
        None => format!("#{}", anchor.id()),
    };
    let tag = el.tag_name().to_ascii_lowercase();
    if anchor == *el {
        let nth = u32::MAX;
        return Some(FoundAgain {
            anchor: selector,
            tag,
            nth,
        });
    }
    let list = anchor.query_selector_all(&tag).ok()?;
    let nth = (0..list.length()).find(|&at| list.item(at).as_ref() == Some(el.as_ref()))?;
    Some(FoundAgain {
        anchor: selector,
        tag,
        nth,
    })
}

fn find(spot: &FoundAgain) -> Option<Element> {
    let anchor = document().query_selector(&spot.anchor).ok()??;
    if spot.nth == u32::MAX {
        return Some(anchor);
    }
    anchor
        .query_selector_all(&spot.tag)
        .ok()?
        .item(spot.nth)?
        .dyn_into()
        .ok()
}
