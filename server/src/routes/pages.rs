//! The server-rendered board (Leptos): `GET /` for every filtered view and `?as_of=` past views,
//! `POST /` for the claim checker without JavaScript, static files and the 404 page.
//! Current-board pages are cached per snapshot, so most reads never render.

use super::page_input::{BadPage, ChangesForm, Draft, PageQuery};
use crate::board_cache::Snapshot;
use crate::coded::Asked;
use crate::page_cache::CachedPage;
use crate::page_seal::seal;
use crate::state::AppState;
use app::{shell, Page, PageData};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, MethodRouter};
use readiness::BoardFilter;
use std::sync::Arc;

/// Largest rendered page kept in memory while it is cached (a 10,000-system board is ~8 MB).
const MAX_PAGE_BYTES: usize = 64 * 1024 * 1024;

/// `GET /` and `POST /` (the claim checker's draft, without JavaScript), with the draft's
/// body limit.
pub fn board_routes() -> MethodRouter<AppState> {
    let draft_limit = axum::extract::DefaultBodyLimit::max(super::claims::MAX_CLAIMS_BODY_BYTES);
    get(board_page)
        .post(board_page_with_draft)
        .layer(draft_limit)
}

/// How many changes "What changed" shows on the board.
const RECENT: usize = 5;

fn line(change: &readiness::changes::Change) -> app::ChangeLine {
    app::ChangeLine {
        id: change.id.clone(),
        at: change.at,
        text: change.text.clone(),
    }
}

