//! The server-rendered board (Leptos): `GET /` for every filtered view and `?as_of=` past views,
//! `POST /` for the claim checker without JavaScript, static files and the 404 page (`/changes`
//! is `changes_page.rs`; the pages kept per snapshot, `kept_pages.rs`).
//! Current-board pages are cached per snapshot, so most reads never render.

use super::kept_pages::{answer, keep, kept_by_query};
use super::page_asked::PageAsked;
use super::page_input::{Draft, PageQuery};
use crate::board_cache::Snapshot;
use crate::coded::Asked;
use crate::page_seal::seal;
use crate::state::AppState;
use app::{shell, Page, PageData};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::handler::Handler;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, MethodRouter};
use readiness::listing::Listing;
use readiness::BoardFilter;
use std::sync::Arc;

/// Largest rendered page kept in memory while it is cached (a 10,000-system board is ~8 MB).
pub(super) const MAX_PAGE_BYTES: usize = 64 * 1024 * 1024;

/// `GET /` and `POST /` (the claim checker's draft, without JavaScript), with the draft's
/// body limit.
pub fn board_routes() -> MethodRouter<AppState> {
    let draft_limit = axum::extract::DefaultBodyLimit::max(super::page_input::MAX_DRAFT_FORM_BYTES);
    // On the POST alone: a layer over both would box the GET, read per request, once more.
    get(board_page).post(board_page_with_draft.layer(draft_limit))
}

/// How many changes "What changed" shows on the board.
const RECENT: usize = 5;

pub(super) fn line(change: &readiness::changes::Change) -> app::ChangeLine {
    app::ChangeLine {
        id: change.id.clone(),
        at: change.at,
        text: change.text.clone(),
    }
}

/// Renders a page that is not CPU-heavy (no draft to check) on the async worker.
pub(super) async fn render_light(state: &AppState, data: Page, request: Request) -> Response {
    let options = state.leptos.clone();
    let handler = leptos_axum::render_app_async_with_context(
        move || leptos::prelude::provide_context(data.clone()),
        move || shell(options.clone()),
    );
    seal(handler(request).await, MAX_PAGE_BYTES).await
}

/// `GET /pkg/…`: the wasm, JS and CSS (see [`crate::site`]).
pub async fn site_file(
    State(state): State<AppState>,
    axum::extract::Path(rest): axum::extract::Path<String>,
    headers: HeaderMap,
) -> Response {
    state.site.respond(&rest, &headers)
}

/// Any other path: the "page not found" page, with status 404 (counted under one route label).
pub async fn not_found(State(state): State<AppState>, request: Request) -> Response {
    let started = std::time::Instant::now();
    let method = super::track::method_label(request.method());
    let options = state.leptos.clone();
    let handler = leptos_axum::render_app_async_with_context(|| (), move || shell(options.clone()));
    let mut response = seal(handler(request).await, MAX_PAGE_BYTES).await;
    *response.status_mut() = StatusCode::NOT_FOUND;
    if state.metrics_on {
        let stats = state.metrics.http.handle(super::track::UNMATCHED);
        stats.record(method, 404, started.elapsed());
    }
    response
}

async fn board_page(State(state): State<AppState>, request: Request) -> Response {
    let now = state.now();
    let snapshot = state.board.current(now);
    let query = request.uri().query().unwrap_or_default();
    // Asked again in the same words: the page kept for them, without reading the query again.
    if let Some(page) = kept_by_query(&state, &snapshot, query) {
        return answer(&state, &Asked::of(request.headers()), &page).await;
    }
    let asked = PageQuery::of(request.uri()).and_then(|PageQuery(pairs)| {
        PageAsked::of(pairs, false, request.headers(), (now, snapshot))
    });
    let asked = match asked {
        Ok(asked) => asked,
        Err(bad) => return bad.into_response(),
    };
    if let Some(page) = asked.kept(&state, query) {
        return answer(&state, &asked.reader, &page).await;
    }
    // Boxed: the rendering future is large, and the kept page's path is moved through every
    // layer with it (`page_asked.rs`).
    Box::pin(render(state, asked, None, request)).await
}

