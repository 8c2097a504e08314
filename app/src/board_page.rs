//! The board page: the answer first, in plain words, then the filters and the results region
//! the live board island filters in place and keeps current.

use crate::board_parts::{MotionOrTeamTools, PageFooter, PageHeader};
use crate::live::{LiveBoard, NoMatch, ResultCount, Shown};
use crate::page_data::PageData;
use crate::{commands, filters, motions, summary, systems};
use leptos::prelude::*;
use leptos_meta::Title;
use readiness::answer::answer;
use readiness::buyer::for_buyers;
use readiness::display_instant;

#[component]
pub fn BoardPage(page: PageData) -> AnyView {
    let full = page.board.clone();
    let outcome = page.index.apply(&page.filter);
    let shown = full.filtered_as(&page.filter, &outcome);
    let base_title = full.page.title.clone();
    let title = if page.filter.is_empty() {
        base_title.clone()
    } else {
        format!("{base_title} \u{2014} filtered")
    };
    // A known motion always opens its view, even when the other filters match none of its
    // systems (as it does in the browser: found by attack); ids match in any case.
    let chosen = page.filter.chosen_motion(&full).cloned();
    let as_of_text = display_instant(shown.as_of);
    let permalink = page.permalink();
    // Named as the filter form's option names it (the browser reads it from there).
    let chosen_label = chosen
        .as_ref()
        .map(|m| filters::motion_label(m, page.operator));
    let (as_of, operator_view) = (page.as_of.as_deref(), page.operator);
    let href = |f: &readiness::BoardFilter| f.page_href(as_of, operator_view);
    // What the live board's islands render here, and compute again in the browser.
    let live = Shown::of(
        &page.index,
        &page.filter,
        outcome,
        chosen_label.as_deref(),
        (&page.origin, page.listing),
        href,
    );
    let listed = live.listed;
    crate::live::provide_shown(Memo::new(move |_| live.clone()));
    let past = page.as_of.is_some();
    let operator = page.filter.is_team_view(&full, page.operator);

    view! {
        // leptos_meta writes the title unescaped: escape it (found by attack).
        <Title text=crate::claim_checker::escape_text(&title)/>
        <LiveBoard>
        <PageHeader page=page.clone() answer=if operator { answer(&full, past) } else { for_buyers(&full, past) } as_of_text=as_of_text.clone()/>
        <filters::Filters board=full.clone() filter=page.filter.clone() as_of=page.as_of.clone() operator=page.operator team=operator clear=page.cleared()/>
        <ResultCount/>
        // Outside the results region, which a live update replaces: the button the wasm shows
        // and wires stays (found by attack: after an update it was hidden for good).
        <p class="copy-row">
            <button type="button" id="copy-permalink" class="copy-link" hidden>"Copy the link to this view"</button>
            <span id="copy-note" class="copy-note" role="status" aria-live="polite"></span>
        </p>
        <div id="board-results" tabindex="-1">
            <crate::live::IndexData index=page.index.encode() version=page.version.clone() title=base_title live=!past origin=page.origin.clone()/>
            // The buyer's offers come first: what they can have, and when.
            {(!operator).then(|| view! { <motions::Motions full=full.clone() shown=shown.clone() operator as_of=page.as_of.clone()/> })}
            <summary::Summary team=operator/>
            // Proof expiries are the operator's to act on; the record of changes is everyone's.
            {(!past && operator).then(|| view! { <crate::over_time::Upcoming board=full.clone()/> })}
            {(!past).then(|| view! { <crate::over_time::WhatChanged recent=page.recent.clone() team=operator/> })}
            <NoMatch/>
            <MotionOrTeamTools chosen page=page.clone() shown=shown.clone() operator permalink=permalink.clone()/>
            <systems::Systems full=full.clone() shown=shown.clone() operator listed/>
            {operator.then(|| view! { <commands::ProofCommands board=full.clone()/> })}
            <commands::Boundaries board=full.clone() operator/>
            {(page.subscribe && page.as_of.is_none()).then(|| view! {
                <crate::subscription::SubscribeSection board=full.clone()/>
            }.into_any())}
            <PageFooter page=page.clone() operator as_of=shown.as_of/>
        </div>
        </LiveBoard>
    }
    .into_any()
}
