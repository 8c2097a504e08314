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

/// The text of `html`, tags removed.
fn text_of(html: &str) -> String {
    let mut out = String::new();
    for piece in html.split('<') {
        out.push_str(piece.split_once('>').map_or(piece, |(_, text)| text));
    }
    out
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
        "What you can buy",
        "Vendor systems",
        "Not included yet",
        "Demo data.",
        "3/3 groups configured",
        "1/5 groups configured",
    ] {
        assert!(html.contains(text), "page lacks {text:?}");
    }
    let (_, team, _) = get(&seed_app(), "/?view=operator").await;
    for text in [
        "Sellable motions",
        "Invoice-led beta can move. Self-serve and broad enterprise stay gated.",
        "Proof commands",
        "Claim checker",
        "EVERIFY_INTEGRATION_APPROVED=true",
        "npm run check:stripe-fixture",
    ] {
        assert!(team.contains(text), "the team's page lacks {text:?}");
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
    let islands = |html: &str| {
        let marker = r#"data-component=""#;
        let mut islands: Vec<String> = html
            .match_indices(marker)
            .map(|(at, _)| &html[at + marker.len()..])
            .map(|rest| rest[..rest.find('"').unwrap()].rsplit_once('_').unwrap().0)
            .map(str::to_owned)
            .collect();
        islands.sort();
        islands.dedup();
        islands
    };
    // smoke reads the team's page, which has every section.
    let (_, html, _) = get(&seed_app(), "/?view=operator").await;
    assert_eq!(islands(&html), app::BOARD_ISLANDS);
    // The buyer's page has no claim checker.
    let (_, html, _) = get(&seed_app(), "/").await;
    let buyers: Vec<&str> = (app::BOARD_ISLANDS.iter().copied())
        .filter(|name| *name != "ClaimResults")
        .collect();
    assert_eq!(islands(&html), buyers);
}

