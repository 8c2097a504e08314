//! Issue 25, attack round 23: smoke's reader types what the board's JSON and catalog say a
//! working board answers (a real system's name in the search: exactly its systems stay on
//! screen; a claim the board disallows in the checker: found and "not safe"; then plain copy:
//! clean) and chooses the dark theme (the page darkens). Against a stand-in board whose islands
//! answer as the board's do, then broken one way each: every one passed before.

use crate::common;
use crate::smoke::{
    check_named, compiling_script, good_wasm, smoke_json, stand_in_with, BOOTSTRAP, MARKS, PAGE,
};
use axum::routing::get;
use axum::Router;

/// How the stand-in's islands answer: each field a piece of its script.
struct Islands {
    /// Whether a row stays on screen for the search `v` (lower case).
    matches: &'static str,
    /// The claims found in the copy `v` (lower case), of `claims`: [head, text] pairs.
    found: &'static str,
    /// The verdict, given `found`.
    safe: &'static str,
    /// Run first when the claim checker's copy changes to `v` (lower case): it may `return`.
    guard: &'static str,
    /// Run when a theme is chosen (`next`).
    darken: &'static str,
}

const WORKING: Islands = Islands {
    matches: "r.textContent.toLowerCase().includes(v)",
    found: "claims.filter(([head, text]) => v.includes(head.toLowerCase()) || v.includes(text.toLowerCase()))",
    safe: "found.length === 0",
    guard: "",
    darken: "document.body.style.background = next === 'dark' ? '#111318' : '';",
};

/// The page's poll of the board's version, and its live note when the board moved.
const POLL: &str = "let known = '\"v1\"'; setInterval(async () => { const r = await fetch('/api/board/version', { headers: { 'If-None-Match': known } }); \
    const now = r.headers.get('etag'); if (r.status === 200 && now !== known) { known = now; await fetch('/'); document.getElementById('live-note').textContent = 'Updated now.'; } }, 1500);";

/// The stand-in's islands: the board's systems as rows, a search, a claim checker, a theme.
fn widgets(board: &serde_json::Value) -> String {
    let rows: String = board["systems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            format!(
                r#"<tr data-system="{}"><td>{}</td></tr>"#,
                s["id"].as_str().unwrap(),
                html_escape::encode_text(s["name"].as_str().unwrap())
            )
        })
        .collect();
    format!(
        r#"<leptos-island data-component="ThemeToggle_1"><button data-testid="theme-toggle">Theme: auto</button></leptos-island>
<leptos-island data-component="LiveBoard_1"><input id="filter-text"><p data-testid="result-count">Showing all</p><table>{rows}</table></leptos-island>
<leptos-island data-component="ClaimResults_1"><textarea id="claim-copy"></textarea><div data-testid="claim-results">Type copy.</div></leptos-island><p id="live-note"></p>"#
    )
}

/// The islands' script, as `islands` say they answer, with the board's still disallowed claims.
fn answers(board: &serde_json::Value, islands: &Islands) -> String {
    let claims: Vec<[&str; 2]> = board["motions"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|m| m["claims"].as_array().unwrap())
        .filter(|c| c["lifted"] == false)
        .map(|c| [c["head"].as_str().unwrap(), c["text"].as_str().unwrap()])
        .collect();
    let claims = serde_json::to_string(&claims).unwrap();
    let Islands {
        matches,
        found,
        safe,
        guard,
        darken,
    } = islands;
    format!("const theme = document.querySelector('[data-testid=theme-toggle]'); \
        theme.addEventListener('click', () => {{ const html = document.documentElement; const next = {{ auto: 'light', light: 'dark', dark: 'auto' }}[html.getAttribute('data-theme') || 'auto']; \
          if (next === 'auto') html.removeAttribute('data-theme'); else html.setAttribute('data-theme', next); theme.textContent = 'Theme: ' + next; {darken} }}); \
        const rows = [...document.querySelectorAll('tr[data-system]')]; \
        document.getElementById('filter-text').addEventListener('input', e => {{ const v = e.target.value.toLowerCase(); let n = 0; \
          rows.forEach(r => {{ r.hidden = !!v && !({matches}); n += r.hidden ? 0 : 1; }}); \
          document.querySelector('[data-testid=result-count]').textContent = !v ? 'Showing all' : n ? 'Showing ' + n + ' of ' + rows.length : 'No system matches'; }}); \
        const claims = {claims}; \
        document.getElementById('claim-copy').addEventListener('input', e => {{ const v = e.target.value.toLowerCase(); const out = document.querySelector('[data-testid=claim-results]'); {guard} \
          if (!v) {{ out.textContent = 'Type copy.'; return; }} const found = {found}; out.replaceChildren(); \
          const p = document.createElement('p'); p.dataset.testid = found.length ? 'checker-count' : 'checker-clean'; p.textContent = found.length ? found.length + ' phrases' : 'No phrase makes a disallowed claim.'; \
          const verdict = document.createElement('p'); const safe = {safe}; verdict.dataset.safe = String(safe); verdict.textContent = safe ? 'safe to use' : 'not safe'; \
          const list = document.createElement('ol'); for (const [, text] of found) {{ const li = document.createElement('li'); li.className = 'violation'; li.dataset.claim = text; li.textContent = 'claims ' + text; list.append(li); }} \
          out.append(p, verdict, list); }}); {POLL}")
}

