//! The filter form: owner, offer (a motion: in the team's views only), status and text. A plain GET form, so every filtered view is a
//! URL and works without JavaScript; the enhancer island applies it in place when wasm is loaded.

use leptos::prelude::*;
use readiness::{Board, BoardFilter, Status};
use std::sync::Arc;

#[component]
pub fn Filters(
    board: Arc<Board>,
    filter: BoardFilter,
    as_of: Option<String>,
    /// The operator's view (`?view=operator`), which a filtered page keeps without JavaScript.
    operator: bool,
    /// A view of the team's (the operator's view or a motion view): only those choose a motion,
    /// which opens its motion view (found by attack: a buyer choosing an offer landed among the
    /// team's claims and commands).
    team: bool,
    /// Where "Clear all" goes: the board unfiltered (a past view stays in the past).
    clear: String,
) -> AnyView {
    let owners = board
        .owners
        .iter()
        .map(|o| {
            let chosen = filter
                .owner
                .as_deref()
                .is_some_and(|c| c.eq_ignore_ascii_case(o));
            (o.to_string(), o.to_string(), chosen)
        })
        .collect();
    let motions = board
        .motions
        .iter()
        .map(|m| {
            let chosen = filter
                .motion
                .as_deref()
                .is_some_and(|c| c.eq_ignore_ascii_case(m.id.as_str()));
            (m.id.to_string(), motion_label(m, operator), chosen)
        })
        .collect();
    let statuses = Status::ALL
        .into_iter()
        .map(|s| {
            let chosen = filter
                .status
                .as_deref()
                .and_then(readiness::FilterIndex::status_named)
                == Some(s);
            // A buyer reads what each status means where it is chosen (issue 22, attack 16).
            let words = match team {
                true => s.label().to_owned(),
                false => format!(
                    "{}: {}",
                    s.label(),
                    s.meaning_for_buyers().split(':').next().unwrap_or_default()
                ),
            };
            (s.as_str().to_owned(), words, chosen)
        })
        .collect();
    let active = !filter.is_empty();

    view! {
        <div class="filters-region" role="search">
            <form id="filters" class="filters" method="get" action="/" aria-label="Filter the board">
                <SelectField id="filter-owner" name="owner" label="Owner" any="All owners" options=owners/>
                {team.then(|| view! { <SelectField id="filter-motion" name="motion" label="Offer" any="All offers" options=motions/> })}
                <SelectField id="filter-status" name="status" label="Status" any="Any status" options=statuses/>
                <div class="field field-text">
                    <label for="filter-text">"Search"</label>
                    <input id="filter-text" name="q" type="search" value=filter.text.clone().unwrap_or_default()
                        placeholder=if team { "System, owner, variable or claim" } else { "System, area or owner" } autocomplete="off"/>
                </div>
                {as_of.map(|t| view! { <input type="hidden" name="as_of" value=t/> })}
                {operator.then(|| view! { <input type="hidden" name="view" value="operator"/> })}
                <div class="filter-actions">
                    <button type="submit">"Apply filters"</button>
                    <a href=clear class="clear-filters" data-testid="clear-filters" data-role="clear-filters" aria-disabled=(!active).to_string()>"Clear all"</a>
                </div>
            </form>
        </div>
    }
    .into_any()
}

/// How the motion select names `motion`, and so the active filter: the operator's view by the
/// motion's name, a motion view opened from a link by its offer.
pub(crate) fn motion_label(motion: &readiness::MotionView, operator: bool) -> String {
    match operator {
        true => motion.name.to_string(),
        false => motion.offer_title(),
    }
}

/// A labelled select whose first option means "any"; `options` are (value, label, chosen).
#[component]
fn SelectField(
    id: &'static str,
    name: &'static str,
    label: &'static str,
    any: &'static str,
    options: Vec<(String, String, bool)>,
) -> impl IntoView {
    let none_chosen = !options.iter().any(|(_, _, chosen)| *chosen);
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <select id=id name=name>
                <option value="" selected=none_chosen>{any}</option>
                {options.into_iter().map(|(value, text, chosen)| view! {
                    <option value=value selected=chosen>{text}</option>
                }).collect_view()}
            </select>
        </div>
    }
}
