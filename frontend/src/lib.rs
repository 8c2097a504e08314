//! The wasm entry point: hydrates the board's islands (filters, claim checker, theme toggle).

// Linked for its `#[island]` exports, which `hydrate_islands` finds by name.
pub use app::{ClaimResults, LiveBoard, ThemeToggle};

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
    // Every island is live: say so on every page (found by attack: `/changes`, which has no
    // live board, never did).
    if let Some(main) = leptos::prelude::document().get_element_by_id("main") {
        let _ = main.set_attribute("data-hydrated", "true");
    }
}
