//! The vendor readiness board as Leptos views. Everything renders on the server from one computed
//! `Board`; only small islands (the live board, the claim checker, the theme toggle) ship to
//! the browser as wasm, so the page stays fast and works without JavaScript.

mod board_page;
mod claim_checker;
mod commands;
mod dom;
mod expected;
mod filters;
mod live;
mod motion_view;
mod motions;
mod not_found;
mod over_time;
mod page_data;
pub mod security;
mod status;
mod summary;
mod systems;
mod theme;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Link, Meta, MetaTags};

pub use claim_checker::{ClaimChecker, ClaimResults};
pub use live::LiveBoard;
pub use page_data::{ChangeLine, ChangesPage, Page, PageData};
pub use theme::ThemeToggle;

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
    let version = match &page {
        Some(Page::Board(page)) => Some(page.version.clone()),
        _ => None,
    };
    view! {
        <Meta name="description" content="Which external systems can and cannot be sold, and which claims stay out of scope."/>
        <Link rel="icon" href="data:,"/>
        <Link rel="alternate" type_="application/atom+xml" title="What changed (Atom)" href="/feed.atom"/>
        <a class="skip-link" href="#board-results">"Skip to the board"</a>
        <main id="main" data-hydrated="false" data-board-version=version>
            {match page {
                Some(Page::Changes { board, changes }) => view! { <over_time::ChangesTimeline board page=changes/> }.into_any(),
                Some(Page::Board(page)) => view! { <board_page::BoardPage page/> }.into_any(),
                None => view! { <not_found::NotFound/> }.into_any(),
            }}
        </main>
    }
}