/// Issue 22 (buyer voice): the public page answers the buyer. Each offer is "Available now" or
/// "Not yet" with its day; the team's words and tools (motions, verdicts, claims, the claim
/// checker, proof expiries and commands, variable names, what sales do while a system is
/// missing, badges) are in `?view=operator` and the motion views only; the words the record of
/// changes keeps ("motion", "gated") are defined where they appear.
#[tokio::test]
async fn the_public_page_speaks_to_buyers_and_the_team_keeps_its_tools() {
    let app = seed_app();
    let (_, html, _) = get(&app, "/").await;
    let page = visible(&html);
    assert_eq!(page.matches(r#"data-testid="availability""#).count(), 4);
    assert!(page.contains(
        r#"<h3 id="motion-self-serve-paid-launch">Self-serve plans paid by card</h3><span data-testid="availability" class="availability">Not yet</span>"#
    ));
    assert!(page.contains(">Available now</span>"));
    assert!(!page.contains(r#"data-testid="verdict""#));
    assert!(!page.contains(r#"id="claim-copy""#));
    let text = text_of(&page);
    for hidden in [
        "Sellable motions",
        "Disallowed claims",
        "Claim checker",
        "Proof commands",
        "Operator detail",
        "If missing",
        ">Badge<",
        "STRIPE_SECRET_KEY",
        "fixture proof",
    ] {
        assert!(!text.contains(hidden), "the buyer's page says {hidden:?}");
    }
    // The record of changes reads as offers there, so the team's words never appear (round 2
    // of the attack found a glossary of words the page no longer used).
    for word in ["motion", "gated", "can move"] {
        assert!(!text.contains(word), "{word:?} on the buyer's page: {text}");
    }
    let (_, team, _) = get(&app, "/?view=operator").await;
    let team = visible(&team);
    assert_eq!(team.matches(r#"data-testid="verdict""#).count(), 4);
    assert!(!team.contains(r#"data-testid="availability""#));
    for shown in ["Claim checker", "Operator detail", "If missing", ">Badge<"] {
        assert!(team.contains(shown), "the team's page lacks {shown:?}");
    }
    // Both views tell a tool whether each motion can move.
    for page in [&page, &team] {
        assert!(page.contains(r#"data-motion="self-serve-paid-launch" data-can-move="false""#));
        assert!(page.contains(r#"data-motion="managed-private-beta" data-can-move="true""#));
    }
}

/// A draft posted to `/` (a form from before the buyer's view, or typed by hand) is checked on
/// the team's page: it is never dropped.
#[tokio::test]
async fn a_draft_posted_to_the_buyers_page_is_still_checked() {
    let request = axum::http::Request::post("/")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(axum::body::Body::from("copy=Buy+now+with+your+card."))
        .unwrap();
    let (status, _, body) = call(&seed_app(), request).await;
    let html = String::from_utf8(body).unwrap();
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("Buy now with your card."),
        "the draft is kept"
    );
    assert!(
        html.contains(r#"data-testid="checker-count""#),
        "and checked"
    );
    // Found by attack: the page was the team's but its form and links the buyer's.
    assert!(html.contains(r#"<input type="hidden" name="view" value="operator">"#));
    assert!(html.contains(r#"action="/?view=operator#claim-checker""#));
    assert!(html.contains(">Back to the buyer"));
}

/// Found by attack: a motion view's way back to the buyer's view led to another motion view,
/// and the buyer's "What changed" spoke of motions "gated" beside cards naming offers.
#[tokio::test]
async fn the_way_back_leaves_the_motion_view_and_changes_read_as_offers() {
    let app = seed_app();
    let (_, html, _) = get(&app, "/?motion=self-serve-paid-launch&owner=Finance").await;
    assert!(
        html.contains(r#"<a href="/?owner=Finance">Back to the buyer"#),
        "{html}"
    );
    let (_, html, _) = get(&app, "/").await;
    let changes = recent_changes(&html);
    assert!(
        changes.contains("Became available: a paid beta billed by invoice"),
        "{changes}"
    );
    assert!(
        !changes.contains("can move") && !changes.contains("gated"),
        "{changes}"
    );
    let (_, team, _) = get(&app, "/?view=operator").await;
    assert!(team.contains("Invoice-led paid beta can move"));
}

/// Found by review (issue 22): the server and the page judged "is this the team's view" apart,
/// so `?motion=` naming no motion showed the buyer's page with the team's "What changed".
#[tokio::test]
async fn an_unknown_motion_is_the_buyers_page_in_the_buyers_words() {
    let app = seed_app();
    let (_, html, _) = get(&app, "/?motion=moonshot").await;
    let changes = recent_changes(&html);
    assert!(
        changes.contains("Became available: a paid beta billed by invoice"),
        "{changes}"
    );
    assert!(!changes.contains("can move"), "{changes}");
    assert!(html.contains("No offer has the id \u{201c}moonshot\u{201d}."));
    assert!(
        !html.contains(">Back to the buyer"),
        "it is the buyer's page"
    );
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
        ("/?motion=moonshot", "No offer has the id"),
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

/// Found by attack (issue 22): the words a buyer meets on the systems and on `/changes` were
/// left unexplained; a catalog without motions showed an empty "What you can buy" and "1 vendor
/// systems"; a future `as_of` sent buyers to a section only the team's view has.
#[tokio::test]
async fn every_word_a_buyer_meets_is_explained_and_an_empty_catalog_says_nothing_twice() {
    let app = seed_app();
    let (_, html, _) = get(&app, "/").await;
    for word in ["proof", "groups configured"] {
        assert!(html.contains(&format!("<dfn>{word}</dfn>")), "{word}");
    }
    // Found by attack (issue 22, round 5): the buyer's table said "Fixture settings missing
    // (Fixture identities)" and "Runtime not configured (…)"; the team's keeps them, explained.
    let body = &html[html.find("<main").unwrap()..];
    for word in [
        "Fixture settings",
        "Fixture identities",
        "Runtime not configured",
    ] {
        assert!(!body.contains(word), "{word} on the buyer's page");
    }
    let (_, team, _) = get(&app, "/?view=operator").await;
    for word in ["Runtime", "fixture"] {
        assert!(team.contains(&format!("<dfn>{word}</dfn>")), "{word}");
    }
    assert!(team.contains("Runtime not configured ("));
    // Found by attack (issue 22, round 6): the buyer's page carried every variable name and the
    // team's claim rules in its filter index, and `?q=` told which variables exist.
    for secretish in [
        "stripe_secret_key",
        "STRIPE_SECRET_KEY",
        "{pay} near {card}",
    ] {
        assert!(!html.contains(secretish), "{secretish} in the buyer's page");
    }
    assert!(
        team.contains("stripe_secret_key"),
        "the team's index matches variables"
    );
    let (_, probe, _) = get(&app, "/?q=stripe_secret_key").await;
    assert!(probe.contains("Showing 0 of 7 vendor systems."), "{probe}");
    let (_, probe, _) = get(&app, "/?q=stripe_secret_key&view=operator").await;
    assert!(probe.contains("Showing 1 of 7 vendor systems."));
    let (_, changes, _) = get(&app, "/changes?view=operator").await;
    for word in ["motion", "can move", "gated"] {
        assert!(changes.contains(&format!("<dfn>{word}</dfn>")), "{word}");
    }
    // Found by attack (issue 22, round 5): the buyer's "Every change" opened the team's record.
    let (_, changes, _) = get(&app, "/changes").await;
    let changes = &changes[changes.find("<main").unwrap()..];
    for word in ["Any motion", "gated", "Atom", "<dfn>"] {
        assert!(
            !changes.contains(word),
            "{word} in the buyer's /changes: {changes}"
        );
    }
    assert!(changes.contains("Any offer"), "{changes}");
    let (_, future, _) = get(&app, "/?as_of=2099-01-01T00:00:00Z").await;
    assert!(future.contains("/?view=operator"), "{future}");

    let no_motions = edited_catalog_app(|text| {
        let mut skipping = false;
        let mut kept = String::new();
        for line in text.lines() {
            if line.starts_with('[') {
                skipping = line.starts_with("[[motion");
            }
            if !skipping {
                kept.push_str(line);
                kept.push('\n');
            }
        }
        kept
    });
    let (status, html, _) = get(&no_motions, "/").await;
    assert_eq!(status, axum::http::StatusCode::OK, "{html}");
    assert!(html.contains("Nothing is offered on this board."));
    assert!(!html.contains("What you can buy</h2>"));
}

/// Found by attack (issue 22): a past view's offer cards said "Available now" under "Available
/// then", and the team's motion links left the past for the present.
#[tokio::test]
async fn a_past_view_says_then_and_its_links_stay_then() {
    let app = seed_app();
    let then = "2020-01-01T00:00:00Z";
    let (_, html, _) = get(&app, &format!("/?as_of={then}")).await;
    assert!(html.contains(">Not available then</span>"), "{html}");
    assert!(!html.contains(">Not yet</span>") && !html.contains(">Available now</span>"));
    let (_, team, _) = get(&app, &format!("/?as_of={then}&view=operator")).await;
    assert!(
        team.contains(&format!(
            "href=\"/?motion=managed-private-beta&amp;as_of={}\"",
            then.replace(':', "%3A")
        )),
        "{team}"
    );
}

/// The "What changed" list of a board page.
fn recent_changes(html: &str) -> &str {
    html.split(r#"data-testid="recent-changes""#)
        .nth(1)
        .and_then(|rest| rest.split("</ul>").next())
        .expect("the recent changes")
}
