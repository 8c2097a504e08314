//! One report of a `claims check` run, printed as compiler-style text, JSON or GitHub
//! annotations (SARIF is in `sarif.rs`): each violation with file:line:col and the verdicts.

use super::CheckedFile;
use readiness::{ClaimRules, MotionVerdict, Violation};
use serde::Serialize;

/// A violation where it stands in its file (lines and columns from 1, columns in characters).
#[derive(Serialize, schemars::JsonSchema)]
pub struct Located<'a> {
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    #[serde(flatten)]
    pub violation: &'a Violation,
}

#[derive(Serialize, schemars::JsonSchema)]
pub struct FileReport<'a> {
    pub path: &'a str,
    /// At most [`super::LISTED_PER_FILE`] violations, in order of position.
    pub violations: Vec<Located<'a>>,
    /// How many the file holds.
    pub total: usize,
    pub truncated: bool,
    /// Phrases the file's own comments allow (`claims: allow "…"`), counted nowhere else.
    pub suppressed: Vec<super::suppressed::SuppressedAt<'a>>,
    /// Wordings the file's comments accept that allowed no phrase.
    pub unused_allowances: Vec<&'a super::allowances::Allowance>,
}

#[derive(Serialize, schemars::JsonSchema)]
pub struct Report<'a> {
    /// No checked motion is made unsafe by any file.
    pub safe: bool,
    pub verdicts: Vec<MotionVerdict>,
    pub files: Vec<FileReport<'a>>,
    /// Violations in all files (phrases that seem negated included).
    pub total: usize,
}

impl<'a> Report<'a> {
    pub fn new(rules: &ClaimRules, checked: &'a [CheckedFile]) -> Self {
        let mut verdicts = rules.clean_verdicts();
        for file in checked {
            for (sum, one) in verdicts.iter_mut().zip(&file.checked.verdicts) {
                sum.safe &= one.safe;
                sum.violations += one.violations;
                sum.negated += one.negated;
                sum.doubted += one.doubted;
            }
        }
        let files = checked
            .iter()
            .map(|file| FileReport {
                path: &file.path,
                violations: locate_all(&file.text, &file.checked.violations),
                total: file.checked.total,
                truncated: file.checked.total > file.checked.violations.len(),
                suppressed: super::suppressed::located(file),
                unused_allowances: super::suppressed::unused(file),
            })
            .collect();
        Report {
            safe: verdicts.iter().all(|v| v.safe),
            total: checked.iter().map(|f| f.checked.total).sum(),
            verdicts,
            files,
        }
    }

    pub fn safe(&self) -> bool {
        self.safe
    }
}

/// Lines and columns of violations in order of position, by one walk through the text: a
/// count from the start for each would be quadratic (found by attack: 16 MiB of dense claims).
pub fn locate_all<'a>(
    text: &str,
    violations: impl IntoIterator<Item = &'a Violation>,
) -> Vec<Located<'a>> {
    let mut cursor = Cursor::default();
    violations
        .into_iter()
        .map(|violation| {
            cursor.advance(text, violation.start);
            let mut end = cursor;
            end.advance(text, violation.end);
            Located {
                line: cursor.line,
                column: cursor.column,
                end_line: end.line,
                end_column: end.column,
                violation,
            }
        })
        .collect()
}

/// A byte offset with its line and column (in characters), both from 1.
#[derive(Clone, Copy)]
struct Cursor {
    offset: usize,
    line: usize,
    column: usize,
}

impl Default for Cursor {
    fn default() -> Self {
        Cursor {
            offset: 0,
            line: 1,
            column: 1,
        }
    }
}

impl Cursor {
    /// Moves forward to `to` (never back: violations come in order of position).
    fn advance(&mut self, text: &str, to: usize) {
        if to <= self.offset {
            return;
        }
        for (at, c) in text[self.offset..to].char_indices() {
            if c == '\u{feff}' && self.offset + at == 0 {
                continue; // a byte-order mark is not a column
            }
            if c == '\n' {
                self.line += 1;
                self.column = 1;
            } else {
                self.column += 1;
            }
        }
        self.offset = to;
    }
}

