//! A reader trying one island: each of its trials a real click where the element is on screen
//! (and, for text, the element emptied with the keyboard and the text typed), then a wait for
//! a change the reader sees, in the page and in the pixels where they look, and what must then
//! hold.

use super::cdp::Browser;
use super::looking::{band_around, looks_dark, painted};
use super::probes::{Act, Probe, Then, Trial};
use std::time::{Duration, Instant};

/// How long a reader waits for what they did to show.
const ANSWER_TIME: Duration = Duration::from_secs(3);

/// Where dark must show once chosen: the top of the page and the systems table.
const DARK_PLACES: [&str; 2] = ["[data-testid=theme-toggle]", "tr[data-system]"];

/// Tries each of `probe`'s trials in turn; when one fails, puts the page back as the reader
/// found it for the next island.
pub fn try_as_a_reader(
    chromium: &mut Browser,
    probe: &Probe,
    deadline: Instant,
) -> Result<(), String> {
    let ordinal = |at: usize| {
        ["first", "second", "third", "fourth", "fifth"]
            .get(at)
            .copied()
    };
    let tried = probe.trials.iter().enumerate().try_for_each(|(at, trial)| {
        try_once(chromium, probe, trial, deadline).map_err(|why| match at {
            0 => why,
            // Found by attack (round 23): an island answering once only passed.
            _ => format!("the {} time: {why}", ordinal(at).unwrap_or("next")),
        })
    });
    if tried.is_err() {
        chromium.evaluate(probe.undo, deadline)?;
    }
    tried
}

fn try_once(
    chromium: &mut Browser,
    probe: &Probe,
    trial: &Trial,
    deadline: Instant,
) -> Result<(), String> {
    let seen =
        |chromium: &mut Browser| chromium.evaluate(&format!("String({})", probe.seen), deadline);
    if let Act::Type(_) = trial.act {
        // Emptied first, so what is typed changes what a reader sees whatever was there.
        let (x, y) = place(chromium, probe.target, deadline)?;
        chromium.click(x, y, deadline)?;
        chromium.clear_field(deadline)?;
        std::thread::sleep(Duration::from_millis(300));
    }
    let (x, y) = place(chromium, probe.target, deadline)?;
    let band = band_around(chromium, probe.shown, deadline)?;
    let before_picture = chromium.picture(band, deadline)?;
    let before = seen(chromium)?;
    chromium.click(x, y, deadline)?;
    match &trial.act {
        Act::Click => {}
        Act::Type(text) => chromium.type_text(text, deadline)?,
        Act::Clear => chromium.clear_field(deadline)?,
    }
    let until = Instant::now() + ANSWER_TIME;
    while seen(chromium)? == before {
        if Instant::now() >= until {
            return Err(match trial.act {
                Act::Click => "a click on it changed nothing a reader sees",
                Act::Type(_) => "text typed in it changed nothing a reader sees",
                Act::Clear => "emptying it changed nothing a reader sees",
            }
            .to_owned());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    // The same place on screen as the first picture (what changed is below the element).
    place(chromium, probe.target, deadline)?;
    if let Some(Then::Holds(then)) = &trial.then {
        if let Some(wrong) = chromium.evaluate(then, deadline)?.as_str() {
            return Err(wrong.to_owned());
        }
    }
    painted(chromium, probe.shown, &before_picture, deadline)?;
    match trial.then {
        Some(Then::LooksDark) => DARK_PLACES
            .iter()
            .try_for_each(|at| looks_dark(chromium, at, deadline)),
        _ => Ok(()),
    }
}

/// Scrolls `target` to the middle of the viewport at once (a page's smooth scrolling would
/// still move it: found by attack, round 23); where its middle is then.
pub fn place(
    chromium: &mut Browser,
    target: &str,
    deadline: Instant,
) -> Result<(f64, f64), String> {
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
