//! The e-mail subscription pages, served when `serve --smtp-url` is given: `/subscribe` (the
//! form, and what posting it says: the same words, after the same time, whatever the address's
//! state), and the pages a message's links open: confirm (a button: a link alone never confirms,
//! since mail scanners open links), manage, and unsubscribe (RFC 8058: a POST to the link
//! unsubscribes at once). Links carry the token in the query, which the request log never records.

use super::page_input::{PageParams, PageQuery};
use super::subscription_form::{self, Posted};
use crate::error::AppError;
use crate::mail::{self, subscribe, Address, Letterhead};
use crate::state::AppState;
use crate::store::mail::Subscriber;
use app::{Page, SubscriptionPage};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use std::time::Duration;

/// "Check your inbox" is answered this long after the request came, whatever the store did
/// (found by attack: a new address took twice as long as a known one, which told them apart).
const SUBSCRIBE_ANSWER_AFTER: Duration = Duration::from_millis(300);

/// `?token=…`: the capability a message's links carry. Other parameters (a click tracker's
/// `utm_source`) are ignored: the link still works.
#[derive(Debug, Deserialize)]
pub struct TokenQuery {
    token: String,
}

impl PageParams for TokenQuery {
    const TAKES: &'static str = "this page takes the token its e-mail link carries.";
}

/// `GET /subscribe`: the form alone.
pub async fn form(State(state): State<AppState>, request: Request) -> Response {
    let page = form_page(String::new(), Vec::new(), None);
    render(&state, page, StatusCode::OK, request).await
}

/// `POST /subscribe`: sends a confirm link (or, to a confirmed address, a note) and answers
/// "check your inbox" either way.
pub async fn post_form(State(state): State<AppState>, request: Request) -> Response {
    let started = tokio::time::Instant::now();
    if over_budget(&state.subscribe_limit, &state, &request) {
        return too_many(&state, request).await;
    }
    let (request, posted) = subscription_form::read(request).await;
    let posted: Posted = match posted {
        Ok(posted) => posted,
        Err(e) => {
            let page = form_page(String::new(), Vec::new(), Some(e.problem.to_owned()));
            return render(&state, page, e.status, request).await;
        }
    };
    let snapshot = state.board.current(state.now());
    let typed = posted.first("address");
    let posted_ids =
        subscribe::chosen_now(&snapshot, &posted.all("motion"), &posted.first("chosen_at"));
    let chosen = match subscribe::known_motions(&snapshot.board, &posted_ids) {
        Ok(chosen) => chosen,
        Err(problem) => {
            let page = form_page(typed, Vec::new(), Some(problem.to_owned()));
            return render(&state, page, StatusCode::BAD_REQUEST, request).await;
        }
    };
    let address = match Address::parse(&typed) {
        Ok(address) => address,
        Err(problem) => {
            let page = form_page(typed, chosen, Some(problem.to_string()));
            return render(&state, page, StatusCode::BAD_REQUEST, request).await;
        }
    };
    let (origin, now_ms) = (state.public_origin.to_string(), state.store.now_ms());
    // Said as typed (an internationalized domain is kept in punycode, but not shown so).
    let shown = typed.trim().to_owned();
    let done = state.read_within(move |store| {
        let head = Letterhead {
            title: &snapshot.board.page.title,
            origin: &origin,
        };
        subscribe::subscribe(store, &snapshot, &head, &address, chosen, now_ms)
    });
    match done.await {
        Ok(()) => {
            tokio::time::sleep_until(started + SUBSCRIBE_ANSWER_AFTER).await;
            let page = SubscriptionPage::Sent { address: shown };
            render(&state, page, StatusCode::OK, request).await
        }
        Err(e) => e.into_response(),
    }
}

/// `GET /subscriptions/confirm`: the button that confirms (or the subscription, if confirmed).
pub async fn confirm_page(
    State(state): State<AppState>,
    PageQuery(TokenQuery { token }): PageQuery<TokenQuery>,
    request: Request,
) -> Response {
    let now_ms = state.store.now_ms();
    let looked_up = token.clone();
    let found = state.read_within(move |store| subscribe::by_token(store, &looked_up, now_ms));
    let snapshot = state.board.current(state.now());
    let page = match found.await {
        Ok(Some(s)) if s.confirmed_at_ms.is_none() => {
            let follows = subscribe::follows_now(&snapshot, &s.motions, s.motions_since_ms());
            let scope = mail::scope_of(&snapshot, &follows);
            SubscriptionPage::Confirm { token, scope }
        }
        Ok(Some(s)) => manage_page(&state, s, Some("This subscription is confirmed already.")),
        Ok(None) => return expired(&state, request).await,
        Err(e) => return e.into_response(),
    };
    render(&state, page, StatusCode::OK, request).await
}

/// `POST /subscriptions/confirm`: confirms; changes from now on are sent.
pub async fn confirm(
    State(state): State<AppState>,
    PageQuery(TokenQuery { token }): PageQuery<TokenQuery>,
    request: Request,
) -> Response {
    if over_budget(&state.confirm_limit, &state, &request) {
        return too_many(&state, request).await;
    }
    let now_ms = state.store.now_ms();
    let snapshot = state.board.current(state.now());
    let done = state.read_within(move |store| subscribe::confirm(store, &snapshot, &token, now_ms));
    let note = CONFIRMED;
    manage_or_expired(&state, done.await, Some(note), request).await
}

/// `GET /subscriptions/manage` and `GET /subscriptions/unsubscribe`: the subscription, its
/// choices and the unsubscribe button.
pub async fn manage_get(
    State(state): State<AppState>,
    PageQuery(TokenQuery { token }): PageQuery<TokenQuery>,
    request: Request,
) -> Response {
    let now_ms = state.store.now_ms();
    let found = state.read_within(move |store| subscribe::by_token(store, &token, now_ms));
    manage_or_expired(&state, found.await, None, request).await
}

