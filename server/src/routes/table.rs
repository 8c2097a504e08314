//! Every route of the server in one list, each with what the OpenAPI document says of its
//! operations: the router (`routes::app`) and the document (`openapi::document`) are both built
//! from this list, so a route cannot be served undescribed by mistake nor described elsewhere.

use super::operation::{error, json, json_of, media, none, op, Operation};
use super::{
    badges, board_api, changes, changes_page, claim_rules, claims, claims_reading, health, live,
    observe, ofrep, pages, proofs, receipt_page, subscriptions,
};
use crate::state::AppState;
use axum::extract::DefaultBodyLimit;
use axum::routing::{any, get, post, MethodRouter};

/// One path, its handlers, and its described operations (none for pages, files and badges).
pub struct Route {
    pub path: &'static str,
    pub handler: MethodRouter<AppState>,
    /// Answered within the request time limit: all but a push, which is answered once stored
    /// however long the board takes to follow (see `routes::app`).
    pub timed: bool,
    /// Served only when this holds (metrics can be turned off; the bench baseline is opt-in).
    pub when: fn(&AppState) -> bool,
    pub operations: Vec<Operation>,
}

fn route(path: &'static str, handler: MethodRouter<AppState>, operations: Vec<Operation>) -> Route {
    Route {
        path,
        handler,
        timed: true,
        when: |_| true,
        operations,
    }
}

/// `handler` taking bodies of at most `limit` bytes, one declared over it refused before it is
/// read ([`super::bounded_body::refuse_declared_over`]).
fn within(handler: MethodRouter<AppState>, limit: usize) -> MethodRouter<AppState> {
    let refuse =
        move |request, next| super::bounded_body::refuse_declared_over(limit, request, next);
    handler
        .layer(DefaultBodyLimit::max(limit))
        .layer(axum::middleware::from_fn(refuse))
}

/// The board's filters, and `as_of` for a past instant.
const BOARD_QUERY: &[&str] = &["owner", "motion", "status", "q", "as_of"];

