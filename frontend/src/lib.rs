//! The wasm entry point: hydrates the board's islands (filters, claim checker, theme toggle).

// Linked for its `#[island]` exports, which `hydrate_islands` finds by name.
pub use app::{ClaimResults, LiveBoard, ThemeToggle};

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
    // Each island says when it is live (`app::dom::island_live`), and the last one marks the
    // page; a page without islands is live now (found by attack: `/changes` never said so).
    let document = leptos::prelude::document();
    let islands = document
        .query_selector_all("leptos-island")
        .map_or(0, |all| all.length());
    if islands == 0 {
        if let Some(main) = document.get_element_by_id("main") {
            let _ = main.set_attribute("data-hydrated", "true");
        }
    }
}
