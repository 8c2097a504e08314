//! The filter form: owner, motion, status and text. A plain GET form, so every filtered view is a
//! URL and works without JavaScript; the enhancer island applies it in place when wasm is loaded.

use leptos::prelude::*;
use readiness::{Board, BoardFilter, Status};
use std::sync::Arc;

#[component]
pub fn Filters(board: Arc<Board>, filter: BoardFilter, as_of: Option<String>) -> AnyView {
    let is = |chosen: &Option<String>, value: &str| {
        chosen
            .as_deref()
            .is_some_and(|c| c.eq_ignore_ascii_case(value))
    };
    let owners = board
        .owners
        .iter()
        .map(|o| {
            let selected = is(&filter.owner, o);
            view! { <option value=o.clone() selected=selected>{o.clone()}</option> }
        })
        .collect_view();
    let motions = board
        .motions
        .iter()
        .map(|m| {
            let selected = filter.motion.as_deref() == Some(m.id.as_str());
            view! { <option value=m.id.to_string() selected=selected>{m.name.clone()}</option> }
        })
        .collect_view();
    let statuses = Status::ALL
        .into_iter()
        .map(|s| {
            let selected = filter.status.as_deref() == Some(s.as_str());
            view! { <option value=s.as_str() selected=selected>{s.label()}</option> }
        })
        .collect_view();
    let active = !filter.is_empty();

    view! {
        <div class="filters-region" role="search">
            <form id="filters" class="filters" method="get" action="/" aria-label="Filter the board">
                <div class="field">
                    <label for="filter-owner">"Owner"</label>
                    <select id="filter-owner" name="owner">
                        <option value="" selected=filter.owner.is_none()>"All owners"</option>
                        {owners}
                    </select>
                </div>
                <div class="field">
                    <label for="filter-motion">"Motion"</label>
                    <select id="filter-motion" name="motion">
                        <option value="" selected=filter.motion.is_none()>"All motions"</option>
                        {motions}
                    </select>
                </div>
                <div class="field">
                    <label for="filter-status">"Status"</label>
                    <select id="filter-status" name="status">
                        <option value="" selected=filter.status.is_none()>"Any status"</option>
                        {statuses}
                    </select>
                </div>
                <div class="field field-text">
                    <label for="filter-text">"Search"</label>
                    <input id="filter-text" name="q" type="search" value=filter.text.clone().unwrap_or_default()
                        placeholder="System, area, owner, variable or claim" autocomplete="off"/>
                </div>
                {as_of.map(|t| view! { <input type="hidden" name="as_of" value=t/> })}
                <div class="filter-actions">
                    <button type="submit">"Apply filters"</button>
                    <a href="/" class="clear-filters" data-testid="clear-filters" aria-disabled=(!active).to_string()>"Clear all"</a>
                </div>
            </form>
        </div>
    }
    .into_any()
}
