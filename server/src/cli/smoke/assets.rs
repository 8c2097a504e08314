//! Whether the page can become interactive: the style, script and wasm it links load from the
//! board's own origin, with the types a browser insists on, and the wasm is a whole, valid
//! module (a build that never hydrates passes every other check). Found by a QA team, and by
//! attack: a script answered as HTML, a truncated or corrupt wasm, a redirect to another origin
//! and a board under a sub-path all passed a "200 and not empty" check.

use super::report::{check, Check};
use std::io::Read;
use std::time::Duration;

/// Most bytes read of one asset (the wasm is a few hundred KB).
const MAX_ASSET_BYTES: u64 = 16 * 1024 * 1024;

/// What one kind of asset must be: how the page links it, and the content type it is served as.
struct Kind {
    name: &'static str,
    marker: &'static str,
    content_type: &'static str,
}

const KINDS: [Kind; 3] = [
    Kind {
        name: "style",
        marker: r#"rel="stylesheet" href=""#,
        content_type: "text/css",
    },
    Kind {
        name: "script",
        marker: r#"rel="modulepreload" href=""#,
        content_type: "javascript",
    },
    Kind {
        name: "wasm",
        marker: r#"rel="preload" href=""#,
        content_type: "application/wasm",
    },
];

/// The check of the assets `html` (served at `page`) links.
pub fn assets_check(page: &url::Url, html: &str) -> Check {
    const NAME: &str = "the page's style, script and wasm load";
    let problems: Vec<String> = KINDS
        .iter()
        .filter_map(|kind| problem_with(kind, page, html).err())
        .collect();
    let detail = match problems.is_empty() {
        true => "style, script and wasm load from the board, as a browser needs them".to_owned(),
        false => problems.join("; "),
    };
    check(NAME, problems.is_empty(), detail)
}

/// What keeps one linked asset from loading in a browser, if anything.
fn problem_with(kind: &Kind, page: &url::Url, html: &str) -> Result<(), String> {
    let name = kind.name;
    let href = linked(html, kind.marker).ok_or(format!("the page links no {name}"))?;
    // Resolved as the browser resolves it, and only on the board's own origin.
    let url = page
        .join(href)
        .map_err(|_| format!("the {name}'s address is not one"))?;
    if url.origin() != page.origin() {
        return Err(format!("the {name} is linked from another origin"));
    }
    let (status, content_type, body) = fetch_bytes(url.as_str())?;
    match status {
        200 => {}
        other => return Err(format!("the {name} answers HTTP {other}")),
    }
    if !content_type.contains(kind.content_type) {
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
            let text = String::from_utf8_lossy(&body);
            if let Some(missing) = wanted.iter().find(|island| !text.contains(island.as_str())) {
                return Err(format!(
                    "the script does not know the page's island {missing}"
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
    Ok(())
}

/// The `href` after `marker` in the page.
fn linked<'a>(html: &'a str, marker: &str) -> Option<&'a str> {
    let start = html.find(marker)? + marker.len();
    Some(&html[start..start + html[start..].find('"')?])
}

/// GETs `url` without following redirects; an error never repeats the URL (it may carry
/// credentials).
fn fetch_bytes(url: &str) -> Result<(u16, String, Vec<u8>), String> {
    let agent = ureq::AgentBuilder::new()
        .timeout(Duration::from_secs(20))
        .redirects(0)
        .build();
    let response = match agent.get(url).call() {
        Ok(response) => response,
        Err(ureq::Error::Status(code, _)) => return Ok((code, String::new(), Vec::new())),
        Err(ureq::Error::Transport(t)) => return Err(t.kind().to_string()),
    };
    let status = response.status();
    let content_type = response
        .header("content-type")
        .unwrap_or_default()
        .to_owned();
    let mut body = Vec::new();
    response
        .into_reader()
        .take(MAX_ASSET_BYTES)
        .read_to_end(&mut body)
        .map_err(|e| e.to_string())?;
    Ok((status, content_type, body))
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
