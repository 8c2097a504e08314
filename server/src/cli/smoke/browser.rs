//! Whether a real browser makes the page interactive: headless Chromium opens it (driven over
//! the DevTools protocol, see [`super::cdp`]) and is watched in real time until the page is the
//! board's page made interactive (see [`super::live_page`]) on the board's own address, stays
//! so 1.5 s, and the browser compiled the very wasm the page links. Found by attack (issue 25):
//! 40 broken deployments passed the static checks; then a DOM dump was fooled by a `main` inside
//! `<template>`, a second `main`, a meta refresh to another origin, a virtual-time budget that ran
//! out before the wasm compiled, and a page whose own script set the marks.

use super::cdp::{Browser, POLL};
use super::live_page::{Seen, LOOK};
use super::probes::dead_islands;
use super::reading::Reading;
use super::report::{check, skipped, Check};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub const NAME: &str = "a browser makes the page interactive";

/// The browsers looked for on `PATH` when none is given.
const BROWSERS: [&str; 4] = ["chromium", "chromium-browser", "google-chrome", "chrome"];

/// How long the page may take to become interactive, in real time.
const DEADLINE: Duration = Duration::from_secs(20);

/// How long the islands may take to answer the probe, all together.
const PROBE_TIME: Duration = Duration::from_secs(45);

/// How long after its last use the page is looked at again.
const AFTER_USE: Duration = Duration::from_secs(1);

/// How long the last looks may take (a page whose main thread never yields never answers).
const LAST_LOOK: Duration = Duration::from_secs(3);

/// How long the page must stay interactive, on the board's address.
const STILL_LIVE: Duration = Duration::from_millis(1500);

/// What the page was served with: its islands (sorted), and the wasm it links, when it loaded.
pub struct Served {
    pub islands: Vec<String>,
    pub wasm: Option<Vec<u8>>,
}

/// Loads `page` in `browser` (or one found on `PATH`) and watches it become interactive.
pub fn browser_check(
    page: &url::Url,
    browser: Option<&Path>,
    served: &Served,
    reading: &Reading,
) -> Check {
    let Some(browser) = browser.map(Path::to_path_buf).or_else(found_on_path) else {
        return skipped(
            NAME,
            "no browser to load the page: install Chromium or give --browser PATH (or --no-browser to rely on the static checks alone)",
        );
    };
    if !page.username().is_empty() || page.password().is_some() {
        // Found by attack: the password showed in `ps`, and Chromium refuses to fetch from
        // such an address, so a healthy board always failed.
        return skipped(
            NAME,
            "a URL with credentials is never given to a browser (its command line is visible to other users, and Chromium refuses such a page's fetches)",
        );
    }
    match watch(&browser, page, served, reading) {
        Ok(()) => check(
            NAME,
            true,
            format!("the page became interactive in {}", browser.display()),
        ),
        Err(reason) => check(NAME, false, reason),
    }
}

