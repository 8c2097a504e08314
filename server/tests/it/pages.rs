//! The server-rendered board: sections, figures, filters and the no-match state, without JavaScript.

use crate::common;
use axum::http::StatusCode;
use common::*;

/// The rendered markup without scripts: the hydration data carries the whole board as JSON.
fn visible(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        out.push_str(&rest[..start]);
        rest = rest[start..]
            .find("</script>")
            .map_or("", |end| &rest[start + end + 9..]);
    }
    out + rest
}

fn system_rows(html: &str) -> Vec<String> {
    visible_rows(html).into_iter().map(str::to_owned).collect()
}

fn count(html: &str, testid: &str) -> String {
    let marker = format!("data-testid=\"{testid}\"");
    let start = html.find(&marker).unwrap_or_else(|| panic!("no {testid}"));
    let value = &html[start..];
    let value = &value[value.find("class=\"count-value\">").expect("count value") + 20..];
    value[..value.find("</span>").unwrap()].replace("<!>", "")
}

#[tokio::test]
async fn board_has_every_section_and_the_seed_figures() {
    let (status, html, headers) = get(&seed_app(), "/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    for text in [
        "<title>Vendor readiness</title>",
        "What you can buy today, and what is still to come.",
        "Sellable motions",
        "Invoice-led beta can move. Self-serve and broad enterprise stay gated.",
        "Vendor systems",
        "Proof commands",
        "Boundaries",
        "Demo data.",
        "3/3 groups configured",
        "1/5 groups configured",
        "EVERIFY_INTEGRATION_APPROVED=true",
        "npm run check:stripe-fixture",
    ] {
        assert!(html.contains(text), "page lacks {text:?}");
    }
    assert_eq!(count(&html, "count-systems"), "7");
    assert_eq!(count(&html, "count-ready"), "1");
    assert_eq!(count(&html, "count-configured_unproven"), "1");
    assert_eq!(count(&html, "count-blocked"), "2");
    assert_eq!(count(&html, "count-manual_fallback"), "3");
    assert_eq!(system_rows(&html).len(), 7);
}

/// `smoke` fails a page lacking one of `app::BOARD_ISLANDS`: the list is the page's islands.
#[tokio::test]
async fn the_board_page_hydrates_exactly_the_islands_smoke_requires() {
    let (_, html, _) = get(&seed_app(), "/").await;
    let marker = r#"data-component=""#;
    let mut islands: Vec<&str> = html
        .match_indices(marker)
        .map(|(at, _)| &html[at + marker.len()..])
        .map(|rest| rest[..rest.find('"').unwrap()].rsplit_once('_').unwrap().0)
        .collect();
    islands.sort();
    islands.dedup();
    assert_eq!(islands, app::BOARD_ISLANDS);
}

#[tokio::test]
async fn owner_filter_is_rendered_on_the_server() {
    let (_, html, _) = get(&seed_app(), "/?owner=Finance").await;
    assert_eq!(system_rows(&html), vec!["stripe-billing"]);
    assert_eq!(count(&html, "count-systems"), "1 of 7");
    assert!(
        html.contains("<option value=\"Finance\" selected"),
        "the chosen owner stays selected"
    );
}

#[tokio::test]
async fn motion_filter_shows_its_evidence_claims_and_systems() {
    let (_, html, _) = get(&seed_app(), "/?motion=self-serve-paid-launch").await;
    let html = visible(&html);
    assert_eq!(
        system_rows(&html),
        vec!["core-runtime", "stripe-billing", "enterprise-identity"]
    );
    assert!(html.contains("Production Stripe secrets and price IDs"));
    assert!(html.contains("Buy-now checkout"));
    assert!(
        !html.contains("Customer launch room acceptance"),
        "other motions are not shown"
    );
}

#[tokio::test]
async fn unknown_values_show_a_no_match_state() {
    let app = seed_app();
    for (uri, reason) in [
        ("/?owner=Nobody", "No system is owned by"),
        ("/?motion=moonshot", "No motion has the id"),
    ] {
        let (status, html, _) = get(&app, uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
        assert!(html.contains("data-testid=\"no-match\""), "{uri}");
        assert!(html.contains(reason), "{uri}");
        assert!(system_rows(&html).is_empty(), "{uri}");
    }
}

#[tokio::test]
async fn unknown_path_is_a_404_page() {
    let (status, html, _) = get(&seed_app(), "/no/such/page").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(html.contains("Page not found"));
}
