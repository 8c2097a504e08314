//! The interactive board on the server: status and text filters, the motion view and unlock set,
//! the no-JS claim checker form, `?as_of=` past views, badges, and the page cache.

use crate::common;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::*;

#[tokio::test]
async fn status_and_text_filters_render_on_the_server_with_n_of_7() {
    let app = seed_app();
    let (status, html, _) = get(&app, "/?status=blocked&q=stripe").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(visible_rows(&html), vec!["stripe-billing"]);
    assert!(html.contains("Showing 1 of 7 vendor systems."));
    // The form shows what was asked, so a no-JS reader can change it.
    assert!(html.contains("<option value=\"blocked\" selected"));
    assert!(html.contains("value=\"stripe\""));
    let (_, html, _) = get(&app, "/?q=zebra&status=ready").await;
    assert!(
        html.contains("No system matches text \u{201c}zebra\u{201d}."),
        "{html}"
    );
}

#[tokio::test]
async fn the_motion_view_shows_claims_unlock_set_and_a_badge_snippet() {
    let (_, html, _) = get(&seed_app(), "/?motion=self-serve-paid-launch").await;
    for text in [
        "Required evidence",
        "Still disallowed",
        "Buy-now checkout",
        "lifted when this is ready: Stripe self-serve billing",
        "Self-serve paid launch moves when Stripe self-serve billing becomes ready and Enterprise SSO and SCIM provisioning stops being blocked.",
        "STRIPE_SECRET_KEY",
        "a passing proof: ",
        "If missing: ",
        "[![Self-serve paid launch](http://board.test/badge/motion/self-serve-paid-launch.svg)](http://board.test/?motion=self-serve-paid-launch)",
        "<textarea id=\"claim-copy\" name=\"copy\"",
    ] {
        assert!(html.contains(text), "missing {text:?}");
    }
}

/// Found by an operator (issue 23): the copy around a finding was cut mid-word ("…nless and
/// quick"); it is cut between words, and "…" marks the cut.
#[tokio::test]
async fn the_copy_around_a_finding_is_cut_between_words() {
    let app = seed_app();
    let copy = "Our painless and quickest onboardings experience anywhere lets you buy now \
                with everything included and absolutely nothing withheld from anybody";
    let request = Request::post("/?motion=self-serve-paid-launch")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(format!("copy={}", copy.replace(' ', "+"))))
        .unwrap();
    let (status, _, body) = call(&app, request).await;
    assert_eq!(status, StatusCode::OK);
    let html = String::from_utf8(body).unwrap();
    let at = html.find("<mark>buy now</mark>").expect("a finding");
    let start = html[..at].rfind("violation-context\">").unwrap() + "violation-context\">".len();
    let end = at + html[at..].find("</q>").unwrap();
    let snippet = html[start..end]
        .replace("<mark>", "")
        .replace("</mark>", "");
    assert_eq!(
        snippet,
        "\u{2026}experience anywhere lets you buy now with everything included and absolutely\u{2026}"
    );
}

#[tokio::test]
async fn the_claim_checker_form_posts_without_javascript() {
    let app = seed_app();
    let request = Request::post("/?motion=self-serve-paid-launch")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from("copy=Instant+checkout+%E2%80%94+BUY+NOW%21"))
        .unwrap();
    let (status, _, body) = call(&app, request).await;
    let html = String::from_utf8(body).unwrap();
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("2 phrases make disallowed claims."), "{html}");
    assert!(html.contains("<mark>Instant checkout</mark>"));
    assert!(html.contains("<mark>BUY NOW</mark>"));
    // The draft stays in the textarea, so it can be edited and posted again.
    assert!(html.contains("Instant checkout \u{2014} BUY NOW!</textarea>"));

    // A form that cannot be read is the page with the reason beside the checker, not a bare
    // JSON error (found by attack).
    for (body, status, says) in [
        (
            "text=missing-field".to_owned(),
            StatusCode::BAD_REQUEST,
            "must send one copy field",
        ),
        (
            "copy=a&copy=b".to_owned(),
            StatusCode::BAD_REQUEST,
            "must send one copy field",
        ),
        (
            format!("copy={}", "a".repeat(3 * 1024 * 1024)),
            StatusCode::PAYLOAD_TOO_LARGE,
            "over 2 MiB",
        ),
    ] {
        let request = Request::post("/?motion=self-serve-paid-launch")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap();
        let (got, headers, page) = call(&app, request).await;
        let html = String::from_utf8(page).unwrap();
        assert_eq!(got, status);
        assert!(headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html"));
        assert!(
            html.contains("data-testid=\"checker-problem\"") && html.contains(says),
            "{says}"
        );
    }
}

