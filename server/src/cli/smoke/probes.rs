//! Whether each island of the board's page answers a reader, tried in the browser once the page
//! says it is interactive, with real input (the browser's own mouse and keyboard, at the
//! element's place on screen): the theme button changes the theme, a filter typed changes the
//! count of systems shown, copy typed in the claim checker changes its findings. Found by
//! attack: marks set by the page's own script, and islands copied after hydration with their
//! listeners lost, passed checks of the marks alone (issue 25); then (round 20) a page made
//! `inert`, covered by an overlay or hidden passed script-made clicks, which ignore all three;
//! and (round 22) a page veiled in white or made transparent answered in the DOM alone: each
//! change must show in the pixels where a reader looks (see [`super::paint`]).

use super::cdp::Browser;
use super::paint::{self, Area, Picture};
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
    /// Where the reader looks for the change on screen: [`MIN_PIXELS`] of it must change visibly.
    shown: &'static str,
    /// What must then hold on the page (a JavaScript expression), and what it means when not.
    then: (&'static str, &'static str),
}

/// Nothing more to hold.
const NOTHING_MORE: (&str, &str) = ("true", "");

const CLEAR_FILTER: &str = "{ const b = document.getElementById('filter-text'); b.value = ''; b.dispatchEvent(new Event('input', { bubbles: true })); }";
const CLEAR_CLAIM_COPY: &str = "{ const b = document.getElementById('claim-copy'); b.value = ''; b.dispatchEvent(new Event('input', { bubbles: true })); }";

const PROBES: [Probe; 3] = [
    Probe {
        island: "ThemeToggle",
        target: "[data-testid=theme-toggle]",
        seen: "document.documentElement.getAttribute('data-theme')",
        typed: None,
        undo: "document.querySelector('[data-testid=theme-toggle]').click()",
        // The first click goes from the reader's own theme to the same one chosen (auto to
        // light): the label says so, and the page may look the same.
        shown: "[data-testid=theme-toggle]",
        then: NOTHING_MORE,
    },
    Probe {
        island: "LiveBoard",
        target: "#filter-text",
        seen: "(document.querySelector('[data-testid=result-count]') || {}).textContent",
        typed: Some("zz smoke matches nothing zz"),
        undo: CLEAR_FILTER,
        shown: "[data-testid=result-count]",
        // Found by attack (round 23): rows forced on screen under a count of "1 of 7" passed.
        then: (
            "[...document.querySelectorAll('tr[data-system]')].every(r => !r.checkVisibility())",
            "the filter matches no system, yet system rows stay on screen",
        ),
    },
    Probe {
        island: "ClaimResults",
        target: "#claim-copy",
        seen: "(document.querySelector('[data-testid=claim-results]') || {}).textContent",
        typed: Some("Smoke check: plain words."),
        undo: CLEAR_CLAIM_COPY,
        shown: "[data-testid=claim-results]",
        then: NOTHING_MORE,
    },
];

/// How long a reader waits for what they did to show.
const ANSWER_TIME: Duration = Duration::from_secs(3);

/// How long a change in the page may take to be painted.
const PAINT_TIME: Duration = Duration::from_secs(1);

/// The fewest pixels a change a reader sees moves (a digit of the smallest text is about 40).
const MIN_PIXELS: usize = 20;

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

