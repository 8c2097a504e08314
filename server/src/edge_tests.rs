//! The edge layer: ids, the budget of requests in flight, the headers every response carries.

use super::*;
use axum::body::Body;
use std::convert::Infallible;
use tower::{Layer, Service, ServiceExt};

/// A service that answers once `release` fires, saying the id it saw in scope.
fn held(
    release: Arc<tokio::sync::Notify>,
) -> impl Service<
    Request,
    Response = Response,
    Error = Infallible,
    Future = impl Future<Output = Result<Response, Infallible>> + Send,
> + Clone
       + Send {
    tower::service_fn(move |_request: Request| {
        let release = Arc::clone(&release);
        async move {
            release.notified().await;
            let id = crate::request_id::current();
            Ok::<_, Infallible>(id.into_response())
        }
    })
}

fn budget(max: usize) -> InFlight {
    let trusted = crate::client_ip::TrustedProxies::default();
    InFlight::new(max, max, trusted, Default::default())
}

fn request(id: Option<&str>) -> Request {
    let builder = Request::builder().uri("/x");
    let builder = match id {
        Some(id) => builder.header(REQUEST_ID_HEADER, id),
        None => builder,
    };
    builder.body(Body::empty()).unwrap()
}

#[tokio::test]
async fn over_the_budget_a_request_is_answered_503_at_once_and_its_place_comes_back() {
    let release = Arc::new(tokio::sync::Notify::new());
    let mut edge = EdgeLayer::new(budget(1)).layer(held(Arc::clone(&release)));
    let first = tokio::spawn(edge.clone().oneshot(request(Some("first"))));
    tokio::task::yield_now().await;
    let shed = edge
        .ready()
        .await
        .unwrap()
        .call(request(None))
        .await
        .unwrap();
    assert_eq!(shed.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(shed.headers()[header::RETRY_AFTER], "1");
    assert_eq!(shed.headers()[header::X_FRAME_OPTIONS], "DENY");
    assert!(shed.headers().contains_key(REQUEST_ID_HEADER));
    release.notify_one();
    let answered = first.await.unwrap().unwrap();
    assert_eq!(answered.status(), StatusCode::OK);
    let again = edge.clone().oneshot(request(Some("again")));
    release.notify_one();
    assert_eq!(again.await.unwrap().status(), StatusCode::OK);
}

#[tokio::test]
async fn a_plain_id_is_kept_in_scope_and_echoed_another_is_replaced() {
    let release = Arc::new(tokio::sync::Notify::new());
    release.notify_one();
    let edge = EdgeLayer::new(budget(4)).layer(held(Arc::clone(&release)));
    let response = edge
        .clone()
        .oneshot(request(Some("abc-123")))
        .await
        .unwrap();
    assert_eq!(response.headers()[REQUEST_ID_HEADER], "abc-123");
    let body = axum::body::to_bytes(response.into_body(), 1024)
        .await
        .unwrap();
    assert_eq!(&body[..], b"abc-123");
    release.notify_one();
    let response = edge.oneshot(request(Some("<script>"))).await.unwrap();
    let echoed = response.headers()[REQUEST_ID_HEADER].to_str().unwrap();
    assert_ne!(echoed, "<script>");
    assert!(is_plain(echoed.as_bytes()), "{echoed}");
    assert_eq!(
        response.headers()[header::X_CONTENT_TYPE_OPTIONS],
        "nosniff"
    );
    assert_eq!(
        response.headers()[header::REFERRER_POLICY],
        "strict-origin-when-cross-origin"
    );
}

/// Found by attack: a second `x-request-id` went unseen, and a client could send the ids the
/// server was about to hand out (its prefix shows in every answer).
#[tokio::test]
async fn two_ids_or_one_shaped_as_the_servers_own_are_replaced() {
    let release = Arc::new(tokio::sync::Notify::new());
    let edge = EdgeLayer::new(budget(4)).layer(held(Arc::clone(&release)));
    release.notify_one();
    let fresh = edge.clone().oneshot(request(None)).await.unwrap();
    let ours = fresh.headers()[REQUEST_ID_HEADER]
        .to_str()
        .unwrap()
        .to_owned();
    // Another app of the process (the reserve) hands out ids of the same shape.
    let reserve = EdgeLayer::new(budget(1)).layer(held(Arc::clone(&release)));
    for guess in [
        format!("{}-0000-00000000ffff", &ours[..18]),
        format!("{}-0000-00000000ffff", &ours[..18]).to_ascii_uppercase(),
    ] {
        for app in [&edge, &reserve] {
            release.notify_one();
            let answered = app.clone().oneshot(request(Some(&guess))).await.unwrap();
            assert_ne!(answered.headers()[REQUEST_ID_HEADER], guess.as_str());
        }
    }
    let mut twice = request(Some("first"));
    twice
        .headers_mut()
        .append(REQUEST_ID_HEADER, HeaderValue::from_static("second"));
    release.notify_one();
    let answered = edge.oneshot(twice).await.unwrap();
    let echoed = answered.headers()[REQUEST_ID_HEADER].to_str().unwrap();
    assert!(echoed != "first" && echoed != "second", "{echoed}");
}

/// Found by attack: the busy 503 of an API route was plain text, not the API's error shape.
/// It is `{error:{code:"busy", message, request_id}}` there, the id the header names.
#[tokio::test]
async fn an_api_routes_busy_answer_is_the_apis_error_with_its_request_id() {
    let release = Arc::new(tokio::sync::Notify::new());
    let edge = EdgeLayer::new(budget(1)).layer(held(Arc::clone(&release)));
    let first = tokio::spawn(edge.clone().oneshot(request(None)));
    tokio::task::yield_now().await;
    for (uri, json) in [
        ("/api/board/version", true),
        ("/ofrep/v1/evaluate/flags", true),
        ("/", false),
    ] {
        let asked = Request::builder().uri(uri).body(Body::empty()).unwrap();
        let shed = edge.clone().oneshot(asked).await.unwrap();
        assert_eq!(shed.status(), StatusCode::SERVICE_UNAVAILABLE, "{uri}");
        let id = shed.headers()[REQUEST_ID_HEADER]
            .to_str()
            .unwrap()
            .to_owned();
        let kind = shed.headers()[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .to_owned();
        let body = axum::body::to_bytes(shed.into_body(), 4096).await.unwrap();
        let text = String::from_utf8(body.to_vec()).unwrap();
        assert!(text.contains(&id), "{uri}: {text}");
        if json {
            assert_eq!(kind, "application/json", "{uri}");
            let value: serde_json::Value = serde_json::from_str(&text).unwrap();
            assert_eq!(value["error"]["code"], "busy", "{text}");
            assert_eq!(value["error"]["request_id"], id.as_str(), "{text}");
        } else {
            assert!(kind.starts_with("text/plain"), "{uri}: {kind}");
        }
    }
    release.notify_one();
    assert_eq!(first.await.unwrap().unwrap().status(), StatusCode::OK);
}
