//! Whether each island of the board's page answers a reader, tried in the browser once the page
//! says it is interactive, with real input (see [`super::reader`]), several times each: the
//! theme button goes to light, to dark (and dark looks dark) and back to the reader's own; the
//! search hides every row for text matching nothing, shows exactly the systems the board finds
//! for real searches, and shows every row once emptied; the claim checker finds claims the
//! board disallows, finds plain copy clean, and shows nothing once emptied (see
//! [`super::reading`]). Found by attack: marks set by the page's own script passed (issue 25); a
//! page made `inert`, covered or hidden passed script-made clicks (round 20); a veiled page
//! answered in the DOM alone (round 22); a search missing matches, a checker calling all copy
//! safe, an island answering once passed one probe each (round 23); a search of names alone, a
//! checker knowing one claim, a box ignoring being emptied and a theme stuck on dark passed
//! those (round 24).

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
    /// Puts the page back as the reader found it when a trial failed (a JavaScript statement).
    pub undo: &'static str,
    /// Where the reader looks for the change on screen: enough of it must change visibly.
    pub shown: &'static str,
    /// What the reader does, one after the other.
    pub trials: Vec<Trial>,
}

/// One thing a reader does, and what must then hold.
pub struct Trial {
    pub act: Act,
    pub then: Option<Then>,
}

/// What the reader does to the element.
pub enum Act {
    Click,
    /// Empties it with the keyboard, then types this.
    Type(String),
    /// Empties it with the keyboard (select all, Backspace).
    Clear,
}

/// What must hold once the reader sees a change.
pub enum Then {
    /// A JavaScript expression: `null` when it holds, else what is wrong, in words.
    Holds(String),
    /// The dark theme is chosen: where the reader looks is dark, at the top and at the table
    /// (found by attack: a dark theme that changed nothing passed in round 23, and one whose
    /// cards and table stayed white in round 24).
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

fn trial(act: Act, then: Option<String>) -> Trial {
    Trial {
        act,
        then: then.map(Then::Holds),
    }
}

/// The search's trials: text matching nothing, each of `reading`'s searches, then emptied.
fn search_trials(reading: &Reading) -> Vec<Trial> {
    let nothing = format!("{ROWS_ON_SCREEN}.length === 0 ? null : 'the search matches no system, yet system rows stay on screen'");
    let mut trials = vec![trial(Act::Type(MATCHES_NOTHING.to_owned()), Some(nothing))];
    trials.extend(reading.searches.iter().map(|(text, ids)| {
        let want = js(&serde_json::Value::from(ids.clone()).to_string());
        let shown = format!("JSON.stringify({ROWS_ON_SCREEN}.map(r => r.dataset.system).sort())");
        let then = format!("(() => {{ const shown = {shown}; return shown === {want} ? null : 'a search for \u{201c}' + {text} + '\u{201d} shows the systems ' + shown + ' where the board finds ' + {want}; }})()", text = js(text));
        trial(Act::Type(text.clone()), Some(then))
    }));
    let all = format!("{ROWS_ON_SCREEN}.length === document.querySelectorAll('tr[data-system]').length ? null : 'the search emptied, system rows stay hidden'");
    trials.push(trial(Act::Clear, Some(all)));
    trials
}

/// The claim checker's trials: copy making claims the board disallows, plain copy, emptied.
fn claim_trials(reading: &Reading) -> Vec<Trial> {
    let results = "const r = document.querySelector('[data-testid=claim-results]');";
    let mut trials: Vec<Trial> = reading.claims.iter().map(|(copy, claims)| {
        let claims = js(&serde_json::Value::from(claims.clone()).to_string());
        let then = format!("(() => {{ {results} const want = JSON.parse({claims}); \
            const found = [...r.querySelectorAll('li.violation:not(.violation-negated)')].map(li => li.dataset.claim); \
            const missed = want.filter(c => !found.includes(c)); const unsafe = r.querySelector('[data-safe=false]') !== null; \
            return missed.length === 0 && unsafe ? null : missed.length ? 'copy making the disallowed claims ' + want.join(' and ') + ' is not found making ' + missed.join(' and ') : 'copy making disallowed claims is called safe'; }})()");
        trial(Act::Type(copy.clone()), Some(then))
    }).collect();
    trials.extend(reading.clean.iter().map(|copy| {
        let then = format!("(() => {{ {results} \
            const clean = r.querySelector('[data-testid=checker-clean]') !== null && r.querySelector('[data-safe=false], li.violation') === null; \
            return clean ? null : 'plain copy (' + {copy} + ') is not found clean'; }})()", copy = js(copy));
        trial(Act::Type(copy.clone()), Some(then))
    }));
    if trials.is_empty() {
        // Nothing the catalog lets a working checker be judged on: it must still answer.
        trials.push(trial(Act::Type("Smoke check.".to_owned()), None));
    }
    let idle = format!("(() => {{ {results} return r.querySelector('[data-safe], li.violation') === null ? null : 'the copy emptied, findings stay'; }})()");
    trials.push(trial(Act::Clear, Some(idle)));
    trials
}

/// The islands' probes, with what `reading` says a reader types and a working board answers.
pub fn probes(reading: &Reading) -> Vec<Probe> {
    // Three choices of theme come back to the reader's own (found by attack, round 24: a
    // theme stuck on dark passed, put back by a script's click whose effect nobody checked).
    let back = "document.documentElement.getAttribute('data-theme') === null ? null : 'three choices of theme do not come back to the reader\'s own'";
    let theme = vec![
        trial(Act::Click, None),
        Trial {
            act: Act::Click,
            then: Some(Then::LooksDark),
        },
        trial(Act::Click, Some(back.to_owned())),
    ];
    vec![
        Probe {
            island: "ThemeToggle",
            target: THEME,
            seen: "document.documentElement.getAttribute('data-theme')",
            undo: "document.querySelector('[data-testid=theme-toggle]').click()",
            // The first click goes from the reader's own theme to the same one chosen (auto to
            // light): the label says so, and the page may look the same.
            shown: THEME,
            trials: theme,
        },
        Probe {
            island: "LiveBoard",
            target: "#filter-text",
            seen: "(document.querySelector('[data-testid=result-count]') || {}).textContent",
            undo: CLEAR_FILTER,
            shown: "[data-testid=result-count]",
            trials: search_trials(reading),
        },
        Probe {
            island: "ClaimResults",
            target: "#claim-copy",
            seen: "(document.querySelector('[data-testid=claim-results]') || {}).textContent",
            undo: CLEAR_CLAIM_COPY,
            shown: "[data-testid=claim-results]",
            trials: claim_trials(reading),
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
