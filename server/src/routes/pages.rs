//! The server-rendered board (Leptos), its static files and the 404 page.

use crate::state::AppState;
use app::{shell, App, BoardContext};
use axum::Router;
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};

/// Adds the Leptos routes, giving each render the board that is current at request time.
pub fn with_pages(router: Router<AppState>, state: &AppState) -> Router<AppState> {
    let routes = generate_route_list(App);
    let for_context = state.clone();
    let options = state.leptos.clone();
    router
        .leptos_routes_with_context(
            state,
            routes,
            move || {
                let snapshot = for_context.board.current(for_context.now());
                provide_context(BoardContext(snapshot.board.clone()));
            },
            move || shell(options.clone()),
        )
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
}
