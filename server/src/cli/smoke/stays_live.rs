//! Whether the page stays live as a reader's does: its own poll of `/api/board/version` answers,
//! and when a poll says the board moved, the page takes the new board in and says so in its
//! live note ("Updated …"). Smoke makes the board seem to move whatever its store holds: the
//! browser's answer to one poll is given a new version (the DevTools Fetch domain). Found by
//! attack (round 20): a poll the page's policy blocked, one failing only for browsers or from
//! its second ask, a page stubbing its own fetch, and a page whose swap failed (a Trusted
//! Types header, a 500 on the refetch) all passed, and an open page never moved again.

use super::cdp::{Browser, POLL};
use base64::Engine;
use serde_json::{json, Value};
use std::time::{Duration, Instant};

/// How long the page may take to poll (every 1.5 s) and take in the new board: a poll already
/// under way when smoke starts listening is not seen, and a board may answer slowly (found by
/// attack, round 24: with 4 s answers a healthy page failed 2 runs of 3 in 8 s).
const LIVE_TIME: Duration = Duration::from_secs(15);

/// How long one command to the browser may take. Each command has its own time, apart from
/// the page's: found in a test run under load, a look begun as `LIVE_TIME` ran out was cut short
/// and reported as "the browser did not answer in time" instead of what the page did not do.
const CALL_TIME: Duration = Duration::from_secs(5);

/// The version a poll is answered with: no board has it.
const MOVED: &str = "smoke-moved";

/// `Ok` once the page took in a board told moved; else what failed, in words.
pub fn stays_live(chromium: &mut Browser) -> Result<(), String> {
    let deadline = Instant::now() + LIVE_TIME;
    let call_by = || Instant::now() + CALL_TIME;
    let pattern = json!({ "urlPattern": "*/api/board/version*", "requestStage": "Response" });
    chromium.call("Fetch.enable", json!({ "patterns": [pattern] }), call_by())?;
    let shown_before = rows_shown(chromium, call_by())?;
    let mut told = false;
    while Instant::now() < deadline {
        // Each look is a command, during which the browser's events come in.
        let updated = updated(chromium, call_by())?;
        for paused in std::mem::take(&mut chromium.paused) {
            told = answer(chromium, &paused, told, call_by())?;
        }
        if told && updated {
            chromium.call("Fetch.disable", json!({}), call_by())?;
            // Found by attack (round 23): a swap that emptied the table said "Updated".
            let shown = rows_shown(chromium, call_by())?;
            if shown < shown_before {
                return Err(format!("told the board moved, the page took a new board in but shows {shown} of the {shown_before} systems it showed"));
            }
            return Ok(());
        }
        std::thread::sleep(POLL);
    }
    Err(match told {
        // Found by attack (round 23): a poll answered too slowly was said never made.
        false => format!("no answer to the page's poll of /api/board/version reached it within {} s (it never polled, or the board answered too slowly): an open page would never move", LIVE_TIME.as_secs()),
        true => "told by its poll that the board moved, the page never took the new board in (its live note never said \"Updated\")".into(),
    })
}

/// Answers one paused poll: the first good one says the board moved, the others go on as the
/// server answered; a failed one is an error. Whether the page has been told.
fn answer(
    chromium: &mut Browser,
    paused: &Value,
    told: bool,
    deadline: Instant,
) -> Result<bool, String> {
    let id = paused["requestId"].clone();
    let status = paused["responseStatusCode"].as_u64();
    if let Some(reason) = paused["responseErrorReason"].as_str() {
        chromium.call(
            "Fetch.continueRequest",
            json!({ "requestId": id }),
            deadline,
        )?;
        return Err(format!(
            "the page's poll of /api/board/version failed ({reason})"
        ));
    }
    match status {
        Some(200 | 304) if !told => {
            let body = base64::engine::general_purpose::STANDARD
                .encode(format!("{{\"version\":\"{MOVED}\"}}"));
            let headers = moved_headers(&paused["responseHeaders"]);
            let reply = json!({ "requestId": id, "responseCode": 200, "responseHeaders": headers, "body": body });
            chromium.call("Fetch.fulfillRequest", reply, deadline)?;
            Ok(true)
        }
        Some(200 | 304) => {
            chromium.call(
                "Fetch.continueRequest",
                json!({ "requestId": id }),
                deadline,
            )?;
            Ok(told)
        }
        other => {
            chromium.call(
                "Fetch.continueRequest",
                json!({ "requestId": id }),
                deadline,
            )?;
            let status = other.map_or("no status".to_owned(), |s| format!("HTTP {s}"));
            Err(format!(
                "the page's poll of /api/board/version answered {status} in the browser"
            ))
        }
    }
}

/// The headers the browser got, as they would be for a moved board: an ETag only where one came
/// through (found by attack, round 24: smoke added its own, so a page following the ETag alone
/// passed behind a proxy that drops it, and an open page there never moved), and no header
/// about the body it replaces.
fn moved_headers(got: &Value) -> Vec<Value> {
    let replaced = [
        "content-length",
        "content-encoding",
        "transfer-encoding",
        "content-type",
    ];
    let mut headers: Vec<Value> = (got.as_array().into_iter().flatten())
        .filter_map(|h| Some((h["name"].as_str()?, h["value"].as_str()?)))
        .filter(|(name, _)| !replaced.contains(&name.to_ascii_lowercase().as_str()))
        .map(|(name, value)| match name.eq_ignore_ascii_case("etag") {
            true => json!({ "name": name, "value": format!("\"{MOVED}\"") }),
            false => json!({ "name": name, "value": value }),
        })
        .collect();
    headers.push(json!({ "name": "content-type", "value": "application/json" }));
    headers
}

/// Whether the page's live note says it took in a newer board.
fn updated(chromium: &mut Browser, deadline: Instant) -> Result<bool, String> {
    let note = "(document.getElementById('live-note') || {}).textContent || ''";
    let text = chromium.evaluate(note, deadline)?;
    Ok(text.as_str().is_some_and(|t| t.starts_with("Updated")))
}

/// How many system rows of the board are on screen (not hidden, not `display: none`).
fn rows_shown(chromium: &mut Browser, deadline: Instant) -> Result<u64, String> {
    let rows = format!("{}.length", super::looking::ROWS_ON_SCREEN);
    Ok(chromium.evaluate(&rows, deadline)?.as_u64().unwrap_or(0))
}