/// Every route.
pub fn routes() -> Vec<Route> {
    vec![
        route(
            "/healthz",
            get(health::healthz),
            vec![op("get", "The process answers").answer(200, "Alive", json::<crate::wire::Health>())],
        ),
        route(
            "/readyz",
            get(health::readyz),
            vec![op("get", "Catalog loaded and proof store reachable")
                .answer(200, "Ready", json::<crate::wire::Ready>())
                .answer(503, "The proof store cannot be reached", error())],
        ),
        route(
            "/api/vendor-readiness",
            get(board_api::board_json),
            vec![op("get", "The computed board, filtered, now or as of a past instant")
                .query(BOARD_QUERY)
                .answer(200, "The board", json::<readiness::Board>())
                .answer(400, "A bad as_of, or a filter given twice", error())
                .answer(503, "An as_of after the board's last read needs the proof store, which does not answer", error())],
        ),
        route(
            "/api/openapi.json",
            get(super::openapi_json),
            vec![op("get", "This document")
                .answer(200, "OpenAPI 3.1", json_of(|_| serde_json::json!({ "type": "object" })))],
        ),
        route(
            "/api/changes",
            get(changes::changes_json),
            vec![op("get", "What changed, newest first (filter by since, motion, system; page with before)")
                .query(&["since", "motion", "system", "limit", "before"])
                .answer(200, "Changes and the cursor to older ones", json::<changes::ChangesPage>())
                .answer(400, "A bad since, limit or before", error())
                .answer(404, "Unknown motion or system", error())
                .answer(503, "A since after the board's last read needs the proof store, which does not answer", error())],
        ),
        route(
            "/api/board/version",
            get(live::board_version),
            vec![op("get", "The current board's version, which changes whenever what a reader sees changes; open pages poll it with If-None-Match")
                .header("If-None-Match")
                .answer(200, "The version, also sent as the ETag", json::<live::BoardVersion>())
                .answer(304, "Unchanged since the ETag given", none())],
        ),
        route(
            "/feed.atom",
            get(changes::feed),
            vec![op("get", "The newest changes as an Atom feed (?motion=ID or ?system=ID for one); ETag, If-None-Match gives 304")
                .query(&["motion", "system"])
                .header("If-None-Match")
                .answer(200, "Atom 1.0", media("application/atom+xml"))
                .answer(304, "Unchanged since the ETag given", none())
                .answer(400, "A bad query", error())
                .answer(404, "Unknown motion or system", error())],
        ),
        route(
            "/ofrep/v1/evaluate/flags",
            post(ofrep::evaluate_all).layer(DefaultBodyLimit::max(ofrep::MAX_CONTEXT_BYTES)),
            vec![op("post", "OFREP: every motion as a flag (ETag; If-None-Match gives 304)")
                .header("If-None-Match")
                .request(json_of(|_| serde_json::json!({ "type": "object" })))
                .answer(200, "Every flag", json::<ofrep::BulkEvaluation>())
                .answer(304, "Unchanged since the ETag given", none())
                .answer(400, "PARSE_ERROR or INVALID_CONTEXT", json::<ofrep::EvaluationFailure>())
                .answer(413, "The context is over 16 KiB", error())],
        ),
        route(
            "/ofrep/v1/evaluate/flags/{key}",
            post(ofrep::evaluate_flag).layer(DefaultBodyLimit::max(ofrep::MAX_CONTEXT_BYTES)),
            vec![op("post", "OFREP: one motion as a boolean flag (value: can move)")
                .request(json_of(|_| serde_json::json!({ "type": "object" })))
                .answer(200, "The flag", json::<ofrep::FlagEvaluation>())
                .answer(400, "PARSE_ERROR or INVALID_CONTEXT", json::<ofrep::EvaluationFailure>())
                .answer(404, "FLAG_NOT_FOUND", json::<ofrep::EvaluationFailure>())
                .answer(413, "The context is over 16 KiB", error())],
        ),
        route("/ofrep/{*rest}", any(ofrep::no_such_endpoint), vec![]),
        route("/api/{*rest}", any(no_such_api_endpoint), vec![]),
        route(
            "/api/claims/rules",
            get(claim_rules::rules),
            vec![op("get", "The claims the chosen motions may not make now, as the claim checker matches them")
                .query(&["motions"])
                .answer(200, "The rules: motions, and each disallowed claim with its patterns", json::<readiness::ClaimRules>())
                .answer(400, "A bad query", error())
                .answer(422, "A motion is unknown", error())],
        ),
        route(
            "/api/claims/model",
            get(claim_rules::model),
            vec![op("get", "The model of labelled copy the board joins with its claim rules (written by claims train)")
                .answer(200, "The model", json::<readiness::claims::model::ClaimModel>())
                .answer(304, "The copy the client holds (If-None-Match) is current", none())
                .answer(404, "The board checks copy with its rules alone", error())],
        ),
        route(
            "/api/claims/reading",
            within(post(claims_reading::reading), claims::MAX_CLAIMS_TEXT_BYTES),
            vec![op("post", "The board's model of labelled copy reading copy (plain text), as the page's claim checker joins it with its rules")
                .request(media("text/plain"))
                .answer(200, "Each sentence a join needs: L rows (the claims of each line of the model), S rows (a sentence's hash and each line's level: 0 under keep, 1 between, 2 at least add)", media("text/plain"))
                .answer(400, "The copy is not UTF-8", error())
                .answer(404, "The board checks copy with its rules alone", error())
                .answer(413, "The body is over 2 MiB (refused before it is sent when declared so)", error())
                .answer(429, "32 bodies over 64 KiB are being read: retry after Retry-After", error())],
        ),
        route(
            "/api/claims/check",
            within(post(claims::check), claims::MAX_CLAIMS_BODY_BYTES),
            vec![op("post", "Check copy for claims a motion may not make")
                .request(json::<claims::ClaimCheck>())
                .answer(200, "Verdicts and violations", json::<claims::ClaimCheckResult>())
                .answer(413, "The text is over 2 MiB of UTF-8, or the body over 6 MiB (refused before it is sent when declared so)", error())
                .answer(415, "The body is not application/json", error())
                .answer(422, "The body is not JSON of this shape, a motion is unknown, or motions and motion are both given", error())
                .answer(429, "32 bodies over 64 KiB are being read: retry after Retry-After", error())],
        ),
        route(
            "/api/proofs",
            get(proofs::proof_history).head(proofs::check_token),
            vec![
                op("get", "Public proof history (outcome and time, no evidence)")
                    .query(&["system", "limit"])
                    .answer(200, "Records, newest first", json::<crate::wire::ProofHistory>())
                    .answer(400, "A bad query", error())
                    .answer(404, "Unknown system", error()),
                op("head", "Check a push token without sending anything")
                    .answer(204, "The token may push; the Push-Fields header names the optional fields a push may carry (duration_ms, output_sha256)", none())
                    .answer(401, "Missing or wrong token, or pushing is off on this server", none())
                    .answer(429, "Too many failed attempts from this address", none()),
            ],
        ),
        route(
            "/api/proofs/{id}",
            get(proofs::receipt),
            vec![op("get", "The receipt of one proof record: system, outcome, instant, source, duration, output digest and evidence (redacted); ETag, If-None-Match gives 304")
                .header("If-None-Match")
                .answer(200, "The record", json::<crate::wire::Proof>())
                .answer(304, "Unchanged since the ETag given", none())
                .answer(400, "The id is not text (not UTF-8 once decoded), or the address has a query", error())
                .answer(404, "No proof record has this id", error())],
        ),
        Route {
            timed: false,
            ..route(
                "/api/proofs",
                post(proofs::push_proof),
                vec![op("post", "Push a proof record (bearer token; Idempotency-Key optional)")
                    .request(json::<crate::proof_input::ProofInput>())
                    .answer(201, "Stored; or, with `Idempotent-Replayed: true`, the stored answer to an earlier request with the same Idempotency-Key", json::<crate::wire::Proof>())
                    .answer(400, "The Idempotency-Key header is not 1 to 128 printable ASCII characters", error())
                    .answer(401, "Missing or wrong token, or pushing is off on this server", error())
                    .answer(408, "The body took more than 10 s", error())
                    .answer(413, "The body is over 64 KiB", error())
                    .answer(415, "The body is not application/json", error())
                    .answer(422, "A field is invalid (`field` names it: an unknown system, a bad outcome), or the Idempotency-Key was used for another request", error())
                    .answer(429, "Too many pushes, or too many failed attempts from this address", error())
                    .answer(503, "The proof store cannot be reached; nothing was stored", error())],
            )
        },
        Route {
            when: |state| state.metrics_on,
            ..route(
                "/metrics",
                get(observe::metrics),
                vec![op("get", "Prometheus metrics (OpenMetrics text)")
                    .answer(200, "Metrics", media("application/openmetrics-text"))],
            )
        },
        Route {
            when: |state| state.bench_baseline,
            ..route("/__bench/static", get(super::bench_baseline::static_body), vec![])
        },
        route("/badge/{kind}/{file}", get(badges::badge), vec![]),
        route("/", pages::board_routes(), vec![]),
        route("/pkg/{*rest}", get(pages::site_file), vec![]),
        route("/changes", get(changes_page::changes_page), vec![]),
        route("/proofs/{id}", get(receipt_page::receipt_page), vec![]),
        mail_route(
            "/subscribe",
            get(subscriptions::form).post(subscriptions::post_form),
        ),
        mail_route(
            "/subscriptions/confirm",
            get(subscriptions::confirm_page).post(subscriptions::confirm),
        ),
        mail_route(
            "/subscriptions/manage",
            get(subscriptions::manage_get).post(subscriptions::manage_post),
        ),
        mail_route(
            "/subscriptions/unsubscribe",
            get(subscriptions::manage_get).post(subscriptions::unsubscribe),
        ),
    ]
}

/// A page of the e-mail subscriptions: served only when the server sends mail.
fn mail_route(path: &'static str, handler: MethodRouter<AppState>) -> Route {
    Route {
        when: |state| state.mail.is_some(),
        ..route(path, handler, vec![])
    }
}

/// Any other path under `/api/` (a trailing slash, a typo): the app's JSON 404, not the page.
async fn no_such_api_endpoint() -> crate::error::AppError {
    let hint = "no such API endpoint: /api/openapi.json lists them all";
    crate::error::AppError::NotFound(hint.to_owned())
}
