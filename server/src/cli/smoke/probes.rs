//! Whether each island of the board's page answers a reader, tried in the browser once the page
//! says it is interactive, with real input (the browser's own mouse and keyboard, at the
//! element's place on screen): the theme button changes the theme, a filter typed changes the
//! count of systems shown, copy typed in the claim checker changes its findings. Found by
//! attack: marks set by the page's own script, and islands copied after hydration with their
//! listeners lost, passed checks of the marks alone (issue 25); then (round 20) a page made
//! `inert`, covered by an overlay or hidden passed script-made clicks, which ignore all three.

use super::cdp::Browser;
use std::time::{Duration, Instant};

/// One island and how a reader tries it.
struct Probe {
    island: &'static str,
    /// The element a reader clicks (and types in).
    target: &'static str,
    /// What the reader sees change (a JavaScript expression).
    seen: &'static str,
    /// Text typed after the click, if any, into the element emptied first.
    typed: Option<&'static str>,
    /// Puts the page back as the reader found it (a JavaScript statement).
    undo: &'static str,
}

const CLEAR_FILTER: &str = "{ const b = document.getElementById('filter-text'); b.value = ''; b.dispatchEvent(new Event('input', { bubbles: true })); }";
const CLEAR_CLAIM_COPY: &str = "{ const b = document.getElementById('claim-copy'); b.value = ''; b.dispatchEvent(new Event('input', { bubbles: true })); }";

const PROBES: [Probe; 3] = [
    Probe {
        island: "ThemeToggle",
        target: "[data-testid=theme-toggle]",
        seen: "document.documentElement.getAttribute('data-theme')",
        typed: None,
        undo: "document.querySelector('[data-testid=theme-toggle]').click()",
    },
    Probe {
        island: "LiveBoard",
        target: "#filter-text",
        seen: "(document.querySelector('[data-testid=result-count]') || {}).textContent",
        typed: Some("zz smoke matches nothing zz"),
        undo: CLEAR_FILTER,
    },
    Probe {
        island: "ClaimResults",
        target: "#claim-copy",
        seen: "(document.querySelector('[data-testid=claim-results]') || {}).textContent",
        typed: Some("Smoke check: plain words."),
        undo: CLEAR_CLAIM_COPY,
    },
];

/// How long a reader waits for what they did to show.
const ANSWER_TIME: Duration = Duration::from_secs(3);

/// The islands of the page that did not answer a reader, each with what was tried, in words.
pub fn dead_islands(chromium: &mut Browser, deadline: Instant) -> Result<Vec<String>, String> {
    let mut dead = Vec::new();
    for probe in &PROBES {
        let has = format!(
            "document.querySelector('leptos-island[data-component^=\"{}_\"]') !== null",
            probe.island
        );
        if chromium.evaluate(&has, deadline)? == true {
            if let Err(why) = try_as_a_reader(chromium, probe, deadline) {
                dead.push(format!("{}: {why}", probe.island));
            }
        }
    }
    Ok(dead)
}

/// Clicks `probe`'s element where it is on screen (and types), then waits for a change.
fn try_as_a_reader(chromium: &mut Browser, probe: &Probe, deadline: Instant) -> Result<(), String> {
    let place = format!(
        "(() => {{ const el = document.querySelector('{}'); if (!el) return 'missing'; \
         el.scrollIntoView({{ block: 'center', inline: 'center' }}); const r = el.getBoundingClientRect(); \
         if (r.width < 1 || r.height < 1) return 'hidden'; return [r.left + r.width / 2, r.top + r.height / 2]; }})()",
        probe.target
    );
    let at = chromium.evaluate(&place, deadline)?;
    let (Some(x), Some(y)) = (at[0].as_f64(), at[1].as_f64()) else {
        return Err(format!(
            "its element {} is {}",
            probe.target,
            at.as_str().unwrap_or("nowhere")
        ));
    };
    let seen =
        |chromium: &mut Browser| chromium.evaluate(&format!("String({})", probe.seen), deadline);
    if probe.typed.is_some() {
        // Emptied first, so what is typed changes what a reader sees whatever was there.
        chromium.evaluate(probe.undo, deadline)?;
        std::thread::sleep(Duration::from_millis(300));
    }
    let before = seen(chromium)?;
    chromium.click(x, y, deadline)?;
    if let Some(text) = probe.typed {
        chromium.type_text(text, deadline)?;
    }
    let until = Instant::now() + ANSWER_TIME;
    while Instant::now() < until {
        std::thread::sleep(Duration::from_millis(100));
        if seen(chromium)? != before {
            chromium.evaluate(probe.undo, deadline)?;
            return Ok(());
        }
    }
    Err(match probe.typed {
        None => "a click on it changed nothing a reader sees".to_owned(),
        Some(_) => "text typed in it changed nothing a reader sees".to_owned(),
    })
}
