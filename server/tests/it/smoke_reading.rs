//! Issue 25, attack rounds 23 and 24: smoke's reader types what the board's JSON and catalog say
//! a working board answers (a system's name and a variable in the search: exactly the systems
//! the board finds stay on screen; copy making two claims the board disallows: both found and
//! "not safe"; plain copy: clean; each box emptied with the keyboard: all back) and goes through
//! the themes (dark looks dark at the top and at the table; the third click comes back). Against
//! a stand-in board whose islands answer as the board's do, then broken one way each: every one
//! passed before.

use crate::common;
use crate::smoke::{
    check_named, compiling_script, good_wasm, smoke_json, stand_in_version, stand_in_with,
    BOOTSTRAP, MARKS, PAGE,
};
use axum::routing::get;
use axum::Router;

/// How the stand-in's islands answer: each field a piece of its script.
struct Islands {
    /// Run first when a theme is clicked (`html` is the root): it may `return`.
    theme_guard: &'static str,
    /// Run when a theme is chosen (`next`).
    darken: &'static str,
    /// Run first when the search changes to `v` (lower case): it may `return`.
    search_guard: &'static str,
    /// Whether a row `r` stays on screen for the search `v` (`terms`: its words, lower case).
    matches: &'static str,
    /// The claims found in the copy `v` (lower case), of `claims`: [head, text] pairs.
    found: &'static str,
    /// The verdict, given `found`.
    safe: &'static str,
    /// Run first when the claim checker's copy changes to `v` (lower case): it may `return`.
    guard: &'static str,
    /// The version a poll's answer `r` says (`known` when it says none).
    polled: &'static str,
}

const WORKING: Islands = Islands {
    theme_guard: "",
    darken: "document.body.style.background = next === 'dark' ? '#111318' : '';",
    search_guard: "",
    matches: "terms.includes(v)",
    found: "claims.filter(([head, text]) => v.includes(head.toLowerCase()) || v.includes(text.toLowerCase()))",
    safe: "found.length === 0",
    guard: "",
    polled: "r.headers.get('etag') || (r.status === 200 ? JSON.stringify((await r.json()).version) : known)",
};

/// The stand-in's islands: the board's systems as rows (with their words), a search, a claim
/// checker, a theme button.
fn widgets(board: &serde_json::Value) -> String {
    let row = |s: &serde_json::Value| {
        let vars = s["groups"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|g| g["vars"].as_array().unwrap());
        let words: Vec<&str> = vars
            .chain([&s["owner"]])
            .map(|w| w.as_str().unwrap())
            .collect();
        let (id, name) = (s["id"].as_str().unwrap(), s["name"].as_str().unwrap());
        let words = html_escape::encode_double_quoted_attribute(&words.join(" ")).into_owned();
        format!(
            r#"<tr data-system="{id}" data-words="{words}"><td>{}</td></tr>"#,
            html_escape::encode_text(name)
        )
    };
    let rows: String = board["systems"]
        .as_array()
        .unwrap()
        .iter()
        .map(row)
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
        theme_guard,
        darken,
        search_guard,
        matches,
        found,
        safe,
        guard,
        polled,
    } = islands;
    format!("const theme = document.querySelector('[data-testid=theme-toggle]'); \
        theme.addEventListener('click', () => {{ const html = document.documentElement; {theme_guard} const next = {{ auto: 'light', light: 'dark', dark: 'auto' }}[html.getAttribute('data-theme') || 'auto']; \
          if (next === 'auto') html.removeAttribute('data-theme'); else html.setAttribute('data-theme', next); theme.textContent = 'Theme: ' + next; {darken} }}); \
        const rows = [...document.querySelectorAll('tr[data-system]')]; \
        document.getElementById('filter-text').addEventListener('input', e => {{ const v = e.target.value.toLowerCase(); {search_guard} let n = 0; \
          rows.forEach(r => {{ const terms = (r.textContent + ' ' + r.dataset.words).toLowerCase(); r.hidden = !!v && !({matches}); n += r.hidden ? 0 : 1; }}); \
          document.querySelector('[data-testid=result-count]').textContent = !v ? 'Showing all' : n ? 'Showing ' + n + ' of ' + rows.length : 'No system matches'; }}); \
        const claims = {claims}; \
        document.getElementById('claim-copy').addEventListener('input', e => {{ const v = e.target.value.toLowerCase(); const out = document.querySelector('[data-testid=claim-results]'); {guard} \
          if (!v) {{ out.textContent = 'Type copy.'; return; }} const found = {found}; out.replaceChildren(); \
          const p = document.createElement('p'); p.dataset.testid = found.length ? 'checker-count' : 'checker-clean'; p.textContent = found.length ? found.length + ' phrases' : 'No phrase makes a disallowed claim.'; \
          const verdict = document.createElement('p'); const safe = {safe}; verdict.dataset.safe = String(safe); verdict.textContent = safe ? 'safe to use' : 'not safe'; \
          const list = document.createElement('ol'); for (const [, text] of found) {{ const li = document.createElement('li'); li.className = 'violation'; li.dataset.claim = text; li.textContent = 'claims ' + text; list.append(li); }} \
          out.append(p, verdict, list); }}); \
        let known = '\"v1\"'; setInterval(async () => {{ const r = await fetch('/api/board/version', {{ headers: {{ 'If-None-Match': known }} }}); \
          const now = {polled}; if (r.status === 200 && now !== known) {{ known = now; await fetch('/'); document.getElementById('live-note').textContent = 'Updated now.'; }} }}, 1500);")
}

