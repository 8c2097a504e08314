//! Whether the page can become interactive: the style, script and wasm it links load from the
//! board's own origin, with the types a browser insists on, the script parses and the wasm is a
//! whole, valid module, and the bootstrap loads them (a build that never hydrates passes every
//! other check). Found by a QA team, and by
//! attack: a script answered as HTML, a truncated or corrupt wasm, a redirect to another origin
//! and a board under a sub-path all passed a "200 and not empty" check.

use super::browser::Served;
use super::fetch::fetch_following;
use super::page::{Page, Tag};
use super::report::{check, Check};

/// What one kind of asset must be: how the page links it (a `link` of this `rel`, and of this
/// `as` if any), and the content type it is served as.
struct Kind {
    name: &'static str,
    rel: &'static str,
    as_: Option<&'static str>,
    content_types: &'static [&'static str],
}

const KINDS: [Kind; 3] = [
    Kind {
        name: "style",
        rel: "stylesheet",
        as_: None,
        content_types: &["text/css"],
    },
    Kind {
        name: "script",
        rel: "modulepreload",
        as_: None,
        content_types: &[
            "text/javascript",
            "application/javascript",
            "application/x-javascript",
            "text/ecmascript",
            "application/ecmascript",
        ],
    },
    Kind {
        name: "wasm",
        rel: "preload",
        as_: Some("fetch"),
        content_types: &["application/wasm"],
    },
];

/// The check of the assets `html` (served at `page`) links, and what a browser must then show.
pub fn assets_check(page: &url::Url, html: &Page, policies: &[String]) -> (Check, Served) {
    const NAME: &str = "the page's style, script and wasm load";
    let mut problems = Vec::new();
    let mut served = Served {
        islands: super::islands::islands(html),
        wasm: None,
    };
    let bootstrap = super::bootstrap::bootstrap_of(html);
    let empty = super::bootstrap::Bootstrap::default();
    let loads = bootstrap.as_ref().unwrap_or(&empty);
    let wanted = [&[][..], &loads.imports, &loads.addresses];
    let hrefs: Vec<Option<&str>> = (KINDS.iter().zip(wanted))
        .map(|(kind, wanted)| linked(html, page, kind, wanted))
        .collect();
    for (kind, href) in KINDS.iter().zip(&hrefs) {
        match problem_with(kind, page, *href, html) {
            Ok(body) if kind.name == "wasm" => served.wasm = Some(body),
            Ok(_) => {}
            Err(problem) => problems.push(problem),
        }
    }
    problems.extend(super::islands::missing_board_islands(&served.islands));
    let href = |at: usize| hrefs[at].and_then(|h| page.join(h).ok());
    let (script, wasm) = (href(1), href(2));
    problems.extend(super::bootstrap::bootstrap_problem(page, &bootstrap, script, wasm).err());
    let inline = bootstrap.as_ref().map_or_else(
        |_| Default::default(),
        |b| super::policy::Inline {
            nonce: b.nonce.as_deref(),
            sha256: b.sha256.as_deref(),
        },
    );
    problems.extend(super::policy::policy_problems(policies, inline));
    // A page that says it is interactive before any script ran proves nothing to a browser
    // (found by attack: a dead page served with data-hydrated="true" passed).
    if super::browser::hydrated(html) == Some(true) || super::islands::served_live(html) {
        problems.push("the page says it is interactive before any script ran (main#main data-hydrated=\"true\" or an island data-live as served)".to_owned());
    }
    let detail = match problems.is_empty() {
        true => "style, script and wasm load from the board, as a browser needs them".to_owned(),
        false => problems.join("; "),
    };
    (check(NAME, problems.is_empty(), detail), served)
}

/// What keeps one linked asset from loading in a browser, if anything; else its bytes.
fn problem_with(
    kind: &Kind,
    page: &url::Url,
    href: Option<&str>,
    html: &Page,
) -> Result<Vec<u8>, String> {
    let name = kind.name;
    let href = href.ok_or(format!("the page links no {name}"))?;
    // Resolved as the browser resolves it, and only on the board's own origin.
    let url = page
        .join(href)
        .map_err(|_| format!("the {name}'s address is not one"))?;
    if url.origin() != page.origin() {
        return Err(format!("the {name} is linked from another origin"));
    }
    let (status, content_type, body) = fetch_following(&url, page, name)?;
    match status {
        200 => {}
        other => return Err(format!("the {name} answers HTTP {other}")),
    }
    // Media types match in any case; a wasm as plain bytes still loads (the script falls
    // back to compiling it from an array buffer), found by attack (round 9).
    // The type itself (before any parameter), exactly: a browser refuses `text/javascriptx`
    // and `text/plain; x=text/javascript` (found by attack).
    let lower = content_type.to_ascii_lowercase();
    let essence = lower.split(';').next().unwrap_or_default().trim();
    let fallback = name == "wasm" && essence == "application/octet-stream";
    if !kind.content_types.contains(&essence) && !fallback {
        return Err(format!("the {name} is served as {content_type:?}"));
    }
    if body.is_empty() {
        return Err(format!("the {name} is empty"));
    }
    // The page's islands by name: the script must hand each to the wasm, and the wasm must
    // export each, with `hydrate` (a wasm from another build hydrates nothing).
    let mut wanted = super::islands::islands(html);
    match name {
        "script" => {
            // Parsed (a truncated or garbled script never runs), and exporting what the
            // bootstrap calls and each island.
            let exports = super::script::exports_of(&String::from_utf8_lossy(&body))?;
            wanted.extend(["default".to_owned(), "hydrate".to_owned()]);
            if let Some(missing) = wanted.iter().find(|w| !exports.contains(w)) {
                return Err(format!(
                    "the script does not export {missing}, which the page calls"
                ));
            }
        }
        "wasm" => {
            wasmparser::validate(&body)
                .map_err(|e| format!("the wasm is not a valid module: {e}"))?;
            wanted.push("hydrate".to_owned());
            let exports = super::islands::exports_of(&body);
            if let Some(missing) = wanted.iter().find(|w| !exports.contains(w)) {
                return Err(format!(
                    "the wasm does not export {missing}, which the page calls"
                ));
            }
        }
        _ => {}
    }
    Ok(body)
}

