//! Whether each island of the board's page answers a reader, tried in the browser once the page
//! says it is interactive, with real input (see [`super::reader`]), twice each: the theme
//! button changes the theme (and dark is dark), the search hides every row for text matching
//! nothing, then shows exactly the systems a real name finds, and the claim checker finds a
//! claim the board disallows, then finds plain copy clean (see [`super::reading`]). Found by
//! attack: marks set by the page's own script, and islands copied after hydration with their
//! listeners lost, passed checks of the marks alone (issue 25); a page made `inert`, covered or
//! hidden passed script-made clicks (round 20); a veiled page answered in the DOM alone (round
//! 22); a search missing matches, a checker calling all copy safe and an island answering once
//! passed a single probe that typed text matching nothing (round 23).

use super::cdp::Browser;
use super::looking::ROWS_ON_SCREEN;
use super::reading::Reading;
use std::time::Instant;

/// One island and how a reader tries it.
pub struct Probe {
    pub island: &'static str,
    /// The element a reader clicks (and types in).
    pub target: &'static str,
    /// What the reader sees change (a JavaScript expression).
    pub seen: &'static str,
    /// Puts the page back as the reader found it (a JavaScript statement); also empties the
    /// element before each text typed.
    pub undo: &'static str,
    /// Where the reader looks for the change on screen: enough of it must change visibly.
    pub shown: &'static str,
    /// What the reader does, one after the other.
    pub trials: Vec<Trial>,
}

/// One thing a reader does: a click, and text typed if any.
pub struct Trial {
    pub typed: Option<String>,
    pub then: Option<Then>,
}

/// What must hold once the reader sees a change.
pub enum Then {
    /// A JavaScript expression: `null` when it holds, else what is wrong, in words.
    Holds(String),
    /// The dark theme is chosen: where the reader looks is dark (found by attack, round 23: a
    /// dark theme that changed nothing passed).
    LooksDark,
}

const THEME: &str = "[data-testid=theme-toggle]";
const CLEAR_FILTER: &str = "{ const b = document.getElementById('filter-text'); b.value = ''; b.dispatchEvent(new Event('input', { bubbles: true })); }";
const CLEAR_CLAIM_COPY: &str = "{ const b = document.getElementById('claim-copy'); b.value = ''; b.dispatchEvent(new Event('input', { bubbles: true })); }";
const MATCHES_NOTHING: &str = "zz smoke matches nothing zz";

/// A string as a JavaScript literal.
fn js(text: &str) -> String {
    serde_json::Value::from(text).to_string()
}

/// The islands' probes, with what `reading` says a reader types and a working board answers.
pub fn probes(reading: &Reading) -> Vec<Probe> {
    let click = |then: Option<Then>| Trial { typed: None, then };
    let typed = |text: &str, then: String| Trial {
        typed: Some(text.to_owned()),
        then: Some(Then::Holds(then)),
    };
    let nothing = format!("{ROWS_ON_SCREEN}.length === 0 ? null : 'the search matches no system, yet system rows stay on screen'");
    let mut search = vec![typed(MATCHES_NOTHING, nothing)];
    search.extend(reading.search.as_ref().map(|(name, ids)| {
        let want = js(&serde_json::Value::from(ids.clone()).to_string());
        let shown = format!("JSON.stringify({ROWS_ON_SCREEN}.map(r => r.dataset.system).sort())");
        let then = format!("(() => {{ const shown = {shown}; return shown === {want} ? null : 'a search for ' + {name} + ' shows the systems ' + shown + ' where the board finds ' + {want}; }})()", name = js(name));
        typed(name, then)
    }));
    let mut claims: Vec<Trial> = reading.claim.iter().map(|(copy, claim)| {
        let then = format!("(() => {{ const r = document.querySelector('[data-testid=claim-results]'); \
            const found = [...r.querySelectorAll('li.violation:not(.violation-negated)')].some(li => li.dataset.claim === {claim}); \
            const unsafe = r.querySelector('[data-safe=false]') !== null; \
            return found && unsafe ? null : 'copy making the disallowed claim ' + {claim} + ' is ' + (found ? 'called safe' : 'not found'); }})()", claim = js(claim));
        typed(copy, then)
    }).collect();
    claims.extend(reading.clean.iter().map(|copy| {
        let then = format!("(() => {{ const r = document.querySelector('[data-testid=claim-results]'); \
            const clean = r.querySelector('[data-testid=checker-clean]') !== null && r.querySelector('[data-safe=false], li.violation') === null; \
            return clean ? null : 'plain copy (' + {copy} + ') is not found clean'; }})()", copy = js(copy));
        typed(copy, then)
    }));
    if claims.is_empty() {
        // Nothing the catalog lets a working checker be judged on: it must still answer.
        claims.push(Trial {
            typed: Some("Smoke check.".to_owned()),
            then: None,
        });
    }
    vec![
        Probe {
            island: "ThemeToggle",
            target: THEME,
            seen: "document.documentElement.getAttribute('data-theme')",
            undo: "document.querySelector('[data-testid=theme-toggle]').click()",
            // The first click goes from the reader's own theme to the same one chosen (auto to
            // light): the label says so, and the page may look the same.
            shown: THEME,
            trials: vec![click(None), click(Some(Then::LooksDark))],
        },
        Probe {
            island: "LiveBoard",
            target: "#filter-text",
            seen: "(document.querySelector('[data-testid=result-count]') || {}).textContent",
            undo: CLEAR_FILTER,
            shown: "[data-testid=result-count]",
            trials: search,
        },
        Probe {
            island: "ClaimResults",
            target: "#claim-copy",
            seen: "(document.querySelector('[data-testid=claim-results]') || {}).textContent",
            undo: CLEAR_CLAIM_COPY,
            shown: "[data-testid=claim-results]",
            trials: claims,
        },
    ]
}

/// The islands of the page that did not answer a reader, each with what was tried, in words.
pub fn dead_islands(
    chromium: &mut Browser,
    reading: &Reading,
    deadline: Instant,
) -> Result<Vec<String>, String> {
    let mut dead = Vec::new();
    for probe in &probes(reading) {
        let has = format!(
            "document.querySelector('leptos-island[data-component^=\"{}_\"]') !== null",
            probe.island
        );
        if chromium.evaluate(&has, deadline)? == true {
            if let Err(why) = super::reader::try_as_a_reader(chromium, probe, deadline) {
                dead.push(format!("{}: {why}", probe.island));
            }
        }
    }
    Ok(dead)
}
