//! Whether each island of the board's page answers a reader, tried in the browser once the page
//! says it is interactive: the theme button changes the theme, a filter typed changes the count
//! of systems shown, copy typed in the claim checker changes its findings. Found by attack
//! (issue 25): marks set by the page's own script after compiling the wasm, and islands copied
//! after hydration (`cloneNode`, `innerHTML` read back) with their listeners lost, all passed
//! checks of the marks alone.

use serde_json::Value;

/// The probe: resolves to the islands that did not answer, each with what was tried, in words.
/// Only the islands the page has are tried; the probe leaves the page as it found it as far as
/// a reader would notice (the theme is set back, the filter and draft cleared).
pub const PROBE: &str = r#"(async () => {
  const wait = ms => new Promise(done => setTimeout(done, ms));
  const changes = async (read, act) => {
    const before = read();
    act();
    for (let i = 0; i < 30; i++) { await wait(100); if (read() !== before) return true; }
    return false;
  };
  const has = name => document.querySelector(`leptos-island[data-component^="${name}_"]`) !== null;
  const type = (el, text) => { el.value = text; el.dispatchEvent(new Event('input', { bubbles: true })); };
  const text = selector => (document.querySelector(selector) || {}).textContent;
  const dead = [];
  if (has('ThemeToggle')) {
    const button = document.querySelector('[data-testid=theme-toggle]');
    const theme = () => document.documentElement.getAttribute('data-theme');
    if (!button || button.hidden) dead.push('ThemeToggle: its button is missing or hidden');
    else if (!await changes(theme, () => button.click())) dead.push('ThemeToggle: a click changed no theme');
  }
  if (has('LiveBoard')) {
    const box = document.getElementById('filter-text');
    const count = () => text('[data-testid=result-count]');
    if (!box) dead.push('LiveBoard: the page has no filter box');
    else if (!await changes(count, () => type(box, 'zz smoke matches nothing zz'))) dead.push('LiveBoard: a typed filter changed no count of systems shown');
    else type(box, '');
  }
  if (has('ClaimResults')) {
    const draft = document.getElementById('claim-copy');
    const found = () => text('[data-testid=claim-results]');
    if (!draft) dead.push('ClaimResults: the page has no claim checker');
    else if (!await changes(found, () => type(draft, draft.value ? '' : 'Smoke check: plain words.'))) dead.push('ClaimResults: typed copy changed no findings');
  }
  return dead;
})()"#;

/// The islands that did not answer, from the probe's value.
pub fn dead_islands(value: &Value) -> Result<Vec<String>, String> {
    serde_json::from_value(value.clone())
        .map_err(|_| format!("the probe of the islands gave no answer ({value})"))
}
