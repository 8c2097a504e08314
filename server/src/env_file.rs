//! Reads `NAME=value` env files. Hand-written rather than dotenvy because every error here must
//! name the file and line without ever repeating the line, which may hold a secret value.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum EnvFileError {
    #[error("cannot read env file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}:{line}: {reason}")]
    Line {
        path: PathBuf,
        line: usize,
        reason: String,
    },
}

/// `(name, value)` pairs in file order. Values must be dropped by the caller once compared.
pub struct EnvPairs(pub Vec<(String, String)>);

/// The env file's text, read once (callers that look at it before parsing).
pub fn read_env_text(path: &Path) -> Result<String, EnvFileError> {
    // Read whole, never while a process holds it open to write (see `lease`).
    let bytes = crate::lease::read_unwritten(path).map_err(|source| EnvFileError::Read {
        path: path.to_owned(),
        source,
    })?;
    String::from_utf8(bytes).map_err(|e| EnvFileError::Line {
        path: path.to_owned(),
        line: 1 + e.as_bytes()[..e.utf8_error().valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count(),
        reason: "not valid UTF-8".to_owned(),
    })
}

/// [`parse_env`] of the text read from `path`, its errors naming the file.
pub fn parse_env_file(path: &Path, text: &str) -> Result<EnvPairs, EnvFileError> {
    parse_env(text).map_err(|(line, reason)| EnvFileError::Line {
        path: path.to_owned(),
        line,
        reason,
    })
}

/// Parses env-file text: blank lines and `#` comments are skipped, `export ` is allowed, a BOM
/// and CRLF line ends are accepted, values may be wrapped in matching single or double quotes.
/// A name given twice is an error: which of the two was meant cannot be guessed.
pub fn parse_env(text: &str) -> Result<EnvPairs, (usize, String)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut pairs = Vec::new();
    let mut first_line: HashMap<String, usize> = HashMap::new();
    for (index, raw) in text.split('\n').enumerate() {
        let line_no = index + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw).trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let line = line
            .strip_prefix("export ")
            .map(str::trim_start)
            .unwrap_or(line);
        let Some((name, value)) = line.split_once('=') else {
            return Err((
                line_no,
                "expected NAME=value (the line has no '=')".to_owned(),
            ));
        };
        let name = name.trim_end();
        if readiness::VarName::parse(name).is_err() {
            return Err((
                line_no,
                "the name before '=' is not a valid variable name".to_owned(),
            ));
        }
        let value = unquote(value.trim()).ok_or((
            line_no,
            format!("the value of {name} has an unmatched quote"),
        ))?;
        if let Some(first) = first_line.insert(name.to_owned(), line_no) {
            return Err((
                line_no,
                format!("{name} is set twice (lines {first} and {line_no})"),
            ));
        }
        pairs.push((name.to_owned(), value.to_owned()));
    }
    Ok(EnvPairs(pairs))
}

fn unquote(value: &str) -> Option<&str> {
    for quote in ['"', '\''] {
        if let Some(rest) = value.strip_prefix(quote) {
            return rest.strip_suffix(quote);
        }
    }
    if value.ends_with('"') || value.ends_with('\'') {
        return None;
    }
    // An unquoted value may carry a trailing ` # comment`.
    Some(value.split_once(" #").map_or(value, |(v, _)| v.trim_end()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<(String, String)> {
        parse_env(text)
            .map(|p| p.0)
            .unwrap_or_else(|(l, r)| panic!("line {l}: {r}"))
    }

    #[test]
    fn plain_quoted_exported_commented() {
        let got = names("# c\nA=1\nexport B = \"two words\"\nC='x'\n\nD=v # note\nE=\n");
        let want = [
            ("A", "1"),
            ("B", "two words"),
            ("C", "x"),
            ("D", "v"),
            ("E", ""),
        ];
        assert_eq!(got, want.map(|(a, b)| (a.to_owned(), b.to_owned())));
    }

    #[test]
    fn bom_and_crlf() {
        assert_eq!(
            names("\u{feff}A=1\r\nB=2\r\n"),
            vec![("A".into(), "1".into()), ("B".into(), "2".into())]
        );
    }

    #[test]
    fn errors_name_the_line_never_the_value() {
        for (text, line) in [
            ("A=1\nno equals sign sk_live_123\n", 2),
            ("1BAD=sk_live_123", 1),
            ("A=\"sk_live_123", 1),
        ] {
            let (got, reason) = parse_env(text).err().expect("should fail");
            assert_eq!(got, line, "{text:?}");
            assert!(
                !reason.contains("sk_live"),
                "error repeats the value: {reason}"
            );
        }
    }

    #[test]
    fn duplicate_names_are_refused() {
        let (line, reason) = parse_env("A=1\nB=2\nA=3\n").err().expect("duplicate");
        assert_eq!(line, 3);
        assert_eq!(reason, "A is set twice (lines 1 and 3)");
    }
}
