//! Whether a real browser makes the page interactive: headless Chromium opens it (driven over
//! the DevTools protocol, see [`super::cdp`]) and is watched in real time until `main#main`, the
//! only one, says `data-hydrated="true"` (set when every island on it ran) on the board's own
//! address. Found by attack (issue 25): 40 broken deployments passed the static checks; then a
//! DOM dump was fooled by a `main` inside `<template>`, a second `main`, a meta refresh to
//! another origin, and a virtual-time budget that ran out before the wasm compiled.

use super::cdp::{Browser, POLL};
use super::report::{check, skipped, Check};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub const NAME: &str = "a browser makes the page interactive";

/// The browsers looked for on `PATH` when none is given.
const BROWSERS: [&str; 4] = ["chromium", "chromium-browser", "google-chrome", "chrome"];

/// How long the page may take to become interactive, in real time.
const DEADLINE: Duration = Duration::from_secs(20);

/// How long the page must stay interactive, on the board's address.
const STILL_LIVE: Duration = Duration::from_millis(1500);

/// What the page shows: its address and the `data-hydrated` of each `main#main`.
const LOOK: &str = "({href: location.href, mains: Array.from(document.querySelectorAll('main#main'), m => m.getAttribute('data-hydrated'))})";

/// Loads `page` in `browser` (or one found on `PATH`) and watches it become interactive.
pub fn browser_check(page: &url::Url, browser: Option<&Path>) -> Check {
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
    match watch(&browser, page) {
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
fn watch(browser: &Path, page: &url::Url) -> Result<(), String> {
    let deadline = Instant::now() + DEADLINE;
    let mut chromium = Browser::start(browser)?;
    chromium.open(page.as_str(), deadline)?;
    let mut mains: Vec<Option<String>> = Vec::new();
    // Live, and still live a moment later: found by attack, a meta refresh a second after
    // hydration took the browser to another origin, and the page passed.
    let mut live_since: Option<Instant> = None;
    while Instant::now() < deadline {
        let seen = chromium.evaluate(LOOK, deadline)?;
        let href = seen["href"].as_str().unwrap_or_default();
        let at = url::Url::parse(href).ok();
        if at
            .as_ref()
            .is_some_and(|at| at.scheme() != "about" && at.origin() != page.origin())
        {
            return Err("the page took the browser to another origin".to_owned());
        }
        mains = serde_json::from_value(seen["mains"].clone()).unwrap_or_default();
        let live = at.as_ref() == Some(page) && mains == [Some("true".to_owned())];
        live_since = live.then(|| live_since.unwrap_or_else(Instant::now));
        if live_since.is_some_and(|since| since.elapsed() >= STILL_LIVE) {
            return Ok(());
        }
        std::thread::sleep(POLL);
    }
    Err(match mains.len() {
        0 => "the browser shows no main#main: the page is not the board's".to_owned(),
        1 => format!(
            "the page never became interactive: after {} s in {}, main#main still says data-hydrated={:?}",
            DEADLINE.as_secs(),
            browser.display(),
            mains[0].as_deref().unwrap_or("")
        ),
        n => format!("the page has {n} main#main elements, where the board has one"),
    })
}

/// `data-hydrated` of the first `main#main` of `html` as served (`None`: no such element).
pub fn hydrated(html: &str) -> Option<bool> {
    let tag = html
        .match_indices("<main")
        .filter_map(|(at, _)| Some(&html[at..at + html[at..].find('>')?]))
        .find(|tag| tag.contains(r#" id="main""#))?;
    Some(tag.contains(r#" data-hydrated="true""#))
}

#[cfg(test)]
mod tests {
    use super::hydrated;

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
    }
}
