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

/// Where each position of a repaired text is in the file's own (`None`: a repair wrote it).
pub(crate) type Origin<'a> = &'a dyn Fn(usize) -> Option<usize>;

/// Turns a byte span of one file's text into file, line and column.
pub(crate) struct Locator<'a> {
    pub(crate) file: &'a str,
    /// The text being parsed.
    pub(crate) text: &'a str,
    /// When `text` is a repaired copy of the file (see `catalog_shape`): the file's own text,
    /// and where each position is in it.
    pub(crate) original: Option<(&'a str, Origin<'a>)>,
}

impl<'a> Locator<'a> {
    pub(crate) fn new(file: &'a str, text: &'a str) -> Self {
        Self {
            file,
            text,
            original: None,
        }
    }

    /// The problem at `span`, located in the file's own text. In a repaired copy, a problem
    /// inside what a repair wrote is the placeholder's: it has line 0, and is left out.
    pub(crate) fn error(&self, span: Range<usize>, reason: String) -> CatalogError {
        let (text, start) = match self.original {
            None => (self.text, span.start),
            Some((text, origin)) => match origin(span.start) {
                Some(start) => (text, start),
                None => {
                    return CatalogError {
                        file: self.file.to_owned(),
                        line: 0,
                        column: 0,
                        reason,
                    }
                }
            },
        };
        let start = start.min(text.len());
        let before = &text.as_bytes()[..start];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        let column = text[line_start..start].chars().count() + 1;
        CatalogError {
            file: self.file.to_owned(),
            line,
            column,
            reason,
        }
    }
}
