//! The board page: the answer first, in plain words, then the filters and the results region
//! the live board island filters in place and keeps current.

use crate::page_data::PageData;
use crate::{commands, filters, motion_view, motions, summary, systems, theme};
use leptos::prelude::*;
use leptos_meta::Title;
use readiness::answer::{answer, count_sentence, freshness};
use readiness::buyer::for_buyers;
use readiness::display_instant;

#[component]
pub fn BoardPage(page: PageData) -> AnyView {
    let full = page.board.clone();
    let shown = full.filtered_by(&page.index, &page.filter);
    let base_title = full.page.title.clone();
    let title = if page.filter.is_empty() {
        base_title.clone()
    } else {
        format!("{base_title} \u{2014} filtered")
    };
    let matched = shown
        .filter
        .as_ref()
        .map_or(shown.systems.len(), |f| f.matched_systems);
    let count = count_sentence(matched, full.systems.len(), !page.filter.is_empty());
    // A known motion always opens its view, even when the other filters match none of its
    // systems (as it does in the browser: found by attack); ids match in any case.
    let chosen = page.filter.chosen_motion(&full).cloned();
    let no_match = shown.filter.as_ref().and_then(|f| f.no_match.clone());
    let as_of_text = display_instant(shown.as_of);
    let permalink = page.permalink();
    let absolute = format!("{}{permalink}", page.origin);
    // Named as the filter form's option names it (the browser rewrites it from there).
    let chosen_label = chosen
        .as_ref()
        .map(|m| filters::motion_label(m, page.operator));
    let described = page.filter.describe_with(chosen_label.as_deref());
    let past = page.as_of.is_some();
    let operator = page.filter.is_team_view(&full, page.operator);

    view! {
        // leptos_meta writes the title unescaped: escape it (found by attack).
        <Title text=crate::claim_checker::escape_text(&title)/>
        <header class="page-header">
            <div class="header-row">
                <p class="eyebrow">{full.page.title.clone()}</p>
                <theme::ThemeToggle/>
            </div>
            <h1>{full.page.headline.clone()}</h1>
            // The buyer's answer on the public page; the seller's in the operator's and motion views.
            <p id="answer" class="answer" data-testid="answer">{if operator { answer(&full, past) } else { for_buyers(&full, past) }}</p>
            <p class="freshness" data-testid="freshness">
                <span id="freshness-text">{format!("{}; board computed {as_of_text}.", freshness(&full, past))}</span>" "
                <span id="live-note" class="live-note" role="status" aria-live="polite" data-testid="live-note"></span>
            </p>
            {crate::notes::demo_note(&full)}
            {page.as_of.clone().map(|_| view! {
                <p class="history-note" data-testid="history-note">
                    <strong>"Past view. "</strong>
                    {format!("This is the board as computed at {as_of_text} from the proof history. ")}
                    <a href=page.filter.to_href()>"See the board now"</a>
                </p>
            })}
            <p id="active-filter" class="active-filter" data-testid="active-filter" hidden=described.is_empty()>
                "Filtered by "<span id="active-filter-words">{described.clone()}</span>"."
            </p>
            <p class="intro">{full.page.intro.clone()}</p>
            // Near the top, where a buyer reads: the form itself is at the end of the page.
            {(page.subscribe && !past).then(|| view! {
                <p class="subscribe-link"><a href="#subscribe">"Get an e-mail when this changes"</a></p>
            })}
        </header>
        <filters::Filters board=full.clone() filter=page.filter.clone() as_of=page.as_of.clone() operator=page.operator team=operator clear=page.cleared()/>
        <p id="result-count" class="result-count" role="status" aria-live="polite" data-testid="result-count">{count}</p>
        // Outside the results region, which a live update replaces: the button the wasm shows
        // and wires stays (found by attack: after an update it was hidden for good).
        <p class="copy-row">
            <button type="button" id="copy-permalink" class="copy-link" hidden>"Copy the link to this view"</button>
            <span id="copy-note" class="copy-note" role="status" aria-live="polite"></span>
        </p>
        <div id="board-results" tabindex="-1">
            <crate::live::IndexData index=page.index.encode() version=page.version.clone() title=base_title live=!past/>
            // The buyer's offers come first: what they can have, and when.
            {(!operator).then(|| view! { <motions::Motions full=full.clone() shown=shown.clone() operator as_of=page.as_of.clone()/> })}
            <summary::Summary shown=shown.clone()/>
            // Proof expiries are the operator's to act on; the record of changes is everyone's.
            {(!past && operator).then(|| view! { <crate::over_time::Upcoming board=full.clone()/> })}
            {(!past).then(|| view! { <crate::over_time::WhatChanged recent=page.recent.clone() team=operator/> })}
            <section id="no-match" class="no-match" data-testid="no-match" aria-labelledby="no-match-heading" hidden=no_match.is_none()>
                <h2 id="no-match-heading">"Nothing matches these filters"</h2>
                <p id="no-match-reason">{no_match.clone().unwrap_or_default()}</p>
                <p><a href=page.cleared()>"Clear all filters"</a></p>
            </section>
            {match chosen {
                Some(motion) => view! {
                    <motion_view::MotionDetail motion board=full.clone() draft=page.draft.clone() origin=page.origin.clone() action=permalink.clone()/>
                }.into_any(),
                None if !operator => ().into_any(),
                None => view! {
                    <motions::Motions full=full.clone() shown=shown.clone() operator as_of=page.as_of.clone()/>
                    <section id="claim-checker" class="claim-checker-section" aria-labelledby="checker-heading">
                        <h2 id="checker-heading">"Claim checker"</h2>
                        <p>"Paste draft sales copy: every phrase that makes a claim some motion may not make is highlighted, with the motions it is not for, what would lift it and what to write instead; each motion gets a verdict."</p>
                        <crate::claim_checker::ClaimChecker label="every motion".to_owned() rules=readiness::ClaimRules::all(&full) draft=page.draft.clone().unwrap_or_default() action=format!("{permalink}#claim-checker")/>
                    </section>
                }.into_any(),
            }}
            <systems::Systems full=full.clone() shown=shown.clone() operator/>
            {operator.then(|| view! { <commands::ProofCommands board=full.clone()/> })}
            <commands::Boundaries board=full.clone()/>
            {(page.subscribe && page.as_of.is_none()).then(|| view! {
                <crate::subscription::SubscribeSection board=full.clone()/>
            }.into_any())}
            <footer class="page-footer">
                <p>
                    "Computed as of " <time data-testid="as-of" datetime=shown.as_of.format(&time::format_description::well_known::Rfc3339).unwrap_or_default()>{as_of_text.clone()}</time>
                    ". Statuses are computed from the vendor catalog, the names of configured variables and proof records; no secret value is shown."
                </p>
                <p class="permalink">"Permalink to this view: " <a href=absolute.clone() data-testid="permalink" data-role="permalink">{absolute.clone()}</a>
                </p>
                <p class="operator-link">{if operator {
                    // A motion view is the team's too: the way back leaves it (found by attack:
                    // the buyer's way out of a motion view led to another motion view).
                    let buyers = readiness::BoardFilter { motion: None, ..page.filter.clone() };
                    view! { <a href=buyers.page_href(page.as_of.as_deref(), false)>"Back to the buyer's view"</a> }.into_any()
                } else {
                    view! { <a href=page.filter.page_href(page.as_of.as_deref(), true)>"For our sales and operations team: the claims sales may not make, the claim checker, variable names and commands"</a> }.into_any()
                }}</p>
                {crate::notes::catalog_note(&full).map(|note| view! { <p class="catalog-note" data-testid="catalog-note">{note}</p> })}
            </footer>
        </div>
        <crate::live::LiveBoard/>
    }
    .into_any()
}
