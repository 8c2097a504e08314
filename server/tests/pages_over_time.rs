//! The board over time on the page, without JavaScript: "What changed", "Upcoming", the feed
//! link, the motion's uptime timeline and the `/changes` timeline with its filters.

mod common;

use axum::http::StatusCode;
use common::*;

#[tokio::test]
async fn the_board_says_what_changed_what_is_coming_and_links_its_feed() {
    let app = moving_app();
    push_later(&app, "core-runtime", "fail").await;
    let (status, html, _) = get(&app, "/").await;
    assert_eq!(status, StatusCode::OK);
    let alternate = html.split("<link").any(|l| {
        l.contains(r#"rel="alternate""#)
            && l.contains(r#"type="application/atom+xml""#)
            && l.contains(r#"href="/feed.atom""#)
    });
    assert!(alternate, "feed readers find the feed");
    assert!(html.contains(r#"href="/feed.atom""#));
    let what = html
        .split(r#"id="what-changed""#)
        .nth(1)
        .expect("a What changed section");
    assert!(
        what.contains("became configured unproven: proof failed at"),
        "{what}"
    );
    let (_, page) = get_json(&app, "/api/changes?limit=5").await;
    let newest = page["changes"][0]["text"].as_str().unwrap();
    assert!(
        what.contains(&newest.replace('\u{201c}', "&#x201c;")) || what.contains(newest),
        "the newest change is on the page"
    );
}

#[tokio::test]
async fn upcoming_expiries_are_on_the_page() {
    let app = moving_app();
    let (_, html, _) = get(&app, "/").await;
    let (_, board) = get_json(&app, "/api/vendor-readiness").await;
    let first = board["upcoming"][0]["text"]
        .as_str()
        .expect("the demo proof expires within 30 days");
    let section = html
        .split(r#"data-testid="upcoming""#)
        .nth(1)
        .expect("an Upcoming section");
    assert!(
        section.contains(&first.replace('\'', "&#x27;")) || section.contains(first),
        "{first}\n{section}"
    );
}

#[tokio::test]
async fn the_motion_view_shows_its_uptime() {
    let app = moving_app();
    let (_, html, _) = get(&app, "/?motion=invoice-led-paid-beta").await;
    let uptime = html
        .split(r#"data-testid="uptime""#)
        .nth(1)
        .expect("an uptime block");
    assert!(uptime.contains("of the last 90 days"));
    assert!(
        uptime.contains("<svg") && uptime.contains("<rect"),
        "{uptime}"
    );
}

#[tokio::test]
async fn the_changes_page_filters_without_javascript() {
    let app = moving_app();
    push_later(&app, "core-runtime", "fail").await;
    let (status, html, _) = get(&app, "/changes").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(r#"data-testid="timeline""#));
    assert!(html.contains("proof failed at"));
    let (status, one, _) = get(&app, "/changes?motion=&system=core-runtime").await;
    assert_eq!(status, StatusCode::OK, "an empty choice means any");
    assert!(
        one.contains(r#"<option value="core-runtime" selected"#),
        "the choice is kept"
    );
    assert!(one.contains(r#"href="/feed.atom?system=core-runtime""#));
    let (status, _, _) = get(&app, "/changes?motion=no-such-motion").await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "an unknown id is not found, as in the API"
    );
}
