//! What a file's own comments allowed (`claims: allow "…"`), in every report: each suppressed
//! phrase where it stands with the comment that allowed it, and each allowance that allowed
//! nothing (a stale one hides nothing, but should go). Never silent, never counted.

use super::allowances::Allowance;
use super::format::{data, locate_all, property, shown_path, Located};
use super::CheckedFile;
use serde::Serialize;

/// A phrase that would be a violation, where it stands, and the allowance that allowed it.
#[derive(Serialize, schemars::JsonSchema)]
pub struct SuppressedAt<'a> {
    #[serde(flatten)]
    pub at: Located<'a>,
    pub allowed_by: &'a Allowance,
}

/// The file's suppressed phrases, in order of position.
pub fn located(file: &CheckedFile) -> Vec<SuppressedAt<'_>> {
    let suppressed = &file.checked.suppressed;
    let located = locate_all(&file.text, suppressed.iter().map(|s| &s.violation));
    (located.into_iter().zip(suppressed))
        .map(|(at, s)| SuppressedAt {
            at,
            allowed_by: &file.allowances[s.by],
        })
        .collect()
}

/// The file's allowances that allowed no phrase.
pub fn unused(file: &CheckedFile) -> Vec<&Allowance> {
    let used = |at: usize| file.checked.suppressed.iter().any(|s| s.by == at);
    let mut unused = Vec::new();
    for (at, allowance) in file.allowances.iter().enumerate() {
        // The same wording twice: the first allows, the second is not stale.
        let first = file
            .allowances
            .iter()
            .position(|a| a.wording == allowance.wording);
        if !used(first.unwrap_or(at)) {
            unused.push(allowance);
        }
    }
    unused
}

fn said(s: &SuppressedAt) -> String {
    let phrase = super::format::one_line(&s.at.violation.text);
    format!(
        "suppressed: \"{phrase}\" ({}) is allowed by the comment at line {}",
        s.at.violation.claim, s.allowed_by.line
    )
}

fn stale(allowance: &Allowance) -> String {
    format!(
        "the allowance \"{}\" allows no phrase in this file (remove it?)",
        allowance.wording
    )
}

/// `path:line:col: note: suppressed: …` and `path:line:col: warning: the allowance …`.
pub fn print_text(path: &str, file: &super::format::FileReport) {
    for s in &file.suppressed {
        println!("{path}:{}:{}: note: {}", s.at.line, s.at.column, said(s));
    }
    for a in &file.unused_allowances {
        println!("{path}:{}:{}: warning: {}", a.line, a.column, stale(a));
    }
}

/// `::notice` for each suppressed phrase, `::warning` for each allowance that allows nothing.
pub fn print_github(file: &super::format::FileReport) {
    let file_part = match file.path {
        "-" => String::new(),
        path => format!("file={},", property(&shown_path(path))),
    };
    for s in &file.suppressed {
        let (line, column) = (s.at.line, s.at.column);
        let message = data(&said(s));
        println!("::notice {file_part}line={line},col={column},title=Allowed claim::{message}");
    }
    for a in &file.unused_allowances {
        let (line, column) = (a.line, a.column);
        let message = data(&stale(a));
        println!("::warning {file_part}line={line},col={column},title=Stale allowance::{message}");
    }
}