#[tokio::test]
async fn as_of_renders_the_board_from_the_proof_history() {
    let app = seed_app();
    // Before the demo proof existed, the core runtime was not ready and no motion could move.
    let (status, html, _) = get(&app, "/?as_of=2020-01-01T00:00:00Z").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Past view."));
    assert!(html.contains("2020-01-01 00:00 UTC"));
    assert!(!html.contains("Invoice-led beta can move."));
    let (_, json) = get_json(&app, "/api/vendor-readiness?as_of=2020-01-01T00:00:00Z").await;
    assert_eq!(json["summary"]["ready"], 0);
    let (status, html, _) = get(&app, "/?as_of=yesterday").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(html.contains("is not an RFC 3339 instant"));
}

#[tokio::test]
async fn json_takes_the_same_filters_and_carries_the_unlock_set() {
    let app = seed_app();
    let (_, json) = get_json(&app, "/api/vendor-readiness?status=blocked&q=saml").await;
    let ids: Vec<&str> = json["systems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, vec!["enterprise-identity"]);
    assert_eq!(json["filter"]["status"], "blocked");
    let (_, json) = get_json(&app, "/api/vendor-readiness").await;
    let unlock = &json["motions"][2]["unlock"];
    assert_eq!(unlock["reachable"], true);
    assert_eq!(unlock["steps"][0]["system"], "stripe-billing");
    assert_eq!(unlock["steps"][0]["to"], "ready");
}

#[tokio::test]
async fn badges_are_svg_with_status_text_and_cache_headers() {
    let app = seed_app();
    let (status, svg, headers) = get(&app, "/badge/system/stripe-billing.svg").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "image/svg+xml; charset=utf-8");
    assert_eq!(
        headers["cache-control"],
        "public, max-age=60, must-revalidate"
    );
    assert!(svg.contains(">blocked</text>") && svg.contains("Stripe self-serve billing"));
    let (_, svg, _) = get(&app, "/badge/motion/invoice-led-paid-beta.svg").await;
    assert!(svg.contains(">can move</text>"));

    let etag = headers["etag"].to_str().unwrap();
    let request = Request::get("/badge/system/stripe-billing.svg")
        .header("if-none-match", etag)
        .body(Body::empty())
        .unwrap();
    assert_eq!(call(&app, request).await.0, StatusCode::NOT_MODIFIED);
    assert_eq!(
        get(&app, "/badge/system/nope.svg").await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&app, "/badge/team/core-runtime.svg").await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&app, "/badge/system/core-runtime.png").await.0,
        StatusCode::NOT_FOUND
    );
}

