//! Bringing a newer page into the open one: fetched with `gloo-net`, parsed, and moved into the
//! results region. A change of motion view replaces the region; a live update merges it around
//! the claim checker, which is never moved, so its draft, selection and focus stay.

use leptos::prelude::*;
use readiness::FilterIndex;
use std::cell::Cell;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, DomParser, Element, SupportedType};

thread_local! {
    /// Bumped by every fetch: an answer that is no longer the latest is dropped, so a slow
    /// one never overwrites a newer one.
    static LATEST: Cell<u32> = const { Cell::new(0) };
}

const RESULTS: &str = "board-results";
const CLAIM_CHECKER_ID: &str = "claim-checker";

fn next_fetch() -> u32 {
    LATEST.with(|l| {
        l.set(l.get().wrapping_add(1));
        l.get()
    })
}

/// Shows `href`, whose motion view differs from the page's: one fetch, the region replaced.
pub fn navigate(href: String, index: RwSignal<FilterIndex>) {
    let mine = next_fetch();
    wasm_bindgen_futures::spawn_local(async move {
        match fetch(&href).await {
            Ok(new) if LATEST.get() == mine => {
                let place = super::place::take(true);
                if let (Some(old), Some(region)) = (results(&document()), results(&new)) {
                    keeping_live_islands(&old, || replace_children(&old, &region));
                }
                place.restore();
                take_over_page(index);
            }
            Ok(_) => {}
            // Unreachable server: a normal page load shows what went wrong.
            Err(()) => {
                let _ = window().location().set_href(&href);
            }
        }
    });
}

/// Fetches the page at the current address and merges it in; the new changes, if any, are
/// returned in words for the announcement. `None` when the fetch failed or a newer one overtook it.
pub async fn refresh(index: RwSignal<FilterIndex>) -> Option<Option<String>> {
    let mine = next_fetch();
    let href = window().location().href().ok()?;
    let new = fetch(&href).await.ok()?;
    if LATEST.get() != mine {
        return None;
    }
    // The changes that are new since the page's newest one, to say what happened.
    let was = newest_id(&document());
    let now = new_changes(&new, was.as_deref());
    // Above the results, the answer and its freshness follow the board too.
    for id in ["answer", "freshness-text"] {
        if let (Some(old), Some(new)) =
            (document().get_element_by_id(id), new.get_element_by_id(id))
        {
            old.set_text_content(new.text_content().as_deref());
        }
    }
    let (old_region, new_region) = (results(&document())?, results(&new)?);
    let place = super::place::take(false);
    keeping_live_islands(&old_region, || {
        match (
            old_region
                .query_selector(&format!("#{CLAIM_CHECKER_ID}"))
                .ok()
                .flatten(),
            new_region
                .query_selector(&format!("#{CLAIM_CHECKER_ID}"))
                .ok()
                .flatten(),
        ) {
            (Some(keep), Some(fresh)) => {
                merge_around(&old_region, &new_region, &keep);
                renew_rules(&keep, &fresh);
            }
            _ => replace_children(&old_region, &new_region),
        }
    });
    place.restore();
    take_over_page(index);
    Some((!now.is_empty()).then(|| readiness::english::joined(&now, " ")))
}

/// The kept claim checker takes the new page's rules (a proof may have lifted a claim), and
/// its island is told to check the draft against them.
fn renew_rules(kept: &Element, fresh: &Element) {
    let rules = |el: &Element| {
        let form = el.query_selector("form[data-rules]").ok()??;
        Some((form.get_attribute("data-rules")?, form))
    };
    if let (Some((old, form)), Some((new, _))) = (rules(kept), rules(fresh)) {
        if old != new {
            let _ = form.set_attribute("data-rules", &new);
            if let Ok(event) = web_sys::Event::new(crate::dom::RULES_CHANGED) {
                let _ = window().dispatch_event(&event);
            }
        }
    }
}

/// The id of the newest change the page lists ("What changed").
fn newest_id(doc: &Document) -> Option<String> {
    let item = doc.query_selector("[data-role=recent-changes] li").ok()??;
    Some(item.id())
}

/// The words of every change `doc` lists before the one with id `known`, oldest first.
fn new_changes(doc: &Document, known: Option<&str>) -> Vec<String> {
    let Ok(items) = doc.query_selector_all("[data-role=recent-changes] li") else {
        return Vec::new();
    };
    let items = (0..items.length()).filter_map(|at| items.item(at)?.dyn_into::<Element>().ok());
    let mut reached = false;
    let mut words: Vec<String> = items
        .take_while(|item| {
            reached = Some(item.id().as_str()) == known;
            !reached
        })
        .filter_map(|item| item.query_selector("span").ok()??.text_content())
        .map(|words| format!("{}.", words.trim_end_matches('.')))
        .collect();
    // Told in the order they happened, so the note ends where the board is (found by attack:
    // newest first, a fail then a pass read "… is not available now" last).
    words.reverse();
    // The page lists the newest few: when the one it knew is gone from them, there were more
    // (found by attack: the note left the cause of a change out).
    if known.is_some() && !reached {
        words.insert(0, "There may be more under Every change.".to_owned());
    }
    words
}