/// `POST /subscriptions/manage`: saves the motions chosen.
pub async fn manage_post(
    State(state): State<AppState>,
    PageQuery(TokenQuery { token }): PageQuery<TokenQuery>,
    request: Request,
) -> Response {
    let (request, posted) = subscription_form::read(request).await;
    let posted = match posted {
        Ok(posted) => posted,
        Err(e) => {
            return super::page_input::BadPage::new(e.problem.to_owned())
                .with_status(e.status)
                .into_response()
        }
    };
    let snapshot = state.board.current(state.now());
    let now_ms = state.store.now_ms();
    // Nothing is changed when none of the offers chosen is on the board: the page says why.
    let (chosen, note, status) = match subscribe::known_motions(
        &snapshot.board,
        &subscribe::chosen_now(&snapshot, &posted.all("motion"), &posted.first("chosen_at")),
    ) {
        Ok(chosen) => {
            let scope = mail::scope_of(&snapshot, &chosen);
            let note = format!("Saved: you get e-mail about {scope}.");
            (Some(chosen), note, StatusCode::OK)
        }
        Err(problem) => (None, problem.to_owned(), StatusCode::BAD_REQUEST),
    };
    let saved = state.read_within(move |store| {
        let Some(s) = subscribe::by_token(store, &token, now_ms)? else {
            return Ok(None);
        };
        if let Some(chosen) = &chosen {
            store.set_motions(&s.id, chosen, now_ms)?;
        }
        subscribe::by_token(store, &token, now_ms)
    });
    let mut response = manage_or_expired(&state, saved.await, Some(&note), request).await;
    if response.status().is_success() {
        *response.status_mut() = status;
    }
    response
}

/// `POST /subscriptions/unsubscribe`: RFC 8058's one-click unsubscribe (and the page's button).
pub async fn unsubscribe(
    State(state): State<AppState>,
    PageQuery(TokenQuery { token }): PageQuery<TokenQuery>,
    request: Request,
) -> Response {
    let now_ms = state.store.now_ms();
    let asked = token.clone();
    let done = state.read_within(move |store| subscribe::unsubscribe(store, &asked, now_ms));
    match done.await {
        // RFC 8058: a mail client may post the one-click again, so any token of a link's shape
        // reads as done, which also tells nothing of it (found by attack: a retry was a 404).
        Ok(done) if done || mail::is_token(&token) => {
            render(
                &state,
                SubscriptionPage::Unsubscribed,
                StatusCode::OK,
                request,
            )
            .await
        }
        Ok(_) => expired(&state, request).await,
        Err(e) => e.into_response(),
    }
}

fn form_page(address: String, chosen: Vec<String>, problem: Option<String>) -> SubscriptionPage {
    SubscriptionPage::Form {
        address,
        chosen,
        problem,
    }
}

/// The subscription's page saying `note`, or "this link no longer works" when there is none.
async fn manage_or_expired(
    state: &AppState,
    found: Result<Option<Subscriber>, AppError>,
    note: Option<&str>,
    request: Request,
) -> Response {
    match found {
        Ok(Some(s)) => {
            let page = manage_page(state, s, note);
            render(state, page, StatusCode::OK, request).await
        }
        Ok(None) => expired(state, request).await,
        Err(e) => e.into_response(),
    }
}

/// What a confirm says, unless what it follows is no longer offered.
const CONFIRMED: &str = "Confirmed: you will get an e-mail when this changes.";

/// The subscription's page: its choices, and each offer it follows that is no longer listed.
fn manage_page(state: &AppState, s: Subscriber, note: Option<&str>) -> SubscriptionPage {
    let snapshot = state.board.current(state.now());
    let withdrawn: Vec<String> = s
        .motions
        .iter()
        .filter(|id| !snapshot.board.motions.iter().any(|m| m.id.as_str() == *id))
        .map(|id| mail::withdrawn_offer(&snapshot, id))
        .collect();
    // Found by attack: "you will get an e-mail" beside "no e-mail comes about it any more".
    let nothing_left = !withdrawn.is_empty() && withdrawn.len() == s.motions.len();
    let note = note.map(|n| match n == CONFIRMED && nothing_left {
        true => "Confirmed.",
        false => n,
    });
    SubscriptionPage::Manage {
        token: s.token,
        address: s.address,
        chosen: s.motions,
        withdrawn,
        note: note.map(str::to_owned),
    }
}

async fn expired(state: &AppState, request: Request) -> Response {
    render(
        state,
        SubscriptionPage::Expired,
        StatusCode::NOT_FOUND,
        request,
    )
    .await
}

/// Whether the client of `request` has spent its budget under `limit`.
fn over_budget(limit: &crate::limits::ClientLimit, state: &AppState, request: &Request) -> bool {
    let client = state
        .trusted_proxies
        .client(request.headers(), request.extensions());
    limit.check(client).is_err()
}

/// 429 with `Retry-After`: the client's budget comes back at one request a minute.
async fn too_many(state: &AppState, request: Request) -> Response {
    let mut response = render(
        state,
        SubscriptionPage::TooMany,
        StatusCode::TOO_MANY_REQUESTS,
        request,
    )
    .await;
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static("60"));
    response
}

/// A subscription page; never cached (its links are capabilities), never a referrer.
async fn render(
    state: &AppState,
    page: SubscriptionPage,
    status: StatusCode,
    request: Request,
) -> Response {
    let board = state.board.current(state.now()).board.clone();
    let data = Page::Subscription { board, page };
    let mut response = super::pages::render_light(state, data, request).await;
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
}
