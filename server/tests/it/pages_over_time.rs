//! The board over time on the page, without JavaScript: "What changed", "Upcoming", the feed
//! link, the motion's uptime timeline and the `/changes` timeline with its filters.

use crate::common;

use axum::http::StatusCode;
use common::*;

#[tokio::test]
async fn the_board_says_what_changed_what_is_coming_and_links_its_feed() {
    let app = moving_app();
    push_later(&app, "core-runtime", "fail").await;
    let alternate = |html: &str| {
        html.split("<link").any(|l| {
            l.contains(r#"rel="alternate""#)
                && l.contains(r#"type="application/atom+xml""#)
                && l.contains(r#"href="/feed.atom""#)
        })
    };
    // The feed keeps the team's words: feed readers find it on the team's pages only (found by
    // attack, issue 22 round 5: the buyer's page pointed to it).
    let (_, team, _) = get(&app, "/?view=operator").await;
    assert!(alternate(&team), "feed readers find the feed");
    assert!(team.contains(r#"href="/feed.atom""#));
    let (status, html, _) = get(&app, "/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        !alternate(&html) && !html.contains("/feed.atom"),
        "not the buyer's"
    );
    // A motion's view points to the feed of that motion.
    let (_, view, _) = get(&app, "/?motion=self-serve-paid-launch").await;
    assert!(
        view.contains(r#"href="/feed.atom?motion=self-serve-paid-launch""#),
        "the filtered feed"
    );
    let what = html
        .split(r#"id="what-changed""#)
        .nth(1)
        .expect("a What changed section");
    assert!(
        what.contains(
            "No longer ready: Core runtime and trust infrastructure (its check failed at"
        ),
        "{what}"
    );
    // The team's view lists the record's own words; the buyer's says them as offers.
    let (_, page) = get_json(&app, "/api/changes?limit=5").await;
    let newest = page["changes"][0]["text"].as_str().unwrap();
    let (_, team, _) = get(&app, "/?view=operator").await;
    let team = team.split(r#"id="what-changed""#).nth(1).unwrap();
    assert!(
        team.contains(&newest.replace('\u{201c}', "&#x201c;")) || team.contains(newest),
        "the newest change is on the team's page: {newest}"
    );
}

#[tokio::test]
async fn upcoming_expiries_are_on_the_operators_page() {
    let app = moving_app();
    let (_, buyers, _) = get(&app, "/").await;
    assert!(
        !buyers.contains(r#"data-testid="upcoming""#),
        "proof expiries are the operator's"
    );
    let (_, html, _) = get(&app, "/?view=operator").await;
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

/// The page's first uptime block.
fn first_uptime(html: &str) -> &str {
    html.split(r#"data-testid="uptime""#)
        .nth(1)
        .expect("an uptime block")
}

#[tokio::test]
async fn the_motion_view_shows_its_uptime() {
    let app = moving_app();
    let (_, html, _) = get(&app, "/?motion=invoice-led-paid-beta").await;
    let uptime = first_uptime(&html);
    assert!(
        uptime.contains("of the time since the record began"),
        "a new install"
    );
    assert!(
        uptime.contains("<svg") && uptime.contains("<rect"),
        "{uptime}"
    );
}

/// Issue 22, found by a buyer: a new install showed "Ready 0 % of the last 90 days" with an
/// all-red bar and no dates. The time before the record is drawn as no data, the bar has dates
/// under it, and each stretch says its span and what started it, on hover and to screen readers.
#[tokio::test]
async fn uptime_on_a_new_install_counts_from_the_record_with_dates_and_causes() {
    let app = moving_app();
    push_later(&app, "core-runtime", "fail").await;
    // A minute later, so the stretch the failure started has a length.
    push_later(&app, "support-email", "pass").await;
    let (_, html, _) = get(&app, "/?motion=invoice-led-paid-beta").await;
    let uptime = first_uptime(&html);
    assert!(
        uptime.contains("of the time since the record began on "),
        "{uptime}"
    );
    assert!(uptime.contains(r#"class="uptime-none""#), "{uptime}");
    assert!(!uptime.starts_with(r#" class="uptime"><p>Could move 0%"#));
    let axis = uptime
        .split(r#"class="uptime-axis""#)
        .nth(1)
        .and_then(|a| a.split("</p>").next())
        .expect("an axis");
    assert_eq!(axis.matches("<time datetime=").count(), 3, "{axis}");
    let list = uptime
        .split(r#"<ol class="visually-hidden">"#)
        .nth(1)
        .and_then(|l| l.split("</ol>").next())
        .expect("the stretches, for screen readers");
    assert!(
        list.contains("<li>No data (before the record began): "),
        "{list}"
    );
    assert!(list.contains(", since the record began.</li>"), "{list}");
    // Each drawn stretch carries the same words as its hover text.
    let titles = uptime.split("<title>").count() - 1;
    assert_eq!(titles, list.matches("<li>").count(), "{uptime}");
    // The stretch a failed proof started says so.
    let titles: Vec<&str> = html
        .split("<title>")
        .skip(1)
        .filter_map(|t| t.split("</title>").next())
        .collect();
    assert!(
        titles
            .iter()
            .any(|t| t.starts_with("Not ready: ") && t.contains(", since Core runtime")),
        "{titles:#?}"
    );
}

#[tokio::test]
async fn the_changes_page_filters_without_javascript() {
    let app = moving_app();
    push_later(&app, "core-runtime", "fail").await;
    let (status, html, _) = get(&app, "/changes").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(r#"data-testid="timeline""#));
    assert!(html.contains("(its check failed at"), "the buyer's words");
    let (status, one, _) = get(&app, "/changes?motion=&system=core-runtime&view=operator").await;
    assert_eq!(status, StatusCode::OK, "an empty choice means any");
    assert!(
        one.contains(r#"<option value="core-runtime" selected"#),
        "the choice is kept"
    );
    assert!(one.contains(r#"href="/feed.atom?system=core-runtime""#));
    assert!(
        one.contains(r#"<input type="hidden" name="view" value="operator""#),
        "the team's form stays the team's"
    );
    let (status, html, _) = get(&app, "/changes?motion=no-such-motion").await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "an unknown id is not found, as in the API"
    );
    // Found by attack (issue 22, round 5): the 404 was titled "Bad request" and said
    // "unknown motion".
    assert!(html.contains("<title>Not found</title>"), "{html}");
    assert!(
        html.contains("No offer has the id \u{201c}no-such-motion\u{201d}."),
        "{html}"
    );
    let (_, html, _) = get(&app, "/changes?system=ghost").await;
    assert!(
        html.contains("No system has the id \u{201c}ghost\u{201d}."),
        "{html}"
    );
    // Found by attack (issue 22, round 3): the board takes a motion's id in any case, the
    // changes page did not.
    let (status, html, _) = get(&app, "/changes?motion=Managed-Private-Beta").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(r#"<option value="managed-private-beta" selected"#));
}
