//! A problem in a catalog file with file, line and column, and the locator that finds them: a
//! leaf, so the parser and the claims' conversion share it without importing each other.

use std::fmt;
use std::ops::Range;

/// One problem in a catalog file, located by line and column (both 1-based).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[error("{file}:{line}:{column}: {reason}")]
pub struct CatalogError {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub reason: String,
}

/// Every problem found in one catalog file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogErrors(pub Vec<CatalogError>);

impl fmt::Display for CatalogErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lines: Vec<String> = self.0.iter().map(ToString::to_string).collect();
        f.write_str(&lines.join("\n"))
    }
}

impl std::error::Error for CatalogErrors {}

/// Turns a byte span of one file's text into file, line and column.
pub(crate) struct Locator<'a> {
    pub(crate) file: &'a str,
    pub(crate) text: &'a str,
}

impl Locator<'_> {
    pub(crate) fn error(&self, span: Range<usize>, reason: String) -> CatalogError {
        let start = span.start.min(self.text.len());
        let before = &self.text.as_bytes()[..start];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        let column = self.text[line_start..start].chars().count() + 1;
        CatalogError {
            file: self.file.to_owned(),
            line,
            column,
            reason,
        }
    }
}
