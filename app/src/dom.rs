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

/// The island `name` is live: its `leptos-island` elements say `data-live="true"` (`""` while
/// only started: see `live::swap`), and once
/// every `leptos-island` of the page does, `main#main` says `data-hydrated="true"`, what tests
/// and `smoke` wait for. Found by attack (issue 25): it was set before any island ran, then by
/// a count of islands that a page with one island removed or renamed still reached.
#[cfg(feature = "hydrate")]
pub fn island_live(name: &str) {
    let document = leptos::prelude::document();
    let own = format!("leptos-island[data-component^='{name}_']");
    if let Ok(own) = document.query_selector_all(&own) {
        for at in 0..own.length() {
            if let Some(island) = own.item(at) {
                let island: &web_sys::Element = wasm_bindgen::JsCast::unchecked_ref(&island);
                let _ = island.set_attribute("data-live", "true");
            }
        }
    }
    if let (Ok(None), Some(main)) = (
        document.query_selector("leptos-island:not([data-live='true'])"),
        document.get_element_by_id("main"),
    ) {
        let _ = main.set_attribute("data-hydrated", "true");
    }
}
