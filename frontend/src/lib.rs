//! The wasm entry point: hydrates the board's islands (filters, claim checker, theme toggle).

// Linked for its `#[island]` exports, which `hydrate_islands` finds by name.
pub use app::{ClaimResults, LiveBoard, ThemeToggle};

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = console)]
    fn error(message: &str);
}

/// A panic's message and place in the browser's console, which is what a bug report needs,
/// without `console_error_panic_hook`'s formatting of the whole panic info and a JavaScript
/// stack: 0.7 KB of the bundle, which the claim checker's rules needed (issue 23).
fn report_panic(info: &std::panic::PanicHookInfo<'_>) {
    let mut message = String::from("panicked: ");
    message.push_str(info.payload_as_str().unwrap_or("(no message)"));
    if let Some(place) = info.location() {
        message.push_str(" at ");
        message.push_str(place.file());
        message.push(':');
        message.push_str(&place.line().to_string());
    }
    error(&message);
}

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    std::panic::set_hook(Box::new(report_panic));
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
