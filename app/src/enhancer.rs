//! The enhancer island: applies the filter form in place. It fetches the server-rendered page for
//! the new filters, swaps the results region, keeps the URL and history in step (back/forward
//! restore each filtered state) and announces the new count. Without wasm the form just submits.

use leptos::prelude::*;

#[island]
pub fn Enhancer() -> impl IntoView {
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        browser::enhance();
    });
    view! { <span class="enhancer" hidden></span> }
}

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

#[cfg(feature = "hydrate")]
mod browser {
    use leptos::prelude::{document, set_timeout, window};
    use readiness::BoardFilter;
    use std::cell::Cell;
    use std::time::Duration;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::{JsCast, JsValue};
    use web_sys::{DomParser, Element, HtmlFormElement, SupportedType};

    thread_local! {
        /// Bumped by every navigation and keystroke: a response or timer that is no longer the
        /// latest is dropped, so a slow answer never overwrites a newer one.
        static LATEST: Cell<u32> = const { Cell::new(0) };
    }

    /// The form's fields: element id and query key.
    const FIELDS: [(&str, &str); 4] = [
        ("filter-owner", "owner"),
        ("filter-motion", "motion"),
        ("filter-status", "status"),
        ("filter-text", "q"),
    ];

    pub fn enhance() {
        let Some(form) = document()
            .get_element_by_id("filters")
            .and_then(|f| f.dyn_into::<HtmlFormElement>().ok())
        else {
            return;
        };
        listen(&form, "submit", |ev| {
            ev.prevent_default();
            go(true);
        });
        listen(&form, "change", |ev| {
            if target_id(&ev).as_deref() != Some("filter-text") {
                go(true);
            }
        });
        listen(&form, "input", |ev| {
            if target_id(&ev).as_deref() == Some("filter-text") {
                let mine = bump();
                set_timeout(
                    move || {
                        if LATEST.get() == mine {
                            go(false);
                        }
                    },
                    Duration::from_millis(250),
                );
            }
        });
        listen(&window(), "popstate", |_| {
            let search = window().location().search().unwrap_or_default();
            load(format!("/{search}"), None);
        });
        if let Some(main) = document().get_element_by_id("main") {
            let _ = main.set_attribute("data-hydrated", "true");
        }
    }

    fn listen(target: &web_sys::EventTarget, event: &str, f: impl Fn(web_sys::Event) + 'static) {
        let closure = Closure::<dyn Fn(web_sys::Event)>::new(f);
        let _ = target.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
        // Listeners live as long as the page, like the form they serve.
        closure.forget();
    }

    fn target_id(ev: &web_sys::Event) -> Option<String> {
        ev.target()?.dyn_into::<Element>().ok().map(|e| e.id())
    }

    fn bump() -> u32 {
        LATEST.with(|l| {
            l.set(l.get().wrapping_add(1));
            l.get()
        })
    }

    /// The filters as the form holds them now, as the page's clean URL.
    fn form_href() -> String {
        let value = |id: &str| -> Option<String> {
            let el = document().get_element_by_id(id)?;
            if let Some(s) = el.dyn_ref::<web_sys::HtmlSelectElement>() {
                return Some(s.value());
            }
            el.dyn_ref::<web_sys::HtmlInputElement>().map(|i| i.value())
        };
        let filter = BoardFilter::from_pairs(
            FIELDS
                .iter()
                .filter_map(|(id, key)| value(id).map(|v| (*key, v))),
        );
        let as_of = document()
            .query_selector("#filters input[name=as_of]")
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
            .map(|i| i.value());
        filter.to_href_at(as_of.as_deref())
    }

    /// Applies the form: `push` adds a history entry (a choice), else replaces it (typing).
    fn go(push: bool) {
        let href = form_href();
        let history = window().history().ok();
        if let Some(history) = history {
            let _ = if push {
                history.push_state_with_url(&JsValue::NULL, "", Some(&href))
            } else {
                history.replace_state_with_url(&JsValue::NULL, "", Some(&href))
            };
        }
        load(href, Some(()));
    }

    /// Fetches `href` and swaps in its results; `from_form` is None on back/forward, when the
    /// form's fields must follow the restored URL.
    fn load(href: String, from_form: Option<()>) {
        let mine = bump();
        wasm_bindgen_futures::spawn_local(async move {
            let Ok(html) = fetch_text(&href).await else {
                // Unreachable server: fall back to a normal page load, which shows the error.
                let _ = window().location().set_href(&href);
                return;
            };
            if LATEST.get() != mine {
                return;
            }
            swap(&html, from_form.is_none());
        });
    }

    async fn fetch_text(href: &str) -> Result<String, JsValue> {
        let response = wasm_bindgen_futures::JsFuture::from(window().fetch_with_str(href)).await?;
        let response: web_sys::Response = response.dyn_into()?;
        if !response.ok() {
            return Err(JsValue::from_str("not ok"));
        }
        let text = wasm_bindgen_futures::JsFuture::from(response.text()?).await?;
        text.as_string()
            .ok_or_else(|| JsValue::from_str("not text"))
    }

    fn swap(html: &str, sync_form: bool) {
        let Ok(parser) = DomParser::new() else { return };
        let Ok(new_doc) = parser.parse_from_string(html, SupportedType::TextHtml) else {
            return;
        };
        let doc = document();
        for id in ["board-results", "result-count"] {
            if let (Some(old), Some(new)) =
                (doc.get_element_by_id(id), new_doc.get_element_by_id(id))
            {
                // Move the parsed nodes across rather than serializing and parsing them again.
                old.set_text_content(None);
                while let Some(child) = new.first_child() {
                    let _ = old.append_child(&child);
                }
            }
        }
        doc.set_title(&new_doc.title());
        if sync_form {
            for (id, _) in FIELDS {
                sync_field(&doc, &new_doc, id);
            }
        }
        hydrate_new_islands(&doc);
    }

    /// Sets a live form field to the value the server rendered for the restored URL.
    fn sync_field(doc: &web_sys::Document, new_doc: &web_sys::Document, id: &str) {
        let (Some(old), Some(new)) = (doc.get_element_by_id(id), new_doc.get_element_by_id(id))
        else {
            return;
        };
        if let (Some(old), Some(new)) = (
            old.dyn_ref::<web_sys::HtmlSelectElement>(),
            new.dyn_ref::<web_sys::HtmlSelectElement>(),
        ) {
            old.set_value(&new.value());
        } else if let (Some(old), Some(new)) = (
            old.dyn_ref::<web_sys::HtmlInputElement>(),
            new.dyn_ref::<web_sys::HtmlInputElement>(),
        ) {
            old.set_value(&new.get_attribute("value").unwrap_or_default());
        }
    }

    /// Islands that arrived with the swapped HTML (the claim checker) come alive like the first ones.
    fn hydrate_new_islands(doc: &web_sys::Document) {
        let Ok(hydrate) = js_sys::Reflect::get(&window(), &JsValue::from_str("__hydrateIsland"))
        else {
            return;
        };
        let Some(hydrate) = hydrate.dyn_ref::<js_sys::Function>() else {
            return;
        };
        let Ok(islands) = doc.query_selector_all("#board-results leptos-island") else {
            return;
        };
        for at in 0..islands.length() {
            let Some(el) = islands.item(at).and_then(|n| n.dyn_into::<Element>().ok()) else {
                continue;
            };
            let name = el.get_attribute("data-component").unwrap_or_default();
            let _ = hydrate.call2(&JsValue::NULL, &el, &JsValue::from_str(&name));
        }
    }
}