/// Clicks `probe`'s element where it is on screen (and types), then waits for a change a
/// reader sees: in the page, then in the pixels of the place they look at.
fn try_as_a_reader(chromium: &mut Browser, probe: &Probe, deadline: Instant) -> Result<(), String> {
    let seen =
        |chromium: &mut Browser| chromium.evaluate(&format!("String({})", probe.seen), deadline);
    if probe.typed.is_some() {
        // Emptied first, so what is typed changes what a reader sees whatever was there.
        chromium.evaluate(probe.undo, deadline)?;
        std::thread::sleep(Duration::from_millis(300));
    }
    let (x, y) = place(chromium, probe.target, deadline)?;
    let band = band_around(chromium, probe.shown, deadline)?;
    let before_picture = chromium.picture(band, deadline)?;
    let before = seen(chromium)?;
    chromium.click(x, y, deadline)?;
    if let Some(text) = probe.typed {
        chromium.type_text(text, deadline)?;
    }
    let until = Instant::now() + ANSWER_TIME;
    while seen(chromium)? == before {
        if Instant::now() >= until {
            return Err(match probe.typed {
                None => "a click on it changed nothing a reader sees".to_owned(),
                Some(_) => "text typed in it changed nothing a reader sees".to_owned(),
            });
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    // The same place on screen as the first picture (what changed is below the element).
    place(chromium, probe.target, deadline)?;
    let (holds, broken) = probe.then;
    let painted = match chromium.evaluate(holds, deadline)? == true {
        true => painted(chromium, probe, &before_picture, deadline),
        false => Err(broken.to_owned()),
    };
    chromium.evaluate(probe.undo, deadline)?;
    painted
}

/// Scrolls `target` to the middle of the viewport at once (a page's smooth scrolling would
/// still move it: found by attack, round 23); where its middle is then.
fn place(chromium: &mut Browser, target: &str, deadline: Instant) -> Result<(f64, f64), String> {
    let place = format!(
        "(() => {{ const el = document.querySelector('{target}'); if (!el) return 'missing'; \
         el.scrollIntoView({{ block: 'center', inline: 'center', behavior: 'instant' }}); const r = el.getBoundingClientRect(); \
         if (r.width < 1 || r.height < 1) return 'hidden'; return [r.left + r.width / 2, r.top + r.height / 2]; }})()"
    );
    let at = chromium.evaluate(&place, deadline)?;
    match (at[0].as_f64(), at[1].as_f64()) {
        (Some(x), Some(y)) => Ok((x, y)),
        _ => Err(format!(
            "its element {target} is {}",
            at.as_str().unwrap_or("nowhere")
        )),
    }
}

/// Where `selector` is, and where the viewport is, in the document's CSS pixels (a picture's
/// clip is placed in the document, not the viewport).
fn rect_of(
    chromium: &mut Browser,
    selector: &str,
    deadline: Instant,
) -> Result<(Area, Area), String> {
    let rect = format!(
        "(() => {{ const el = document.querySelector('{selector}'); if (!el) return null; \
         const r = el.getBoundingClientRect(); \
         return [r.left + scrollX, r.top + scrollY, r.width, r.height, scrollX, scrollY, innerWidth, innerHeight]; }})()"
    );
    let r = chromium.evaluate(&rect, deadline)?;
    if r.is_null() {
        return Err(format!(
            "where a reader looks for its answer, {selector}, is missing"
        ));
    }
    let number = |i: usize| r[i].as_f64().unwrap_or(0.0);
    let area = |at: usize| Area {
        left: number(at),
        top: number(at + 1),
        width: number(at + 2),
        height: number(at + 3),
    };
    Ok((area(0), area(4)))
}

/// The band pictured: the viewport's width, from a little above `selector` to well below it
/// (what it shows may grow), within the viewport.
fn band_around(chromium: &mut Browser, selector: &str, deadline: Instant) -> Result<Area, String> {
    let (area, viewport) = rect_of(chromium, selector, deadline)?;
    let end = viewport.top + viewport.height;
    let top = (area.top - 40.0).clamp(viewport.top, end);
    let bottom = (area.top + area.height + 400.0).clamp(top, end);
    if bottom - top < 1.0 || viewport.width < 1.0 {
        return Err(format!(
            "where a reader looks for its answer, {selector}, is not on screen"
        ));
    }
    let (left, width) = (viewport.left, viewport.width);
    Ok(Area {
        left,
        top,
        width,
        height: bottom - top,
    })
}

/// Whether the change shows in the pixels of `probe.shown`, within [`PAINT_TIME`] (found by
/// attack, round 22: a page veiled or made transparent answered in the DOM alone).
fn painted(
    chromium: &mut Browser,
    probe: &Probe,
    before: &Picture,
    deadline: Instant,
) -> Result<(), String> {
    let selector = probe.shown;
    let until = Instant::now() + PAINT_TIME;
    loop {
        let (area, _) = rect_of(chromium, selector, deadline)?;
        let after = chromium.picture(before.band(), deadline)?;
        let (moved, of) = paint::changed(before, &after, area);
        if moved >= MIN_PIXELS {
            return Ok(());
        }
        if Instant::now() >= until {
            return Err(format!(
                "what it changed does not show on screen: {moved} of the {of} pixels of {selector} changed visibly (at least {MIN_PIXELS} must)"
            ));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}
