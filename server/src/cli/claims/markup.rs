//! Markdown and HTML reduced to the words a reader sees, byte for byte the same length as the
//! original, so offsets, lines and columns found in the text point at the original file.
//!
//! Inline tags, comments and the rest of an entity become DEL (U+007F), which the checker drops
//! inside a word ("buy <b>on</b>line" and "on&shy;line" read "online"); block tags become blank
//! lines (sentence ends); `<script>`, `<style>`, `<pre>` and `<code>` are not copy; `alt`,
//! `title`, `aria-label`, `placeholder` and `content` values are, each a sentence of its own.

const FILLER: u8 = 0x7f;
const TEXT_ATTRIBUTES: [&str; 5] = ["alt", "title", "aria-label", "placeholder", "content"];

/// HTML: see the module documentation.
pub fn html_text(html: &str) -> String {
    let mut out = html.as_bytes().to_vec();
    let lower = html.to_ascii_lowercase();
    let mut at = 0;
    while let Some(offset) = lower[at..].find('<') {
        let start = at + offset;
        let opens_tag = lower[start + 1..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '!');
        if !opens_tag {
            at = start + 1;
            continue;
        }
        let end = tag_end(&lower, start);
        let tag = &lower[start..end];
        let skipped = ["script", "style", "pre", "code"]
            .iter()
            .find(|name| tag.starts_with(&format!("<{name}")) && !tag.ends_with("/>"))
            .and_then(|name| {
                lower[end..]
                    .find(&format!("</{name}"))
                    .map(|o| tag_end(&lower, end + o))
            });
        match skipped {
            Some(close) => fill(&mut out, start, close, b' '),
            None if is_block(tag) => fill(&mut out, start, end, b'\n'),
            None => fill(&mut out, start, end, FILLER),
        }
        keep_text_attributes(&mut out, html, start, end);
        at = skipped.unwrap_or(end);
    }
    decode_entities(&mut out, html);
    String::from_utf8_lossy(&out).into_owned()
}

fn tag_end(lower: &str, start: usize) -> usize {
    if lower[start..].starts_with("<!--") {
        return lower[start..]
            .find("-->")
            .map_or(lower.len(), |o| start + o + 3);
    }
    lower[start..]
        .find('>')
        .map_or(lower.len(), |o| start + o + 1)
}

fn is_block(tag: &str) -> bool {
    let name: String = tag
        .trim_start_matches(['<', '/'])
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect();
    matches!(
        name.as_str(),
        "p" | "div"
            | "li"
            | "ul"
            | "ol"
            | "br"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "tr"
            | "td"
            | "th"
            | "table"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "blockquote"
            | "dt"
            | "dd"
            | "title"
            | "button"
            | "option"
            | "hr"
            | "img"
            | "meta"
    )
}

/// Puts back the quoted values of text attributes inside the tag `start..end`, with blank lines
/// around them (they are read apart from the text around the tag).
fn keep_text_attributes(out: &mut [u8], html: &str, start: usize, end: usize) {
    let tag = &html[start..end];
    let lower = tag.to_ascii_lowercase();
    for name in TEXT_ATTRIBUTES {
        let mut from = 0;
        while let Some(found) = lower[from..].find(&format!("{name}=")) {
            let value_at = from + found + name.len() + 1;
            from = value_at;
            let before_ok = lower[..from - name.len() - 1].ends_with(|c: char| c.is_whitespace());
            let Some(quote) = tag[value_at..]
                .chars()
                .next()
                .filter(|q| *q == '"' || *q == '\'')
            else {
                continue;
            };
            let Some(close) = tag[value_at + 1..].find(quote) else {
                continue;
            };
            if before_ok {
                let (a, b) = (start + value_at + 1, start + value_at + 1 + close);
                out[a..b].copy_from_slice(&html.as_bytes()[a..b]);
                out[a - 1] = b'\n';
                out[b] = b'\n';
            }
            from = value_at + 1 + close;
        }
    }
}

/// `&amp;`, `&#101;`, `&#x43;`, `&shy;`…: the character (when one byte of ASCII or an
/// invisible one) then DEL, so "Ch&#101;ckout" reads "Checkout"; other entities become spaces.
fn decode_entities(out: &mut [u8], html: &str) {
    let mut at = 0;
    while let Some(offset) = html[at..].find('&') {
        let start = at + offset;
        let rest = &html[start + 1..];
        let length = rest.find(';').filter(|&n| n > 0 && n <= 10);
        let Some(n) = length.filter(|&n| {
            rest[..n]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '#')
        }) else {
            at = start + 1;
            continue;
        };
        let end = start + n + 2;
        if out[start] != b'&' {
            at = end; // inside a tag or skipped element: already blank
            continue;
        }
        match entity(&rest[..n]) {
            Some(c) if c.is_ascii() && !c.is_ascii_control() => {
                fill(out, start, end, FILLER);
                out[start] = c as u8;
            }
            Some('\u{ad}') => fill(out, start, end, FILLER),
            _ => fill(out, start, end, b' '),
        }
        at = end;
    }
}

fn entity(name: &str) -> Option<char> {
    if let Some(code) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
        return u32::from_str_radix(code, 16).ok().and_then(char::from_u32);
    }
    if let Some(code) = name.strip_prefix('#') {
        return code.parse().ok().and_then(char::from_u32);
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "shy" => '\u{ad}',
        _ => return None,
    })
}

/// Markdown: HTML as above; fenced and inline code and link targets skipped; emphasis markers
/// dropped inside words (`*check*out`); list markers, headings, quotes and table cells end a
/// sentence (`- Buy now` and `- SSO` are two sentences, as are `| buy | online |`'s cells).
pub fn markdown_text(markdown: &str) -> String {
    let mut out = html_text(markdown).into_bytes();
    let mut in_fence = false;
    let mut line_start = 0;
    for line in markdown.split_inclusive('\n') {
        let end = line_start + line.len();
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
            fill(&mut out, line_start, end, b' ');
        } else if in_fence {
            fill(&mut out, line_start, end, b' ');
        } else if ["- ", "* ", "+ ", "#", ">"]
            .iter()
            .any(|m| trimmed.starts_with(m))
        {
            out[line_start + indent] = b';';
        }
        line_start = end;
    }
    blank_inline_markup(&mut out, markdown);
    String::from_utf8_lossy(&out).into_owned()
}

fn blank_inline_markup(out: &mut [u8], markdown: &str) {
    let bytes = markdown.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        match bytes[at] {
            b'`' => {
                let close = markdown[at + 1..].find('`').map(|o| at + 1 + o);
                if let Some(close) = close.filter(|&c| !markdown[at..c].contains('\n')) {
                    fill(out, at, close + 1, b' ');
                    at = close + 1;
                    continue;
                }
            }
            b']' if bytes.get(at + 1) == Some(&b'(') => {
                if let Some(close) = markdown[at..].find(')').map(|o| at + o) {
                    fill(out, at, close + 1, b' ');
                    at = close + 1;
                    continue;
                }
            }
            b'*' | b'_' | b'~' if out[at] == bytes[at] => out[at] = FILLER,
            b'|' if out[at] == b'|' => out[at] = b';',
            _ => {}
        }
        at += 1;
    }
}

/// `byte` over `out[start..end]`, keeping newlines (so lines still count).
fn fill(out: &mut [u8], start: usize, end: usize, byte: u8) {
    let end = end.min(out.len());
    for slot in &mut out[start..end] {
        if *slot != b'\n' {
            *slot = byte;
        }
    }
}