/// `GET /changes[?motion=ID][&system=ID]`: the full timeline, filterable without JavaScript
/// (an empty choice in the form means "any").
pub async fn changes_page(
    State(state): State<AppState>,
    PageQuery(form): PageQuery<ChangesForm>,
    request: Request,
) -> Response {
    let motion = form.motion.filter(|m| !m.is_empty());
    let system = form.system.filter(|s| !s.is_empty());
    let team = form
        .view
        .as_deref()
        .is_some_and(BoardFilter::is_operator_view);
    let query = super::changes::ChangesQuery::for_page(motion.clone(), system.clone(), !team);
    let snapshot = state.board.current(state.now());
    let changes = match super::changes::select(&snapshot, &query) {
        Ok((changes, _)) => changes,
        Err(crate::error::AppError::NotFound(_)) => {
            // In the page's words, as the board's own filter says it.
            // Said without control characters (found by attack: a NUL went into the page).
            // Nor a bidirectional override or mark, which could turn the page's words around.
            let shown = |id: &str| {
                id.chars()
                    .filter(|c| !c.is_control() && !crate::cli::output::is_direction_control(*c))
                    .collect::<String>()
            };
            let text = match (&motion, &system) {
                (Some(id), _) if super::changes::motion_id(&snapshot, id).is_none() => {
                    format!("No offer has the id \u{201c}{}\u{201d}.", shown(id))
                }
                (_, Some(id)) => format!("No system has the id \u{201c}{}\u{201d}.", shown(id)),
                _ => "Nothing has this id.".to_owned(),
            };
            return BadPage::new(text)
                .with_status(StatusCode::NOT_FOUND)
                .into_response();
        }
        Err(e) => return BadPage::new(format!("{e}.")).into_response(),
    };
    let feed_query = super::changes::feed_scope(motion.as_deref(), system.as_deref());
    let board = &snapshot.board;
    // A buyer reads the record in the buyer's words, as on the board (found by attack: the
    // page the buyer's "Every change" opened spoke of motions, gated and variables).
    let lines = changes.iter().filter_map(|change| match team {
        true => Some(line(change)),
        false => readiness::buyer_line::change_line(change).map(|text| app::ChangeLine {
            text: text.to_owned(),
            ..line(change)
        }),
    });
    let data = Page::Changes {
        board: Arc::clone(board),
        changes: app::ChangesPage {
            changes: lines.collect(),
            motion,
            system,
            feed_query,
            team,
        },
    };
    render_light(&state, data, request).await
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

async fn board_page(
    State(state): State<AppState>,
    PageQuery(pairs): PageQuery<Vec<(String, String)>>,
    request: Request,
) -> Response {
    render(state, pairs, None, None, request).await
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
    let mut request = Request::new(Body::empty());
    *request.headers_mut() = headers;
    *request.uri_mut() = "/".parse().unwrap_or_default();
    let problem_text = problem.map(|(_, text)| text.to_owned());
    let mut response = render(state, pairs, Some(copy), problem_text, request).await;
    if let Some((status, _)) = problem {
        if response.status().is_success() {
            *response.status_mut() = status;
        }
    }
    response
}

async fn render(
    state: AppState,
    pairs: Vec<(String, String)>,
    draft: Option<String>,
    draft_problem: Option<String>,
    request: Request,
) -> Response {
    let as_of = match super::as_of::as_of(&pairs, state.now()) {
        Ok(as_of) => as_of,
        Err(reason) => return BadPage::new(format!("{reason}.")).into_response(),
    };
    // A posted draft is the claim checker's, which only the team's view has (a form from before
    // the buyer's view posted to `/`): the page, its form and its links are the team's.
    let operator = draft.is_some()
        || pairs
            .iter()
            .rev()
            .find(|(k, _)| k == "view")
            .is_some_and(|(_, v)| BoardFilter::is_operator_view(v));
    let filter = BoardFilter::from_pairs(pairs);
    let snapshot = state.board.current(state.now());
    let cacheable = as_of.is_none() && draft.is_none();
    let key = format!("{}#{operator}", filter.to_query());
    let asked = Asked::of(request.headers());
    if cacheable {
        if let Some(page) = cached(&state, &snapshot, &key) {
            return answer(&state, &asked, &page).await;
        }
    }
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
    // The board's own: a past view's never moves with a later write (found by attack).
    let version = board.version.clone().unwrap_or_default();
    let data = Page::Board(PageData {
        board,
        filter,
        as_of: as_of.map(|(text, _)| text),
        draft,
        draft_problem,
        origin: state.public_origin.to_string(),
        recent,
        operator,
        version,
        index,
        subscribe: state.mail.is_some(),
    });
    let response = match render_page(&state, data, heavy, request).await {
        Ok(response) => response,
        Err(e) => return e.into_response(),
    };
    if !cacheable {
        return response;
    }
    match keep(&snapshot, key, response).await {
        Ok(page) => answer(&state, &asked, &page).await,
        Err(response) => response,
    }
}

/// The page cached for `key` with this board, counted as a hit or a miss.
fn cached(state: &AppState, snapshot: &Snapshot, key: &str) -> Option<Arc<CachedPage>> {
    let hit = snapshot.pages.get(key);
    let result = if hit.is_some() { "hit" } else { "miss" };
    state
        .metrics
        .page_cache
        .get_or_create(&crate::metrics::ResultLabels { result })
        .inc();
    hit
}

/// A kept page answered: in the coding the reader accepts, `304` when it holds it.
async fn answer(state: &AppState, asked: &Asked, page: &Arc<CachedPage>) -> Response {
    let respond = |body| {
        let mut response = Response::new(Body::from(body));
        *response.status_mut() = page.status;
        *response.headers_mut() = page.headers.clone();
        response
    };
    let answered =
        crate::coded::answer(state, asked, (page, body_of), (&page.etag, None), respond).await;
    answered.unwrap_or_else(IntoResponse::into_response)
}

fn body_of(page: &CachedPage) -> Option<&crate::encoded::Encoded> {
    Some(&page.body)
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

/// Keeps a rendered page for `key` with this board (a success), or gives it back as it is.
async fn keep(
    snapshot: &Snapshot,
    key: String,
    response: Response,
) -> Result<Arc<CachedPage>, Response> {
    if !response.status().is_success() {
        return Err(response);
    }
    let (parts, body) = response.into_parts();
    let Ok(body) = axum::body::to_bytes(body, MAX_PAGE_BYTES).await else {
        let cause = "the rendered page was over the size a page is kept at";
        return Err(crate::error::AppError::Internal(cause.into()).into_response());
    };
    let page = CachedPage::new(parts.status, parts.headers, body);
    Ok(snapshot.pages.insert(key, page))
}
