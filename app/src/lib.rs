//! The vendor readiness board as Leptos components: rendered on the server, hydrated in the browser.

mod board_page;
mod commands;
pub mod data;
mod filters;
mod motions;
mod not_found;
pub mod security;
mod status;
mod summary;
mod systems;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Link, Meta, MetaTags, Stylesheet};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{SsrMode, StaticSegment};

pub use data::BoardContext;

/// The HTML document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    #[cfg(feature = "ssr")]
    security::set_policy_header();
    // Set once the wasm has taken over the server-rendered page; end-to-end tests wait on it.
    let (hydrated, set_hydrated) = signal(false);
    Effect::new(move |_| set_hydrated.set(true));

    view! {
        <Stylesheet id="leptos" href="/pkg/vendor-readiness.css"/>
        <Meta name="description" content="Which external systems can and cannot be sold, and which claims stay out of scope."/>
        <Link rel="icon" href="data:,"/>
        <Router>
            <main id="main" data-hydrated=move || hydrated.get().to_string()>
                <Routes fallback=not_found::NotFound>
                    <Route path=StaticSegment("") view=board_page::BoardPage ssr=SsrMode::Async/>
                </Routes>
            </main>
        </Router>
    }
}
