//! Reading form values from the DOM, for islands that must start from what the browser holds.

/// The window event the live board sends when it gave the kept claim checker new rules.
#[cfg(feature = "hydrate")]
pub const RULES_CHANGED: &str = "claim-rules-changed";

/// The value of the textarea with `id`, if the page has one.
pub fn textarea_value(id: &str) -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let el = leptos::prelude::document().get_element_by_id(id)?;
        el.dyn_into::<web_sys::HtmlTextAreaElement>()
            .ok()
            .map(|t| t.value())
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = id;
        None
    }
}

/// The value of an input event's target when the target has `id`.
pub fn input_value_if(ev: &leptos::ev::Event, id: &str) -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let target = ev.target()?.dyn_into::<web_sys::Element>().ok()?;
        (target.id() == id).then(|| leptos::prelude::event_target_value(ev))
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (ev, id);
        None
    }
}

/// One more island of the page is live; once every `leptos-island` is, `main#main` says
/// `data-hydrated="true"`, what tests and `smoke` wait for. Found by attack (issue 25): it was set
/// before any island ran, so a page whose islands never hydrated still said it was interactive.
#[cfg(feature = "hydrate")]
pub fn island_live() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static LIVE: AtomicUsize = AtomicUsize::new(0);
    let live = LIVE.fetch_add(1, Ordering::Relaxed) + 1;
    let document = leptos::prelude::document();
    let islands = document
        .query_selector_all("leptos-island")
        .map_or(0, |all| all.length() as usize);
    if live >= islands {
        if let Some(main) = document.get_element_by_id("main") {
            let _ = main.set_attribute("data-hydrated", "true");
        }
    }
}
