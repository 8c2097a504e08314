//! Per-client budgets behind a reverse proxy (found by attack, issue 22): with the proxy
//! trusted (`--trusted-proxy`), each forwarded client has its own budget; without it, or from
//! anyone else, `X-Forwarded-For` is not read, so a client cannot pick the budget it spends.

use crate::common::{self, seed_app, TestApp};
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode};
use std::net::SocketAddr;

/// A push with a wrong token from `peer`, forwarded for `client`: its status.
async fn wrong_token(app: &TestApp, peer: &str, client: &str) -> StatusCode {
    let mut request = Request::post("/api/proofs")
        .header("authorization", "Bearer wrong")
        .header("content-type", "application/json")
        .header("x-forwarded-for", client)
        .body(Body::from("{}"))
        .unwrap();
    let peer: SocketAddr = format!("{peer}:40000").parse().unwrap();
    request.extensions_mut().insert(ConnectInfo(peer));
    common::call(app, request).await.0
}

async fn exhaust(app: &TestApp, peer: &str, client: &str) {
    let mut last = StatusCode::OK;
    for _ in 0..30 {
        last = wrong_token(app, peer, client).await;
        if last == StatusCode::TOO_MANY_REQUESTS {
            break;
        }
    }
    assert_eq!(last, StatusCode::TOO_MANY_REQUESTS, "the budget runs out");
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_client_has_its_own_budget() {
    let mut app = seed_app();
    let parts = app.state.parts_mut().expect("not shared yet");
    parts.trusted_proxies =
        server::client_ip::TrustedProxies::parse(&["10.0.0.0/8".to_owned()]).unwrap();
    exhaust(&app, "10.0.0.5", "198.51.100.1").await;
    assert_eq!(
        wrong_token(&app, "10.0.0.5", "198.51.100.2").await,
        StatusCode::UNAUTHORIZED
    );
    // Anyone else's header is not read: the budget is its own address's.
    exhaust(&app, "203.0.113.9", "198.51.100.3").await;
    assert_eq!(
        wrong_token(&app, "203.0.113.9", "198.51.100.4").await,
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[tokio::test]
async fn without_a_trusted_proxy_the_header_is_never_read() {
    let app = seed_app();
    exhaust(&app, "10.0.0.5", "198.51.100.1").await;
    assert_eq!(
        wrong_token(&app, "10.0.0.5", "198.51.100.2").await,
        StatusCode::TOO_MANY_REQUESTS
    );
}
