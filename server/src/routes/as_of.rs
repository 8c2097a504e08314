//! `?as_of=RFC3339`: the one reading of a past instant, shared by the page and the JSON API.

use time::OffsetDateTime;

/// The last non-blank `as_of` in the query, as written and as an instant; `Err` says why it is
/// not an instant. Absent or blank means "now".
pub fn as_of(pairs: &[(String, String)]) -> Result<Option<(String, OffsetDateTime)>, String> {
    let Some(text) = pairs
        .iter()
        .rev()
        .find(|(k, _)| k == "as_of")
        .map(|(_, v)| v.trim())
        .filter(|v| !v.is_empty())
    else {
        return Ok(None);
    };
    readiness::parse_instant(text)
        .map(|at| Some((text.to_owned(), at)))
        .map_err(|e| format!("as_of: {e}"))
}
