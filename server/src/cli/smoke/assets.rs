//! Whether the page can become interactive: the style, script and wasm it links load from the
//! board (a build that never hydrates passes every other check). Found by a QA team: a release
//! gate needs this without a browser.

use super::report::{check, Check};
use std::io::Read;
use std::time::Duration;

/// Most bytes read of one asset (the wasm is a few hundred KB).
const MAX_ASSET_BYTES: u64 = 16 * 1024 * 1024;

/// The check of the assets `html` links, fetched from `base`.
pub fn assets_check(base: &str, html: &str) -> Check {
    const NAME: &str = "the page's style, script and wasm load";
    let wanted = [
        ("style", r#"rel="stylesheet" href=""#, None),
        ("script", r#"rel="modulepreload" href=""#, None),
        ("wasm", r#"rel="preload" href=""#, Some(b"\0asm".as_slice())),
    ];
    let mut problems = Vec::new();
    for (kind, marker, magic) in wanted {
        let Some(path) = linked(html, marker) else {
            problems.push(format!("the page links no {kind}"));
            continue;
        };
        match fetch_bytes(&format!("{base}{path}")) {
            Ok((200, body)) if body.is_empty() => problems.push(format!("the {kind} is empty")),
            Ok((200, body)) if magic.is_some_and(|m| !body.starts_with(m)) => {
                problems.push(format!("the {kind} is not WebAssembly"))
            }
            Ok((200, _)) => {}
            Ok((status, _)) => problems.push(format!("the {kind} answers HTTP {status}")),
            Err(e) => problems.push(format!("the {kind}: {e}")),
        }
    }
    let detail = match problems.is_empty() {
        true => "style, script and wasm answer 200".to_owned(),
        false => problems.join("; "),
    };
    check(NAME, problems.is_empty(), detail)
}

/// The site path after `marker` (a same-origin path only: never a URL the page could point
/// anywhere).
fn linked<'a>(html: &'a str, marker: &str) -> Option<&'a str> {
    let start = html.find(marker)? + marker.len();
    let path = &html[start..start + html[start..].find('"')?];
    (path.starts_with('/') && !path.starts_with("//")).then_some(path)
}

/// GETs `url` as bytes; an error never repeats the URL (it may carry credentials).
fn fetch_bytes(url: &str) -> Result<(u16, Vec<u8>), String> {
    let agent = ureq::AgentBuilder::new()
        .timeout(Duration::from_secs(20))
        .build();
    let response = match agent.get(url).call() {
        Ok(response) => response,
        Err(ureq::Error::Status(code, _)) => return Ok((code, Vec::new())),
        Err(ureq::Error::Transport(t)) => return Err(t.kind().to_string()),
    };
    let status = response.status();
    let mut body = Vec::new();
    response
        .into_reader()
        .take(MAX_ASSET_BYTES)
        .read_to_end(&mut body)
        .map_err(|e| e.to_string())?;
    Ok((status, body))
}

#[cfg(test)]
mod tests {
    use super::linked;

    #[test]
    fn only_same_origin_paths_are_followed() {
        let page = r#"<link rel="stylesheet" href="/pkg/v-1/a.css"><link rel="preload" href="https://evil.test/x.wasm">"#;
        assert_eq!(
            linked(page, r#"rel="stylesheet" href=""#),
            Some("/pkg/v-1/a.css")
        );
        assert_eq!(linked(page, r#"rel="preload" href=""#), None);
        assert_eq!(linked("", r#"rel="preload" href=""#), None);
    }
}
