//! The command line's one error type, its exit codes, and the two checks every command shares on
//! what it was given: an id the catalog lacks, a board's base URL.

use crate::inputs::InputError;
use crate::store::StoreError;
use std::process::ExitCode;

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Input(#[from] InputError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Train(#[from] readiness::claims::model::train::TrainError),
    #[error("{0}")]
    Usage(String),
    #[error("{context}: {source}")]
    Io {
        context: String,
        source: std::io::Error,
    },
    #[error("{0}")]
    Remote(String),
    #[error("{0}")]
    Serve(String),
}

impl CliError {
    pub fn io(context: impl Into<String>) -> impl FnOnce(std::io::Error) -> CliError {
        let context = context.into();
        move |source| CliError::Io { context, source }
    }

    /// Bad input and usage exit 2; a server that could not run exits 1.
    pub fn exit_code(&self) -> ExitCode {
        match self {
            CliError::Serve(_) => ExitCode::from(1),
            _ => ExitCode::from(2),
        }
    }
}

/// An id given on the command line that the catalog does not have: exit 2, the catalog it was
/// looked for in (found by a new operator: without `--catalog`, the shipped example's ids were
/// offered), the valid ids, and the closest one when it is close (a typo).
pub fn unknown_id<'a>(
    flag: &str,
    given: &str,
    valid: impl IntoIterator<Item = &'a str>,
    catalog: &str,
) -> CliError {
    let valid: Vec<&str> = valid.into_iter().collect();
    let closest = readiness::suggest::closest(given, valid.iter().copied())
        .map(|v| format!(" (did you mean {v:?}?)"))
        .unwrap_or_default();
    CliError::Usage(format!(
        "{flag} {given:?}: no such id in {catalog}{closest}; valid: {}",
        valid.join(", ")
    ))
}

/// A board's base URL given as `flag`: http(s), no query or fragment (which would send checks
/// to other pages), shown masked in the error.
pub fn board_base_url<'a>(flag: &str, url: &'a str) -> Result<&'a str, CliError> {
    let parsed = url::Url::parse(url).ok();
    let base = parsed.as_ref().is_some_and(|u| {
        matches!(u.scheme(), "http" | "https")
            && u.has_host()
            && u.query().is_none()
            && u.fragment().is_none()
    });
    if !base {
        return Err(CliError::Usage(format!(
            "{flag} {}: expected the board's base URL, starting with http:// or https://, without a query or fragment",
            crate::redact::mask_url(url)
        )));
    }
    Ok(url.trim_end_matches('/'))
}
