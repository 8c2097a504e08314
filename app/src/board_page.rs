//! The board page: header, filters, and the results region the enhancer swaps in place.

use crate::page_data::PageData;
use crate::{commands, filters, motion_view, motions, summary, systems, theme};
use leptos::prelude::*;
use leptos_meta::Title;
use readiness::display_instant;

#[component]
pub fn BoardPage(page: PageData) -> AnyView {
    let full = page.board.clone();
    let shown = full.filtered(&page.filter);
    let title = if page.filter.is_empty() {
        full.page.title.clone()
    } else {
        format!("{} \u{2014} filtered", full.page.title)
    };
    let count = summary::count_sentence(&shown);
    let chosen = page
        .filter
        .motion
        .as_ref()
        .and_then(|id| shown.motions.iter().find(|m| m.id.as_str() == id))
        .cloned();
    let catalog_note = full.catalog.as_ref().map(|c| {
        let changed = c
            .changed_at
            .map(|t| format!("last changed {}, ", display_instant(t)))
            .unwrap_or_default();
        format!(
            "Catalog {changed}sha256 {}\u{2026}.",
            c.sha256.chars().take(12).collect::<String>()
        )
    });
    let no_match = shown.filter.as_ref().and_then(|f| f.no_match.clone());
    let as_of_text = display_instant(shown.as_of);
    let permalink = page.permalink();

    view! {
        <Title text=title/>
        <header class="page-header">
            <div class="header-row">
                <p class="eyebrow">{full.page.title.clone()}</p>
                <theme::ThemeToggle/>
            </div>
            <h1>{full.page.headline.clone()}</h1>
            <p class="intro">{full.page.intro.clone()}</p>
            {shown.demo_data.then(|| view! {
                <p class="demo-note" data-testid="demo-note">
                    <strong>"Demo data. "</strong>
                    "Proof records on this board were seeded at start-up to demonstrate it; they prove nothing about a real deployment."
                </p>
            })}
            {page.as_of.clone().map(|_| view! {
                <p class="history-note" data-testid="history-note">
                    <strong>"Past view. "</strong>
                    {format!("This is the board as computed at {as_of_text} from the proof history. ")}
                    <a href=page.filter.to_href()>"See the board now"</a>
                </p>
            })}
        </header>
        <filters::Filters board=full.clone() filter=page.filter.clone() as_of=page.as_of.clone()/>
        <p id="result-count" class="result-count" role="status" aria-live="polite" data-testid="result-count">{count}</p>
        <div id="board-results" tabindex="-1">
            <summary::Summary shown=shown.clone()/>
            {page.as_of.is_none().then(|| view! {
                <crate::over_time::Upcoming board=full.clone()/>
                <crate::over_time::WhatChanged recent=page.recent.clone()/>
            })}
            {no_match.map(|reason| view! {
                <section class="no-match" data-testid="no-match" aria-labelledby="no-match-heading">
                    <h2 id="no-match-heading">"Nothing matches these filters"</h2>
                    <p>{reason}</p>
                    <p><a href="/">"Clear all filters"</a></p>
                </section>
            })}
            {match chosen {
                Some(motion) => view! {
                    <motion_view::MotionDetail motion board=full.clone() draft=page.draft.clone() origin=page.origin.clone() action=permalink.clone()/>
                }.into_any(),
                None => view! {
                    <motions::Motions shown=shown.clone() motions_intro=full.page.motions_intro.clone()/>
                    <section id="claim-checker" class="claim-checker-section" aria-labelledby="checker-heading">
                        <h2 id="checker-heading">"Claim checker"</h2>
                        <p>"Paste draft sales copy: every phrase that makes a claim some motion may not make is highlighted, with the motions it is not for, what would lift it and what to write instead; each motion gets a verdict."</p>
                        <crate::claim_checker::ClaimChecker label="every motion".to_owned() rules=readiness::ClaimRules::all(&full) draft=page.draft.clone().unwrap_or_default() action=format!("{permalink}#claim-checker")/>
                    </section>
                }.into_any(),
            }}
            <systems::Systems shown=shown.clone()/>
            <commands::ProofCommands board=full.clone()/>
            <commands::Boundaries board=full.clone()/>
            <footer class="page-footer">
                <p>
                    "Computed as of " <time data-testid="as-of" datetime=shown.as_of.format(&time::format_description::well_known::Rfc3339).unwrap_or_default()>{as_of_text.clone()}</time>
                    ". Statuses are computed from the vendor catalog, the names of configured variables and proof records; no secret value is shown."
                </p>
                <p class="permalink">"Permalink to this view: " <a href=permalink.clone() data-testid="permalink">{permalink.clone()}</a></p>
                {catalog_note.map(|note| view! { <p class="catalog-note" data-testid="catalog-note">{note}</p> })}
            </footer>
        </div>
        <crate::enhancer::Enhancer/>
    }
    .into_any()
}
