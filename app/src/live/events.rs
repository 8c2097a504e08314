//! What the reader does to the filters: a choice adds a history entry, typing replaces it, back
//! and forward restore, "Clear all" resets and moves focus to the results. Filtering is local;
//! only a change of motion view (a different page section) fetches the page once.

use super::{form, swap};
use leptos::prelude::*;
use readiness::{BoardFilter, FilterIndex};
use std::cell::Cell;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlElement};

thread_local! {
    /// The last key pressed in the form was on a select (not Tab, Enter or Escape).
    static KEYED: Cell<bool> = const { Cell::new(false) };
    /// The current history entry was added by a keyboard step in a select still focused.
    static STEPPING: Cell<bool> = const { Cell::new(false) };
}

pub fn listen(filter: RwSignal<BoardFilter>, index: RwSignal<FilterIndex>) {
    let Some(form_el) = document().get_element_by_id("filters") else {
        return;
    };
    // The form applies itself as it changes: its submit button is for pages without wasm.
    if let Some(button) = html("#filters button[type=submit]") {
        button.set_hidden(true);
    }
    on(&form_el, "submit", move |ev| {
        ev.prevent_default();
        commit(filter, index, true);
    });
    // Stepping through a select's options with the keyboard changes it at every step: the first
    // step adds a history entry, the next ones replace it (one entry per committed choice).
    on(&form_el, "keydown", |ev| {
        let key = ev.dyn_ref::<web_sys::KeyboardEvent>().map(|k| k.key());
        let on_select = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok());
        KEYED.set(
            on_select.is_some() && !matches!(key.as_deref(), Some("Tab" | "Enter" | "Escape")),
        );
    });
    on(&form_el, "focusout", |_| STEPPING.set(false));
    on(&form_el, "change", move |ev| {
        if target_id(&ev).as_deref() != Some("filter-text") {
            let keyed = KEYED.replace(false);
            let push = !(keyed && STEPPING.get());
            STEPPING.set(keyed);
            commit(filter, index, push);
        }
    });
    on(&form_el, "input", move |ev| {
        if target_id(&ev).as_deref() == Some("filter-text") {
            commit(filter, index, false);
        }
    });
    on(&window(), "popstate", move |_| {
        let wanted = form::from_location();
        form::write(&wanted);
        if !index.with_untracked(|index| form::shows_view_of(&wanted, index)) {
            swap::navigate(form::href(&wanted), index);
        }
        filter.set(wanted);
    });
    // Every "Clear all" (the filters' and the no-match box's, found by attack: the box's
    // reloaded the whole page), wherever a live update puts it.
    on(&document(), "click", move |ev| {
        if closest(&ev, "[data-role=clear-filters]").is_some() {
            ev.prevent_default();
            form::write(&BoardFilter::default());
            commit(filter, index, true);
            if let Some(results) = html("#board-results") {
                let _ = results.focus();
            }
        }
    });
    if let Some(copy) = html("#copy-permalink") {
        copy.set_hidden(false);
        on(&copy, "click", |_| copy_permalink());
    }
    swap::mark_loaded_islands();
}

/// Found by a QA team: a filter chosen while the wasm loaded was shown in the form but never
/// applied. What the reader chose before the page became interactive is applied now.
pub fn catch_up(filter: RwSignal<BoardFilter>, index: RwSignal<FilterIndex>) {
    // A choice adds a history entry; typing alone replaces it, as it does once interactive
    // (found by attack).
    if let Some(chose) = form::changed_since_rendered() {
        commit(filter, index, chose);
    }
}

/// Applies the form: `push` adds a history entry (a choice), else replaces it (typing).
fn commit(filter: RwSignal<BoardFilter>, index: RwSignal<FilterIndex>, push: bool) {
    let wanted = form::read();
    let href = form::href(&wanted);
    if let Ok(history) = window().history() {
        let _ = if push {
            history.push_state_with_url(&JsValue::NULL, "", Some(&href))
        } else {
            history.replace_state_with_url(&JsValue::NULL, "", Some(&href))
        };
    }
    if !index.with_untracked(|index| form::shows_view_of(&wanted, index)) {
        swap::navigate(href, index);
    }
    filter.set(wanted);
}

/// "List more" on a large board lists the next rows in place, without a request.
pub fn on_list_more(list_more: impl Fn() + 'static) {
    on(&document(), "click", move |ev| {
        if closest(&ev, "[data-role=more-rows]").is_some() {
            ev.prevent_default();
            list_more();
        }
    });
}

fn copy_permalink() {
    let Some(link) = document()
        .query_selector("[data-role=permalink]")
        .ok()
        .flatten()
    else {
        return;
    };
    let text = link.text_content().unwrap_or_default();
    let promise = window().navigator().clipboard().write_text(&text);
    wasm_bindgen_futures::spawn_local(async move {
        let copied = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
        if let Some(note) = document().get_element_by_id("copy-note") {
            let words = if copied {
                "Copied."
            } else {
                "Could not copy: select the link instead."
            };
            note.set_text_content(Some(words));
        }
    });
}

fn html(selector: &str) -> Option<HtmlElement> {
    document()
        .query_selector(selector)
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<HtmlElement>().ok())
}

pub fn on(target: &web_sys::EventTarget, event: &str, f: impl Fn(web_sys::Event) + 'static) {
    let closure = Closure::<dyn Fn(web_sys::Event)>::new(f);
    let _ = target.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
    // Listeners live as long as the page, like the form they serve.
    closure.forget();
}

/// The element matching `selector` that the event's target is or is inside.
fn closest(ev: &web_sys::Event, selector: &str) -> Option<Element> {
    let target = ev.target()?.dyn_into::<Element>().ok()?;
    target.closest(selector).ok().flatten()
}

fn target_id(ev: &web_sys::Event) -> Option<String> {
    ev.target()?.dyn_into::<Element>().ok().map(|e| e.id())
}
