//! Where a reader looks on the page: an element's place in the document, the band of the
//! viewport pictured around it, whether a change there shows in the pixels (found by attack,
//! round 22: a page veiled or made transparent answered in the DOM alone), and the system
//! rows on screen.

use super::cdp::Browser;
use super::paint::{self, Area, Picture};
use std::time::{Duration, Instant};

/// The system rows of the board on screen (not hidden, not `display: none`): a JavaScript array.
pub const ROWS_ON_SCREEN: &str =
    "[...document.querySelectorAll('tr[data-system]')].filter(r => r.checkVisibility())";

/// How long a change in the page may take to be painted.
const PAINT_TIME: Duration = Duration::from_secs(1);

/// The fewest pixels a change a reader sees moves (a digit of the smallest text is about 40).
const MIN_PIXELS: usize = 20;

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
pub fn band_around(
    chromium: &mut Browser,
    selector: &str,
    deadline: Instant,
) -> Result<Area, String> {
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

/// Whether a change shows in the pixels of `selector` since `before`, within [`PAINT_TIME`].
pub fn painted(
    chromium: &mut Browser,
    selector: &str,
    before: &Picture,
    deadline: Instant,
) -> Result<(), String> {
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

/// The darkest mean a page in a dark theme may be, of 255 (the board's dark background is 19,
/// its light one 246).
const DARK_ENOUGH: f64 = 100.0;

/// Whether the page around `selector` (scrolled to the middle of the screen) looks dark within
/// [`PAINT_TIME`] while the page says its theme is dark (a page whose own theme is not dark
/// after the click has nothing to show here; a page without such an element neither).
pub fn looks_dark(chromium: &mut Browser, selector: &str, deadline: Instant) -> Result<(), String> {
    let theme = "document.documentElement.getAttribute('data-theme')";
    if chromium.evaluate(theme, deadline)? != "dark" {
        return Ok(());
    }
    let found = format!("document.querySelector('{selector}') !== null");
    if chromium.evaluate(&found, deadline)? != true {
        return Ok(());
    }
    super::reader::place(chromium, selector, deadline)?;
    let band = band_around(chromium, selector, deadline)?;
    let until = Instant::now() + PAINT_TIME;
    loop {
        let lightness = chromium.picture(band, deadline)?.lightness();
        if lightness < DARK_ENOUGH {
            return Ok(());
        }
        if Instant::now() >= until {
            return Err(format!("the dark theme chosen, the page stays light around {selector} (its pixels are {lightness:.0} of 255 on average)"));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}
