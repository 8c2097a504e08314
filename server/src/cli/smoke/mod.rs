//! `vendor-readiness smoke`: checks a deployed board. `/`, `/api/vendor-readiness` and `/healthz`
//! answer; every catalog system and motion is in both page and JSON; the counts agree with each
//! other and with the systems; nothing that looks like a secret (or an env-file value) shows.

mod report;

use super::report::{emit, FormatArg};
use super::{CliError, InputArgs};
use crate::inputs::public_flag_values;
use clap::Args;
use readiness::board::Summary;
use readiness::{Board, Catalog, Status};
use report::{check, skipped, Check, Smoke};
use std::process::ExitCode;
use std::time::Duration;

#[derive(Debug, Args)]
pub struct SmokeArgs {
    /// The board's base URL, e.g. https://example.com or http://127.0.0.1:3000.
    #[arg(long)]
    pub url: String,
    /// The catalog the board should show, and optionally an env file whose values must not appear.
    #[command(flatten)]
    pub inputs: InputArgs,
    #[command(flatten)]
    pub output: FormatArg,
}

/// GETs `url`; an error never repeats the URL (it may carry credentials).
fn fetch(url: &str) -> Result<(u16, String), String> {
    let agent = ureq::AgentBuilder::new()
        .timeout(Duration::from_secs(20))
        .build();
    match agent.get(url).call() {
        Ok(response) => {
            let status = response.status();
            response
                .into_string()
                .map(|body| (status, body))
                .map_err(|e| e.to_string())
        }
        Err(ureq::Error::Status(code, response)) => {
            Ok((code, response.into_string().unwrap_or_default()))
        }
        Err(ureq::Error::Transport(t)) => Err(t.kind().to_string()),
    }
}

pub fn run(args: &SmokeArgs) -> Result<ExitCode, CliError> {
    let base = super::board_base_url("--url", &args.url)?;
    let (loaded, values) = args.inputs.load()?;
    let (catalog, local_digest) = (&*loaded.catalog, loaded.info.sha256.clone());
    let pairs = values.seen;
    let public = public_flag_values(catalog);
    let secrets: Vec<(String, String)> = pairs
        .into_iter()
        .filter(|(k, v)| v.len() >= 6 && !public.contains(&(k.clone(), v.clone())))
        .collect();
    let mut checks = Vec::new();

    let health = fetch(&format!("{base}/healthz"));
    checks.push(check(
        "healthz answers",
        matches!(health, Ok((200, _))),
        describe(&health),
    ));
    let page = fetch(&format!("{base}/"));
    checks.push(check(
        "page answers",
        matches!(page, Ok((200, _))),
        describe(&page),
    ));
    let api = fetch(&format!("{base}/api/vendor-readiness"));
    // The board's own type: a field renamed or a status added on one side is caught here.
    let board: Option<Board> = api
        .as_ref()
        .ok()
        .filter(|(s, _)| *s == 200)
        .and_then(|(_, b)| serde_json::from_str(b).ok());
    checks.push(check("JSON answers", board.is_some(), describe(&api)));
    let html = page.as_ref().map(|(_, b)| b.clone()).unwrap_or_default();
    match &board {
        Some(board) => {
            let label = args.inputs.catalog_label();
            checks.extend(board_checks(board, catalog, &local_digest, &label, &html));
        }
        None => {
            let reason = format!("the JSON could not be read as a board ({})", describe(&api));
            for name in BOARD_CHECKS {
                checks.push(skipped(name, reason.clone()));
            }
            if page.is_err() {
                checks.push(skipped(
                    "no secret-looking value in page or JSON",
                    "neither page nor JSON could be read",
                ));
            }
        }
    }
    let api_body = api.as_ref().map(|(_, b)| b.as_str()).ok();
    finish(args, base, checks, &secrets, &html, api_body)
}

/// The checks that read the board JSON, in order (skipped, by these names, without it).
const BOARD_CHECKS: [&str; 4] = [
    "the board runs this catalog",
    "every catalog system and motion is in page and JSON",
    "JSON counts agree with its systems",
    "page counts agree with the JSON",
];