/// Issue 24: a page was answered with a fresh nonce each time, so it could be neither
/// compressed once nor answered `304`. A kept page is the same bytes for every reader of its
/// snapshot, compressed as the reader accepts and tagged.
#[tokio::test]
async fn cached_pages_are_the_same_bytes_compressed_tagged_and_never_outlive_a_write() {
    use axum::http::{header, Request};
    let app = moving_app();
    let fetch = |headers: &[(header::HeaderName, String)]| {
        let mut request = Request::get("/?owner=Finance");
        for (name, value) in headers {
            request = request.header(name, value);
        }
        call(&app, request.body(axum::body::Body::empty()).unwrap())
    };
    let (status, h1, first) = fetch(&[]).await;
    assert_eq!(status, StatusCode::OK);
    let (_, h2, second) = fetch(&[]).await;
    assert_eq!(
        app.state.board.current(NOW).pages.len(),
        1,
        "the second read is a cache hit"
    );
    assert_eq!(first, second, "the first answer is the one kept");
    assert_eq!(h1[header::ETAG], h2[header::ETAG]);
    assert_eq!(
        h1[header::CONTENT_SECURITY_POLICY],
        h2[header::CONTENT_SECURITY_POLICY]
    );
    assert_eq!(h1[header::VARY], "accept-encoding");
    assert!(h1[header::ETAG].to_str().unwrap().starts_with("W/\""));

    let accept = (header::ACCEPT_ENCODING, "gzip, deflate, br".to_owned());
    let (_, headers, br) = fetch(std::slice::from_ref(&accept)).await;
    assert_eq!(headers[header::CONTENT_ENCODING], "br");
    let mut decoded = Vec::new();
    brotli::BrotliDecompress(&mut &br[..], &mut decoded).unwrap();
    assert_eq!(decoded, first);
    assert!(
        br.len() * 4 <= first.len(),
        "{} of {}",
        br.len(),
        first.len()
    );
    let held = (
        header::IF_NONE_MATCH,
        h1[header::ETAG].to_str().unwrap().to_owned(),
    );
    let held_before = held.clone();
    let (status, headers, body) = fetch(&[accept, held]).await;
    assert_eq!(status, StatusCode::NOT_MODIFIED);
    assert!(body.is_empty() && headers.get(header::CONTENT_ENCODING).is_none());

    // A pushed proof is on the very next page read, although that page was cached before it.
    let row = |html: &str| {
        let at = html.find("data-system=\"evidence-operations\"").unwrap();
        let end = html[at..].find("</tr>").unwrap();
        html[at..at + end].to_owned()
    };
    let (_, before, _) = get(&app, "/?owner=Operator").await;
    assert!(row(&before).contains("Last verified: never"));
    let_time_pass(time::Duration::seconds(1));
    let (status, _) = send(
        &app,
        "POST",
        "/api/proofs",
        &[
            ("authorization", &format!("Bearer {PUSH_TOKEN}")),
            ("content-type", "application/json"),
        ],
        r#"{"system":"evidence-operations","outcome":"pass","evidence":"fixture run"}"#,
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let (_, after, _) = get(&app, "/?owner=Operator").await;
    assert!(
        row(&after).contains("Last verified: passed 2026-11-26 09:00 UTC"),
        "{}",
        row(&after)
    );
    // A reader holding the page from before the write gets the new one, not a 304.
    let (status, _, _) = fetch(&[held_before]).await;
    assert_eq!(status, StatusCode::OK);
}

/// Issue 24: a page asked again in the same words is found by them, without its query being
/// read again. It must be the page its filter keeps, with every header a kept page's answer
/// has, never outlive a write, and never stand for a past view or a page that was refused.
#[tokio::test]
async fn a_page_asked_again_in_the_same_words_is_the_page_its_filter_keeps() {
    use axum::http::header;
    let app = moving_app();
    let hits = || app.state.metrics.page_cache.hit.get();
    let (_, first, h1) = get(&app, "/?owner=Operator").await;
    let before = hits();
    let mut ids = vec![h1["x-request-id"].clone()];
    // The second read finds the page by its filter and names it by the text; the third by the
    // text alone. Another text for the same filter finds the same page.
    for path in [
        "/?owner=Operator",
        "/?owner=Operator",
        "/?owner=Operator&q=",
    ] {
        let (status, body, headers) = get(&app, path).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body, first, "{path}");
        for name in [header::ETAG, header::VARY, header::CONTENT_SECURITY_POLICY] {
            assert_eq!(headers[&name], h1[&name], "{path}: {name}");
        }
        for name in [
            "x-content-type-options",
            "referrer-policy",
            "x-frame-options",
        ] {
            assert!(headers.contains_key(name), "{path}: {name}");
        }
        assert_eq!(headers.get_all("x-request-id").iter().count(), 1);
        ids.push(headers["x-request-id"].clone());
    }
    assert_eq!(
        hits(),
        before + 3,
        "each read after the first is a kept page"
    );
    ids.dedup();
    assert_eq!(ids.len(), 4, "every answer has its own request id");
    let kept = app.state.board.last();
    for text in ["owner=Operator", "owner=Operator&q="] {
        assert!(kept.pages.by_query(text).is_some(), "{text}");
    }
    assert!(
        kept.pages.by_query("owner=Finance").is_none(),
        "never asked"
    );

    // A write: the same words read the new board.
    let_time_pass(time::Duration::seconds(1));
    let push = r#"{"system":"evidence-operations","outcome":"pass","evidence":"fixture run"}"#;
    let auth = format!("Bearer {PUSH_TOKEN}");
    let sent = [
        ("authorization", auth.as_str()),
        ("content-type", "application/json"),
    ];
    let (status, _) = send(&app, "POST", "/api/proofs", &sent, push).await;
    assert_eq!(status, StatusCode::CREATED);
    let (_, after, _) = get(&app, "/?owner=Operator").await;
    assert_ne!(after, first, "the page after the write");

    // A past view is never kept, by its filter or by its words.
    let past = "/?owner=Operator&as_of=2026-11-26T08:00:00Z";
    for _ in 0..3 {
        let (status, _, _) = get(&app, past).await;
        assert_eq!(status, StatusCode::OK);
    }
    assert!(app.state.board.last().pages.by_query(&past[2..]).is_none());
}