/// The `href` of the page's `link` for this kind of asset: the one its bootstrap loads (`wanted`),
/// else the first on the board's own origin, else the first. Found by attack (round 25): a web
/// font's stylesheet, a preloaded JSON or another module linked before the board's own were
/// taken for the board's assets.
fn linked<'a>(page: &'a Page, at: &url::Url, kind: &Kind, wanted: &[String]) -> Option<&'a str> {
    let of_kind = |tag: &&Tag| {
        let as_ = |wanted: &str| {
            tag.get("as")
                .is_some_and(|a| a.eq_ignore_ascii_case(wanted))
        };
        tag.name == "link" && tag.has_token("rel", kind.rel) && kind.as_.is_none_or(as_)
    };
    let links: Vec<&str> = page
        .tags()
        .filter(of_kind)
        .filter_map(|t| t.get("href"))
        .collect();
    let resolved = |href: &str| at.join(href).ok();
    let loaded = |href: &&str| {
        let url = resolved(href);
        url.is_some() && wanted.iter().any(|w| resolved(w) == url)
    };
    let own = |href: &&str| resolved(href).is_some_and(|u| u.origin() == at.origin());
    let found = links.iter().copied().find(loaded);
    (found.or_else(|| links.iter().copied().find(own))).or(links.first().copied())
}

#[cfg(test)]
mod tests {
    use super::{linked, Page, KINDS};

    #[test]
    fn finds_each_linked_asset_however_it_is_written() {
        let at = url::Url::parse("http://board.test/").unwrap();
        let page = r#"<link rel="stylesheet" href="/pkg/v-1/a.css"><link rel="preload" href="/font.woff2" as="font"><link rel="preload" href="https://evil.test/x.wasm" as="fetch">"#;
        let minified = "<link href=/pkg/v-1/a.css rel=stylesheet><link as=font href=/font.woff2 rel=preload><link as=FETCH href=https://evil.test/x.wasm rel='preload'>";
        for html in [page, minified] {
            let page = Page::read(html);
            let link = |kind| linked(&page, &at, &KINDS[kind], &[]);
            assert_eq!(link(0), Some("/pkg/v-1/a.css"), "{html}");
            assert_eq!(link(1), None, "{html}");
            assert_eq!(link(2), Some("https://evil.test/x.wasm"), "{html}");
        }
        assert_eq!(linked(&Page::read(""), &at, &KINDS[2], &[]), None);
    }

    /// Found by attack (round 25): links a healthy page may carry before the board's own.
    #[test]
    fn the_boards_own_asset_is_the_one_its_bootstrap_loads_or_on_its_origin() {
        let at = url::Url::parse("http://board.test/").unwrap();
        let page = Page::read(concat!(
            "<link rel=stylesheet href=https://fonts.example/css>",
            "<link rel=stylesheet href=/pkg/a.css>",
            "<link rel=modulepreload href=https://cdn.example/analytics.mjs>",
            "<link rel=modulepreload href=/pkg/a.js>",
            "<link rel=preload as=fetch href=/api/vendor-readiness>",
            "<link rel=preload as=fetch href=/pkg/a.wasm>",
        ));
        assert_eq!(linked(&page, &at, &KINDS[0], &[]), Some("/pkg/a.css"));
        let script = ["/pkg/a.js".to_owned()];
        assert_eq!(linked(&page, &at, &KINDS[1], &script), Some("/pkg/a.js"));
        let wasm = ["http://board.test/pkg/a.wasm".to_owned()];
        assert_eq!(linked(&page, &at, &KINDS[2], &wasm), Some("/pkg/a.wasm"));
        // Only another origin's: that one, which the check then refuses.
        let other = Page::read("<link rel=stylesheet href=https://evil.test/a.css>");
        assert_eq!(
            linked(&other, &at, &KINDS[0], &[]),
            Some("https://evil.test/a.css")
        );
    }
}