async fn board_page_with_draft(
    State(state): State<AppState>,
    PageQuery(pairs): PageQuery<Vec<(String, String)>>,
    headers: HeaderMap,
    draft: Draft,
) -> Response {
    // A form that cannot be read is said on the page, beside the checker, with the status that
    // says why: a reader without JavaScript never lands on a bare JSON error (found by attack).
    let Draft { copy, problem } = draft;
    let now = state.now();
    let asked = match PageAsked::of(pairs, true, &headers, (now, state.board.current(now))) {
        Ok(asked) => asked,
        Err(bad) => return bad.into_response(),
    };
    let mut request = Request::new(Body::empty());
    *request.headers_mut() = headers;
    *request.uri_mut() = "/".parse().unwrap_or_default();
    let draft = Some((copy, problem.map(|(_, text)| text.to_owned())));
    let mut response = Box::pin(render(state, asked, draft, request)).await;
    if let Some((status, _)) = problem {
        if response.status().is_success() {
            *response.status_mut() = status;
        }
    }
    response
}

/// Renders the page `asked` for (with a posted draft and what was wrong with its form), and
/// keeps it when it may be kept.
async fn render(
    state: AppState,
    asked: PageAsked,
    draft: Option<(String, Option<String>)>,
    request: Request,
) -> Response {
    let PageAsked {
        as_of,
        operator,
        rows,
        filter,
        snapshot,
        key,
        reader,
        keepable,
    } = asked;
    let at = as_of.as_ref().map(|(_, at)| *at);
    let (board, index) = match board_for(&state, &snapshot, at, (&filter, operator)).await {
        Ok(found) => found,
        Err(e) => return e.into_response(),
    };
    // The buyer's page reads the record in the buyer's words (the live note takes them too).
    let buyers = !filter.is_team_view(&board, operator);
    let recent = snapshot
        .history
        .changes
        .iter()
        .rev()
        .filter_map(|change| match buyers {
            true => readiness::buyer_line::change_line(change).map(|text| app::ChangeLine {
                text: text.to_owned(),
                ..line(change)
            }),
            false => Some(line(change)),
        })
        .take(RECENT)
        .collect();
    let heavy = draft.is_some();
    let (draft, draft_problem) = draft.unzip();
    // The board's own: a past view's never moves with a later write (found by attack).
    let version = board.version.clone().unwrap_or_default();
    let listing = Listing::asked(rows.as_deref(), board.systems.len());
    let data = Page::Board(PageData {
        board,
        filter,
        as_of: as_of.map(|(text, _)| text),
        draft,
        draft_problem: draft_problem.flatten(),
        claims_model: state.claims_model.current().map(|m| Arc::clone(m.reader())),
        origin: state.public_origin.to_string(),
        recent,
        operator,
        version,
        index,
        subscribe: state.mail.is_some(),
        listing,
    });
    let response = match render_page(&state, data, heavy, request).await {
        Ok(response) => response,
        Err(e) => return e.into_response(),
    };
    if !keepable {
        return response;
    }
    match keep(&snapshot, key, response).await {
        Ok(page) => answer(&state, &reader, &page).await,
        Err(response) => response,
    }
}

/// The board to render and its filter index (the team's, or the buyer's without variable names
/// and claims): the current one, or the board as of `at`.
async fn board_for(
    state: &AppState,
    snapshot: &Snapshot,
    at: Option<time::OffsetDateTime>,
    (filter, operator): (&BoardFilter, bool),
) -> Result<(Arc<readiness::Board>, Arc<readiness::FilterIndex>), crate::error::AppError> {
    let Some(at) = at else {
        let team = filter.is_team_view(&snapshot.board, operator);
        let index = if team {
            &snapshot.index
        } else {
            &snapshot.buyer_index
        };
        return Ok((Arc::clone(&snapshot.board), Arc::clone(index)));
    };
    let board = state.board_at(at).await?;
    let index = match filter.is_team_view(&board, operator) {
        true => readiness::FilterIndex::of(&board),
        false => readiness::FilterIndex::for_buyers(&board),
    };
    Ok((Arc::new(board), Arc::new(index)))
}

/// Renders `data`; a page checking a posted draft (`heavy`) renders off the async workers.
async fn render_page(
    state: &AppState,
    data: Page,
    heavy: bool,
    request: Request,
) -> Result<Response, crate::error::AppError> {
    if !heavy {
        return Ok(render_light(state, data, request).await);
    }
    let options = state.leptos.clone();
    let handler = leptos_axum::render_app_async_with_context(
        move || leptos::prelude::provide_context(data.clone()),
        move || shell(options.clone()),
    );
    let rendering = handler(request);
    // A posted draft is checked while rendering: CPU work, kept off the async workers.
    let runtime = tokio::runtime::Handle::current();
    let rendered = state.cpu(move || runtime.block_on(rendering)).await?;
    Ok(seal(rendered, MAX_PAGE_BYTES).await)
}