/// The browser check of `smoke` against a stand-in of the seed board whose islands answer as
/// `islands` say.
async fn browser_check(islands: Islands) -> serde_json::Value {
    let (_, board) = common::get_json(&common::seed_app(), "/api/vendor-readiness").await;
    let json = board.to_string();
    let more = Router::new().route(
        "/api/vendor-readiness",
        get(move || async move {
            (
                [(axum::http::header::CONTENT_TYPE, "application/json")],
                json,
            )
        }),
    );
    let bootstrap = BOOTSTRAP.replace(
        ".then(() => mod.hydrate());",
        &format!(
            ".then(() => {{ mod.hydrate(); {} {MARKS} }});",
            answers(&board, &islands)
        ),
    );
    let page = PAGE
        .replace(
            r#"<leptos-island data-component="ClaimResults_1"></leptos-island>
<leptos-island data-component="LiveBoard_1"></leptos-island>
<leptos-island data-component="ThemeToggle_1"></leptos-island>"#,
            &widgets(&board),
        )
        .replace("BOOTSTRAP", &bootstrap);
    let url = stand_in_with(page, compiling_script(), Some(good_wasm()), more).await;
    let catalog = common::repo_path("catalog/vendor-catalog.toml");
    let catalog: &'static str = Box::leak(catalog.to_str().unwrap().to_owned().into_boxed_str());
    let (report, _) = smoke_json(url, Box::leak(Box::new(["--catalog", catalog]))).await;
    check_named(&report, "a browser makes the page interactive")
}

/// `islands` fail the browser check, saying `said`.
async fn fails(islands: Islands, said: &str) {
    let check = browser_check(islands).await;
    assert_eq!(check["passed"], false, "{check}");
    assert!(check["detail"].as_str().unwrap().contains(said), "{check}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn islands_that_answer_as_the_boards_do_pass() {
    let check = browser_check(WORKING).await;
    assert_eq!(check["passed"], true, "{check}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_search_missing_real_matches_fails() {
    let misses = Islands {
        matches: "false",
        ..WORKING
    };
    fails(misses, "LiveBoard: the second time: a search for").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_claim_checker_finding_nothing_or_calling_all_copy_safe_fails() {
    let blind = Islands {
        found: "[]",
        ..WORKING
    };
    fails(blind, "is not found").await;
    let lenient = Islands {
        safe: "true",
        ..WORKING
    };
    fails(lenient, "is called safe").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_claim_checker_answering_once_fails() {
    let once = Islands {
        guard: "if (!v && window.used) window.stale = true; if (window.stale) return; if (v) window.used = true;",
        ..WORKING
    };
    fails(once, "ClaimResults: the second time").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dark_theme_that_stays_light_fails() {
    let pale = Islands {
        darken: "",
        ..WORKING
    };
    fails(pale, "the dark theme chosen, the page stays light").await;
}
