//! Issue 22, receipts: every ready system and lifted claim links to the proof record behind it,
//! `/proofs/{id}` shows the record (its evidence redacted) and what it stands for on the board
//! now, and a pass that does not make its system ready says why beside it.

use crate::common;
use axum::http::StatusCode;
use common::*;
use serde_json::Value;

/// Pushes a record a minute after the last thing that happened (see [`let_time_pass`]).
async fn push(app: &TestApp, system: &str, outcome: &str, evidence: &str) -> Value {
    let_time_pass(time::Duration::minutes(1));
    let auth = format!("Bearer {PUSH_TOKEN}");
    let headers = [
        ("content-type", "application/json"),
        ("authorization", auth.as_str()),
    ];
    let body = serde_json::json!({ "system": system, "outcome": outcome, "evidence": evidence });
    let (status, stored) = send(app, "POST", "/api/proofs", &headers, body.to_string()).await;
    assert_eq!(status, StatusCode::CREATED, "{stored}");
    stored
}

fn row<'a>(page: &'a str, system: &str) -> &'a str {
    let start = page
        .find(&format!("data-system=\"{system}\""))
        .unwrap_or_else(|| panic!("no row for {system}"));
    let end = page[start..].find("</tr>").unwrap() + start;
    &page[start..end]
}

#[tokio::test]
async fn a_ready_system_links_to_the_proof_that_makes_it_ready() {
    let app = moving_app();
    let (_, board) = get_json(&app, "/api/vendor-readiness").await;
    let ready: Vec<&Value> = board["systems"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["status"] == "ready")
        .collect();
    assert!(!ready.is_empty(), "the demo board has a ready system");
    let (_, page, _) = get(&app, "/").await;
    for system in ready {
        let id = system["id"].as_str().unwrap();
        let receipt = system["proof"]["receipt"].as_u64().expect("a stored proof");
        assert!(
            row(&page, id).contains(&format!("href=\"/proofs/{receipt}\"")),
            "{id}: {}",
            row(&page, id)
        );
        let (status, receipt_page, _) = get(&app, &format!("/proofs/{receipt}")).await;
        assert_eq!(status, StatusCode::OK);
        let name = system["name"].as_str().unwrap();
        assert!(
            receipt_page.contains(&format!("This is the proof that makes {name} ready now")),
            "{receipt_page}"
        );
    }
}

#[tokio::test]
async fn a_pass_that_does_not_count_says_why_on_the_row_and_on_its_receipt() {
    let app = moving_app();
    // Evidence operations: its runtime is configured, its fixture identities are not.
    let stored = push(&app, "evidence-operations", "pass", "scan <ok> & stored").await;
    let (_, board) = get_json(&app, "/api/vendor-readiness").await;
    let system = board["systems"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "evidence-operations")
        .unwrap();
    assert_ne!(system["status"], "ready");
    let missing: Vec<&str> = system["missing"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap())
        .collect();
    assert!(!missing.is_empty());
    let (_, page, _) = get(&app, "/?view=operator").await;
    let team_row = row(&page, "evidence-operations");
    assert!(team_row.contains("Passed, but "), "{team_row}");
    for name in &missing {
        assert!(team_row.contains(name), "{name} in {team_row}");
    }
    // The buyer's row says it without the variables (found by attack, issue 22 round 5).
    let (_, page, _) = get(&app, "/").await;
    let row = row(&page, "evidence-operations");
    assert!(
        row.contains("Passed, but it is not fully set up yet: this pass does not count yet."),
        "{row}"
    );
    for name in &missing {
        assert!(!row.contains(name), "{name} in the buyer's {row}");
    }
    let id = stored["id"].as_u64().unwrap();
    assert!(row.contains(&format!("href=\"/proofs/{id}\"")), "{row}");
    let (status, receipt, _) = get(&app, &format!("/proofs/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(receipt.contains("Passed, but "), "{receipt}");
    assert!(receipt.contains("this pass does not count"), "{receipt}");
    // The evidence as text, never as markup.
    assert!(
        receipt.contains("scan &lt;ok&gt; &amp; stored"),
        "{receipt}"
    );
    assert!(!receipt.contains("<ok>"));
}

#[tokio::test]
async fn a_replaced_proof_says_so_and_other_addresses_are_pages_not_json() {
    let app = moving_app();
    let first = push(&app, "core-runtime", "fail", "first").await;
    push(&app, "core-runtime", "pass", "second").await;
    let id = first["id"].as_u64().unwrap();
    let (status, page, _) = get(&app, &format!("/proofs/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("has replaced this one"), "{page}");
    let past = id + 100;
    for (uri, expected) in [
        (format!("/proofs/{past}"), StatusCode::NOT_FOUND),
        (format!("/proofs/0{id}"), StatusCode::NOT_FOUND),
        (format!("/proofs/{id}?x=1"), StatusCode::BAD_REQUEST),
        ("/proofs/%FF".to_owned(), StatusCode::BAD_REQUEST),
    ] {
        let (status, page, _) = get(&app, &uri).await;
        assert_eq!(status, expected, "{uri}");
        assert!(page.starts_with("<!DOCTYPE html>"), "{uri}: {page}");
    }
}

/// Found by attack: the receipt said "ready now, until …" while a record already stored,
/// stamped 20 s ahead of the clock, was about to replace it.
#[tokio::test]
async fn a_receipt_says_when_a_record_already_stored_replaces_it() {
    let app = moving_app();
    let (_, board) = get_json(&app, "/api/vendor-readiness").await;
    let core = &board["systems"][0];
    assert_eq!(core["status"], "ready");
    let receipt = core["proof"]["receipt"].as_u64().unwrap();
    let ahead = (NOW + time::Duration::seconds(20))
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    let auth = format!("Bearer {PUSH_TOKEN}");
    let headers = [
        ("content-type", "application/json"),
        ("authorization", auth.as_str()),
    ];
    let body = serde_json::json!({
        "system": "core-runtime", "outcome": "fail", "evidence": "e", "recorded_at": ahead,
    });
    let (status, _) = send(&app, "POST", "/api/proofs", &headers, body.to_string()).await;
    assert_eq!(status, StatusCode::CREATED);
    let (_, page, _) = get(&app, &format!("/proofs/{receipt}")).await;
    assert!(page.contains("This is the proof that makes"), "{page}");
    assert!(page.contains("already stored, is stamped"), "{page}");
}
