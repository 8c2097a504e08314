//! The wasm entry point: hydrates the board's islands (filters, claim checker, theme toggle).

// Linked for its `#[island]` exports, which `hydrate_islands` finds by name.
pub use app::{ClaimResults, LiveBoard, ThemeToggle};

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
