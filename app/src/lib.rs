//! The vendor readiness board as Leptos views. Everything renders on the server from one computed
//! `Board`; only small islands (the live board, the claim checker, the theme toggle) ship to
//! the browser as wasm, so the page stays fast and works without JavaScript.

mod board_page;
mod board_parts;
mod claim_checker;
mod claim_reading;
mod commands;
mod dom;
mod expected;
mod filters;
mod live;
mod motion_parts;
mod motion_view;
mod motions;
mod not_found;
mod notes;
mod over_time;
mod page_data;
mod receipt;
pub mod security;
mod status;
mod subscription;
mod summary;
mod systems;
mod theme;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Link, Meta, MetaTags};

pub use claim_checker::{ClaimChecker, ClaimResults};
pub use live::LiveBoard;
pub use page_data::{ChangeLine, ChangesPage, Page, PageData, ReceiptPage, SubscriptionPage};
pub use theme::ThemeToggle;

/// The islands the board's page (`/`) hydrates, by component name: `smoke` fails a deployment
/// whose page lacks one (found by attack, issue 25: a page with an island removed passed).
pub const BOARD_ISLANDS: [&str; 9] = [
    "ActiveFilter",
    "ClaimResults",
    "LiveBoard",
    "MoreRows",
    "NoMatch",
    "Permalink",
    "ResultCount",
    "SummaryCounts",
    "ThemeToggle",
];

/// The HTML document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <theme::ThemeScript/>
                <AutoReload options=options.clone()/>
                <link rel="stylesheet" href=format!("/{}/vendor-readiness.css", options.site_pkg_dir)/>
                <HydrationScripts options islands=true/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The page the server provided ([`Page`]), else "not found".
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    #[cfg(feature = "ssr")]
    security::set_policy_header();
    let page = use_context::<Page>();
    // The board's version when rendered: what a test ties to `GET /api/board/version`; the
    // live board moves it when it swaps a new board in.
    // The operator's own board speaks of itself (found by a new operator: a hard-coded
    // description and an empty icon): the catalog's intro, and its title's initial.
    let (description, icon) = head_of(page.as_ref().map(|p| &p.board().page));
    // A past view shows no current board, so it carries no version (found by attack: a test
    // waiting for the current version was satisfied by a page showing 2020).
    let version = match &page {
        Some(Page::Board(page)) if page.as_of.is_none() => Some(page.version.clone()),
        _ => None,
    };
    // The feed keeps the record's words, the team's: only the team's pages point to it (found
    // by attack: a buyer's feed reader found it on the buyer's page).
    // A filtered page points to the feed of the same changes (found by attack).
    let feed = match &page {
        Some(Page::Board(page)) if page.filter.is_team_view(&page.board, page.operator) => {
            let motion = page.filter.chosen_motion(&page.board);
            Some(motion.map_or_else(String::new, |m| format!("?motion={}", m.id)))
        }
        Some(Page::Changes { changes, .. }) if changes.team => Some(changes.feed_query.clone()),
        _ => None,
    };
    view! {
        <Meta name="description" content=description/>
        <Link rel="icon" href=icon/>
        {feed.map(|scope| view! { <Link rel="alternate" type_="application/atom+xml" title="What changed (Atom)" href=format!("/feed.atom{scope}")/> })}
        <a class="skip-link" href="#board-results">"Skip to the board"</a>
        <main id="main" data-hydrated="false" data-board-version=version>
            {match page {
                Some(Page::Changes { board, changes }) => view! { <over_time::ChangesTimeline board page=changes/> }.into_any(),
                Some(Page::Receipt { board, receipt }) => view! { <receipt::Receipt board receipt/> }.into_any(),
                Some(Page::Subscription { board, page }) => view! { <subscription::Subscription board page/> }.into_any(),
                Some(Page::Board(page)) => view! { <board_page::BoardPage page/> }.into_any(),
                None => view! { <not_found::NotFound/> }.into_any(),
            }}
        </main>
    }
}

/// The page's meta description (the catalog's intro, at most 160 characters) and an SVG icon
/// holding the initial of its title.
fn head_of(text: Option<&readiness::catalog::PageText>) -> (String, String) {
    let fallback = "What you can buy today, and what is still to come.";
    let description = text
        .map(|t| t.intro.trim())
        .filter(|intro| !intro.is_empty())
        .unwrap_or(fallback);
    let description: String = match description.chars().count() > 160 {
        true => description.chars().take(159).chain(['\u{2026}']).collect(),
        false => description.to_owned(),
    };
    let initial = text
        .and_then(|t| t.title.chars().find(|c| c.is_alphanumeric()))
        .unwrap_or('V');
    let initial = html_escape::encode_text(&initial.to_string()).into_owned();
    let svg = format!(
        "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'><rect width='32' height='32' rx='6' fill='#1f4f82'/><text x='16' y='23' font-size='20' font-family='sans-serif' text-anchor='middle' fill='#fff'>{initial}</text></svg>"
    );
    let encoded = percent_encoding::utf8_percent_encode(&svg, percent_encoding::NON_ALPHANUMERIC);
    let icon = format!("data:image/svg+xml,{encoded}");
    (description, icon)
}
