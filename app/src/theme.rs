//! Light and dark themes: `prefers-color-scheme` by default, and a toggle that persists the
//! reader's choice in `localStorage`. A tiny inline script (with the page's CSP nonce) applies a
//! stored choice before first paint, so there is no flash and no layout shift.

use leptos::prelude::*;

const STORAGE_KEY: &str = "vendor-readiness-theme";

/// Applies a stored theme to `<html data-theme>` before the stylesheet paints.
#[component]
pub fn ThemeScript() -> impl IntoView {
    let nonce = leptos::nonce::use_nonce();
    let script = format!(
        "try{{var t=localStorage.getItem('{STORAGE_KEY}');if(t==='light'||t==='dark')document.documentElement.dataset.theme=t}}catch(e){{}}"
    );
    view! { <script nonce=nonce>{script}</script> }
}

/// Cycles auto -> light -> dark. Hidden until wasm runs: without JavaScript it could not work.
#[island]
pub fn ThemeToggle() -> impl IntoView {
    // Empty until the wasm runs (then the theme in force): the button is hidden while empty. One
    // `String` signal, the type the claim checker's draft has (each signal type costs the wasm
    // its own copy of the signal code).
    let (theme, set_theme) = signal(String::new());
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        {
            crate::dom::island_live("ThemeToggle");
            let current = document()
                .document_element()
                .and_then(|e| e.get_attribute("data-theme"))
                .unwrap_or_else(|| "auto".to_owned());
            set_theme.set(current);
        }
    });
    let shown = move || {
        theme.with(|t| {
            if t.is_empty() {
                "auto".to_owned()
            } else {
                t.clone()
            }
        })
    };
    let cycle = move |_| {
        let next = match shown().as_str() {
            "auto" => "light",
            "light" => "dark",
            _ => "auto",
        };
        set_theme.set(next.to_owned());
        #[cfg(feature = "hydrate")]
        apply(next);
    };
    view! {
        <button type="button" class="theme-toggle" data-testid="theme-toggle" hidden=move || theme.with(String::is_empty)
            on:click=cycle aria-label=move || format!("Colour theme: {}. Change theme", shown())>
            {move || format!("Theme: {}", shown())}
        </button>
    }
}

#[cfg(feature = "hydrate")]
fn apply(theme: &str) {
    let Some(root) = document().document_element() else {
        return;
    };
    let storage = window().local_storage().ok().flatten();
    if theme == "auto" {
        let _ = root.remove_attribute("data-theme");
        if let Some(s) = storage {
            let _ = s.remove_item(STORAGE_KEY);
        }
    } else {
        let _ = root.set_attribute("data-theme", theme);
        if let Some(s) = storage {
            let _ = s.set_item(STORAGE_KEY, theme);
        }
    }
}