/// Issue 25, defect 3 (found by a QA team): "Buy now with your card." was "3 phrases make
/// disallowed claims": one phrase making three motions' claims. Phrases are counted once, and
/// the count says how many claims they make; each motion's verdict counts the phrase once.
#[tokio::test]
async fn one_phrase_making_several_claims_is_counted_once() {
    let app = seed_app();
    let (status, checked) = send(
        &app,
        "POST",
        "/api/claims/check",
        &[("content-type", "application/json")],
        r#"{"text":"Buy now with your card."}"#.to_owned(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{checked}");
    assert_eq!(checked["phrases"], 1, "{checked}");
    let total = checked["total"].as_u64().unwrap();
    assert!(
        total > 1,
        "the seed catalog's motions share this claim: {checked}"
    );
    for verdict in checked["verdicts"].as_array().unwrap() {
        assert!(verdict["violations"].as_u64().unwrap() <= 1, "{verdict}");
    }
    let request = Request::post("/?view=operator")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from("copy=Buy+now+with+your+card."))
        .unwrap();
    let (_, _, body) = call(&app, request).await;
    let html = String::from_utf8(body).unwrap();
    assert!(
        html.contains(&format!("1 phrase makes {total} disallowed claims.")),
        "{html}"
    );
}

/// Issue 25, defect 4 (found by a QA team): the motion view's checker said how many phrases
/// make disallowed claims but gave no verdict and no `data-safe`. It says "safe to use" or
/// "not safe" for its motion, as the board's checker does for each.
#[tokio::test]
async fn the_motion_views_checker_gives_a_verdict() {
    let app = seed_app();
    for (copy, safe, words) in [
        ("Instant+checkout", "false", "not safe: 1 phrase"),
        ("Talk+to+our+team", "true", "safe to use"),
    ] {
        let request = Request::post("/?motion=self-serve-paid-launch")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from(format!("copy={copy}")))
            .unwrap();
        let (_, _, body) = call(&app, request).await;
        let html = String::from_utf8(body).unwrap();
        let verdict = html
            .split(r#"data-motion="self-serve-paid-launch" data-safe=""#)
            .nth(1)
            .unwrap_or_else(|| panic!("no verdict for {copy}: {html}"));
        assert!(verdict.starts_with(safe), "{copy}: {verdict:.80}");
        let line = verdict.split("</li>").next().unwrap();
        assert!(line.contains(words), "{copy}: {line}");
    }
}