fn found_on_path() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| BROWSERS.map(|name| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

/// Opens `page` and looks at it every [`POLL`] until it is interactive or [`DEADLINE`] passed.
fn watch(
    browser: &Path,
    page: &url::Url,
    served: &Served,
    reading: &Reading,
) -> Result<(), String> {
    let deadline = Instant::now() + DEADLINE;
    let mut chromium = Browser::start(browser)?;
    chromium.open(page.as_str(), deadline)?;
    let mut bare_page = page.clone();
    bare_page.set_fragment(None);
    let mut verdict = Err("the page never loaded".to_owned());
    // Live, and still live a moment later: found by attack, a meta refresh a second after
    // hydration took the browser to another origin, and the page passed.
    let mut live_since: Option<Instant> = None;
    while Instant::now() < deadline {
        let seen: Seen = serde_json::from_value(chromium.evaluate(LOOK, deadline + LAST_LOOK)?)
            .unwrap_or_default();
        let at = url::Url::parse(&seen.href).ok();
        if at
            .as_ref()
            .is_some_and(|at| at.scheme() != "about" && at.origin() != page.origin())
        {
            return Err("the page took the browser to another origin".to_owned());
        }
        // The same page whatever its fragment (found by attack: a page setting `#x` failed).
        let same_page = at.is_some_and(|mut at| {
            at.set_fragment(None);
            at == bare_page
        });
        verdict = match same_page {
            true => seen.interactive(&served.islands),
            false => Err(format!("the browser is at {:?}", seen.href)),
        };
        live_since = verdict
            .is_ok()
            .then(|| live_since.unwrap_or_else(Instant::now));
        if live_since.is_some_and(|since| since.elapsed() >= STILL_LIVE) {
            compiled_the_wasm(&mut chromium, served, deadline)?;
            no_service_worker(&mut chromium, deadline)?;
            islands_answer(&mut chromium, reading)?;
            super::stays_live::stays_live(&mut chromium)?;
            // Again last, after a reader's input and seconds of use (found by attack, round 20:
            // a worker registered on interaction or a few seconds in, and a page frozen by then,
            // passed the earlier looks).
            std::thread::sleep(AFTER_USE);
            still_interactive(&mut chromium, served)?;
            return no_service_worker(&mut chromium, Instant::now() + LAST_LOOK);
        }
        std::thread::sleep(POLL);
    }
    let reason = verdict.err().unwrap_or_else(|| {
        format!(
            "it became interactive too late to be seen staying so for {} ms",
            STILL_LIVE.as_millis()
        )
    });
    Err(format!(
        "the page never became interactive: after {} s in {}, {reason}",
        DEADLINE.as_secs(),
        browser.display()
    ))
}

/// Whether the browser compiled the very wasm the page links: a page whose own script marks it
/// interactive without the wasm running is not (found by attack, issue 25).
fn compiled_the_wasm(
    chromium: &mut Browser,
    served: &Served,
    deadline: Instant,
) -> Result<(), String> {
    let Some(wasm) = &served.wasm else {
        return Ok(()); // The assets check already fails: the wasm did not load.
    };
    let compiled = chromium.wasm_compiled(deadline)?;
    if !compiled.iter().any(|module| module == wasm) {
        return Err(format!(
            "the page says it is interactive, but the browser never compiled the wasm it links ({} other modules)",
            compiled.len()
        ));
    }
    Ok(())
}

/// The page, at the end, still answers within [`LAST_LOOK`] and is still the board's page made
/// interactive.
fn still_interactive(chromium: &mut Browser, served: &Served) -> Result<(), String> {
    let look = chromium.evaluate(LOOK, Instant::now() + LAST_LOOK);
    let seen: Seen = look
        .map_err(|_| {
            "the page stopped answering (its main thread is busy) after it became interactive"
                .to_owned()
        })
        .and_then(|v| serde_json::from_value(v).map_err(|e| e.to_string()))?;
    seen.interactive(&served.islands)
        .map_err(|why| format!("the page did not stay interactive: {why}"))
}

/// The board registers no service worker: one the page registered would answer a returning
/// reader in the server's place, whatever smoke saw on this first visit (found by attack, issue
/// 25: a worker serving a dead page on the second visit passed). Asked of the browser itself:
/// the page's own JavaScript can hide a worker from the page (found by attack, round 20).
fn no_service_worker(chromium: &mut Browser, deadline: Instant) -> Result<(), String> {
    let scopes = chromium.service_workers(deadline)?;
    match scopes.as_slice() {
        [] => Ok(()),
        _ => Err(format!(
            "the page registered a service worker ({scopes:?}): a returning reader would get what it serves, and the board registers none"
        )),
    }
}

/// Whether each island answers a reader (see [`super::probes`]), given its own time: the page
/// may have taken most of the 20 s.
fn islands_answer(chromium: &mut Browser, reading: &Reading) -> Result<(), String> {
    match dead_islands(chromium, reading, Instant::now() + PROBE_TIME)?.as_slice() {
        [] => Ok(()),
        dead => Err(format!(
            "the page says it is interactive, but islands do not answer: {}",
            dead.join("; ")
        )),
    }
}

/// `data-hydrated` of the first `main#main` of `html` as served, outside comments (found in
/// review: a commented-out `main` marked hydrated was read as the page's) (`None`: no such
/// element).
pub fn hydrated(page: &super::page::Page) -> Option<bool> {
    let main = page.first("main", |tag| tag.get("id") == Some("main"))?;
    Some(main.get("data-hydrated") == Some("true"))
}

#[cfg(test)]
mod tests {
    use super::super::page::Page;

    fn hydrated(html: &str) -> Option<bool> {
        super::hydrated(&Page::read(html))
    }

    #[test]
    fn reads_the_hydrated_mark_of_main() {
        assert_eq!(
            hydrated(r#"<main id="main" data-hydrated="true" x="1">"#),
            Some(true)
        );
        assert_eq!(
            hydrated(r#"<main id="main" data-hydrated="false">"#),
            Some(false)
        );
        assert_eq!(
            hydrated(r#"<main data-hydrated="true" id="main">"#),
            Some(true)
        );
        assert_eq!(hydrated("<main><p data-hydrated=\"true\">"), None);
        let commented = r#"<!-- <main id="main" data-hydrated="true"> --><main id="main">"#;
        assert_eq!(hydrated(commented), Some(false));
        assert_eq!(hydrated("<main data-hydrated=true id=main>"), Some(true));
    }
}
