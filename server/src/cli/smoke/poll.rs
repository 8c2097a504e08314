//! Whether the live board's poll works: an open page asks `GET /api/board/version` (with the
//! version it shows in `If-None-Match`) whether the board moved. It must answer the version the
//! board JSON carries, and tell a page holding another version the current one (found by attack,
//! issue 25: a broken poll passed smoke, and an open page would never have moved again).

use super::fetch::fetch_text_tagged;
use super::report::{check, Check};

pub const NAME: &str = "the live board's poll answers";

/// A version no board has: what a page opened before a change holds.
const STALE: &str = "\"smoke-stale-version\"";

/// The poll against the board JSON's `version` (read again when the board moved meanwhile).
pub fn poll_check(base: &str, board_version: Option<&str>) -> Check {
    match poll(base, board_version) {
        Ok(version) => check(NAME, true, format!("version {version}")),
        Err(reason) => check(NAME, false, reason),
    }
}

fn poll(base: &str, board_version: Option<&str>) -> Result<String, String> {
    let url = format!("{base}/api/board/version");
    let Some(mut board_version) = board_version.map(str::to_owned) else {
        return Err("the board JSON carries no version to poll for".into());
    };
    let mut first = current_version(&url)?;
    // A board moves whenever a proof is pushed, fails or expires: one that moved between the
    // two reads is read again (found by attack, round 20: a healthy board failed each time).
    for _ in 0..3 {
        if first == board_version {
            break;
        }
        board_version = json_version(base).unwrap_or(board_version);
        first = current_version(&url)?;
    }
    if first != board_version {
        return Err(format!(
            "it answers the version {first:?}, where the board JSON says {board_version:?}"
        ));
    }
    // A page showing the current version is told nothing moved (or the same version again).
    match fetch_text_tagged(&url, Some(&format!("\"{first}\"")))? {
        (304, ..) => Ok(first),
        (200, body, _) if version_in(&body).as_deref() == Some(first.as_str()) => Ok(first),
        (status, ..) => Err(format!(
            "asked with the current version it answers HTTP {status}"
        )),
    }
}

/// The version the poll tells a page holding a stale one: it must answer 200 with one.
fn current_version(url: &str) -> Result<String, String> {
    match fetch_text_tagged(url, Some(STALE))? {
        (200, body, _) => version_in(&body)
            .ok_or_else(|| "it answers 200 without a version in its JSON".to_owned()),
        (status, ..) => Err(format!(
            "asked by a page holding an older version it answers HTTP {status}"
        )),
    }
}

/// The board JSON's version now.
fn json_version(base: &str) -> Option<String> {
    match super::fetch::fetch_text(&format!("{base}/api/vendor-readiness")) {
        Ok((200, body, _)) => version_in(&body),
        _ => None,
    }
}

/// `version` of a `{"version": "…"}` answer, when it is a non-empty string.
fn version_in(body: &str) -> Option<String> {
    let json: serde_json::Value = serde_json::from_str(body).ok()?;
    Some(json.get("version")?.as_str()?.to_owned()).filter(|v| !v.is_empty())
}
