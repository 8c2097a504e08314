//! Markdown and HTML reduced to the words a reader sees, byte for byte the same length as the
//! original (markup becomes spaces, block ends become sentence ends), so offsets, lines and
//! columns found in the text point at the original file.

/// HTML: tags, comments, `<script>` and `<style>` blanked; block tags end a sentence.
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
        let end = ["script", "style"]
            .iter()
            .find(|name| tag.starts_with(&format!("<{name}")))
            .and_then(|name| {
                lower[end..]
                    .find(&format!("</{name}"))
                    .map(|o| tag_end(&lower, end + o))
            })
            .unwrap_or(end);
        blank(&mut out, start, end);
        if is_block(tag) && end - start >= 2 {
            out[start] = b'\n';
            out[start + 1] = b'\n';
        }
        at = end;
    }
    // Entities (&amp;, &#8217;) become spaces: a word is never glued to its neighbour by one.
    let text = String::from_utf8_lossy(&out).into_owned();
    blank_entities(&text)
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
    )
}

fn blank_entities(text: &str) -> String {
    let mut out = text.as_bytes().to_vec();
    let mut at = 0;
    while let Some(offset) = text[at..].find('&') {
        let start = at + offset;
        let rest = &text[start + 1..];
        let len = rest.find(';').filter(|&n| {
            n > 0
                && n <= 10
                && rest[..n]
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '#')
        });
        match len {
            Some(n) => {
                blank(&mut out, start, start + n + 2);
                at = start + n + 2;
            }
            None => at = start + 1,
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Markdown: fenced and inline code, link targets and HTML blanked; list markers and headings
/// end a sentence (`- Buy now` and `- SSO` are two sentences, not one).
pub fn markdown_text(markdown: &str) -> String {
    let html_free = html_text(markdown);
    let mut out = html_free.into_bytes();
    let mut in_fence = false;
    let mut line_start = 0;
    for line in markdown.split_inclusive('\n') {
        let end = line_start + line.len();
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
            blank(&mut out, line_start, end);
        } else if in_fence {
            blank(&mut out, line_start, end);
        } else if ["- ", "* ", "+ ", "#", ">"]
            .iter()
            .any(|m| trimmed.starts_with(m))
        {
            out[line_start + indent] = b'.';
        }
        line_start = end;
    }
    blank_inline_code_and_links(&mut out, markdown);
    String::from_utf8_lossy(&out).into_owned()
}

fn blank_inline_code_and_links(out: &mut [u8], markdown: &str) {
    let bytes = markdown.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        match bytes[at] {
            b'`' => {
                let close = markdown[at + 1..].find('`').map(|o| at + 1 + o);
                if let Some(close) = close.filter(|&c| !markdown[at..c].contains('\n')) {
                    blank(out, at, close + 1);
                    at = close + 1;
                    continue;
                }
            }
            b']' if bytes.get(at + 1) == Some(&b'(') => {
                if let Some(close) = markdown[at..].find(')').map(|o| at + o) {
                    blank(out, at, close + 1);
                    at = close + 1;
                    continue;
                }
            }
            _ => {}
        }
        at += 1;
    }
}

/// Spaces over `out[start..end]`, keeping newlines (so lines still count).
fn blank(out: &mut [u8], start: usize, end: usize) {
    let end = end.min(out.len());
    for byte in &mut out[start..end] {
        if *byte != b'\n' {
            *byte = b' ';
        }
    }
}