/// The served board against this catalog (`label` names it) and the served page.
fn board_checks(
    board: &Board,
    catalog: &Catalog,
    local_digest: &str,
    label: &str,
    html: &str,
) -> Vec<Check> {
    let served = board.catalog.as_ref().map_or("none", |c| c.sha256.as_str());
    let runs = format!("the board's catalog sha256 is {served}, {label} is {local_digest}");
    let listed = |id: &str| {
        board.systems.iter().any(|s| s.id.as_str() == id)
            || board.motions.iter().any(|m| m.id.as_str() == id)
    };
    let systems = catalog.systems().iter().map(|s| (s.id.as_str(), &s.name));
    let motions = catalog.motions().iter().map(|m| (m.id.as_str(), &m.name));
    let missing: Vec<&str> = systems
        .chain(motions)
        .filter(|(id, name)| !listed(id) || !html.contains(&*html_escape::encode_text(name)))
        .map(|(id, _)| id)
        .collect();
    let summary = board.summary;
    let recounted = Summary::count(board.systems.iter().map(|s| s.status));
    let consistent = recounted == summary && summary.systems == catalog.systems().len();
    let on_page = |status: Option<Status>| {
        let (key, n) = status.map_or(("systems", summary.systems), |s| {
            (s.as_str(), summary.of(s))
        });
        page_count(html, key) == Some(n as u64)
    };
    let page_agrees = on_page(None) && Status::ALL.into_iter().all(|s| on_page(Some(s)));
    let [catalog_check, listed_check, counts_check, page_check] = BOARD_CHECKS;
    vec![
        check(catalog_check, served == local_digest, runs),
        check(
            listed_check,
            missing.is_empty(),
            format!("missing: {missing:?}"),
        ),
        check(
            counts_check,
            consistent,
            format!("summary {summary:?}, recounted {recounted:?}"),
        ),
        check(page_check, page_agrees, "data-role count-* values"),
    ]
}

/// The secret check over what was fetched, then the report and the exit code.
fn finish(
    args: &SmokeArgs,
    base: &str,
    mut checks: Vec<Check>,
    secrets: &[(String, String)],
    html: &str,
    api_body: Option<&str>,
) -> Result<ExitCode, CliError> {
    let body = format!("{html}\n{}", api_body.unwrap_or_default());
    let leaks: Vec<String> = secret_like(&body)
        .into_iter()
        .chain(
            secrets
                .iter()
                .filter(|(_, v)| body.contains(v.as_str()))
                .map(|(k, _)| format!("the value of {k}")),
        )
        .collect();
    if !checks
        .iter()
        .any(|c| c.name == "no secret-looking value in page or JSON")
    {
        checks.push(check(
            "no secret-looking value in page or JSON",
            leaks.is_empty(),
            format!("found: {leaks:?}"),
        ));
    }

    let report = Smoke {
        url: crate::redact::mask_url(base),
        passed: checks.iter().all(|c| c.passed),
        checks,
    };
    Ok(emit(&report, &args.output))
}

fn describe(result: &Result<(u16, String), String>) -> String {
    match result {
        Ok((status, _)) => format!("HTTP {status}"),
        Err(e) => e.clone(),
    }
}

/// The number shown for `count-<key>` on the page (the first number in its value).
fn page_count(html: &str, key: &str) -> Option<u64> {
    let marker = format!("data-role=\"count-{key}\"");
    let rest = &html[html.find(&marker)?..];
    let rest = &rest[rest.find("count-value\">")? + 13..];
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// Kinds of well-known secret formats found in `text` (the kind only, never the match).
pub fn secret_like(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for prefix in [
        "sk_live_", "sk_test_", "rk_live_", "rk_test_", "whsec_", "re_",
    ] {
        let hit = text.match_indices(prefix).any(|(i, _)| {
            let before_ok = i == 0 || !text.as_bytes()[i - 1].is_ascii_alphanumeric();
            let tail = &text[i + prefix.len()..];
            before_ok && tail.chars().take_while(char::is_ascii_alphanumeric).count() >= 16
        });
        if hit {
            found.push(format!("a {prefix}\u{2026} key"));
        }
    }
    if text.contains("-----BEGIN") && text.contains("PRIVATE KEY") {
        found.push("a PEM private key".to_owned());
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_key_shapes_not_words() {
        assert_eq!(
            // Built at run time so the source holds nothing shaped like a real key.
            secret_like(&format!("key sk_{}_0123456789abcdefXYZ end", "live")),
            vec!["a sk_live_\u{2026} key"]
        );
        assert!(secret_like("sk_live_short and re_moved and are_you_sure").is_empty());
        assert_eq!(secret_like("-----BEGIN RSA PRIVATE KEY-----").len(), 1);
    }

    #[test]
    fn reads_page_counts() {
        let html = r#"<li data-role="count-ready" class="count"><span class="count-value">12<!> of 7</span>"#;
        assert_eq!(page_count(html, "ready"), Some(12));
        assert_eq!(page_count(html, "blocked"), None);
    }
}
