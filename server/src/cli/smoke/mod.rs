//! `vendor-readiness smoke`: checks a deployed board, as a release gate. `/?view=operator`,
//! `/api/vendor-readiness` and `/healthz` answer; the page's style, script and wasm load; every
//! catalog system and motion is in both page and JSON; the counts agree; what the operator
//! expects holds; nothing that looks like a secret (or an env-file value) shows.

mod assets;
mod bootstrap;
mod browser;
mod cdp;
mod checks;
mod expect;
mod fetch;
mod input;
mod islands;
mod launch;
mod live_page;
mod looking;
mod page;
mod paint;
mod policy;
mod poll;
mod probes;
mod reader;
mod reading;
pub(crate) mod report;
mod script;
mod secrets;
mod stays_live;
mod stop;

use super::report::{emit, FormatArg};
use super::{CliError, InputArgs};
use crate::inputs::public_flag_values;
use crate::loaded::Loaded;
use checks::{board_checks, BOARD_CHECKS};
use clap::Args;
use expect::{expectation_checks, Expectations};
use fetch::fetch_text;
use readiness::Board;
use report::{check, skipped, Check, Smoke};
pub use secrets::secret_like;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct SmokeArgs {
    /// The board's base URL, e.g. https://example.com or http://127.0.0.1:3000.
    #[arg(long)]
    pub url: String,
    /// The catalog the board should show, and optionally an env file whose values must not appear.
    #[command(flatten)]
    pub inputs: InputArgs,
    #[command(flatten)]
    pub expect: Expectations,
    /// The browser that loads the page to see it become interactive (headless Chromium or
    /// Chrome); default: the first of chromium, chromium-browser, google-chrome on PATH.
    #[arg(long, value_name = "PATH", conflicts_with = "no_browser")]
    pub browser: Option<std::path::PathBuf>,
    /// Rely on the static checks alone: no browser loads the page (a weaker gate).
    #[arg(long)]
    pub no_browser: bool,
    #[command(flatten)]
    pub output: FormatArg,
}

/// The page smoke reads: the board with every section, the claim checker's included (the
/// buyer's page at `/` is the same board with the seller's sections left out).
const PAGE: &str = "/?view=operator";

pub fn run(args: &SmokeArgs) -> Result<ExitCode, CliError> {
    let base = super::board_base_url("--url", &args.url)?;
    let (loaded, values) = args.inputs.load()?;
    let catalog = &*loaded.catalog;
    let public = public_flag_values(catalog);
    let secrets = secrets::to_look_for(values.seen, &public, &loaded.toml);
    let mut checks = Vec::new();

    let health = fetch_text(&format!("{base}/healthz"));
    checks.push(check(
        "healthz answers",
        matches!(health, Ok((200, ..))),
        describe(&health),
    ));
    let page = fetch_text(&format!("{base}{PAGE}"));
    checks.push(check(
        "page answers",
        matches!(page, Ok((200, ..))),
        describe(&page),
    ));
    let api = fetch_text(&format!("{base}/api/vendor-readiness"));
    // The board's own type: a field renamed or a status added on one side is caught here.
    let board: Option<Board> = api
        .as_ref()
        .ok()
        .filter(|(s, ..)| *s == 200)
        .and_then(|(_, b, _)| serde_json::from_str(b).ok());
    checks.push(check("JSON answers", board.is_some(), describe(&api)));
    let html = page.as_ref().map(|(_, b, _)| b.clone()).unwrap_or_default();
    // Read once, as a browser's tokenizer reads it; the secret check reads the text as sent.
    let document = page::Page::read(&html);
    let reading = board
        .as_ref()
        .map(|board| reading::reading(board, catalog))
        .unwrap_or_default();
    checks.extend(interactive_checks(args, base, &page, &document, &reading));
    checks.extend(board_section(
        args,
        base,
        &api,
        board.as_ref(),
        &loaded,
        &document,
    ));
    if board.is_none() && page.is_err() {
        checks.push(skipped(
            "no secret-looking value in page or JSON",
            "neither page nor JSON could be read",
        ));
    }
    let api_body = api.as_ref().map(|(_, b, _)| b.as_str()).ok();
    let fetched = secrets::readable(&html, &document, api_body);
    finish(args, base, checks, &secrets, &fetched)
}

/// The checks that read the board's JSON: against the catalog and the page, what the operator
/// expects, and its poll; each skipped, saying why, when the JSON is not a board.
fn board_section(
    args: &SmokeArgs,
    base: &str,
    api: &Result<fetch::Answer, String>,
    board: Option<&Board>,
    loaded: &Loaded,
    document: &page::Page,
) -> Vec<Check> {
    let Some(board) = board else {
        let reason = format!("the JSON could not be read as a board ({})", describe(api));
        let names = BOARD_CHECKS.into_iter().chain([poll::NAME]);
        return names.map(|name| skipped(name, reason.clone())).collect();
    };
    let label = args.inputs.catalog_label();
    let (catalog, digest) = (&*loaded.catalog, &loaded.info.sha256);
    let mut checks = board_checks(board, catalog, digest, &label, document);
    // A board that predates the field says nothing: it is no proof of "live".
    let says_mode = api
        .as_ref()
        .ok()
        .and_then(|(_, body, _)| serde_json::from_str::<serde_json::Value>(body).ok())
        .is_some_and(|json| json.get("deployment").is_some());
    checks.extend(expectation_checks(board, says_mode, &args.expect));
    checks.push(poll::poll_check(base, board.version.as_deref()));
    checks
}

/// Whether the page can become interactive: its assets as a browser needs them, then (unless
/// `--no-browser`) a real browser loading it.
fn interactive_checks(
    args: &SmokeArgs,
    base: &str,
    page: &Result<fetch::Answer, String>,
    document: &page::Page,
    reading: &reading::Reading,
) -> Vec<Check> {
    let page_url = url::Url::parse(&format!("{base}{PAGE}")).ok();
    let (Ok((200, _, policies)), Some(page_url)) = (page, &page_url) else {
        return vec![
            skipped(
                "the page's style, script and wasm load",
                "the page could not be read",
            ),
            skipped(browser::NAME, "the page could not be read"),
        ];
    };
    let (assets, served) = assets::assets_check(page_url, document, policies);
    let browser = match args.no_browser {
        true => report::not_asked(
            browser::NAME,
            "--no-browser: the static checks alone, a weaker gate",
        ),
        false => browser::browser_check(page_url, args.browser.as_deref(), &served, reading),
    };
    vec![assets, browser]
}

/// The secret check over what was fetched, then the report and the exit code.
fn finish(
    args: &SmokeArgs,
    base: &str,
    mut checks: Vec<Check>,
    secrets: &[(String, String)],
    body: &str,
) -> Result<ExitCode, CliError> {
    let leaks: Vec<String> = secret_like(body)
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

fn describe(result: &Result<fetch::Answer, String>) -> String {
    match result {
        Ok((status, ..)) => format!("HTTP {status}"),
        Err(e) => e.clone(),
    }
}