async fn fetch(href: &str) -> Result<Document, ()> {
    let response = gloo_net::http::Request::get(href)
        .send()
        .await
        .map_err(drop)?;
    if !response.ok() {
        return Err(());
    }
    let html = response.text().await.map_err(drop)?;
    let parser = DomParser::new().map_err(drop)?;
    parser
        .parse_from_string(&html, SupportedType::TextHtml)
        .map_err(drop)
}

fn results(doc: &Document) -> Option<Element> {
    doc.get_element_by_id(RESULTS)
}

fn replace_children(old: &Element, new: &Element) {
    old.set_text_content(None);
    while let Some(child) = new.first_child() {
        let _ = old.append_child(&child);
    }
}

/// Replaces `old`'s children with `new`'s except the one on the way to `keep`, which stays in
/// place (its attributes updated) and is merged the same way, down to `keep` itself.
fn merge_around(old: &Element, new: &Element, keep: &Element) {
    let Some(old_path) = child_toward(old, keep) else {
        return replace_children(old, new);
    };
    let new_path = children(new).into_iter().find(|c| {
        c.id() == CLAIM_CHECKER_ID
            || c.query_selector(&format!("#{CLAIM_CHECKER_ID}"))
                .ok()
                .flatten()
                .is_some()
    });
    let Some(new_path) = new_path else {
        return replace_children(old, new);
    };
    for child in children(old) {
        if child != old_path {
            child.remove();
        }
    }
    let nodes = new.child_nodes();
    let nodes: Vec<web_sys::Node> = (0..nodes.length())
        .filter_map(|at| nodes.item(at))
        .collect();
    let mut after = false;
    for child in nodes {
        if child.dyn_ref::<Element>() == Some(&new_path) {
            after = true;
        } else if after {
            let _ = old.append_child(&child);
        } else {
            let _ = old.insert_before(&child, Some(&old_path));
        }
    }
    if old_path == *keep {
        return;
    }
    // The kept section takes the new one's look and verdict (found by attack: a motion view's
    // `data-can-move` stayed as it was while its verdict moved).
    for name in ["class", "data-can-move"] {
        if let Some(value) = new_path.get_attribute(name) {
            let _ = old_path.set_attribute(name, &value);
        }
    }
    merge_around(&old_path, &new_path, keep);
}

fn children(el: &Element) -> Vec<Element> {
    let list = el.children();
    (0..list.length()).filter_map(|at| list.item(at)).collect()
}

fn child_toward(parent: &Element, descendant: &Element) -> Option<Element> {
    let mut at = descendant.clone();
    loop {
        let up = at.parent_element()?;
        if up == *parent {
            return Some(at);
        }
        at = up;
    }
}

/// Runs `swap` on `region`, then puts the live board's own islands back where their new copies
/// arrived: they render what the live board provides (an island arriving later could not find
/// it), so the live ones stay, as Leptos's islands router keeps islands across a page change.
fn keeping_live_islands(region: &Element, swap: impl FnOnce()) {
    let live: Vec<Element> = super::islands::NAMES
        .iter()
        .filter_map(|name| {
            let selector = format!("leptos-island[data-component^='{name}_'][data-live=true]");
            region.query_selector(&selector).ok().flatten()
        })
        .collect();
    swap();
    for old in live {
        let Some(component) = old.get_attribute("data-component") else {
            continue;
        };
        let selector = format!("leptos-island[data-component='{component}']:not([data-live])");
        if let Ok(Some(new)) = region.query_selector(&selector) {
            let _ = new.replace_with_with_node_1(&old);
        }
    }
}

/// The filter index the page carries, if it carries a readable one.
pub fn page_index() -> Option<FilterIndex> {
    let el = document().get_element_by_id("filter-index")?;
    FilterIndex::decode(&el.get_attribute("data-index")?)
}

/// Takes the swapped-in page's filter index and brings its islands (a claim checker) to life.
fn take_over_page(index: RwSignal<FilterIndex>) {
    super::rows::forget();
    if let Some(new) = page_index() {
        index.set(new);
    }
    hydrate_new_islands();
}

/// Marks the islands the page loaded with (`data-live=""`), so only those that arrive later are
/// hydrated; one that already ran keeps `data-live="true"` (see `crate::dom::island_live`).
pub fn mark_loaded_islands() {
    if let Ok(islands) = document().query_selector_all("leptos-island") {
        for at in 0..islands.length() {
            if let Some(el) = islands.item(at).and_then(|n| n.dyn_into::<Element>().ok()) {
                if !el.has_attribute("data-live") {
                    let _ = el.set_attribute("data-live", "");
                }
            }
        }
    }
}

/// Islands that arrived with new HTML come alive like the first ones.
fn hydrate_new_islands() {
    let Ok(hydrate) = js_sys::Reflect::get(&window(), &JsValue::from_str("__hydrateIsland")) else {
        return;
    };
    let Some(hydrate) = hydrate.dyn_ref::<js_sys::Function>() else {
        return;
    };
    let Ok(islands) = document().query_selector_all(&format!("#{RESULTS} leptos-island")) else {
        return;
    };
    for at in 0..islands.length() {
        let Some(el) = islands.item(at).and_then(|n| n.dyn_into::<Element>().ok()) else {
            continue;
        };
        if el.has_attribute("data-live") {
            continue;
        }
        let _ = el.set_attribute("data-live", "");
        let name = el.get_attribute("data-component").unwrap_or_default();
        let _ = hydrate.call2(&JsValue::NULL, &el, &JsValue::from_str(&name));
    }
}
