//! Whether a real browser makes the page interactive: headless Chromium loads it, runs its
//! scripts and wasm as a visitor's browser would, and dumps the DOM; the page is live once
//! `main#main` says `data-hydrated="true"` (set when every island on it is). Found by attack
//! (issue 25): 40 broken deployments passed the static checks — a script that throws at load, a
//! JS and wasm of two builds, a policy blocking the wasm's fetch, a bootstrap inside a comment, a
//! body labelled gzip that is not; only running the page shows them.

use super::report::{check, skipped, Check};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub const NAME: &str = "a browser makes the page interactive";

/// The browsers looked for on `PATH` when none is given.
const BROWSERS: [&str; 4] = ["chromium", "chromium-browser", "google-chrome", "chrome"];

/// How long the page may take, in the browser's virtual time and in ours.
const VIRTUAL_MS: u32 = 15_000;
const DEADLINE: Duration = Duration::from_secs(45);

/// Loads `page` in `browser` (or one found on `PATH`) and reads whether it became interactive.
pub fn browser_check(page: &url::Url, browser: Option<&Path>) -> Check {
    let Some(browser) = browser.map(Path::to_path_buf).or_else(found_on_path) else {
        return skipped(
            NAME,
            "no browser to load the page: install Chromium or give --browser PATH (or --no-browser to rely on the static checks alone)",
        );
    };
    match dump_dom(&browser, page) {
        Ok(dom) => match hydrated(&dom) {
            Some(true) => check(NAME, true, "the page became interactive in headless Chromium"),
            Some(false) => check(
                NAME,
                false,
                format!("the page never became interactive in {} (main#main stayed data-hydrated=\"false\" for {} s)", browser.display(), VIRTUAL_MS / 1000),
            ),
            None => check(NAME, false, "the browser shows no main#main: the page is not the board's"),
        },
        Err(reason) => check(NAME, false, reason),
    }
}

fn found_on_path() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| BROWSERS.map(|name| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

/// The DOM the browser holds once the page settled (its scripts ran, its fetches answered).
fn dump_dom(browser: &Path, page: &url::Url) -> Result<String, String> {
    let profile = tempfile::tempdir().map_err(|e| format!("cannot make a browser profile: {e}"))?;
    let mut command = Command::new(browser);
    command
        .args([
            "--headless",
            "--disable-gpu",
            "--no-first-run",
            "--dump-dom",
        ])
        .arg(format!("--virtual-time-budget={VIRTUAL_MS}"))
        .arg(format!("--user-data-dir={}", profile.path().display()));
    // SAFETY: geteuid cannot fail and touches no memory.
    if unsafe { nix::libc::geteuid() } == 0 {
        // Chromium refuses to run as root inside its sandbox.
        command.arg("--no-sandbox");
    }
    let mut child = command
        .arg(page.as_str())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start the browser {}: {e}", browser.display()))?;
    let mut stdout = child.stdout.take().ok_or("the browser gave no output")?;
    let reader = std::thread::spawn(move || {
        let mut dom = String::new();
        std::io::Read::read_to_string(&mut stdout, &mut dom).map(|_| dom)
    });
    let started = Instant::now();
    while child.try_wait().ok().flatten().is_none() {
        if started.elapsed() > DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!(
                "the browser did not finish loading the page in {DEADLINE:?}"
            ));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let dom = reader
        .join()
        .map_err(|_| "cannot read the browser's output")?;
    dom.map_err(|e| format!("cannot read the browser's output: {e}"))
}

/// `data-hydrated` of `main#main` in the dumped DOM (`None`: no such element).
fn hydrated(dom: &str) -> Option<bool> {
    let tag = dom
        .match_indices("<main")
        .filter_map(|(at, _)| Some(&dom[at..at + dom[at..].find('>')?]))
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
