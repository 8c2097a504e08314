//! Wordings accepted in the copy itself: `<!-- claims: allow "Public checkout" -->` in any file
//! (an HTML comment, which Markdown keeps too), or in plain text a line of its own
//! `# claims: allow "Public checkout", "Buy now"`. Each applies to its whole file; a phrase it
//! allows is reported as suppressed, never dropped, and an allowance that allows nothing is
//! reported too. A comment that starts `claims:` but does not read so is refused, with where.

use super::super::CliError;

/// One accepted wording and where its comment stands (lines and columns from 1).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
pub struct Allowance {
    pub wording: String,
    pub line: usize,
    pub column: usize,
}

/// The allowances of `text`; in plain text (`plain`), each comment is blanked out of
/// `searchable` (spaces, newlines kept), so the wording it quotes is not read as copy.
pub fn read(
    path: &str,
    text: &str,
    searchable: &mut String,
    plain: bool,
) -> Result<Vec<Allowance>, CliError> {
    let mut found = Vec::new();
    for (start, end, body) in comments(text, plain) {
        let Some(rest) = body.trim_start().strip_prefix("claims:") else {
            continue;
        };
        let (line, column) = line_and_column(text, start);
        let wordings = wordings(rest).ok_or_else(|| {
            let shown: String = body.trim().chars().take(80).collect();
            CliError::Usage(format!(
                "{}:{line}:{column}: a claims comment reads claims: allow \"a wording\", \"another\" (found {shown:?})",
                super::format::shown_path(path)
            ))
        })?;
        found.extend(wordings.into_iter().map(|wording| Allowance {
            wording,
            line,
            column,
        }));
        if plain {
            blank(searchable, start, end);
        }
    }
    Ok(found)
}

/// Each comment of `text`: where it starts and ends, and what it says.
fn comments(text: &str, plain: bool) -> Vec<(usize, usize, &str)> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(offset) = text[at..].find("<!--") {
        let start = at + offset;
        let end = text[start..]
            .find("-->")
            .map_or(text.len(), |e| start + e + 3);
        let body = &text[start + 4..end.saturating_sub(3).max(start + 4)];
        out.push((start, end, body));
        at = end;
    }
    if plain {
        let mut start = 0;
        for line in text.split_inclusive('\n') {
            if let Some(body) = line.trim_start().strip_prefix('#') {
                out.push((start, start + line.trim_end().len(), body));
            }
            start += line.len();
        }
        out.sort_by_key(|&(start, ..)| start);
    }
    out
}

/// `allow "a", "b"`: the quoted wordings (none empty), or `None` if it does not read so.
fn wordings(rest: &str) -> Option<Vec<String>> {
    let mut rest = rest.trim_start().strip_prefix("allow")?.trim();
    let mut out = Vec::new();
    while !rest.is_empty() {
        let quoted = rest.strip_prefix('"')?;
        let close = quoted.find('"')?;
        let wording = quoted[..close].trim();
        if wording.is_empty() {
            return None;
        }
        out.push(wording.to_owned());
        rest = quoted[close + 1..].trim_start();
        rest = rest.strip_prefix(',').unwrap_or(rest).trim_start();
    }
    (!out.is_empty()).then_some(out)
}

fn line_and_column(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |n| n + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// `searchable[start..end]` as spaces, newlines kept (the same length, byte for byte).
fn blank(searchable: &mut String, start: usize, end: usize) {
    let blanked: String = (searchable[start..end].chars())
        .map(|c| match c {
            '\n' => "\n".to_owned(),
            other => " ".repeat(other.len_utf8()),
        })
        .collect();
    searchable.replace_range(start..end, &blanked);
}

#[cfg(test)]
mod tests;