/// Found by attack (issue 25): negated phrases were counted ("1 phrase makes 3 disallowed
/// claims." next to "safe to use"), and a match inside a longer one ("Checkout" in "Checkout in
/// seconds") counted as a second phrase. Counts are of phrases a reader sees, negated ones apart.
#[tokio::test]
async fn negated_and_nested_matches_are_counted_as_a_reader_counts_them() {
    let app = seed_app();
    let check = |text: &str| {
        let body = serde_json::json!({ "text": text }).to_string();
        let app = &app;
        async move {
            let json = [("content-type", "application/json")];
            send(app, "POST", "/api/claims/check", &json, body).await.1
        }
    };
    let negated = check("We do not offer checkout.").await;
    assert_eq!(
        (
            negated["safe"].clone(),
            negated["phrases"].clone(),
            negated["claims"].clone()
        ),
        (true.into(), 0.into(), 0.into()),
        "{negated}"
    );
    assert!(
        negated["total"].as_u64().unwrap() > 0,
        "the negated findings are still listed"
    );
    let nested = check("Checkout in seconds.").await;
    assert_eq!(nested["phrases"], 1, "{nested}");
    for verdict in nested["verdicts"].as_array().unwrap() {
        assert!(verdict["violations"].as_u64().unwrap() <= 1, "{verdict}");
    }
    let mixed = check(&format!(
        "{}Buy now.",
        "We do not offer checkout. ".repeat(5)
    ))
    .await;
    assert_eq!(mixed["phrases"], 1, "{mixed}");
    let request = Request::post("/?view=operator")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from("copy=We+do+not+offer+checkout."))
        .unwrap();
    let (_, _, body) = call(&app, request).await;
    let html = String::from_utf8(body).unwrap();
    assert!(html.contains(r#"data-testid="checker-clean""#), "{html}");
    assert!(html.contains(r#"data-testid="negated-note""#));
    assert!(
        !html.contains("disallowed claims."),
        "no count of negated phrases"
    );
}

/// Found by attack (issue 24): once a snapshot's page cache was full, each new filter asked with
/// `br` was compressed for that one reader, at about 20 times the cost of the plain page. A page
/// not kept is answered as rendered.
#[tokio::test]
async fn a_page_the_full_cache_does_not_keep_is_answered_plain() {
    use axum::http::header;
    let app = seed_app();
    let ask = |uri: String| {
        let request = Request::get(uri)
            .header(header::ACCEPT_ENCODING, "br")
            .body(Body::empty())
            .unwrap();
        call(&app, request)
    };
    let (_, kept, _) = ask("/?q=kept".to_owned()).await;
    assert_eq!(
        kept[header::CONTENT_ENCODING],
        "br",
        "a kept page is compressed"
    );
    for n in 0..300 {
        ask(format!("/?q=filler{n}")).await;
    }
    let (status, headers, body) = ask("/?q=one-more".to_owned()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        headers.get(header::CONTENT_ENCODING).is_none(),
        "{headers:?}"
    );
    assert!(String::from_utf8(body).unwrap().contains("one-more"));
    // Rendered again for each reader, it has no tag it would never answer 304 to (found by
    // review), and it still carries the headers every answer does.
    assert!(headers.get(header::ETAG).is_none(), "{headers:?}");
    assert_eq!(headers["x-frame-options"], "DENY");
}
