//! The board route: reads the filter from the URL, loads the board once, renders every section.

use crate::data::{load_board, BoardContext};
use crate::{commands, filters, motions, summary, systems};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use readiness::{display_instant, Board, BoardFilter};

#[component]
pub fn BoardPage() -> impl IntoView {
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        let query = query.read();
        BoardFilter::new(query.get("owner"), query.get("motion"))
    });
    let from_server = use_context::<BoardContext>();
    let board = Resource::new(|| (), move |_| load_board(from_server.clone()));

    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading the board\u{2026}"</p> }>
            {move || Suspend::new(async move {
                match board.await {
                    Ok(board) => view! { <BoardView board filter/> }.into_any(),
                    Err(reason) => view! {
                        <section class="load-error" role="alert">
                            <h1>"The board could not be loaded"</h1>
                            <p>{reason}</p>
                        </section>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn BoardView(board: Board, filter: Memo<BoardFilter>) -> AnyView {
    let title = board.page.title.clone();
    let full = StoredValue::new(board);
    let shown = Memo::new(move |_| full.with_value(|b| b.filtered(&filter.get())));
    let page = full.with_value(|b| b.page.clone());
    let as_of = full.with_value(|b| display_instant(b.as_of));
    let demo = full.with_value(|b| b.demo_data);
    let catalog_note = full.with_value(|b| {
        b.catalog.as_ref().map(|c| {
            let changed = c
                .changed_at
                .map(|t| format!("last changed {}, ", display_instant(t)))
                .unwrap_or_default();
            format!(
                "Catalog {changed}sha256 {}\u{2026}.",
                c.sha256.chars().take(12).collect::<String>()
            )
        })
    });

    view! {
        <Title text=title.clone()/>
        <header class="page-header">
            <p class="eyebrow">{title}</p>
            <h1>{page.headline}</h1>
            <p class="intro">{page.intro}</p>
            {demo.then(|| view! {
                <p class="demo-note" data-testid="demo-note">
                    <strong>"Demo data. "</strong>
                    "Proof records on this board were seeded at start-up to demonstrate it; they prove nothing about a real deployment."
                </p>
            })}
        </header>
        <summary::Summary shown/>
        <filters::Filters board=full filter/>
        {move || shown.with(|b| b.filter.as_ref().and_then(|f| f.no_match.clone())).map(|reason| view! {
            <section class="no-match" data-testid="no-match" role="status">
                <h2>"No match"</h2>
                <p>{reason}</p>
                <p><a href="/">"Show the whole board"</a></p>
            </section>
        })}
        <motions::Motions shown motions_intro=page.motions_intro/>
        <systems::Systems shown/>
        <commands::ProofCommands board=full/>
        <commands::Boundaries board=full/>
        <footer class="page-footer">
            <p>"Computed as of " <time data-testid="as-of">{as_of}</time> ". Statuses are computed from the vendor catalog, the names of configured variables and proof records; no secret value is shown."</p>
            {catalog_note.map(|note| view! { <p class="catalog-note" data-testid="catalog-note">{note}</p> })}
        </footer>
    }
    .into_any()
}