/// The browser check of `smoke` against a stand-in of the seed board whose islands answer as
/// `islands` say, its version poll answered with an ETag or (behind a proxy dropping it) not.
async fn browser_check(islands: Islands, etag: bool) -> serde_json::Value {
    let (_, board) = common::get_json(&common::seed_app(), "/api/vendor-readiness").await;
    let json = board.to_string();
    let poll = match etag {
        true => get(stand_in_version),
        false => get(|| async { axum::Json(serde_json::json!({ "version": "v1" })) }),
    };
    let json_type = [(axum::http::header::CONTENT_TYPE, "application/json")];
    let more = Router::new()
        .route(
            "/api/vendor-readiness",
            get(move || async move { (json_type, json) }),
        )
        .route("/api/board/version", poll);
    let bootstrap = BOOTSTRAP.replace(
        ".then(() => mod.hydrate());",
        &format!(
            ".then(() => {{ mod.hydrate(); {} {MARKS} }});",
            answers(&board, &islands)
        ),
    );
    let page = PAGE
        .replace(
            crate::smoke_reach::ISLANDS,
            &format!("{}\n{}", widgets(&board), crate::smoke_reach::FOLLOWERS),
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
    let check = browser_check(islands, true).await;
    assert_eq!(check["passed"], false, "{said}: {check}");
    assert!(
        check["detail"].as_str().unwrap().contains(said),
        "{said}: {check}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn islands_that_answer_as_the_boards_do_pass_with_or_without_an_etag() {
    let check = browser_check(WORKING, true).await;
    assert_eq!(check["passed"], true, "{check}");
    let check = browser_check(WORKING, false).await;
    assert_eq!(check["passed"], true, "{check}");
}

/// Found by attack (round 24): smoke answered the page's poll with an ETag of its own, so a
/// page following the ETag alone passed behind a proxy that drops it, and never moved there.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_following_only_the_etag_fails_behind_a_proxy_that_drops_it() {
    let etag_only = Islands {
        polled: "r.headers.get('etag') || known",
        ..WORKING
    };
    let check = browser_check(etag_only, false).await;
    assert_eq!(check["passed"], false, "{check}");
    assert!(
        check["detail"]
            .as_str()
            .unwrap()
            .contains("never took the new board in"),
        "{check}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_search_missing_real_matches_or_searching_names_alone_fails() {
    fails(
        Islands {
            matches: "false",
            ..WORKING
        },
        "LiveBoard: the second time: a search for",
    )
    .await;
    let names = Islands {
        matches: "r.textContent.toLowerCase().includes(v)",
        ..WORKING
    };
    fails(
        names,
        "LiveBoard: the third time: a search for “DATABASE_URL” shows the systems []",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_box_that_ignores_being_emptied_fails() {
    // Emptied before the third search, it keeps saying "1 of 7", so the third search (one
    // system again) changes nothing a reader sees.
    let search = Islands {
        search_guard: "if (!v) return;",
        ..WORKING
    };
    fails(
        search,
        "LiveBoard: the third time: text typed in it changed nothing",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_claim_checker_finding_nothing_one_claim_only_or_calling_all_copy_safe_fails() {
    fails(
        Islands {
            found: "[]",
            ..WORKING
        },
        "is not found making",
    )
    .await;
    let first = "claims.slice(0, 1).filter(([head]) => v.includes(head.toLowerCase()))";
    fails(
        Islands {
            found: first,
            ..WORKING
        },
        "is not found making",
    )
    .await;
    fails(
        Islands {
            safe: "true",
            ..WORKING
        },
        "is called safe",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_claim_checker_answering_once_fails() {
    let guard = "if (!v && window.used) window.stale = true; if (window.stale) return; if (v) window.used = true;";
    fails(
        Islands { guard, ..WORKING },
        "ClaimResults: the second time",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dark_theme_that_stays_light_anywhere_or_never_comes_back_fails() {
    fails(
        Islands {
            darken: "",
            ..WORKING
        },
        "the dark theme chosen, the page stays light",
    )
    .await;
    // The table far below the button, white in the dark theme (found by attack, round 24:
    // only the band around the button was looked at).
    let white_table = "document.body.style.background = next === 'dark' ? '#111318' : ''; const t = document.querySelector('table'); \
        if (!window.spaced) { const s = document.createElement('div'); s.style.height = '900px'; t.before(s); window.spaced = true; } \
        t.style.background = next === 'dark' ? '#fff' : ''; t.style.height = next === 'dark' ? '600px' : ''; t.style.width = '100%';";
    fails(
        Islands {
            darken: white_table,
            ..WORKING
        },
        "stays light around tr[data-system]",
    )
    .await;
    let stuck = "if (html.getAttribute('data-theme') === 'dark') return;";
    fails(
        Islands {
            theme_guard: stuck,
            ..WORKING
        },
        "ThemeToggle: the third time: a click on it changed nothing",
    )
    .await;
}