/// The name of the checked motion with the id `id`.
pub fn motion_name<'r>(rules: &'r ClaimRules, id: &str) -> Option<&'r str> {
    let motion = rules.motions.iter().find(|m| m.id == id);
    motion.map(|m| m.name.as_str())
}

/// What a violation says, in one line: the claim, who may not make it, what lifts it, what
/// to write instead.
pub fn message(v: &Violation, rules: &ClaimRules) -> String {
    let names: Vec<&str> = v
        .motions
        .iter()
        .filter_map(|id| motion_name(rules, id))
        .collect();
    let lift = readiness::claims::lifted_when(&v.lifted_by);
    let instead = v
        .instead
        .as_deref()
        .map(|i| format!("; instead: \u{201c}{i}\u{201d}"))
        .unwrap_or_default();
    let note = v.note();
    format!(
        "\u{201c}{}\u{201d} claims \u{201c}{}\u{201d}, which {} may not make ({lift}{instead}).{note}",
        one_line(&v.text),
        v.claim,
        names.join(", ")
    )
}

/// "error" when a violation of the phrase counts against a motion (a phrase the model doubts
/// too), else "warning" (seemingly negated: for the reader to judge).
pub fn level_of(phrase: &[Located<'_>]) -> &'static str {
    match phrase.iter().any(|at| at.violation.counts()) {
        true => "error",
        false => "warning",
    }
}

/// The phrase on one line, without control characters (copy may hold terminal escapes).
pub fn one_line(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    words
        .join(" ")
        .chars()
        .filter(|c| !c.is_control())
        .collect()
}

pub fn print_text(report: &Report, rules: &ClaimRules) {
    for file in &report.files {
        let path = shown_path(file.path);
        for phrase in super::phrases::by_phrase(&file.violations) {
            let at = &phrase[0];
            let level = level_of(phrase);
            let message = super::phrases::phrase_message(phrase, rules);
            println!("{path}:{}:{}: {level}: {message}", at.line, at.column);
        }
        super::suppressed::print_text(&path, file);
        if file.truncated {
            let listed = file.violations.len();
            let more = file.total - listed;
            println!("{path}: and {more} more (the first {listed} are listed)");
        }
    }
    for v in &report.verdicts {
        let verdict = match (v.safe, v.violations) {
            (true, _) => "safe".to_owned(),
            (false, 1) => "not safe: 1 phrase makes a claim it may not make".to_owned(),
            (false, n) => format!("not safe: {n} phrases make claims it may not make"),
        };
        let negated = match v.negated {
            0 => String::new(),
            n => format!(" ({n} seemingly negated to check)"),
        };
        let doubted = match v.doubted {
            0 => String::new(),
            n => format!(" ({n} doubted by the model of labelled copy, to check)"),
        };
        println!("{}: {verdict}{negated}{doubted}", v.name);
    }
}

/// `::error file=…,line=…::message`, escaped as the workflow commands require.
pub fn print_github(report: &Report, rules: &ClaimRules) {
    for file in &report.files {
        for phrase in super::phrases::by_phrase(&file.violations) {
            let at = &phrase[0];
            let level = level_of(phrase);
            let file_part = match file.path {
                "-" => String::new(),
                path => format!("file={},", property(&shown_path(path))),
            };
            println!(
                "::{level} {file_part}line={},col={},endLine={},endColumn={},title={}::{}",
                at.line,
                at.column,
                at.end_line,
                at.end_column,
                property(&format!("Disallowed claim: {}", at.violation.claim)),
                data(&super::phrases::phrase_message(phrase, rules)),
            );
        }
        super::suppressed::print_github(file);
    }
}

/// A path as printed: control characters (a newline, a terminal escape) written as `\u{..}`,
/// so a file name can never start a line of its own or a workflow command (found by attack).
pub fn shown_path(path: &str) -> String {
    path.chars()
        .map(|c| match c.is_control() {
            true => c.escape_unicode().to_string(),
            false => c.to_string(),
        })
        .collect()
}

pub fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

pub fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}
