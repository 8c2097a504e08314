//! Whether the page can become interactive: the style, script and wasm it links load from the
//! board's own origin, with the types a browser insists on, the script parses and the wasm is a
//! whole, valid module, and the bootstrap loads them (a build that never hydrates passes every
//! other check). Found by a QA team, and by
//! attack: a script answered as HTML, a truncated or corrupt wasm, a redirect to another origin
//! and a board under a sub-path all passed a "200 and not empty" check.

use super::browser::Served;
use super::fetch::fetch_following;
use super::report::{check, Check};

/// What one kind of asset must be: how the page links it, and the content type it is served as.
struct Kind {
    name: &'static str,
    marker: &'static str,
    content_types: &'static [&'static str],
}

const KINDS: [Kind; 3] = [
    Kind {
        name: "style",
        marker: r#"rel="stylesheet" href=""#,
        content_types: &["text/css"],
    },
    Kind {
        name: "script",
        marker: r#"rel="modulepreload" href=""#,
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
        marker: r#"rel="preload" href=""#,
        content_types: &["application/wasm"],
    },
];

/// The check of the assets `html` (served at `page`) links, and what a browser must then show.
pub fn assets_check(page: &url::Url, html: &str, policies: &[String]) -> (Check, Served) {
    const NAME: &str = "the page's style, script and wasm load";
    let mut problems = Vec::new();
    let mut served = Served {
        islands: super::islands::islands(html),
        wasm: None,
    };
    for kind in &KINDS {
        match problem_with(kind, page, html) {
            Ok(body) if kind.name == "wasm" => served.wasm = Some(body),
            Ok(_) => {}
            Err(problem) => problems.push(problem),
        }
    }
    problems.extend(super::islands::missing_board_islands(&served.islands));
    let href = |kind: &Kind| linked(html, kind.marker).and_then(|h| page.join(h).ok());
    let (script, wasm) = (href(&KINDS[1]), href(&KINDS[2]));
    problems.extend(super::bootstrap::bootstrap_problem(page, html, script, wasm).err());
    problems.extend(super::policy::policy_problems(policies, html));
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
fn problem_with(kind: &Kind, page: &url::Url, html: &str) -> Result<Vec<u8>, String> {
    let name = kind.name;
    let href = linked(html, kind.marker).ok_or(format!("the page links no {name}"))?;
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

/// The `href` after `marker` in the page.
fn linked<'a>(html: &'a str, marker: &str) -> Option<&'a str> {
    let start = html.find(marker)? + marker.len();
    Some(&html[start..start + html[start..].find('"')?])
}

#[cfg(test)]
mod tests {
    use super::linked;

    #[test]
    fn finds_each_linked_asset() {
        let page = r#"<link rel="stylesheet" href="/pkg/v-1/a.css"><link rel="preload" href="https://evil.test/x.wasm">"#;
        assert_eq!(
            linked(page, r#"rel="stylesheet" href=""#),
            Some("/pkg/v-1/a.css")
        );
        assert_eq!(
            linked(page, r#"rel="preload" href=""#),
            Some("https://evil.test/x.wasm")
        );
        assert_eq!(linked("", r#"rel="preload" href=""#), None);
    }
}
